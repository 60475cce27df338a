import { chinaDateTime, csvCell, csvRow, xlsxValue } from './format';
import { LEDGER_COLUMNS, ledgerLine, LedgerRow } from './ledger-columns';

const row: LedgerRow = {
  caseNumber: 'ZX-20260301-000001', type: 'COMPLAINT', channel: 'PHONE', status: 'CLOSED', receivedAt: new Date('2026-02-28T16:05:00Z'),
  acceptedAt: null, assignedAt: null, closedAt: null, registeredUnit: '望都县市场监督管理局', assignedUnit: null, complainantName: null,
  complainantPhone: null, respondentName: '某商行', respondentCreditCode: null, subject: '退款', outcome: 'MEDIATED', amountClaimedFen: '299900', amountRecoveredFen: '0',
};

describe('export cell formats', () => {
  it('quotes, escapes and defuses formula cells in CSV', () => {
    expect(csvCell('普通文本')).toBe('普通文本');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('说"明"')).toBe('"说""明"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
  });

  it('writes the ledger in China time and amounts in yuan (CSV)', () => {
    expect(chinaDateTime(new Date('2026-02-28T16:00:00Z'))).toBe('2026-03-01 00:00');
    expect(ledgerLine(row)).toBe('ZX-20260301-000001,投诉,电话,已办结,2026-03-01 00:05,,,,望都县市场监督管理局,,,,某商行,,退款,调解成功,2999.00,0.00\r\n');
    expect(ledgerLine({ ...row, subject: '-1+1', respondentName: '@某' })).toContain(",'@某,,'-1+1,");
  });

  it('types XLSX cells: China wall-clock dates, yuan numbers, ratios and plain strings (never formulas)', () => {
    expect(LEDGER_COLUMNS.map((c) => xlsxValue(c.kind, c.value(row)))).toEqual([
      'ZX-20260301-000001', '投诉', '电话', '已办结', new Date('2026-03-01T00:05:00Z'), null, null, null, '望都县市场监督管理局', null, null, null, '某商行', null, '退款', '调解成功', 2999, 0,
    ]);
    expect(xlsxValue('date', '2026-03-31')).toEqual(new Date('2026-03-31T00:00:00Z'));
    expect(xlsxValue('ratio', 0.6667)).toBe(0.6667);
    expect(xlsxValue('text', '=1+1')).toBe('=1+1');
    expect(csvRow([{ header: 'r', kind: 'ratio', value: (x: number) => x }], 0.6667)).toBe('66.67%\r\n');
    expect(csvRow([{ header: 'm', kind: 'money', value: (x: string) => x }], '-305')).toBe('-3.05\r\n');
  });
});
