import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { newId as uuidv7 } from '@app/platform';
import { AuditService, byKeys, DataLoaderFactory, Role, TenantDb } from '@app/platform';
import { AccessService, assertId } from './access.service';
import { hashPassword, isStrongPassword } from './auth/password';
import { CreateUserInput } from './dto/identity.inputs';
import { User } from './entities/user.entity';
import { IdentityError } from './identity.errors';
import { OrgUnitsService } from './org-units.service';
import { STATION_DIRECTORY, StationDirectory } from './ports';

const SCOPED_ROLES = [Role.OFFICER, Role.CENTER_OPERATOR, Role.EVALUATOR];

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as QueryFailedError & { driverError?: { code?: string; constraint?: string } };
  return err?.driverError?.code === '23505' && (!constraint || err.driverError.constraint === constraint);
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly orgUnits: OrgUnitsService,
    private readonly loaders: DataLoaderFactory,
    @Optional() @Inject(STATION_DIRECTORY) private readonly stations?: StationDirectory,
  ) {}

  load(id: string): Promise<User | null> {
    return this.loaders
      .get<string, User | null>('user', (ids) =>
        this.db.tx(async (em) => byKeys(ids, await em.createQueryBuilder(User, 'u').where('u.id = ANY(:ids)', { ids: [...ids] }).getMany(), (u) => u.id)),
      )
      .load(id);
  }

  async create(input: CreateUserInput): Promise<User> {
    this.access.requireRole(Role.TENANT_ADMIN);
    if (input.roles.includes(Role.PLATFORM_ADMIN)) throw IdentityError.badRoles('不能在租户内创建平台管理员');
    if (!isStrongPassword(input.password)) throw IdentityError.weakPassword('password');
    const roles = [...new Set(input.roles)];
    let orgUnitId = input.orgUnitId ?? null;
    if (orgUnitId) orgUnitId = (await this.orgUnits.get(orgUnitId)).id;
    if (roles.some((r) => SCOPED_ROLES.includes(r)) && !orgUnitId) {
      throw IdentityError.badRoles('执法人员、12315 中心人员和评审人员须指定所属单位 orgUnitId');
    }
    let stationId: string | null = null;
    if (roles.includes(Role.STATION_STAFF)) {
      if (!input.stationId) throw IdentityError.badRoles('站点工作人员须指定 stationId');
      const station = this.stations ? await this.stations.supervisingUnitOf(assertId(input.stationId, 'stationId')) : null;
      if (!station) throw new IdentityError(IdentityError.orgUnitNotFound().code, '站点不存在', 'stationId');
      stationId = input.stationId.toLowerCase();
      orgUnitId ??= station.orgUnitId;
    } else if (input.stationId) {
      throw IdentityError.badRoles('只有站点工作人员可以关联站点');
    }
    const passwordHash = await hashPassword(input.password);
    return this.db.tx((em) => this.insert(em, { username: input.username, displayName: input.displayName.trim(), passwordHash, roles, orgUnitId, stationId }));
  }

  /** Also used by tenant creation for the first TENANT_ADMIN, inside its transaction. */
  async insert(
    em: EntityManager,
    u: Pick<User, 'username' | 'displayName' | 'passwordHash' | 'roles' | 'orgUnitId' | 'stationId'>,
    usernameField = 'username',
  ): Promise<User> {
    const user = em.create(User, { ...u, tenantId: this.db.tenantId, id: uuidv7(), disabled: false, deletedAt: null });
    try {
      await em.query('savepoint user_insert');
      await em.insert(User, user);
      await em.query('release savepoint user_insert');
    } catch (e) {
      await em.query('rollback to savepoint user_insert');
      if (isUniqueViolation(e, 'uq_users_username')) throw IdentityError.usernameTaken(usernameField);
      throw e;
    }
    await this.audit.record(em, { action: 'user.create', entity: 'User', entityId: user.id, details: { username: user.username, roles: user.roles, orgUnitId: user.orgUnitId, stationId: user.stationId } });
    return user;
  }
}
