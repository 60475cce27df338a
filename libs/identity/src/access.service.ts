import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { AppClsStore, PlatformError, Principal, Role } from '@app/platform';

/** True when `path` is `scope` or lies beneath it (ltree ancestry on id labels). */
export function pathWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(scope + '.');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id argument that cannot be a row id is bad input naming its field, not an internal error. */
export function assertId(id: string, field = 'id'): string {
  if (typeof id !== 'string' || !UUID.test(id)) throw PlatformError.badInput(field, `${field} 不是有效的编号`);
  return id.toLowerCase();
}

/**
 * Who may do what (api/permissions.md). Services call these first, before touching ids
 * (immich's requireAccess): resolver guards alone would leave service callers unchecked.
 */
@Injectable()
export class AccessService {
  constructor(private readonly cls: ClsService<AppClsStore>) {}

  principal(): Principal {
    const p = this.cls.isActive() ? this.cls.get('principal') : undefined;
    if (!p) throw PlatformError.unauthenticated();
    return p;
  }

  has(p: Principal, ...roles: Role[]): boolean {
    return roles.some((r) => p.roles.includes(r));
  }

  /** A signed-in user of a tenant with one of `roles` (the platform admin reads no tenant data). */
  requireRole(...roles: Role[]): Principal {
    const p = this.principal();
    if (!p.tenantId || !this.has(p, ...roles)) throw PlatformError.forbidden();
    return p;
  }

  requireTenantUser(): Principal {
    const p = this.principal();
    if (!p.tenantId) throw PlatformError.forbidden('平台管理员不能访问租户业务数据');
    return p;
  }

  /** Scope = the user's org unit and its subtree; TENANT_ADMIN spans the tenant. */
  inScope(p: Principal, orgUnitPath: string): boolean {
    if (this.has(p, Role.TENANT_ADMIN)) return true;
    return !!p.orgUnitPath && pathWithin(orgUnitPath, p.orgUnitPath);
  }

  requireScope(p: Principal, orgUnitPath: string): void {
    if (!this.inScope(p, orgUnitPath)) throw PlatformError.forbidden('不在您的管辖范围内');
  }

  /** SQL predicate restricting an ltree column to the caller's scope (null: no restriction). */
  scopePath(p: Principal): string | null {
    return this.has(p, Role.TENANT_ADMIN) ? null : p.orgUnitPath ?? '__none__';
  }
}
