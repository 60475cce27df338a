import { CalendarNotPublishedError, CodedError, ErrorCode, RULE_LABELS, RuleKey } from '@app/platform';

export { CalendarNotPublishedError };

const KIND_LABELS: Record<string, string> = {
  ACCEPTANCE: '受理时限',
  ROUTING: '分流时限',
  HANDLING: '办理时限',
  FEEDBACK: '反馈时限',
  CASE_DECISION: '立案决定时限',
  CASE_CLOSURE: '结案时限',
};

export function deadlineKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

export class CalendarError extends CodedError {
  static overrideNotFound(date: string) {
    return new CalendarError(ErrorCode.NOT_FOUND, `${date} 没有日历调整`, 'date');
  }
  static badYear(field = 'year') {
    return new CalendarError(ErrorCode.BAD_USER_INPUT, '年份须在 2000 至 2100 之间', field);
  }
  static yearNationallyCovered(year: number) {
    return new CalendarError(ErrorCode.BAD_USER_INPUT, `${year}年节假日安排已由国家日历提供，无需声明`, 'year', { year });
  }
  static yearAlreadyPublished(year: number) {
    return new CalendarError(ErrorCode.CONFLICT, `${year}年已声明为已发布`, 'year', { year });
  }
  static yearNotPublished(year: number) {
    return new CalendarError(ErrorCode.NOT_FOUND, `${year}年未声明为已发布`, 'year', { year });
  }
  static badDays(message = '工作日数须为 0 至 3650 之间的整数', field = 'days') {
    return new CalendarError(ErrorCode.BAD_USER_INPUT, message, field);
  }
  static badRuleValue(field: string, message: string) {
    return new CalendarError(ErrorCode.BAD_USER_INPUT, message, field);
  }

  // Deadlines (called by other libs inside their mutations).
  static deadlineRunning(kind: string) {
    return new CalendarError(ErrorCode.CONFLICT, `该案件的${deadlineKindLabel(kind)}已在计时中`, 'kind', { kind });
  }
  static noOpenDeadline(kind: string, action: string) {
    return new CalendarError(ErrorCode.INVALID_TRANSITION, `该案件没有计时中的${deadlineKindLabel(kind)}，不能${action}`, undefined, { kind, action });
  }
  static alreadyExtended(kind: string) {
    return new CalendarError(ErrorCode.INVALID_TRANSITION, `${deadlineKindLabel(kind)}已延长过一次，不能再次延长`, undefined, { kind, action: 'extend' });
  }
  static extendAfterDue(kind: string) {
    return new CalendarError(ErrorCode.INVALID_TRANSITION, `${deadlineKindLabel(kind)}已超期，不能延长`, undefined, { kind, action: 'extend' });
  }
  static notExtendable(ruleKey: RuleKey) {
    return new CalendarError(ErrorCode.BAD_USER_INPUT, `${RULE_LABELS[ruleKey] ?? ruleKey}的时限不允许延长`, 'kind', { ruleKey });
  }
  static badDeadlineInput(field: string, message: string) {
    return new CalendarError(ErrorCode.BAD_USER_INPUT, message, field);
  }
}
