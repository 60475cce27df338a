import { CodedError, ErrorCode } from '@app/platform';

export class DisputesError extends CodedError {
  static disputeNotFound(field = 'id') {
    return new DisputesError(ErrorCode.NOT_FOUND, '纠纷不存在', field);
  }
  static stationNotFound(field = 'stationId') {
    return new DisputesError(ErrorCode.NOT_FOUND, '站点不存在', field);
  }
  static stationNotActive(status: string) {
    return new DisputesError(ErrorCode.BAD_USER_INPUT, '该站点当前不是正常状态，不能受理消费纠纷', 'stationId', { stationStatus: status });
  }
  static blank(field: string) {
    return new DisputesError(ErrorCode.BAD_USER_INPUT, '不能为空', field);
  }
  static tooLong(field: string, max: number) {
    return new DisputesError(ErrorCode.BAD_USER_INPUT, `不能超过 ${max} 个字符`, field);
  }
  static dateInFuture(field: string) {
    return new DisputesError(ErrorCode.BAD_USER_INPUT, '日期不能晚于今天', field);
  }
  static badFilter(field: string, message: string) {
    return new DisputesError(ErrorCode.BAD_USER_INPUT, message, field);
  }
}
