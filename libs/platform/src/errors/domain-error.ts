/** The codes clients see in `extensions.code` (contract header). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
}

/**
 * Base of the one error class each lib defines (StationsError, DisputesError, ...).
 * Messages are Chinese and meant for the user; `field` names the input for BAD_USER_INPUT.
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  constructor(
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A lib's one error class: `class StationsError extends CodedError { static … }`. */
export abstract class CodedError extends DomainError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    field?: string,
    details?: Record<string, unknown>,
  ) {
    super(message, field, details);
  }
}

/** Errors raised by the platform itself (auth, tenancy, pagination, money). */
export class PlatformError extends CodedError {
  static unauthenticated(message = '请先登录') {
    return new PlatformError(ErrorCode.UNAUTHENTICATED, message);
  }
  static forbidden(message = '无权执行此操作') {
    return new PlatformError(ErrorCode.FORBIDDEN, message);
  }
  static notFound(what: string) {
    return new PlatformError(ErrorCode.NOT_FOUND, `${what}不存在`);
  }
  static badInput(field: string, message: string, details?: Record<string, unknown>) {
    return new PlatformError(ErrorCode.BAD_USER_INPUT, message, field, details);
  }
  static conflict(message: string, field?: string) {
    return new PlatformError(ErrorCode.CONFLICT, message, field);
  }
  /**
   * `from` and `action` are codes and stay in `extensions` for clients; the message shows the
   * Chinese `labels` (falling back to the codes), e.g. 当前状态「已办结」不能催办.
   */
  static invalidTransition(from: string, action: string, labels: { from?: string; action?: string } = {}) {
    const message = `当前状态「${labels.from ?? from}」不能${labels.action ?? action}`;
    return new PlatformError(ErrorCode.INVALID_TRANSITION, message, undefined, { from, action });
  }
  static tooManyRequests(message: string, retryAfterSeconds?: number) {
    return new PlatformError(ErrorCode.TOO_MANY_REQUESTS, message, undefined, { retryAfterSeconds });
  }
}
