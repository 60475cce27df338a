#!/usr/bin/env node
// `npm start`: the whole system on one machine. Builds if needed, finds or starts PostgreSQL
// (embedded under ./.data when DATABASE_URL is unset) and Redis, migrates, starts the API and
// the worker, seeds a demo tenant, and prints the URLs and demo logins.
const { spawn, spawnSync } = require('child_process');
const { existsSync, readFileSync, writeFileSync, mkdirSync } = require('fs');
const { randomBytes } = require('crypto');
const path = require('path');
const { ROOT, DATA, ensurePostgres, ensureRedis, ensureDatabase } = require('./lib/services');
const { seedDemo } = require('./seed-demo');

function devSecrets() {
  const file = path.join(DATA, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const s = { JWT_SECRET: randomBytes(32).toString('hex'), DATA_KEY: randomBytes(32).toString('base64'), PLATFORM_ADMIN_PASSWORD: 'Admin-pass-2026' };
  mkdirSync(DATA, { recursive: true });
  writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  return s;
}

async function waitForHealth(port, ms = 60000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the service on port ${port} did not become healthy`);
}

async function main() {
  if (!existsSync(path.join(ROOT, 'dist/apps/api/main.js')) || !existsSync(path.join(ROOT, 'dist/apps/worker/main.js')) || process.env.REBUILD) {
    console.log('Building …');
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  // The web console (served by the API at /) when only the apps were built, e.g. by an older build.
  if (!existsSync(path.join(ROOT, 'dist/console/index.html'))) {
    console.log('Building the web console …');
    const b = spawnSync('npm', ['run', 'console:build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  const pg = await ensurePostgres({ dir: 'pg', port: 54329 });
  const redis = await ensureRedis({ port: 63799 });
  const databaseUrl = pg.source === 'DATABASE_URL' ? pg.url : await ensureDatabase(pg.url, 'station_network');
  const port = Number(process.env.PORT || 3000);
  const secrets = devSecrets();
  const env = {
    ...process.env,
    ...Object.fromEntries(Object.entries(secrets).filter(([k]) => !process.env[k])),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    NODE_ENV: process.env.NODE_ENV || 'development',
  };
  const m = spawnSync(process.execPath, ['dist/apps/api/main.js', 'migrate'], { cwd: ROOT, env, stdio: 'inherit' });
  if (m.status !== 0) process.exit(m.status ?? 1);

  const children = [
    // The API's old space capped as deployed (docker/compose.yml API_HEAP_MB): flat memory on large exports.
    spawn(process.execPath, [`--max-old-space-size=${process.env.API_HEAP_MB || 256}`, 'dist/apps/api/main.js'], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit'] }),
    spawn(process.execPath, ['dist/apps/worker/main.js'], { cwd: ROOT, env: { ...env, PORT: String(port + 1) }, stdio: ['ignore', 'inherit', 'inherit'] }),
  ];
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r)))));
    await redis.stop();
    await pg.stop();
    process.exit(code);
  };
  for (const c of children) c.on('exit', (code) => !stopping && stop(code ?? 1));
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  await waitForHealth(port);
  await waitForHealth(port + 1);
  const url = `http://127.0.0.1:${port}/graphql`;
  const logins = await seedDemo(url, env.PLATFORM_ADMIN_PASSWORD);
  console.log('\n================ 12315 维权服务站网络 ================');
  console.log(`GraphQL API:  ${url}`);
  console.log(`Web console:  http://127.0.0.1:${port}/`);
  console.log(`Worker health: http://127.0.0.1:${port + 1}/health`);
  console.log(`PostgreSQL: ${pg.source}, Redis: ${redis.source}`);
  console.log(`Platform admin: username admin, password ${env.PLATFORM_ADMIN_PASSWORD} (no tenantCode)`);
  console.log('Demo logins (tenantCode / username / password):');
  for (const l of logins) console.log(`  ${l.role.padEnd(16)} ${l.tenantCode} / ${l.username} / ${l.password}`);
  console.log('Press Ctrl+C to stop.\n');
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
