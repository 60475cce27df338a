import { CodedError, ErrorCode } from '@app/platform';

export class IdentityError extends CodedError {
  static badCredentials() {
    return new IdentityError(ErrorCode.UNAUTHENTICATED, '用户名或密码错误');
  }
  static tokenInvalid() {
    return new IdentityError(ErrorCode.UNAUTHENTICATED, '登录已失效，请重新登录');
  }
  static throttled(retryAfterSeconds: number) {
    return new IdentityError(
      ErrorCode.TOO_MANY_REQUESTS,
      `登录失败次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
      undefined,
      { retryAfterSeconds },
    );
  }
  static weakPassword(field: string) {
    return new IdentityError(ErrorCode.BAD_USER_INPUT, '密码至少 10 位，且须同时包含字母和数字', field);
  }
  static tenantCodeTaken() {
    return new IdentityError(ErrorCode.CONFLICT, '租户代码已被使用', 'code');
  }
  static usernameTaken(field = 'username') {
    return new IdentityError(ErrorCode.CONFLICT, '该用户名在本租户中已存在', field);
  }
  static levelNotBelowParent() {
    return new IdentityError(ErrorCode.BAD_USER_INPUT, '下级单位的层级必须低于上级单位', 'level');
  }
  static orgUnitNotFound(field = 'orgUnitId') {
    return new IdentityError(ErrorCode.NOT_FOUND, '组织单位不存在', field);
  }
  static userNotFound(field = 'id') {
    return new IdentityError(ErrorCode.NOT_FOUND, '用户不存在', field);
  }
  static ownAccount() {
    return new IdentityError(ErrorCode.CONFLICT, '不能停用自己的账号');
  }
  static lastTenantAdmin() {
    return new IdentityError(ErrorCode.CONFLICT, '租户须至少保留一名启用中的租户管理员');
  }
  static alreadyInState(disabled: boolean) {
    return new IdentityError(ErrorCode.INVALID_TRANSITION, disabled ? '该用户已停用' : '该用户已是启用状态');
  }
  static badRoles(message: string) {
    return new IdentityError(ErrorCode.BAD_USER_INPUT, message, 'roles');
  }
}
