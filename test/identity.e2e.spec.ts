import { DataSource } from 'typeorm';
import { PrincipalCache } from '@app/identity';
import { TenantDb } from '@app/platform';
import { Client } from 'pg';
import { GqlResult, startTestApp, TestApp, TEST_ADMIN_PASSWORD, codeOf } from './support/app';
import { createTenantFixture, PASSWORD, TenantFixture } from './support/fixtures';
import { expectAccessDenied, expectError } from './support/access';
import { addStationStaff, createStation } from './support/stations';
import { until } from './support/wait';

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken expiresAt user { id username roles } } }`;
const CREATE_TENANT = `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id code name } }`;
const CREATE_UNIT = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id name level regionCode parent { id } } }`;
const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id username roles orgUnit { id } } }`;
const ME = `{ me { id username displayName roles orgUnit { id name level } } }`;
const ORG_UNITS = `{ orgUnits { id name level parent { id } } }`;

describe('identity (e2e)', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let tenantA: string;
  let tenantB: string;
  const cache = () => t.app.get(PrincipalCache);

  beforeAll(async () => {
    t = await startTestApp();
    a = await createTenantFixture(t, 'a');
    b = await createTenantFixture(t, 'b');
    [{ id: tenantA }] = await t.sql<{ id: string }>(`select id from tenants where code = $1`, [a.code]);
    [{ id: tenantB }] = await t.sql<{ id: string }>(`select id from tenants where code = $1`, [b.code]);
  });
  afterAll(() => t?.close());

  describe('login', () => {
    it('signs in the platform admin created at first start, and a tenant user', async () => {
      const admin = await t.gql(LOGIN, { i: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
      expect(admin.data?.login.user.roles).toEqual(['PLATFORM_ADMIN']);
      const exp = new Date(admin.data!.login.expiresAt).getTime() - Date.now();
      expect(exp).toBeGreaterThan(7.9 * 3600_000);
      expect(exp).toBeLessThanOrEqual(8 * 3600_000 + 1000);
      const user = await t.gql(LOGIN, { i: { tenantCode: a.code, username: 'officer-a', password: PASSWORD } });
      expect(user.data?.login.user).toMatchObject({ username: 'officer-a', roles: ['OFFICER'] });
    });

    it('rejects a wrong password, an unknown tenant and a user of another tenant alike', async () => {
      for (const i of [
        { tenantCode: a.code, username: 'officer-a', password: 'wrong-pass-1' },
        { tenantCode: 'nope', username: 'officer-a', password: PASSWORD },
        { tenantCode: b.code, username: 'no-such-user', password: PASSWORD },
      ]) expectError(await t.gql(LOGIN, { i }), 'UNAUTHENTICATED');
    });

    it('names the field of an empty username', async () => {
      expectError(await t.gql(LOGIN, { i: { tenantCode: a.code, username: '', password: 'x' } }), 'BAD_USER_INPUT', 'username');
    });

    it('throttles repeated failures for a username, even with the right password afterwards', async () => {
      await a.addUser('victim', ['OFFICER'], { orgUnitId: a.units.city });
      for (let i = 0; i < 5; i++) expectError(await t.gql(LOGIN, { i: { tenantCode: a.code, username: 'victim', password: 'bad-pass-12' } }), 'UNAUTHENTICATED');
      const locked = await t.gql(LOGIN, { i: { tenantCode: a.code, username: 'victim', password: PASSWORD } });
      expectError(locked, 'TOO_MANY_REQUESTS');
      expect(locked.errors![0].message).toMatch(/分钟后再试/);
      // Another username is not affected.
      expect((await t.gql(LOGIN, { i: { tenantCode: a.code, username: 'officer-b', password: PASSWORD } })).data?.login).toBeTruthy();
    });
  });

  describe('tokens', () => {
    it('requires a token for me and rejects a forged one', async () => {
      expectError(await t.gql(ME), 'UNAUTHENTICATED');
      expectError(await t.gql(ME, {}, 'not-a-token'), 'UNAUTHENTICATED');
    });

    it('stops working when the user is disabled or deleted, as soon as the change is announced', async () => {
      const tok1 = await a.addUser('to-disable', ['OFFICER'], { orgUnitId: a.units.city });
      const tok2 = await a.addUser('to-delete', ['OFFICER'], { orgUnitId: a.units.city });
      await until(() => cache().isServing());
      expect((await t.gql(ME, {}, tok1)).data?.me.username).toBe('to-disable');
      expect((await t.gql(ME, {}, tok2)).data?.me.username).toBe('to-delete');
      expect(cache().holds(tenantA, a.userIds['to-disable'])).toBe(true);
      expect(cache().holds(tenantA, a.userIds['to-delete'])).toBe(true);
      // As another API instance or an operator would: not through this process.
      await t.sql(`update users set disabled = true where username = 'to-disable'`);
      await t.sql(`update users set deleted_at = now() where username = 'to-delete'`);
      await until(() => !cache().holds(tenantA, a.userIds['to-disable']) && !cache().holds(tenantA, a.userIds['to-delete']));
      expectError(await t.gql(ME, {}, tok1), 'UNAUTHENTICATED');
      expectError(await t.gql(ME, {}, tok2), 'UNAUTHENTICATED');
    });

    it('carries roles and scope as they are now: a change applies from the next request after it is announced', async () => {
      const tok = await a.addUser('re-scoped', ['OFFICER'], { orgUnitId: a.units.city });
      await until(() => cache().isServing());
      expect((await t.ok(ME, {}, tok)).me).toMatchObject({ roles: ['OFFICER'], orgUnit: { id: a.units.city } });
      await t.sql(`update users set roles = '{CENTER_OPERATOR}', org_unit_id = $1 where username = 're-scoped'`, [a.units.countyA]);
      await until(() => !cache().holds(tenantA, a.userIds['re-scoped']));
      expect((await t.ok(ME, {}, tok)).me).toMatchObject({ roles: ['CENTER_OPERATOR'], orgUnit: { id: a.units.countyA, level: 'COUNTY' } });
    });

    describe('the copy of the account (PrincipalCache)', () => {
      const rereads = () => jest.spyOn(t.app.get(DataSource), 'query');
      const countRereads = (spy: jest.SpyInstance) => spy.mock.calls.filter(([q]) => String(q).includes('app_principal')).length;
      afterEach(() => jest.restoreAllMocks());

      it('serves later requests without re-reading, until a change to the user or their org unit is announced', async () => {
        const tok = await a.addUser('cached', ['OFFICER'], { orgUnitId: a.units.countyA });
        await until(() => cache().isServing());
        await t.ok(ME, {}, tok);
        const spy = rereads();
        for (let i = 0; i < 3; i++) expect((await t.ok(ME, {}, tok)).me.displayName).toBe('cached');
        expect(countRereads(spy)).toBe(0);
        // A user's own change.
        await t.sql(`update users set display_name = '改名' where username = 'cached'`);
        await until(() => !cache().holds(tenantA, a.userIds['cached']));
        expect((await t.ok(ME, {}, tok)).me.displayName).toBe('改名');
        expect(countRereads(spy)).toBe(1);
        // A change of the org unit's path drops every copy of the tenant, and only of that tenant.
        const tokB = b.tokens.officerCountyA;
        await t.ok(ME, {}, tokB);
        expect(cache().holds(tenantA, a.userIds['cached'])).toBe(true);
        expect(cache().holds(tenantB, b.userIds['officer-a'])).toBe(true);
        const before = cache().changesHeard();
        await t.sql(`update org_units set path = path where id = $1`, [a.units.countyA]);
        await until(() => cache().changesHeard() > before);
        expect(cache().holds(tenantA, a.userIds['cached'])).toBe(false);
        expect(cache().holds(tenantB, b.userIds['officer-a'])).toBe(true);
      });

      it('does not keep an account read while a change was announced', async () => {
        const tok = await a.addUser('racing', ['OFFICER'], { orgUnitId: a.units.city });
        const id = a.userIds['racing'];
        await until(() => cache().isServing());
        const read = await cache().get(tenantA, id, async () => {
          const before = cache().changesHeard();
          await t.sql(`update users set disabled = true where id = $1`, [id]);
          await until(() => cache().changesHeard() > before);
          return { kind: 'USER', id, tenantId: tenantA, username: 'racing', displayName: 'racing', roles: ['OFFICER'], orgUnitId: null, orgUnitPath: null, stationId: null };
        });
        expect(read?.username).toBe('racing');
        expect(cache().holds(tenantA, id)).toBe(false);
        expectError(await t.gql(ME, {}, tok), 'UNAUTHENTICATED');
      });

      it('re-reads on every request while it cannot hear the announcements, and forgets what it held when it hears them again', async () => {
        const tok = await a.addUser('unheard', ['OFFICER'], { orgUnitId: a.units.city });
        const id = a.userIds['unheard'];
        await until(() => cache().isServing());
        await t.ok(ME, {}, tok);
        expect(cache().holds(tenantA, id)).toBe(true);
        await t.sql(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'station-network-principals' and datname = current_database()`);
        await until(() => !cache().isServing());
        expect(cache().holds(tenantA, id)).toBe(false);
        const spy = rereads();
        await t.ok(ME, {}, tok);
        expect(cache().holds(tenantA, id)).toBe(false);
        expect(countRereads(spy)).toBe(1);
        // It reconnects by itself and serves copies again.
        await until(() => cache().isServing());
        await t.ok(ME, {}, tok);
        await t.ok(ME, {}, tok);
        expect(countRereads(spy)).toBe(2);
        expect(cache().holds(tenantA, id)).toBe(true);
      });
    });

    it('reads the account in one statement that keeps row-level security and leaves the tenant setting as it was', async () => {
      const userA = a.userIds['officer-city'];
      const db = t.app.get(TenantDb);
      const seen = await db.asTenant(tenantB, async (em) => {
        const rows = await em.query(`select * from app_principal($1, $2)`, [tenantA, userA]);
        const [{ setting }] = await em.query(`select current_setting('app.tenant_id') as setting`);
        // Row-level security inside the function follows the tenant it was given, not the caller's.
        const wrongTenant = await em.query(`select * from app_principal($1, $2)`, [tenantB, userA]);
        return { rows, setting, wrongTenant };
      });
      expect(seen.rows).toEqual([expect.objectContaining({ id: userA, username: 'officer-city', roles: ['OFFICER'] })]);
      expect(seen.rows[0]).not.toHaveProperty('password_hash');
      expect(seen.setting).toBe(tenantB);
      expect(seen.wrongTenant).toEqual([]);
      // Outside a transaction it leaves nothing behind on the pooled connection.
      expect(await t.app.get(DataSource).query(`select * from users`)).toEqual([]);
    });
  });

  describe('createTenant', () => {
    it('creates the tenant, its root unit and its first admin', async () => {
      const res = await t.ok(CREATE_TENANT, { i: { code: 'zj-test', name: '测试', rootOrgUnitName: '杭州市局', rootLevel: 'CITY', adminUsername: 'boss', adminPassword: PASSWORD } }, await t.adminToken());
      expect(res.createTenant).toMatchObject({ code: 'zj-test', name: '测试' });
      const tok = await t.login('boss', PASSWORD, 'zj-test');
      const me = await t.ok(ME, {}, tok);
      expect(me.me).toMatchObject({ roles: ['TENANT_ADMIN'], orgUnit: { name: '杭州市局', level: 'CITY' } });
      const audit = await t.sql(`select action from audit_events where entity = 'Tenant' and entity_id = $1`, [res.createTenant.id]);
      expect(audit).toEqual([{ action: 'tenant.create' }]);
    });

    it('refuses a taken code (CONFLICT) and a weak password (naming adminPassword), writing nothing', async () => {
      const count = async () => (await t.sql(`select count(*)::int n from tenants`))[0].n;
      const before = await count();
      const base = { code: a.code, name: 'x', rootOrgUnitName: 'x', rootLevel: 'CITY', adminUsername: 'x1', adminPassword: PASSWORD };
      expectError(await t.gql(CREATE_TENANT, { i: base }, await t.adminToken()), 'CONFLICT', 'code');
      expectError(await t.gql(CREATE_TENANT, { i: { ...base, code: 'fresh-1', adminPassword: 'short1' } }, await t.adminToken()), 'BAD_USER_INPUT', 'adminPassword');
      expectError(await t.gql(CREATE_TENANT, { i: { ...base, code: 'fresh-2', adminPassword: 'onlyletterslong' } }, await t.adminToken()), 'BAD_USER_INPUT', 'adminPassword');
      expectError(await t.gql(CREATE_TENANT, { i: { ...base, code: 'BAD CODE' } }, await t.adminToken()), 'BAD_USER_INPUT', 'code');
      expectError(await t.gql(CREATE_TENANT, { i: { ...base, code: 'fresh-3', rootLevel: 'GALAXY' } }, await t.adminToken()), 'BAD_USER_INPUT');
      expect(await count()).toBe(before);
    });

    it('is for the platform admin only', async () => {
      const i = { code: 'nope-1', name: 'x', rootOrgUnitName: 'x', rootLevel: 'CITY', adminUsername: 'x1', adminPassword: PASSWORD };
      await expectAccessDenied(t, { query: CREATE_TENANT, variables: { i }, forbidden: [a.tokens.tenantAdmin, a.tokens.officerCity] });
    });

    it('gives the platform admin no tenant data', async () => {
      const admin = await t.adminToken();
      expect((await t.ok(ORG_UNITS, {}, admin)).orgUnits).toEqual([]);
      expectError(await t.gql(CREATE_UNIT, { i: { parentId: a.units.city, name: 'x', level: 'COUNTY' } }, admin), 'FORBIDDEN');
    });
  });

  describe('createOrgUnit', () => {
    it('creates a child below its parent level, audited', async () => {
      const res = await t.ok(CREATE_UNIT, { i: { parentId: a.units.countyB, name: '顺平县腰山市场监管所', level: 'OFFICE', regionCode: '130636' } }, a.tokens.tenantAdmin);
      expect(res.createOrgUnit).toMatchObject({ level: 'OFFICE', parent: { id: a.units.countyB }, regionCode: '130636' });
      const [row] = await t.sql(`select path::text p from org_units where id = $1`, [res.createOrgUnit.id]);
      expect(row.p.split('.')).toHaveLength(4);
      expect(await t.sql(`select 1 from audit_events where entity_id = $1 and action = 'orgUnit.create'`, [res.createOrgUnit.id])).toHaveLength(1);
    });

    it('refuses a level not below the parent, naming level; a bad region code and a malformed parent id', async () => {
      expectError(await t.gql(CREATE_UNIT, { i: { parentId: a.units.countyA, name: 'x', level: 'CITY' } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'level');
      expectError(await t.gql(CREATE_UNIT, { i: { parentId: a.units.countyA, name: 'x', level: 'OFFICE', regionCode: '12' } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'regionCode');
      expectError(await t.gql(CREATE_UNIT, { i: { parentId: 'abc', name: 'x', level: 'OFFICE' } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'parentId');
      expectError(await t.gql(CREATE_UNIT, { i: { parentId: a.units.countyA, name: '  ', level: 'OFFICE' } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'name');
    });

    it('is NOT_FOUND for another tenant and FORBIDDEN for other roles', async () => {
      await expectAccessDenied(t, {
        query: CREATE_UNIT,
        variables: { i: { parentId: a.units.countyA, name: 'x', level: 'OFFICE' } },
        otherTenant: b.tokens.tenantAdmin,
        forbidden: [a.tokens.officerCity, a.tokens.operatorCity, a.tokens.evaluatorCity],
        unchanged: () => t.sql(`select count(*)::int n from org_units`),
      });
    });
  });

  describe('createUser', () => {
    it('creates a scoped user who can sign in', async () => {
      const res = await t.ok(CREATE_USER, { i: { username: 'new-op', password: PASSWORD, displayName: '新接线员', roles: ['CENTER_OPERATOR'], orgUnitId: a.units.countyA } }, a.tokens.tenantAdmin);
      expect(res.createUser).toMatchObject({ username: 'new-op', roles: ['CENTER_OPERATOR'], orgUnit: { id: a.units.countyA } });
      const [row] = await t.sql(`select password_hash from users where username = 'new-op'`);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(await t.login('new-op', PASSWORD, a.code)).toBeTruthy();
    });

    it('refuses a taken username (CONFLICT) and weak passwords naming password', async () => {
      const i = { username: 'officer-a', password: PASSWORD, displayName: 'x', roles: ['OFFICER'], orgUnitId: a.units.city };
      expectError(await t.gql(CREATE_USER, { i }, a.tokens.tenantAdmin), 'CONFLICT', 'username');
      // The same username in another tenant is fine.
      expect((await t.gql(CREATE_USER, { i: { ...i, username: 'only-in-b', orgUnitId: b.units.city } }, b.tokens.tenantAdmin)).data).toBeTruthy();
      for (const password of ['short1', 'alllettersnodigits', '1234567890123'])
        expectError(await t.gql(CREATE_USER, { i: { ...i, username: 'weak', password } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'password');
      expectError(await t.gql(CREATE_USER, { i: { ...i, username: 'noscope', orgUnitId: undefined } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'roles');
      expectError(await t.gql(CREATE_USER, { i: { ...i, username: 'x-admin', roles: ['PLATFORM_ADMIN'] } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'roles');
    });

    it('is NOT_FOUND for another tenant unit and FORBIDDEN for non-admins', async () => {
      await expectAccessDenied(t, {
        query: CREATE_USER,
        variables: { i: { username: 'intruder', password: PASSWORD, displayName: 'x', roles: ['OFFICER'], orgUnitId: a.units.city } },
        otherTenant: b.tokens.tenantAdmin,
        forbidden: [a.tokens.officerCity, a.tokens.operatorCountyA],
        unchanged: () => t.sql(`select count(*)::int n from users`),
      });
    });
  });

  describe('me and orgUnits', () => {
    it('me shows the signed-in user', async () => {
      expect((await t.ok(ME, {}, a.tokens.officerCountyA)).me).toMatchObject({ username: 'officer-a', roles: ['OFFICER'], orgUnit: { id: a.units.countyA, level: 'COUNTY' } });
    });

    it('orgUnits lists the whole tree for the tenant admin and only the subtree for a scoped user', async () => {
      const all = (await t.ok(ORG_UNITS, {}, a.tokens.tenantAdmin)).orgUnits.map((u: { id: string }) => u.id);
      expect(all).toEqual(expect.arrayContaining(Object.values(a.units)));
      const scoped = (await t.ok(ORG_UNITS, {}, a.tokens.officerCountyA)).orgUnits.map((u: { id: string }) => u.id);
      expect(scoped.sort()).toEqual([a.units.countyA, a.units.officeA].sort());
      const other = (await t.ok(ORG_UNITS, {}, b.tokens.tenantAdmin)).orgUnits.map((u: { id: string }) => u.id);
      expect(other).not.toContain(a.units.city);
    });
  });

  describe('user administration (tenant admin)', () => {
    const USERS = `query($f: UserFilter, $first: Int, $after: String) { users(filter: $f, first: $first, after: $after) { totalCount edges { node { id username displayName roles disabled orgUnit { id } } } pageInfo { hasNextPage endCursor } } }`;
    const DISABLE = `mutation($id: ID!) { disableUser(id: $id) { id disabled } }`;
    const ENABLE = `mutation($id: ID!) { enableUser(id: $id) { id disabled } }`;
    const RESET = `mutation($id: ID!, $p: String!) { resetUserPassword(id: $id, password: $p) { id } }`;
    const UPDATE = `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id displayName roles orgUnit { id } disabled } }`;
    const userWrites = async () => ({
      users: await t.sql(`select id, display_name, roles, org_unit_id, station_id, disabled, password_hash from users order by id`),
      audit: (await t.sql<{ n: number }>(`select count(*)::int n from audit_events where entity = 'User'`))[0].n,
    });
    const names = (conn: { edges: { node: { username: string } }[] }) => conn.edges.map((e) => e.node.username);
    let adminId: string;
    beforeAll(async () => {
      [{ id: adminId }] = await t.sql<{ id: string }>(`select id from users where tenant_id = $1 and username = 'tadmin'`, [tenantA]);
    });

    it('lists the tenant users by username, a page at a time, filtered by unit subtree, role, state and text', async () => {
      const all = (await t.ok(USERS, { first: 100 }, a.tokens.tenantAdmin)).users;
      expect(names(all)).toEqual([...names(all)].sort());
      expect(names(all)).toEqual(expect.arrayContaining(['tadmin', 'officer-city', 'officer-a', 'operator-a']));
      // Another tenant's users never appear.
      expect(names((await t.ok(USERS, { first: 100 }, b.tokens.tenantAdmin)).users)).not.toContain('cached');
      const p1 = (await t.ok(USERS, { first: 2 }, a.tokens.tenantAdmin)).users;
      const p2 = (await t.ok(USERS, { first: 2, after: p1.pageInfo.endCursor }, a.tokens.tenantAdmin)).users;
      expect([...names(p1), ...names(p2)]).toEqual(names(all).slice(0, 4));
      expect(p1).toMatchObject({ totalCount: all.totalCount, pageInfo: { hasNextPage: true } });
      const countyA = names((await t.ok(USERS, { f: { orgUnitId: a.units.countyA }, first: 100 }, a.tokens.tenantAdmin)).users);
      expect(countyA).toEqual(expect.arrayContaining(['officer-a', 'operator-a']));
      expect(countyA).not.toContain('officer-city');
      expect(countyA).not.toContain('officer-b');
      const operators = (await t.ok(USERS, { f: { role: 'CENTER_OPERATOR' }, first: 100 }, a.tokens.tenantAdmin)).users.edges;
      expect(operators.length).toBeGreaterThan(0);
      expect(operators.every((e: { node: { roles: string[] } }) => e.node.roles.includes('CENTER_OPERATOR'))).toBe(true);
      expect(names((await t.ok(USERS, { f: { search: 'OFFICER-' } }, a.tokens.tenantAdmin)).users)).toEqual(expect.arrayContaining(['officer-a', 'officer-b', 'officer-city']));
      // A station's staff.
      const station = await createStation(t, a, { orgUnitId: a.units.countyA, category: 'MALL' });
      await addStationStaff(t, a, station, 'counter-1');
      await addStationStaff(t, a, station, 'counter-2');
      expect(names((await t.ok(USERS, { f: { stationId: station } }, a.tokens.tenantAdmin)).users)).toEqual(['counter-1', 'counter-2']);
      await a.addUser('listed-disabled', ['OFFICER'], { orgUnitId: a.units.countyB });
      await t.sql(`update users set disabled = true where username = 'listed-disabled'`);
      const disabled = (await t.ok(USERS, { f: { disabled: true }, first: 100 }, a.tokens.tenantAdmin)).users;
      expect(names(disabled)).toContain('listed-disabled');
      expect(disabled.edges.every((e: { node: { disabled: boolean } }) => e.node.disabled)).toBe(true);
      expect(names((await t.ok(USERS, { f: { disabled: false }, first: 100 }, a.tokens.tenantAdmin)).users)).not.toContain('listed-disabled');
    });

    it('refuses bad filters naming the field; only the tenant admin lists users', async () => {
      expectError(await t.gql(USERS, { f: { orgUnitId: 'nope' } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'orgUnitId');
      expectError(await t.gql(USERS, { f: { role: 'KING' } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'role');
      expectError(await t.gql(USERS, { after: 'garbage' }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'after');
      expectError(await t.gql(USERS, { f: { search: 'x'.repeat(51) } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'search');
      expectError(await t.gql(USERS, { f: { stationId: 'nope' } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'stationId');
      await expectAccessDenied(t, { query: USERS, variables: { f: { orgUnitId: a.units.city } }, otherTenant: b.tokens.tenantAdmin, forbidden: [a.tokens.officerCity, a.tokens.operatorCity, a.tokens.evaluatorCity] });
    });

    it('disables an account: no sign-in, and its token stops at its next request; enabling restores both', async () => {
      const tok = await a.addUser('leaver', ['OFFICER'], { orgUnitId: a.units.countyA });
      const id = a.userIds['leaver'];
      await until(() => cache().isServing());
      await t.ok(ME, {}, tok);
      expect(cache().holds(tenantA, id)).toBe(true);
      expect((await t.ok(DISABLE, { id }, a.tokens.tenantAdmin)).disableUser).toEqual({ id, disabled: true });
      // This process dropped its copy at once: no waiting for the notification.
      expectError(await t.gql(ME, {}, tok), 'UNAUTHENTICATED');
      expectError(await t.gql(LOGIN, { i: { tenantCode: a.code, username: 'leaver', password: PASSWORD } }), 'UNAUTHENTICATED');
      expectError(await t.gql(DISABLE, { id }, a.tokens.tenantAdmin), 'INVALID_TRANSITION');
      expect((await t.ok(ENABLE, { id }, a.tokens.tenantAdmin)).enableUser).toEqual({ id, disabled: false });
      expect((await t.ok(ME, {}, tok)).me.username).toBe('leaver');
      expectError(await t.gql(ENABLE, { id }, a.tokens.tenantAdmin), 'INVALID_TRANSITION');
      expect(await t.sql(`select action, details->>'username' as username from audit_events where entity_id = $1 and action like 'user.%able' order by at, id`, [id])).toEqual([
        { action: 'user.disable', username: 'leaver' },
        { action: 'user.enable', username: 'leaver' },
      ]);
    });

    it('never leaves the tenant without an enabled admin, and an admin cannot disable themself', async () => {
      const before = await userWrites();
      expectError(await t.gql(DISABLE, { id: adminId }, a.tokens.tenantAdmin), 'CONFLICT');
      expectError(await t.gql(UPDATE, { id: adminId, i: { roles: ['OFFICER'], orgUnitId: a.units.city } }, a.tokens.tenantAdmin), 'CONFLICT');
      expect(await userWrites()).toEqual(before);
      // With a second admin, the first may step down.
      const second = await a.addUser('second-admin', ['TENANT_ADMIN']);
      const stepped = (await t.ok(UPDATE, { id: adminId, i: { roles: ['TENANT_ADMIN', 'OFFICER'], orgUnitId: a.units.city } }, second)).updateUser;
      expect(stepped.roles).toEqual(['TENANT_ADMIN', 'OFFICER']);
      await t.ok(DISABLE, { id: a.userIds['second-admin'] }, a.tokens.tenantAdmin);
      expectError(await t.gql(ME, {}, second), 'UNAUTHENTICATED');
    });

    it('two admins disabling each other at once: one of them stays', async () => {
      // A tenant of its own: its first admin steps aside, so the twins are the only enabled admins.
      const c = await createTenantFixture(t, 'twins');
      const [{ id: tenantC }] = await t.sql<{ id: string }>(`select id from tenants where code = $1`, [c.code]);
      const t1 = await c.addUser('twin-1', ['TENANT_ADMIN']);
      const t2 = await c.addUser('twin-2', ['TENANT_ADMIN']);
      await t.ok(DISABLE, { id: (await t.sql<{ id: string }>(`select id from users where tenant_id = $1 and username = 'tadmin'`, [tenantC]))[0].id }, t1);
      // Both requests pass their sign-in checks and meet at the tenant's admin lock, held here
      // until both wait for it: then they run one after the other.
      const holder = new Client({ connectionString: t.db.url });
      await holder.connect();
      let results: GqlResult[];
      try {
        await holder.query('BEGIN');
        await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`tenant-admins:${tenantC}`]);
        const both = Promise.all([t.gql(DISABLE, { id: c.userIds['twin-2'] }, t1), t.gql(DISABLE, { id: c.userIds['twin-1'] }, t2)]);
        await until(async () => (await t.sql<{ n: number }>(`select count(*)::int n from pg_locks where locktype = 'advisory' and not granted`))[0].n === 2);
        await holder.query('COMMIT');
        results = await both;
      } finally {
        await holder.end();
      }
      expect(results.map((r) => codeOf(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int n from users where tenant_id = $1 and not disabled and 'TENANT_ADMIN' = any(roles)`, [tenantC]);
      expect(n).toBe(1);
    });

    it('resets a password: the old one stops working, the new one signs in; weak ones are refused, nothing audited of it', async () => {
      await a.addUser('forgetful', ['OFFICER'], { orgUnitId: a.units.countyA });
      const id = a.userIds['forgetful'];
      const before = await userWrites();
      expectError(await t.gql(RESET, { id, p: 'short1' }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'password');
      expectError(await t.gql(RESET, { id, p: 'onlyletterslong' }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'password');
      expect(await userWrites()).toEqual(before);
      await t.ok(RESET, { id, p: 'NewPassw0rd-2026' }, a.tokens.tenantAdmin);
      expectError(await t.gql(LOGIN, { i: { tenantCode: a.code, username: 'forgetful', password: PASSWORD } }), 'UNAUTHENTICATED');
      expect((await t.ok(LOGIN, { i: { tenantCode: a.code, username: 'forgetful', password: 'NewPassw0rd-2026' } })).login.user.username).toBe('forgetful');
      const [audit] = await t.sql<{ details: string }>(`select details::text as details from audit_events where entity_id = $1 and action = 'user.resetPassword'`, [id]);
      expect(audit.details).not.toMatch(/NewPassw0rd|argon2/);
    });

    it('updates name, roles and unit, effective from the next request; bad combinations name the field and write nothing', async () => {
      const tok = await a.addUser('mover', ['OFFICER'], { orgUnitId: a.units.countyA });
      const id = a.userIds['mover'];
      await t.ok(ME, {}, tok);
      const moved = (await t.ok(UPDATE, { id, i: { displayName: '调任人员', roles: ['OFFICER', 'EVALUATOR'], orgUnitId: a.units.city } }, a.tokens.tenantAdmin)).updateUser;
      expect(moved).toEqual({ id, displayName: '调任人员', roles: ['OFFICER', 'EVALUATOR'], orgUnit: { id: a.units.city }, disabled: false });
      expect((await t.ok(ME, {}, tok)).me).toMatchObject({ displayName: '调任人员', roles: ['OFFICER', 'EVALUATOR'], orgUnit: { id: a.units.city } });
      // Only what is given changes.
      expect((await t.ok(UPDATE, { id, i: { displayName: '再次改名' } }, a.tokens.tenantAdmin)).updateUser).toMatchObject({ roles: ['OFFICER', 'EVALUATOR'], orgUnit: { id: a.units.city } });
      const [audit] = await t.sql<{ details: { before: { roles: string[] }; after: { roles: string[] } } }>(
        `select details from audit_events where entity_id = $1 and action = 'user.update' order by at, id limit 1`,
        [id],
      );
      expect(audit.details).toMatchObject({ before: { roles: ['OFFICER'] }, after: { roles: ['OFFICER', 'EVALUATOR'] } });
      const before = await userWrites();
      expectError(await t.gql(UPDATE, { id, i: { roles: ['STATION_STAFF'] } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'roles');
      expectError(await t.gql(UPDATE, { id, i: { roles: ['PLATFORM_ADMIN'] } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'roles');
      expectError(await t.gql(UPDATE, { id, i: { roles: [] } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'roles');
      expectError(await t.gql(UPDATE, { id, i: { roles: ['KING'] } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'roles[0]');
      expectError(await t.gql(UPDATE, { id, i: { displayName: '   ' } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'displayName');
      expectError(await t.gql(UPDATE, { id, i: { orgUnitId: 'nope' } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'orgUnitId');
      expectError(await t.gql(UPDATE, { id, i: { orgUnitId: b.units.city } }, a.tokens.tenantAdmin), 'NOT_FOUND', 'orgUnitId');
      expectError(await t.gql(UPDATE, { id: 'nope', i: { displayName: 'x' } }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'id');
      expect(await userWrites()).toEqual(before);
    });

    it('every change is the tenant admin\'s own: NOT_FOUND for another tenant, FORBIDDEN for other roles, nothing written', async () => {
      await a.addUser('target', ['OFFICER'], { orgUnitId: a.units.countyA });
      const id = a.userIds['target'];
      const forbidden = [a.tokens.officerCity, a.tokens.operatorCity, a.tokens.evaluatorCity];
      for (const [query, variables] of [
        [DISABLE, { id }],
        [ENABLE, { id }],
        [RESET, { id, p: 'NewPassw0rd-2026' }],
        [UPDATE, { id, i: { displayName: '越权' } }],
      ] as const) {
        await expectAccessDenied(t, { query, variables, otherTenant: b.tokens.tenantAdmin, forbidden, unchanged: userWrites });
      }
    });
  });

  it('a request without a token only reaches public operations', async () => {
    expect(codeOf(await t.gql(ORG_UNITS))).toBe('UNAUTHENTICATED');
  });
});
