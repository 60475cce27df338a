import { Injectable } from '@nestjs/common';
import { newId as uuidv7 } from '@app/platform';
import { AuditService, byKeys, DataLoaderFactory, Role, TenantDb } from '@app/platform';
import { AccessService, assertId } from './access.service';
import { CreateOrgUnitInput } from './dto/identity.inputs';
import { LEVEL_DEPTH, OrgUnit, pathLabel } from './entities/org-unit.entity';
import { IdentityError } from './identity.errors';

@Injectable()
export class OrgUnitsService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly loaders: DataLoaderFactory,
  ) {}

  /** Batched per request: resolvers and access checks call this freely. */
  load(id: string): Promise<OrgUnit | null> {
    return this.loaders
      .get<string, OrgUnit | null>('orgUnit', (ids) =>
        this.db.tx(async (em) => {
          const rows = await em.createQueryBuilder(OrgUnit, 'o').where('o.id = ANY(:ids)', { ids: [...ids] }).getMany();
          return byKeys(ids, rows, (r) => r.id);
        }),
      )
      .load(id);
  }

  /** Tenant-scoped lookup for an id argument: another tenant's unit is simply not found. */
  async get(id: string, field = 'orgUnitId'): Promise<OrgUnit> {
    const unit = await this.load(assertId(id, field));
    if (!unit) throw IdentityError.orgUnitNotFound(field);
    return unit;
  }

  async create(input: CreateOrgUnitInput): Promise<OrgUnit> {
    this.access.requireRole(Role.TENANT_ADMIN);
    const parent = await this.get(input.parentId, 'parentId');
    if (LEVEL_DEPTH[input.level] <= LEVEL_DEPTH[parent.level]) throw IdentityError.levelNotBelowParent();
    return this.db.tx(async (em) => {
      const id = uuidv7();
      const unit = em.create(OrgUnit, {
        tenantId: this.db.tenantId,
        id,
        parentId: parent.id,
        name: input.name.trim(),
        level: input.level,
        regionCode: input.regionCode ?? null,
        path: `${parent.path}.${pathLabel(id)}`,
      });
      await em.insert(OrgUnit, unit);
      await this.audit.record(em, { action: 'orgUnit.create', entity: 'OrgUnit', entityId: id, details: { name: unit.name, level: unit.level, parentId: parent.id } });
      return unit;
    });
  }

  /** The caller's scope: the whole tree for TENANT_ADMIN, the own subtree for scoped roles. */
  async listForCaller(): Promise<OrgUnit[]> {
    const p = this.access.principal();
    if (!p.tenantId) return [];
    const scope = this.access.scopePath(p);
    return this.db.tx((em) => {
      const qb = em.createQueryBuilder(OrgUnit, 'o').orderBy('nlevel(o.path)').addOrderBy('o.name');
      if (scope) qb.where('o.path <@ CAST(:scope AS ltree)', { scope });
      return qb.getMany();
    });
  }
}
