import type { CaseAction } from './case-lifecycle';
import { CaseOutcome, CaseType, CenterCaseStatus } from './entities/center-case.entity';

/**
 * Chinese labels of the center's codes, for messages and exports (the one definition; the codes
 * stay in error extensions and details). `Record<Enum, string>` makes a new value fail to compile
 * until it has a label.
 */
export const CASE_STATUS_LABELS: Record<CenterCaseStatus, string> = {
  [CenterCaseStatus.REGISTERED]: '已登记',
  [CenterCaseStatus.ACCEPTED]: '已受理',
  [CenterCaseStatus.REJECTED]: '不予受理',
  [CenterCaseStatus.ASSIGNED]: '已转办',
  [CenterCaseStatus.CLOSED]: '已办结',
  [CenterCaseStatus.FEEDBACK_GIVEN]: '已反馈',
  [CenterCaseStatus.ARCHIVED]: '已归档',
};

export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  [CaseType.CONSULTATION]: '咨询',
  [CaseType.COMPLAINT]: '投诉',
  [CaseType.REPORT]: '举报',
};

export const CASE_OUTCOME_LABELS: Record<CaseOutcome, string> = {
  [CaseOutcome.MEDIATED]: '调解成功',
  [CaseOutcome.NOT_MEDIATED]: '调解不成',
  [CaseOutcome.TERMINATED]: '终止调解',
  [CaseOutcome.CASE_OPENED]: '已立案',
  [CaseOutcome.NO_CASE_OPENED]: '不予立案',
  [CaseOutcome.ANSWERED]: '已解答',
};

/** The moves of case-lifecycle.ts as the message names them: 当前状态「已办结」不能催办. */
export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  accept: '受理',
  reject: '不予受理',
  assign: '转办',
  return: '退回',
  extend: '延期',
  urge: '催办',
  respond: '回复催办',
  close: '办结',
  feedback: '反馈',
  callback: '回访',
  archive: '归档',
};

/** The label of a code, or the code itself when it has none (e.g. a value read from older data). */
export function labelOf<K extends string>(labels: Record<K, string>, code: string): string {
  return (labels as Record<string, string>)[code] ?? code;
}
