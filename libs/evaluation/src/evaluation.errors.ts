import { CodedError, ErrorCode } from '@app/platform';
import { PHASE_LABELS, RoundPhase } from './entities/evaluation-round.entity';

export class EvaluationError extends CodedError {
  static roundNotFound(field = 'id') {
    return new EvaluationError(ErrorCode.NOT_FOUND, '评选活动不存在', field);
  }
  static applicationNotFound(field = 'id') {
    return new EvaluationError(ErrorCode.NOT_FOUND, '申请不存在', field);
  }
  static commentNotFound(field = 'commentId') {
    return new EvaluationError(ErrorCode.NOT_FOUND, '公示意见不存在', field);
  }
  static titleNotFound(field = 'stationId') {
    return new EvaluationError(ErrorCode.NOT_FOUND, '该站点该年度没有示范站称号', field);
  }
  static notOnPublicNotice() {
    return new EvaluationError(ErrorCode.NOT_FOUND, '该申请不在公示中', 'applicationId');
  }
  static tenantNotFound() {
    return new EvaluationError(ErrorCode.NOT_FOUND, '单位代码不存在', 'tenantCode');
  }
  /** An action outside its phase: the message names the current phase. */
  static wrongPhase(phase: RoundPhase, action: string) {
    return new EvaluationError(ErrorCode.INVALID_TRANSITION, `当前处于「${PHASE_LABELS[phase]}」阶段，不能${action}`, undefined, { from: phase, action });
  }
  static phaseGate(phase: RoundPhase, message: string) {
    return new EvaluationError(ErrorCode.INVALID_TRANSITION, `当前处于「${PHASE_LABELS[phase]}」阶段：${message}`, undefined, { from: phase });
  }
  static wrongStatus(status: string, action: string) {
    return new EvaluationError(ErrorCode.INVALID_TRANSITION, `申请当前状态（${status}）不能${action}`, undefined, { from: status, action });
  }
  static badInput(field: string, message: string) {
    return new EvaluationError(ErrorCode.BAD_USER_INPUT, message, field);
  }
  static conflict(message: string, field?: string) {
    return new EvaluationError(ErrorCode.CONFLICT, message, field);
  }
  static forbidden(message: string) {
    return new EvaluationError(ErrorCode.FORBIDDEN, message);
  }
  static throttled(retryAfterSeconds: number) {
    return new EvaluationError(ErrorCode.TOO_MANY_REQUESTS, `提交过于频繁，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`, undefined, { retryAfterSeconds });
  }
}
