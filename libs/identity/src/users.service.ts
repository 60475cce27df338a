import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { newId as uuidv7 } from '@app/platform';
import { AuditService, byKeys, ConnectionShape, DataLoaderFactory, decodeCursor, pageSize, Role, TenantDb, toConnection } from '@app/platform';
import { AccessService, assertId } from './access.service';
import { hashPassword, isStrongPassword } from './auth/password';
import { PrincipalCache } from './auth/principal-cache';
import { CreateUserInput, UpdateUserInput, UserFilter } from './dto/identity.inputs';
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
    private readonly principals: PrincipalCache,
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
    if (!isStrongPassword(input.password)) throw IdentityError.weakPassword('password');
    const { roles, orgUnitId, stationId } = await this.assignment(input.roles, input.orgUnitId ?? null, input.stationId ?? null);
    const passwordHash = await hashPassword(input.password);
    return this.db.tx((em) => this.insert(em, { username: input.username, displayName: input.displayName.trim(), passwordHash, roles, orgUnitId, stationId }));
  }

  /**
   * Roles, org unit and station checked together (createUser, updateUser): officers, operators
   * and evaluators need a unit; station staff a station (their unit defaults to the station's
   * supervising unit); only station staff have a station.
   */
  private async assignment(requested: Role[], requestedUnit: string | null, requestedStation: string | null): Promise<Pick<User, 'roles' | 'orgUnitId' | 'stationId'>> {
    if (requested.includes(Role.PLATFORM_ADMIN)) throw IdentityError.badRoles('租户内的用户不能是平台管理员');
    const roles = [...new Set(requested)];
    let orgUnitId = requestedUnit ? (await this.orgUnits.get(requestedUnit)).id : null;
    if (roles.some((r) => SCOPED_ROLES.includes(r)) && !orgUnitId) {
      throw IdentityError.badRoles('执法人员、12315 中心人员和评审人员须指定所属单位 orgUnitId');
    }
    let stationId: string | null = null;
    if (roles.includes(Role.STATION_STAFF)) {
      if (!requestedStation) throw IdentityError.badRoles('站点工作人员须指定 stationId');
      const station = this.stations ? await this.stations.supervisingUnitOf(assertId(requestedStation, 'stationId')) : null;
      if (!station) throw new IdentityError(IdentityError.orgUnitNotFound().code, '站点不存在', 'stationId');
      stationId = requestedStation.toLowerCase();
      orgUnitId ??= station.orgUnitId;
    } else if (requestedStation) {
      throw IdentityError.badRoles('只有站点工作人员可以关联站点');
    }
    return { roles, orgUnitId, stationId };
  }

  /** users: the tenant's accounts (TENANT_ADMIN), by username. */
  async list(filter: UserFilter | null | undefined, first?: number | null, after?: string | null): Promise<ConnectionShape<User>> {
    this.access.requireRole(Role.TENANT_ADMIN);
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 2) as [string, string] | null;
    const unit = filter?.orgUnitId ? await this.orgUnits.get(filter.orgUnitId, 'orgUnitId') : null;
    const search = filter?.search?.trim();
    return this.db.tx(async (em) => {
      const qb = em.createQueryBuilder(User, 'u').where('u.deleted_at IS NULL');
      if (unit) qb.andWhere('u.org_unit_id IN (SELECT o.id FROM org_units o WHERE o.path <@ CAST(:path AS ltree))', { path: unit.path });
      if (filter?.role) qb.andWhere(':role = ANY(u.roles)', { role: filter.role });
      if (filter?.stationId) qb.andWhere('u.station_id = :stationId', { stationId: filter.stationId.toLowerCase() });
      if (typeof filter?.disabled === 'boolean') qb.andWhere('u.disabled = :disabled', { disabled: filter.disabled });
      if (search) qb.andWhere(`(strpos(lower(u.username), lower(:search)) > 0 OR strpos(u.display_name, :search) > 0)`, { search });
      const total = await qb.getCount();
      if (cursor) qb.andWhere('(u.username, u.id) > (:cName, CAST(:cId AS uuid))', { cName: cursor[0], cId: cursor[1] });
      const rows = await qb.orderBy('u.username', 'ASC').addOrderBy('u.id', 'ASC').limit(limit + 1).getMany();
      return toConnection(rows, limit, total, (u) => [u.username, u.id], !!cursor);
    });
  }

  /**
   * Enabled officers and center operators whose scope holds the unit at `unitPath` (they may
   * handle its cases), by name; for another domain's pickers (e.g. a case's co-handler).
   */
  async handlersOf(unitPath: string, except: string | null = null, onlyId: string | null = null): Promise<{ id: string; displayName: string }[]> {
    return this.db.tx(async (em) => {
      const rows: { id: string; display_name: string }[] = await em.query(
        `SELECT u.id, u.display_name FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
          WHERE NOT u.disabled AND u.deleted_at IS NULL AND u.roles && ARRAY['OFFICER', 'CENTER_OPERATOR']::text[]
            AND o.path @> CAST($1 AS ltree) AND ($2::uuid IS NULL OR u.id <> $2) AND ($3::uuid IS NULL OR u.id = $3)
          ORDER BY u.display_name, u.username LIMIT 500`,
        [unitPath, except, onlyId],
      );
      return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
    });
  }

  /** updateUser: display name, roles, unit, station (TENANT_ADMIN); the change applies from the user's next request. */
  async update(id: string, input: UpdateUserInput): Promise<User> {
    this.access.requireRole(Role.TENANT_ADMIN);
    const userId = assertId(id, 'id');
    const displayName = input.displayName == null ? null : input.displayName.trim();
    return this.change(userId, 'user.update', async (em, user) => {
      const roles = input.roles ?? user.roles;
      // A new station brings its unit unless one is named; a user no longer station staff leaves the station.
      const station = input.stationId ?? (roles.includes(Role.STATION_STAFF) ? user.stationId : null);
      const unit = input.orgUnitId ?? (input.stationId ? null : user.orgUnitId);
      const next = { displayName: displayName ?? user.displayName, ...(await this.assignment(roles, unit, station)) };
      if (!next.roles.includes(Role.TENANT_ADMIN)) await this.keepAnAdmin(em, user);
      const before = { displayName: user.displayName, roles: user.roles, orgUnitId: user.orgUnitId, stationId: user.stationId };
      await em.update(User, { tenantId: user.tenantId, id: user.id }, next);
      return { details: { before, after: next } };
    });
  }

  /** disableUser: the account can no longer sign in, and its tokens stop at the next request. */
  disable(id: string): Promise<User> {
    const p = this.access.requireRole(Role.TENANT_ADMIN);
    const userId = assertId(id, 'id');
    return this.change(userId, 'user.disable', async (em, user) => {
      if (user.id === p.id) throw IdentityError.ownAccount();
      if (user.disabled) throw IdentityError.alreadyInState(true);
      await this.keepAnAdmin(em, user);
      await em.update(User, { tenantId: user.tenantId, id: user.id }, { disabled: true });
      return { details: {} };
    });
  }

  enable(id: string): Promise<User> {
    this.access.requireRole(Role.TENANT_ADMIN);
    const userId = assertId(id, 'id');
    return this.change(userId, 'user.enable', async (em, user) => {
      if (!user.disabled) throw IdentityError.alreadyInState(false);
      await em.update(User, { tenantId: user.tenantId, id: user.id }, { disabled: false });
      return { details: {} };
    });
  }

  /** resetUserPassword: a new password set by the tenant admin (never written to the audit). */
  async resetPassword(id: string, password: string): Promise<User> {
    this.access.requireRole(Role.TENANT_ADMIN);
    const userId = assertId(id, 'id');
    if (typeof password !== 'string' || !isStrongPassword(password)) throw IdentityError.weakPassword('password');
    const passwordHash = await hashPassword(password);
    return this.change(userId, 'user.resetPassword', async (em, user) => {
      await em.update(User, { tenantId: user.tenantId, id: user.id }, { passwordHash });
      return { details: {} };
    });
  }

  /**
   * One change of an account: the row locked, `apply`, the audit record, in one transaction;
   * then the process's copy of the account dropped (other processes drop theirs on the NOTIFY
   * the users trigger sends at commit), so the next request of the user sees the change.
   */
  private async change(userId: string, action: string, apply: (em: EntityManager, user: User) => Promise<{ details: Record<string, unknown> }>): Promise<User> {
    const user = await this.db.tx(async (em) => {
      const found = await em.createQueryBuilder(User, 'u').where('u.id = :userId AND u.deleted_at IS NULL', { userId }).setLock('pessimistic_write').getOne();
      if (!found) throw IdentityError.userNotFound();
      const { details } = await apply(em, found);
      await this.audit.record(em, { action, entity: 'User', entityId: found.id, details: { username: found.username, ...details } });
      return (await em.findOneByOrFail(User, { tenantId: found.tenantId, id: found.id }));
    });
    this.principals.drop(user.tenantId, user.id);
    return user;
  }

  /** Refuses a change that would leave the tenant without an enabled TENANT_ADMIN other than `user`. */
  private async keepAnAdmin(em: EntityManager, user: User): Promise<void> {
    if (user.disabled || !user.roles.includes(Role.TENANT_ADMIN)) return;
    // One such change at a time per tenant: two admins disabling each other must not both pass.
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`tenant-admins:${user.tenantId}`]);
    const [{ others }]: { others: number }[] = await em.query(
      `SELECT count(*)::int AS others FROM users WHERE id <> $1 AND NOT disabled AND deleted_at IS NULL AND 'TENANT_ADMIN' = ANY(roles)`,
      [user.id],
    );
    if (others === 0) throw IdentityError.lastTenantAdmin();
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
