#!/usr/bin/env node
// `npm test`: every test (unit, integration, end-to-end) against real PostgreSQL and Redis:
// those of the environment or the local defaults, else embedded ones under ./.data.
// Prints the plain summary `tests: N passed, N failed` as the last line.
const { spawn } = require('child_process');
const { readFileSync, mkdirSync, rmSync } = require('fs');
const path = require('path');
const { ROOT, DATA, ensurePostgres, ensureRedis } = require('./lib/services');

async function main() {
  const pg = await ensurePostgres({ dir: 'test-pg', port: 54330 });
  const redis = await ensureRedis({ port: 63800 });
  console.log(`tests use PostgreSQL (${pg.source}) and Redis (${redis.source})`);
  mkdirSync(DATA, { recursive: true });
  const results = path.join(DATA, 'jest-results.json');
  rmSync(results, { force: true });
  const jestBin = require.resolve('jest/bin/jest');
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [jestBin, '--json', `--outputFile=${results}`, ...process.argv.slice(2)], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: pg.url, REDIS_URL: redis.url, NODE_ENV: 'test' },
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  await redis.stop();
  await pg.stop();
  let passed = 0;
  let failed = 0;
  try {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    passed = r.numPassedTests;
    failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  } catch {
    failed = Math.max(failed, 1);
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
});
