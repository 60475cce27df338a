import { csvRow, Column, TableSpec } from './format';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, CHANNEL_LABELS, label, OUTCOME_LABELS } from './labels';

/** One row of the complaint ledger (投诉受理台账): a center case. */
export interface LedgerRow {
  caseNumber: string;
  type: string;
  channel: string;
  status: string;
  receivedAt: Date;
  acceptedAt: Date | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  registeredUnit: string;
  assignedUnit: string | null;
  complainantName: string | null;
  complainantPhone: string | null;
  respondentName: string | null;
  respondentCreditCode: string | null;
  subject: string;
  outcome: string | null;
  amountClaimedFen: string | null;
  amountRecoveredFen: string | null;
}

/** The ledger's columns: the one definition both the CSV and the XLSX export write. */
export const LEDGER_COLUMNS: readonly Column<LedgerRow>[] = [
  { header: '案件编号', kind: 'text', width: 22, value: (r) => r.caseNumber },
  { header: '类型', kind: 'text', width: 6, value: (r) => label(CASE_TYPE_LABELS, r.type) },
  { header: '渠道', kind: 'text', width: 8, value: (r) => label(CHANNEL_LABELS, r.channel) },
  { header: '状态', kind: 'text', width: 10, value: (r) => label(CASE_STATUS_LABELS, r.status) },
  { header: '接收时间', kind: 'datetime', width: 17, value: (r) => r.receivedAt },
  { header: '受理时间', kind: 'datetime', width: 17, value: (r) => r.acceptedAt },
  { header: '转办时间', kind: 'datetime', width: 17, value: (r) => r.assignedAt },
  { header: '办结时间', kind: 'datetime', width: 17, value: (r) => r.closedAt },
  { header: '登记单位', kind: 'text', width: 24, value: (r) => r.registeredUnit },
  { header: '承办单位', kind: 'text', width: 24, value: (r) => r.assignedUnit },
  { header: '投诉人', kind: 'text', width: 10, value: (r) => r.complainantName },
  { header: '联系电话', kind: 'text', width: 14, value: (r) => r.complainantPhone },
  { header: '被投诉方', kind: 'text', width: 24, value: (r) => r.respondentName },
  { header: '统一社会信用代码', kind: 'text', width: 20, value: (r) => r.respondentCreditCode },
  { header: '事由', kind: 'text', width: 30, value: (r) => r.subject },
  { header: '办结结果', kind: 'text', width: 10, value: (r) => label(OUTCOME_LABELS, r.outcome) },
  { header: '诉求金额（元）', kind: 'money', width: 14, value: (r) => r.amountClaimedFen },
  { header: '挽回经济损失（元）', kind: 'money', width: 16, value: (r) => r.amountRecoveredFen },
];

export const LEDGER_TABLE: TableSpec<LedgerRow> = { name: '投诉受理台账', columns: LEDGER_COLUMNS };

/** Header row of the complaint ledger. */
export const LEDGER_HEADERS: readonly string[] = LEDGER_COLUMNS.map((c) => c.header);

/** One ledger row as a CSV line. */
export function ledgerLine(r: LedgerRow): string {
  return csvRow(LEDGER_COLUMNS, r);
}
