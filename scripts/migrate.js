#!/usr/bin/env node
// `npm run migrate`: applies migrations to DATABASE_URL under an advisory lock.
// Uses the built API bundle when present (production images carry no TypeScript tooling).
const { existsSync } = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const built = path.join(__dirname, '..', 'dist/apps/api/main.js');
if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL: 未设置 (required)');
  process.exit(78);
}
if (existsSync(built)) {
  const r = spawnSync(process.execPath, [built, 'migrate'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
const { runMigrations } = require('../libs/platform/src/database/migrate.ts');
runMigrations(process.env.DATABASE_URL)
  .then((ran) => console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database is up to date'))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
