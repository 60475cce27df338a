import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditService, runtimeConnectionOptions, TenantContextMissingError, TenantDb } from '@app/platform';
import { ClsService } from 'nestjs-cls';
import { startTestApp, TestApp } from '../support/app';
import { createTenantFixture, TenantFixture } from '../support/fixtures';

/** Tables that belong to no tenant (everything else must be tenant-protected). */
const GLOBAL_TABLES = ['migrations', 'tenants', 'platform_admins'];

describe('tenancy and row-level security', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let db: TenantDb;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createTenantFixture(t, 'a');
    b = await createTenantFixture(t, 'b');
    db = t.app.get(TenantDb);
    [{ id: tenantA }] = await t.sql(`select id from tenants where code = $1`, [a.code]);
    [{ id: tenantB }] = await t.sql(`select id from tenants where code = $1`, [b.code]);
  });
  afterAll(() => t?.close());

  it('runs application queries as a role that is not superuser, owns no table and cannot bypass RLS', async () => {
    const ds = t.app.get(DataSource);
    const [role] = await ds.query(`select current_user as u, r.rolsuper, r.rolbypassrls from pg_roles r where r.rolname = current_user`);
    expect(role).toMatchObject({ u: 'sn_app', rolsuper: false, rolbypassrls: false });
    const owned = await t.sql(`select tablename from pg_tables where schemaname = 'public' and tableowner = 'sn_app'`);
    expect(owned).toEqual([]);
  });

  it('ends a transaction its process left idle (hung, vanished) after the timeout, releasing its row locks', async () => {
    const ds = t.app.get(DataSource);
    expect((await ds.query(`SHOW idle_in_transaction_session_timeout`))[0].idle_in_transaction_session_timeout).toBe('1min');
    const url = t.db.url;
    const hung = new Client({ connectionString: url, options: runtimeConnectionOptions({ DB_IDLE_TX_TIMEOUT_MS: '300' }) });
    hung.on('error', () => undefined); // the server closes it
    await hung.connect();
    const [{ id }] = await t.sql<{ id: string }>(`SELECT id FROM tenants LIMIT 1`);
    await hung.query('BEGIN');
    await hung.query(`SELECT set_config('app.tenant_id', $1, true)`, [id]);
    await hung.query(`SELECT 1 FROM org_units LIMIT 1 FOR UPDATE`);
    await new Promise((r) => setTimeout(r, 800));
    await expect(hung.query('SELECT 1')).rejects.toThrow();
    // Its lock is gone: another connection takes it without waiting.
    const other = new Client({ connectionString: url, options: `${runtimeConnectionOptions()} -c lock_timeout=1000` });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT set_config('app.tenant_id', $1, true)`, [id]);
      expect((await other.query(`SELECT 1 FROM org_units LIMIT 1 FOR UPDATE`)).rowCount).toBe(1);
      await other.query('ROLLBACK');
    } finally {
      await other.end();
      await hung.end().catch(() => undefined);
    }
  });

  it('opens each transaction with its tenant in one round trip; a failed one rolls back and leaves its connection clean', async () => {
    const seen = await db.asTenant(tenantA, (em) => em.query(`select current_setting('app.tenant_id') as t`));
    expect(seen[0].t).toBe(tenantA);
    // Nested calls join the transaction (one BEGIN, one tenant).
    const nested = await db.asTenant(tenantA, (em) =>
      db.tx(async (inner) => ({ same: inner === em, xid: (await em.query(`select txid_current() as x`))[0].x, innerXid: (await inner.query(`select txid_current() as x`))[0].x })),
    );
    expect(nested.same).toBe(true);
    expect(nested.innerXid).toBe(nested.xid);
    // A failure inside rolls everything back ...
    await expect(
      db.asTenant(tenantA, async (em) => {
        await em.query(`insert into audit_events (tenant_id, id, action, entity, entity_id) values ($1, gen_random_uuid(), 'tx-test', 'x', 'x')`, [tenantA]);
        await em.query(`select 1/0`);
      }),
    ).rejects.toThrow(/division by zero/);
    expect((await t.sql(`select count(*)::int n from audit_events where action = 'tx-test'`))[0].n).toBe(0);
    // ... and every pooled connection is back outside any transaction, with no tenant set.
    const ds = t.app.get(DataSource);
    const states = await Promise.all(
      Array.from({ length: 12 }, () => ds.query(`select current_setting('app.tenant_id', true) as t, now() = statement_timestamp() as fresh`)),
    );
    for (const [s] of states) {
      expect(s.fresh).toBe(true);
      expect(s.t ?? '').toBe('');
    }
  });

  it('sends the first statement of txFrom with the BEGIN: its parameters as literals, its rows handed over', async () => {
    const ds = t.app.get(DataSource);
    const statements: string[] = [];
    const logger = ds.logger as { logQuery: (q: string) => void };
    const original = logger.logQuery;
    logger.logQuery = (q: string) => void statements.push(q);
    const text = `O'Brien \\ "引号" $1 $$ $2'); drop table audit_events; --`;
    const at = new Date('2026-03-31T15:59:00.123Z');
    let rows: unknown[] = [];
    try {
      await db.withTenant(tenantA, () =>
        db.txFrom(
          { sql: `select $1::text a, $2::text b, $3::timestamptz c, $4::int d, $5::boolean e, current_setting('app.tenant_id') t`, params: [text, null, at, 42, false] },
          async (_em, r) => void (rows = r),
        ),
      );
    } finally {
      logger.logQuery = original;
    }
    expect(rows).toEqual([{ a: text, b: null, c: at, d: 42, e: false, t: tenantA }]);
    // One message: BEGIN, the tenant and the statement; then the COMMIT.
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^START TRANSACTION; SELECT set_config\('app.tenant_id', '[0-9a-f-]{36}', true\); select /);
    expect(statements[1]).toBe('COMMIT');
    // Within an outer transaction the statement simply runs first, in it.
    const nested = await db.asTenant(tenantA, async (em) => ({
      outer: (await em.query(`select txid_current() as x`))[0].x,
      inner: await db.txFrom({ sql: `select txid_current() as x, $1::int n`, params: [7] }, async (_em, r: { x: string; n: number }[]) => r[0]),
    }));
    expect(nested.inner).toEqual({ x: nested.outer, n: 7 });
    // A failing first statement rolls back and leaves the connection clean; a missing parameter sends nothing.
    await expect(db.withTenant(tenantA, () => db.txFrom({ sql: `select 1/$1::int`, params: [0] }, async () => undefined))).rejects.toThrow(/division by zero/);
    await expect(db.withTenant(tenantA, () => db.txFrom({ sql: `select $2::int`, params: [1] }, async () => undefined))).rejects.toThrow('Statement parameter $2 missing');
    const states = await Promise.all(Array.from({ length: 12 }, () => ds.query(`select current_setting('app.tenant_id', true) as t, now() = statement_timestamp() as fresh`)));
    for (const [s] of states) {
      expect(s.fresh).toBe(true);
      expect(s.t ?? '').toBe('');
    }
  });

  describe('audit records written with the COMMIT (insertAtCommit)', () => {
    const countOf = async (action: string) => (await t.sql<{ n: number }>(`select count(*)::int n from audit_events where action = $1`, [action]))[0].n;
    const system = { id: null, name: 'system' };

    it('writes them in the COMMIT round trip, with their change, and keeps quotes and backslashes intact', async () => {
      const audit = t.app.get(AuditService);
      const ds = t.app.get(DataSource);
      const statements: string[] = [];
      const logger = ds.logger as { logQuery: (q: string) => void };
      const original = logger.logQuery;
      logger.logQuery = (q: string) => void statements.push(q);
      const details = { note: `O'Brien \\ "引号" \\u0000x $$ $sn$ ${'长'.repeat(50)}` };
      try {
        await db.asTenant(tenantA, async (em) => {
          await audit.record(em, { action: 'defer.commit', entity: 'Test', entityId: 'x', actor: system, details });
          // Not yet written: the record waits for the commit.
          expect((await em.query(`select count(*)::int n from audit_events where action = 'defer.commit'`))[0].n).toBe(0);
        });
      } finally {
        logger.logQuery = original;
      }
      const last = statements[statements.length - 1];
      expect(last).toMatch(/^INSERT INTO "audit_events" .*; COMMIT$/s);
      expect(statements.filter((s) => /INSERT INTO "audit_events"/.test(s))).toHaveLength(1);
      const [row] = await t.sql<{ details: unknown; tenant_id: string }>(`select details, tenant_id from audit_events where action = 'defer.commit'`);
      expect(row).toEqual({ details, tenant_id: tenantA });
      // Dollar-quoted, unless the quote's tag is in the text: then escaped.
      expect(last).toContain('$sn_rows$[{');
      const tagged = { note: `$sn_rows$'); drop table audit_events; --` };
      await db.asTenant(tenantA, (em) => audit.record(em, { action: 'defer.tagged', entity: 'Test', entityId: 'x', actor: system, details: tagged }));
      expect(await t.sql(`select details from audit_events where action = 'defer.tagged'`)).toEqual([{ details: tagged }]);
    });

    it('writes nothing when the transaction fails after recording', async () => {
      const audit = t.app.get(AuditService);
      await expect(
        db.asTenant(tenantA, async (em) => {
          await audit.record(em, { action: 'defer.rollback', entity: 'Test', entityId: 'x', actor: system });
          throw new Error('later failure');
        }),
      ).rejects.toThrow('later failure');
      expect(await countOf('defer.rollback')).toBe(0);
    });

    it('commits nothing of the transaction when the deferred insert fails at the COMMIT', async () => {
      const audit = t.app.get(AuditService);
      const before = (await t.sql<{ n: number }>(`select count(*)::int n from org_units where tenant_id = $1`, [tenantA]))[0].n;
      await expect(
        db.asTenant(tenantA, async (em) => {
          await em.query(`update org_units set name = name || '!' where tenant_id = $1`, [tenantA]);
          // A NULL entity breaks NOT NULL: PostgreSQL refuses the row only at the commit.
          await audit.record(em, { action: 'defer.bad', entity: null as never, entityId: 'x', actor: system });
        }),
      ).rejects.toThrow(/entity/);
      expect(await countOf('defer.bad')).toBe(0);
      expect((await t.sql<{ n: number }>(`select count(*)::int n from org_units where tenant_id = $1 and name like '%!'`, [tenantA]))[0].n).toBe(0);
      expect((await t.sql<{ n: number }>(`select count(*)::int n from org_units where tenant_id = $1`, [tenantA]))[0].n).toBe(before);
      // The connection went back clean: the next transaction works.
      expect((await db.asTenant(tenantA, (em) => em.query(`select current_setting('app.tenant_id') as t`)))[0].t).toBe(tenantA);
    });

    it('inserts at once on a manager that is not a transaction of TenantDb', async () => {
      const audit = t.app.get(AuditService);
      const ds = t.app.get(DataSource);
      const qr = ds.createQueryRunner();
      await qr.connect();
      try {
        await qr.startTransaction();
        await qr.query(`select set_config('app.tenant_id', $1, true)`, [tenantA]);
        const cls = t.app.get(ClsService);
        await cls.run(async () => {
          cls.set('tenantId', tenantA);
          await audit.record(qr.manager, { action: 'defer.direct', entity: 'Test', entityId: 'x', actor: system });
        });
        expect((await qr.query(`select count(*)::int n from audit_events where action = 'defer.direct'`))[0].n).toBe(1);
        await qr.commitTransaction();
      } finally {
        await qr.release();
      }
      expect(await countOf('defer.direct')).toBe(1);
    });
  });

  it('still refuses a malformed tenant id (the parameterised path)', async () => {
    await expect(db.asTenant(`x'; drop table users; --`, (em) => em.query(`select count(*) from org_units`))).rejects.toThrow(/uuid/);
    expect((await t.sql(`select count(*)::int n from users`))[0].n).toBeGreaterThan(0);
  });

  it('sees zero rows with no tenant set, even on a raw pooled query', async () => {
    const ds = t.app.get(DataSource);
    expect(await ds.query(`select * from org_units`)).toEqual([]);
    expect(await ds.query(`select * from users`)).toEqual([]);
    // ... while the rows exist (owner view, RLS does not apply to the owner superuser).
    expect((await t.sql(`select count(*)::int n from org_units`))[0].n).toBeGreaterThan(0);
  });

  it('never shows tenant A rows under tenant B, even without a WHERE tenant_id', async () => {
    const rows = await db.asTenant(tenantB, (em) => em.query(`select tenant_id from org_units`));
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r: { tenant_id: string }) => r.tenant_id))).toEqual(new Set([tenantB]));
    const aUnit = await db.asTenant(tenantB, (em) => em.query(`select * from org_units where id = $1`, [a.units.city]));
    expect(aUnit).toEqual([]);
  });

  it('refuses to write a row for another tenant (WITH CHECK) and to change A rows from B', async () => {
    await expect(
      db.asTenant(tenantB, (em) =>
        em.query(`insert into audit_events (tenant_id, id, action, entity, entity_id) values ($1, gen_random_uuid(), 'x', 'x', 'x')`, [tenantA]),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await db.asTenant(tenantB, (em) => em.query(`update org_units set name = 'hacked' where id = $1`, [a.units.city]));
    expect(updated[1]).toBe(0);
    expect((await t.sql(`select name from org_units where id = $1`, [a.units.city]))[0].name).not.toBe('hacked');
  });

  it('sets the tenant on the transaction only: the setting does not leak to the next use of the connection', async () => {
    const ds = t.app.get(DataSource);
    await db.asTenant(tenantA, (em) => em.query(`select 1`));
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      expect((await qr.query(`select current_setting('app.tenant_id', true) as v`))[0].v || null).toBeNull();
    } finally {
      await qr.release();
    }
  });

  it('fails loudly when code reaches tenant data without a tenant context', async () => {
    await expect(db.tx(async () => 1)).rejects.toBeInstanceOf(TenantContextMissingError);
    const cls = t.app.get(ClsService);
    await cls.run(async () => {
      await expect(db.tx(async () => 1)).rejects.toBeInstanceOf(TenantContextMissingError);
    });
  });

  it('every tenant table has tenant_id leading its primary key, RLS enabled and forced, and a policy', async () => {
    const tables = await t.sql<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const problems: string[] = [];
    for (const { table_name: name } of tables) {
      if (GLOBAL_TABLES.includes(name)) continue;
      const [pk] = await t.sql<{ cols: string[] }>(
        `select array_agg(a.attname order by k.ord)::text[] cols
           from pg_index i cross join unnest(i.indkey) with ordinality k(attnum, ord)
           join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
          where i.indrelid = $1::regclass and i.indisprimary`,
        [name],
      );
      if (pk?.cols?.[0] !== 'tenant_id') problems.push(`${name}: primary key does not lead with tenant_id (${pk?.cols})`);
      const [rls] = await t.sql(`select relrowsecurity, relforcerowsecurity from pg_class where oid = $1::regclass`, [name]);
      if (!rls.relrowsecurity || !rls.relforcerowsecurity) problems.push(`${name}: row-level security not enabled and forced`);
      const policies = await t.sql(`select 1 from pg_policies where tablename = $1`, [name]);
      if (!policies.length) problems.push(`${name}: no policy`);
      const fks = await t.sql<{ def: string }>(`select pg_get_constraintdef(oid) def from pg_constraint where conrelid = $1::regclass and contype = 'f'`, [name]);
      for (const fk of fks) if (!/^FOREIGN KEY \(tenant_id[,)]/.test(fk.def)) problems.push(`${name}: foreign key without tenant_id: ${fk.def}`);
    }
    expect(problems).toEqual([]);
    expect(tables.length).toBeGreaterThan(GLOBAL_TABLES.length);
  });

  it('keeps the audit log append-only for the runtime role', async () => {
    const audit = t.app.get(AuditService);
    await db.asTenant(tenantA, (em) => audit.record(em, { action: 'test.event', entity: 'Test', entityId: 'x', actor: { id: null, name: 'system' } }));
    await expect(db.asTenant(tenantA, (em) => em.query(`update audit_events set action = 'changed'`))).rejects.toThrow(/permission denied/);
    await expect(db.asTenant(tenantA, (em) => em.query(`delete from audit_events`))).rejects.toThrow(/permission denied/);
    const rows = await t.sql(`select action from audit_events where action = 'test.event'`);
    expect(rows).toHaveLength(1);
  });
});
