// Development aid (not run by the product): prints the SQL that would bring a freshly migrated
// database in line with the entities, to review and paste into a new migration.
//   node -r @swc-node/register scripts/dev/migration-sql.ts
import { Client } from 'pg';
import { runMigrations } from '../../libs/platform/src/database/migrate';
import { pendingSchemaChanges } from '../../test/support/schema';

async function main() {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sn_gen_${process.pid}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  try {
    await runMigrations(url);
    const { up, down } = await pendingSchemaChanges(url);
    console.log('-- up');
    for (const q of up) console.log(q + ';');
    console.log('-- down');
    for (const q of down.reverse()) console.log(q + ';');
  } finally {
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
