import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { TenantDb } from '@app/platform';
import { PREPARE_AFTER, PreparingClient, statementName, UNPREPARED } from '../../libs/platform/src/database/preparing-client';
import { startTestApp, TestApp } from '../support/app';
import { createTenantFixture } from '../support/fixtures';

/** The pg Pool behind TypeORM (its options carry the Client class the pool connects with). */
const poolOf = (ds: DataSource) => (ds.driver as unknown as { master: { options: { Client?: unknown } } }).master;

describe('auto-prepared statements (PreparingClient)', () => {
  let t: TestApp;
  let db: TenantDb;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(TenantDb);
    const fx = await createTenantFixture(t, 'prep');
    [{ id: tenantId }] = await t.sql<{ id: string }>(`select id from tenants where code = $1`, [fx.code]);
  });
  afterAll(() => t?.close());

  it('is the client of the application pool by default', () => {
    expect(poolOf(t.app.get(DataSource)).options.Client).toBe(PreparingClient);
  });

  it('is left out with DB_AUTO_PREPARE=false (e.g. behind an old transaction-pooling PgBouncer)', async () => {
    const plain = await startTestApp({ env: { DB_AUTO_PREPARE: 'false' } });
    try {
      expect(poolOf(plain.app.get(DataSource)).options.Client).toBeUndefined();
      const ds = plain.app.get(DataSource);
      for (let i = 0; i <= PREPARE_AFTER + 1; i++) await ds.query(`select $1::int as n /* plain-client */`, [i]);
      expect((await ds.query(`select count(*)::int n from pg_prepared_statements`))[0].n).toBe(0);
    } finally {
      await plain.close();
      delete process.env.DB_AUTO_PREPARE;
    }
  });

  it('names a parameterised text once it has run more than PREPARE_AFTER times, per connection, with the same results', async () => {
    const text = `select name, $1::int + 1 as next from org_units where tenant_id = $2 order by path limit 1 /* prep-test */`;
    const { results, prepared } = await db.asTenant(tenantId, async (em) => {
      const out: { name: string; next: number }[] = [];
      const before: string[] = (await em.query(`select name from pg_prepared_statements`)).map((r: { name: string }) => r.name);
      for (let i = 0; i <= PREPARE_AFTER + 2; i++) out.push((await em.query(text, [i, tenantId]))[0]);
      const after: { name: string; statement: string }[] = await em.query(`select name, statement from pg_prepared_statements`);
      return { results: out, prepared: after.filter((r) => !before.includes(r.name)) };
    });
    expect(results.map((r) => r.next)).toEqual(Array.from({ length: PREPARE_AFTER + 3 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.name)).size).toBe(1);
    expect(prepared).toEqual([{ name: statementName(text), statement: text }]);
  });

  it('leaves texts without parameters or marked UNPREPARED unnamed, and a failing statement fails the same way each time', async () => {
    const before = await db.asTenant(tenantId, async (em) => {
      for (let i = 0; i <= PREPARE_AFTER + 1; i++) await em.query(`select 42 as answer /* unparameterised */`);
      return (await em.query(`select count(*)::int n from pg_prepared_statements where statement like '%unparameterised%'`))[0].n;
    });
    expect(before).toBe(0);
    // Nor texts marked UNPREPARED (analytic statements planned for their actual range each time).
    const marked = await db.asTenant(tenantId, async (em) => {
      for (let i = 0; i <= PREPARE_AFTER + 2; i++) await em.query(`${UNPREPARED} select $1::int as n /* marked */`, [i]);
      return (await em.query(`select count(*)::int n from pg_prepared_statements where statement like '%/* marked */%'`))[0].n;
    });
    expect(marked).toBe(0);
    for (let i = 0; i <= PREPARE_AFTER + 2; i++) {
      await expect(db.asTenant(tenantId, (em) => em.query(`select 1 / ($1::int - $1::int) /* prep-fail */`, [i]))).rejects.toThrow(/division by zero/);
    }
    // The pool is still healthy afterwards.
    expect((await db.asTenant(tenantId, (em) => em.query(`select $1::int + 1 as n /* after-fail */`, [1])))[0].n).toBe(2);
  });

  it('is a pg Client like any other for the rest (callbacks, query configs)', async () => {
    const c = new PreparingClient({ connectionString: t.db.url });
    await c.connect();
    try {
      expect(c).toBeInstanceOf(Client);
      expect((await c.query({ text: 'select $1::text as v', values: ['x'] })).rows).toEqual([{ v: 'x' }]);
      const viaCallback = await new Promise((resolve, reject) => c.query('select $1::int as v', [7], (e: Error | null, r: { rows: unknown[] }) => (e ? reject(e) : resolve(r.rows))));
      expect(viaCallback).toEqual([{ v: 7 }]);
    } finally {
      await c.end();
    }
  });
});
