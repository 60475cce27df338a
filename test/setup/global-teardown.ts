import { Client } from 'pg';
import { adminUrl } from '../support/db-url';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.SN_TEST_TEMPLATE;
  if (!template) return;
  const c = new Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(`drop database if exists ${template} with (force)`);
  } finally {
    await c.end();
  }
}
