import { CaseChannel, Satisfaction } from '@app/center';
import { DisputeIssueType } from '@app/disputes';
import { PeriodKind } from '../period';

/** The center's case labels have one definition, in @app/center (case-labels.ts). */
export { CASE_STATUS_LABELS, CASE_TYPE_LABELS, CASE_OUTCOME_LABELS as OUTCOME_LABELS } from '@app/center';

/** Chinese labels of the enums the exports show. */
export const CHANNEL_LABELS: Record<CaseChannel, string> = { STATION: '服务站', PHONE: '电话', WEB: '网络', LETTER: '信函', VISIT: '来访', FAX: '传真', TRANSFER: '转办' };
export const ISSUE_TYPE_LABELS: Record<DisputeIssueType, string> = {
  QUALITY: '质量', AFTER_SALES: '售后服务', CONTRACT: '合同', FALSE_ADVERTISING: '虚假宣传', PRICE: '价格', MEASUREMENT: '计量', SAFETY: '安全', FOOD_SAFETY: '食品安全', OTHER: '其它',
};
export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  VERY_SATISFIED: '非常满意', SATISFIED: '满意', NEUTRAL: '一般', DISSATISFIED: '不满意', UNREACHABLE: '无法联系',
};
export const PERIOD_LABELS: Record<PeriodKind, string> = { DAY: '日', WEEK: '周', MONTH: '月', QUARTER: '季度', HALF_YEAR: '半年', YEAR: '年度' };

/** The label of a code, or the code itself when it has none. */
export const label = (labels: Record<string, string>, v: string | null | undefined): string | null => (v == null ? null : (labels[v] ?? v));
