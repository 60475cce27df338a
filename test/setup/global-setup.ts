import { Client } from 'pg';
import { runMigrations } from '../../libs/platform/src/database/migrate';
import { adminUrl, databaseUrl } from '../support/db-url';

/** Migrates one template database; every test file clones its own database from it. */
export default async function globalSetup(): Promise<void> {
  const admin = adminUrl();
  const template = `sn_tpl_${process.pid}_${Date.now().toString(36)}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`create database ${template}`);
  } finally {
    await c.end();
  }
  await runMigrations(databaseUrl(admin, template));
  process.env.SN_TEST_TEMPLATE = template;
  process.env.SN_TEST_ADMIN_URL = admin;
}
