import { chinaDateTime, csvCell, ledgerLine } from './ledger-csv';

describe('ledger CSV', () => {
  it('quotes, escapes and defuses formula cells', () => {
    expect(csvCell('普通文本')).toBe('普通文本');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('说"明"')).toBe('"说""明"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
  });

  it('writes times in China time and amounts in yuan', () => {
    expect(chinaDateTime(new Date('2026-02-28T16:00:00Z'))).toBe('2026-03-01 00:00');
    const line = ledgerLine({
      caseNumber: 'ZX-20260301-000001', type: 'COMPLAINT', channel: 'PHONE', status: 'CLOSED', receivedAt: new Date('2026-02-28T16:05:00Z'),
      acceptedAt: null, assignedAt: null, closedAt: null, registeredUnit: '望都县市场监督管理局', assignedUnit: null, complainantName: null,
      complainantPhone: null, respondentName: '某商行', respondentCreditCode: null, subject: '退款', outcome: 'MEDIATED', amountClaimedFen: '299900', amountRecoveredFen: '0',
    });
    expect(line).toBe('ZX-20260301-000001,投诉,电话,已办结,2026-03-01 00:05,,,,望都县市场监督管理局,,,,某商行,,退款,调解成功,2999.00,0.00\r\n');
  });
});
