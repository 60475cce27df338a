import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { newId as uuidv7 } from '@app/platform';
import { AppConfig, InjectRedis, Principal, Role, TenantDb } from '@app/platform';
import { PlatformAdmin } from '../entities/platform-admin.entity';
import { Tenant } from '../entities/tenant.entity';
import { IdentityError } from '../identity.errors';
import { dummyVerify, hashPassword, verifyPassword } from './password';
import { PrincipalCache } from './principal-cache';

export const TOKEN_TTL_SECONDS = 8 * 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 5 failed logins per username per 15 minutes (then locked for the rest of the window). */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

interface TokenClaims {
  sub: string;
  tid: string | null;
  kind: Principal['kind'];
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  org_unit_id: string | null;
  path: string | null;
  station_id: string | null;
  password_hash: string;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private readonly failures: RateLimiterRedis;

  constructor(
    private readonly jwt: JwtService,
    private readonly db: TenantDb,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
    @InjectRedis() redis: Redis,
    private readonly principals: PrincipalCache,
  ) {
    this.failures = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.QUEUE_PREFIX}:login-fail`,
      points: LOGIN_MAX_FAILURES,
      duration: LOGIN_WINDOW_SECONDS,
      blockDuration: LOGIN_WINDOW_SECONDS,
    });
  }

  /** The platform administrator `admin` is created at first start if absent. */
  async onApplicationBootstrap(): Promise<void> {
    const hash = await hashPassword(this.config.PLATFORM_ADMIN_PASSWORD);
    const res = await this.ds.query(
      `insert into platform_admins (id, username, password_hash) values ($1, 'admin', $2) on conflict (username) do nothing returning id`,
      [uuidv7(), hash],
    );
    if (res.length) this.logger.log('Created the platform administrator "admin"');
  }

  async login(tenantCode: string | undefined, username: string, password: string) {
    const key = `${tenantCode ?? '-'}:${username.toLowerCase()}`;
    const state = await this.failures.get(key);
    if (state && state.remainingPoints <= 0) throw IdentityError.throttled(Math.ceil(state.msBeforeNext / 1000));

    const principal = tenantCode ? await this.checkTenantUser(tenantCode, username, password) : await this.checkPlatformAdmin(username, password);
    if (!principal) {
      try {
        await this.failures.consume(key);
      } catch (e) {
        if (e instanceof RateLimiterRes) throw IdentityError.throttled(Math.ceil(e.msBeforeNext / 1000));
        throw e;
      }
      throw IdentityError.badCredentials();
    }
    await this.failures.delete(key);
    const expiresAt = new Date(Date.now() + TOKEN_TTL_SECONDS * 1000);
    const claims: TokenClaims = { sub: principal.id, tid: principal.tenantId, kind: principal.kind };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: TOKEN_TTL_SECONDS });
    return { accessToken, expiresAt, principal };
  }

  /** Verifies a bearer token and takes the account as it is now (tenantUserById), so a deleted or disabled user stops. */
  async principalFromToken(token: string): Promise<Principal> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw IdentityError.tokenInvalid();
    }
    const principal =
      claims.kind === 'PLATFORM_ADMIN' ? await this.platformAdminById(claims.sub) : claims.tid ? await this.tenantUserById(claims.tid, claims.sub) : null;
    if (!principal) throw IdentityError.tokenInvalid();
    return principal;
  }

  private async checkPlatformAdmin(username: string, password: string): Promise<Principal | null> {
    const admin = await this.ds.getRepository(PlatformAdmin).findOne({ where: { username, disabled: false } });
    if (!admin) return dummyVerify(password).then(() => null);
    return (await verifyPassword(admin.passwordHash, password)) ? this.adminPrincipal(admin) : null;
  }

  private async checkTenantUser(code: string, username: string, password: string): Promise<Principal | null> {
    const tenant = await this.ds.getRepository(Tenant).findOne({ where: { code } });
    const row = tenant ? await this.db.asTenant(tenant.id, (em) => this.loadUser(em, 'u.username = $1', username)) : null;
    if (!tenant || !row) return dummyVerify(password).then(() => null);
    return (await verifyPassword(row.password_hash, password)) ? this.userPrincipal(tenant.id, row) : null;
  }

  private async platformAdminById(id: string): Promise<Principal | null> {
    const admin = await this.ds.getRepository(PlatformAdmin).findOne({ where: { id, disabled: false } });
    return admin ? this.adminPrincipal(admin) : null;
  }

  /**
   * The account as it is now: from the PrincipalCache, which drops a copy as soon as a change to
   * the user or their org unit is announced, else re-read in one statement (app_principal sets
   * the tenant for row-level security itself). A disabled, deleted or re-scoped user stops
   * within moments of the change, not at the token's expiry.
   */
  private async tenantUserById(tenantId: string, id: string): Promise<Principal | null> {
    if (!UUID.test(tenantId) || !UUID.test(id)) return null;
    return this.principals.get(tenantId, id, async () => {
      const rows: Omit<UserRow, 'password_hash'>[] = await this.ds.query(`select * from app_principal($1, $2)`, [tenantId, id]);
      return rows[0] ? this.userPrincipal(tenantId, rows[0]) : null;
    });
  }

  private async loadUser(em: { query: (q: string, p: unknown[]) => Promise<UserRow[]> }, where: string, value: string): Promise<UserRow | null> {
    const rows = await em.query(
      `select u.id, u.username, u.display_name, u.roles, u.org_unit_id, u.station_id, u.password_hash, o.path::text as path
         from users u left join org_units o on o.tenant_id = u.tenant_id and o.id = u.org_unit_id
        where ${where} and not u.disabled and u.deleted_at is null`,
      [value],
    );
    return rows[0] ?? null;
  }

  private adminPrincipal(a: PlatformAdmin): Principal {
    return {
      kind: 'PLATFORM_ADMIN',
      id: a.id,
      tenantId: null,
      username: a.username,
      displayName: '平台管理员',
      roles: [Role.PLATFORM_ADMIN],
      orgUnitId: null,
      orgUnitPath: null,
      stationId: null,
    };
  }

  private userPrincipal(tenantId: string, r: Omit<UserRow, 'password_hash'>): Principal {
    return {
      kind: 'USER',
      id: r.id,
      tenantId,
      username: r.username,
      displayName: r.display_name,
      roles: r.roles,
      orgUnitId: r.org_unit_id,
      orgUnitPath: r.path,
      stationId: r.station_id,
    };
  }
}
