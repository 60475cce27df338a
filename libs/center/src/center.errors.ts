import { CodedError, ErrorCode } from '@app/platform';

export class CenterError extends CodedError {
  static caseNotFound(field = 'id') {
    return new CenterError(ErrorCode.NOT_FOUND, '案件不存在', field);
  }
  static blank(field: string) {
    return new CenterError(ErrorCode.BAD_USER_INPUT, `${field}: 不能为空`, field);
  }
  static tooLong(field: string, max: number) {
    return new CenterError(ErrorCode.BAD_USER_INPUT, `${field}: 不能超过 ${max} 个字符`, field);
  }
  static receivedInFuture() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, 'receivedAt: 接收时间不能晚于当前时间', 'receivedAt');
  }
  static receivedTooEarly(year: number) {
    return new CenterError(ErrorCode.BAD_USER_INPUT, `receivedAt: 接收时间不能早于 ${year} 年`, 'receivedAt');
  }
  static stationChannel() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, 'channel: 服务站渠道的案件只能由纠纷提交中心产生', 'channel');
  }
  static outcomeNotForType(type: string, outcome: string) {
    return new CenterError(ErrorCode.BAD_USER_INPUT, `outcome: ${type} 类案件不能以 ${outcome} 办结`, 'outcome', { type, outcome });
  }
  static amountNotForType() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, 'amountRecovered: 只有投诉案件可填写挽回经济损失', 'amountRecovered');
  }
  static badGround() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, 'ground: 不予受理情形无效', 'ground');
  }
  static ownCallback() {
    return new CenterError(ErrorCode.FORBIDDEN, '办结人不能回访自己办结的案件（交叉回访）');
  }
  static badMonth() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, 'month: 月份须为 YYYY-MM', 'month');
  }
  static sameUnit() {
    return new CenterError(ErrorCode.BAD_USER_INPUT, 'orgUnitId: 案件已转办至该单位', 'orgUnitId');
  }
}
