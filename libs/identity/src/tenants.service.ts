import { Injectable } from '@nestjs/common';
import { newId as uuidv7 } from '@app/platform';
import { AuditService, PlatformError, Role, TenantDb } from '@app/platform';
import { AccessService } from './access.service';
import { hashPassword, isStrongPassword } from './auth/password';
import { CreateTenantInput } from './dto/identity.inputs';
import { OrgUnit, pathLabel } from './entities/org-unit.entity';
import { Tenant } from './entities/tenant.entity';
import { IdentityError } from './identity.errors';
import { isUniqueViolation, UsersService } from './users.service';

@Injectable()
export class TenantsService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  /** The tenant, its root org unit and its first TENANT_ADMIN, all or nothing. */
  async create(input: CreateTenantInput): Promise<Tenant> {
    const p = this.access.principal();
    if (p.kind !== 'PLATFORM_ADMIN') throw PlatformError.forbidden('只有平台管理员可以创建租户');
    if (!isStrongPassword(input.adminPassword)) throw IdentityError.weakPassword('adminPassword');
    const passwordHash = await hashPassword(input.adminPassword);
    const tenantId = uuidv7();
    return this.db.asTenant(tenantId, async (em) => {
      try {
        await em.insert(Tenant, { id: tenantId, code: input.code, name: input.name.trim() });
      } catch (e) {
        if (isUniqueViolation(e, 'uq_tenants_code')) throw IdentityError.tenantCodeTaken();
        throw e;
      }
      const rootId = uuidv7();
      await em.insert(OrgUnit, {
        tenantId,
        id: rootId,
        parentId: null,
        name: input.rootOrgUnitName.trim(),
        level: input.rootLevel,
        regionCode: input.regionCode ?? null,
        path: pathLabel(rootId),
      });
      await this.users.insert(
        em,
        { username: input.adminUsername, displayName: '租户管理员', passwordHash, roles: [Role.TENANT_ADMIN], orgUnitId: rootId, stationId: null },
        'adminUsername',
      );
      await this.audit.record(em, { action: 'tenant.create', entity: 'Tenant', entityId: tenantId, details: { code: input.code, name: input.name } });
      return em.findOneByOrFail(Tenant, { id: tenantId });
    });
  }

}
