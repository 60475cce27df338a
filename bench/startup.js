#!/usr/bin/env node
// Measures the API's cold start (spawn → /health 200) and idle RSS, from the built bundle.
//   npm run build && DATABASE_URL=... node bench/startup.js [--record]
const { spawn } = require('child_process');
const path = require('path');
const { readFileSync } = require('fs');
const { record } = require('./record');

async function main() {
  const port = 3990;
  const env = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
    DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
    PLATFORM_ADMIN_PASSWORD: 'Bench-pass-2026',
    LOG_LEVEL: 'warn',
    PORT: String(port),
  };
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'dist/apps/api/main.js')], { env, stdio: 'ignore' });
    let exited = false;
    child.on('exit', () => (exited = true));
    for (;;) {
      if (exited || Number(process.hrtime.bigint() - t0) > 60e9) throw new Error('the API did not start (is DATABASE_URL migrated?)');
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    await new Promise((r) => setTimeout(r, 3000));
    const rss = Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
    runs.push({ ms, rss });
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
  const best = Math.min(...runs.map((r) => r.ms));
  const rss = runs.map((r) => r.rss).sort((a, b) => a - b)[1];
  const lines = [`API cold start (spawn → /health 200): best ${best.toFixed(0)} ms of 3`, `API idle RSS after 3 s: ${rss.toFixed(0)} MB`];
  console.log(lines.join('\n'));
  if (process.argv.includes('--record')) record('API startup', 'node bench/startup.js --record', lines);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
