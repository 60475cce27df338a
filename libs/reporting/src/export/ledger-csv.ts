import { chinaDateOf, CHINA_UTC_OFFSET_MS, formatFen } from '@app/platform';

/** Header row of the complaint ledger (投诉受理台账). */
export const LEDGER_HEADERS = [
  '案件编号', '类型', '渠道', '状态', '接收时间', '受理时间', '转办时间', '办结时间', '登记单位', '承办单位',
  '投诉人', '联系电话', '被投诉方', '统一社会信用代码', '事由', '办结结果', '诉求金额（元）', '挽回经济损失（元）',
];

const TYPE: Record<string, string> = { CONSULTATION: '咨询', COMPLAINT: '投诉', REPORT: '举报' };
const CHANNEL: Record<string, string> = { STATION: '服务站', PHONE: '电话', WEB: '网络', LETTER: '信函', VISIT: '来访', FAX: '传真', TRANSFER: '转办' };
const STATUS: Record<string, string> = {
  REGISTERED: '已登记', ACCEPTED: '已受理', REJECTED: '不予受理', ASSIGNED: '已转办', CLOSED: '已办结', FEEDBACK_GIVEN: '已反馈', ARCHIVED: '已归档',
};
const OUTCOME: Record<string, string> = {
  MEDIATED: '调解成功', NOT_MEDIATED: '调解不成', TERMINATED: '终止调解', CASE_OPENED: '已立案', NO_CASE_OPENED: '不予立案', ANSWERED: '已答复',
};

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

/** 'YYYY-MM-DD HH:mm' in China time. */
export function chinaDateTime(d: Date | null): string {
  if (!d) return '';
  const hm = new Date(d.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(11, 16);
  return `${chinaDateOf(d)} ${hm}`;
}

/** One CSV cell: formula-looking text defused (OWASP CSV injection), quoted when needed. */
export function csvCell(v: string | null | undefined): string {
  let s = v ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

export function ledgerLine(r: LedgerRow): string {
  return csvLine([
    r.caseNumber, TYPE[r.type] ?? r.type, CHANNEL[r.channel] ?? r.channel, STATUS[r.status] ?? r.status,
    chinaDateTime(r.receivedAt), chinaDateTime(r.acceptedAt), chinaDateTime(r.assignedAt), chinaDateTime(r.closedAt),
    r.registeredUnit, r.assignedUnit, r.complainantName, r.complainantPhone, r.respondentName, r.respondentCreditCode, r.subject,
    r.outcome ? (OUTCOME[r.outcome] ?? r.outcome) : '', r.amountClaimedFen == null ? '' : formatFen(r.amountClaimedFen),
    r.amountRecoveredFen == null ? '' : formatFen(r.amountRecoveredFen),
  ]);
}
