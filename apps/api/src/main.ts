import 'reflect-metadata';
import { loadConfigOrExit, runMigrations } from '@app/platform';

/** `node dist/apps/api/main.js migrate`: apply migrations and exit (needs DATABASE_URL only). */
async function migrate() {
  if (!process.env.DATABASE_URL) {
    console.error('DATABASE_URL: 未设置 (required)');
    process.exit(78);
  }
  const ran = await runMigrations(process.env.DATABASE_URL);
  console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database is up to date');
}

async function main() {
  if (process.argv[2] === 'migrate') return migrate();
  loadConfigOrExit(process.env);
  const { createApiApp } = await import('./bootstrap');
  const app = await createApiApp();
  const port = Number(process.env.PORT || 3000);
  await app.listen(port, '0.0.0.0');
  app.get(await import('nestjs-pino').then((m) => m.Logger)).log(`API listening on http://127.0.0.1:${port}/graphql`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
