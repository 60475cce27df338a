import { Client } from 'pg';
import { runMigrations, MIGRATIONS } from '@app/platform';
import { adminUrl, databaseUrl } from '../support/db-url';
import { pendingSchemaChanges } from '../support/schema';

async function withFreshDatabase(fn: (url: string) => Promise<void>): Promise<void> {
  const name = `sn_m_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    await fn(databaseUrl(adminUrl(), name));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

describe('migrations', () => {
  it('a fresh database migrated to head has no difference from the entity metadata', async () => {
    await withFreshDatabase(async (url) => {
      await runMigrations(url);
      const { up } = await pendingSchemaChanges(url);
      expect(up).toEqual([]);
    });
  });

  it('two processes migrating at once apply each migration exactly once (advisory lock)', async () => {
    await withFreshDatabase(async (url) => {
      const [first, second] = await Promise.all([runMigrations(url), runMigrations(url)]);
      expect([...first, ...second].sort()).toEqual(MIGRATIONS.map((m) => new m().name ?? m.name).sort());
      const c = new Client({ connectionString: url });
      await c.connect();
      const rows = (await c.query(`select name from migrations`)).rows;
      await c.end();
      expect(rows).toHaveLength(MIGRATIONS.length);
    });
  });
});
