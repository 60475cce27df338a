import { chinaDateOf, CodedError, ErrorCode } from '@app/platform';
import { CASE_OUTCOME_LABELS, CASE_TYPE_LABELS, labelOf } from './case-labels';

export class CenterError extends CodedError {
  static caseNotFound(field = 'id') {
    return new CenterError(ErrorCode.NOT_FOUND, '案件不存在', field);
  }
  static blank(field: string) {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '不能为空', field);
  }
  static tooLong(field: string, max: number) {
    return new CenterError(ErrorCode.BAD_USER_INPUT, `不能超过 ${max} 个字符`, field);
  }
  static receivedInFuture() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '接收时间不能晚于当前时间', 'receivedAt');
  }
  static receivedTooEarly(year: number) {
    return new CenterError(ErrorCode.BAD_USER_INPUT, `接收时间不能早于 ${year} 年`, 'receivedAt');
  }
  static stationChannel() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '服务站渠道的案件只能由纠纷提交中心产生', 'channel');
  }
  static outcomeNotForType(type: string, outcome: string) {
    return new CenterError(ErrorCode.BAD_USER_INPUT, `${labelOf(CASE_TYPE_LABELS, type)}案件不能以“${labelOf(CASE_OUTCOME_LABELS, outcome)}”办结`, 'outcome', { type, outcome });
  }
  static amountNotForType() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '只有投诉案件可填写挽回经济损失', 'amountRecovered');
  }
  static badGround() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '不予受理情形无效', 'ground');
  }
  static nothingToRespond() {
    return new CenterError(ErrorCode.CONFLICT, '本案没有待回复的催办');
  }
  static ownCallback() {
    return new CenterError(ErrorCode.FORBIDDEN, '办理本案的人员（办结人、协办人）不能回访本案（交叉回访）');
  }
  static badMonth() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '月份须为 YYYY-MM 格式', 'month');
  }
  static badCursor() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '分页游标无效', 'after');
  }
  static cursorOfOtherOrder(order: string) {
    const name = order === 'DEADLINE_ASC' ? '按最近时限' : '按接收时间';
    return new CenterError(ErrorCode.BAD_USER_INPUT, `分页游标来自另一种排序方式，不能用于“${name}”排序；请从第一页重新读取`, 'after', { orderBy: order });
  }
  static badOrder() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '排序方式无效', 'orderBy');
  }
  static statusAndStatuses() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '不能同时按单个状态和多个状态筛选，请只用多个状态', 'statuses');
  }
  static noStatuses() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '至少选择一个状态', 'statuses');
  }
  static returnWindowPassed(returnBy: Date) {
    return new CenterError(ErrorCode.CONFLICT, `已超过退回时限（须在 ${chinaDateOf(returnBy)} 当日内退回）；确非本单位管辖的，请联系分流中心改派`, undefined, {
      returnBy: returnBy.toISOString(),
    });
  }
  static badCoHandler() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '协办人须为能办理本案的另一名在职执法人员或中心人员', 'coHandlerId');
  }
  static sameUnit() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, '案件已转办至该单位', 'orgUnitId');
  }
}
