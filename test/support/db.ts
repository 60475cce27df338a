import { Client } from 'pg';
import { randomBytes } from 'crypto';
import { adminUrl, databaseUrl } from './db-url';

export interface TestDatabase {
  name: string;
  /** Connection as the owner (superuser on the test machines): bypasses RLS, for assertions. */
  url: string;
  drop(): Promise<void>;
}

/** Clones the migrated template into a database of this test file's own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.SN_TEST_TEMPLATE;
  if (!template) throw new Error('SN_TEST_TEMPLATE is not set: run tests through jest (global setup)');
  const name = `sn_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (e) {
        // Two clones starting at once may briefly see each other on the template.
        if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(adminUrl(), name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Runs SQL as the owner (no RLS) against a test database. */
export async function ownerQuery<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}
