// Escalation pipeline throughput and latency (issue 6), in one run, on a private redis-server:
//  1. end-to-end escalations/s: one worker (relay + processor, in process) booted with its relay
//     stopped, N disputes escalated (outbox rows PENDING), then the relay started; time until the
//     N-th center case is committed (the worker's boot time is reported on its own);
//  2. raw BullMQ throughput of no-op jobs on the same Redis, same concurrency; the ratio (target ≥ 0.5);
//  3. p50/p99 latency escalation → center case at a steady open-loop 100 escalations/s (target
//     p99 < 250 ms), the worker in a process of its own as deployed (the API, serving the
//     escalations, and the load generator stay in this one): from the dispute's escalated_at (set before the escalating transaction
//     commits) to the outbox row's done_at (clock_timestamp() in the last statement of the
//     transaction that creates the case, i.e. its commit), and, as recorded before, to the
//     case's created_at (the start of that transaction).
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/escalation.ts [--n=10000] [--rate=100] [--seconds=10] [--record]
// (BENCH_PROFILE_DIR=DIR profiles step 1 in this process; WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the worker process of step 3.)
import { ChildProcess, spawn } from 'child_process';
import os from 'os';
import { join } from 'path';
import { AddressInfo } from 'net';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { INestApplication } from '@nestjs/common';
import { redisConnectionOptions } from '../libs/platform/src/queue/queue.module';
import globalSetup from '../test/setup/global-setup';
import globalTeardown from '../test/setup/global-teardown';
import { startTestApp, testEnv, TestApp } from '../test/support/app';
import { adminUrl } from '../test/support/db-url';
import { freePort, pool, PrivateRedis } from '../test/support/escalation-chaos';
import { createTenantFixture } from '../test/support/fixtures';
import { addStationStaff, createStation } from '../test/support/stations';
import { ESCALATION_BATCH, ESCALATION_CONCURRENCY } from '../apps/worker/src/escalation.processor';
import { analyzeLikeAutovacuum } from './support/analyze';
import { cpuPerOp, cpuSnapshot } from './support/cpu';
import { profilePhase } from './support/profile';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record');

const arg = (name: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id } }`;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The pid of the redis-server at `url` (INFO server). */
async function redisProcessId(url: string): Promise<number> {
  const r = new Redis(url);
  try {
    return Number(/process_id:(\d+)/.exec(await r.info('server'))![1]);
  } finally {
    r.disconnect();
  }
}

async function main() {
  const n = arg('n', 10000);
  const rate = arg('rate', 100);
  const seconds = arg('seconds', 10);
  await globalSetup();
  const t = await startTestApp();
  const redis = new PrivateRedis(await freePort());
  await redis.start();
  let worker: INestApplication | undefined;
  let child: ChildProcess | undefined;
  let closeWatch: () => Promise<void> = async () => undefined;
  const lines: string[] = [];
  try {
    const fx = await createTenantFixture(t, 'bench');
    const station = await createStation(t, fx, { orgUnitId: fx.units.countyA, category: 'MALL' });
    const staff = await addStationStaff(t, fx, station, 'bench-staff');
    const openMany = async (count: number, offset: number) => {
      const ids: string[] = new Array(count);
      await pool(count, 16, async (i) => {
        ids[i] = (
          await t.ok<{ openDispute: { id: string } }>(
            OPEN,
            { i: { stationId: station, consumerName: `消费者${i}`, consumerPhone: `135${String(10_000_000 + offset + i).slice(-8)}`, subject: `纠纷 ${i}`, description: '和解不成', claimType: 'REFUND' } },
            staff,
          )
        ).openDispute.id;
      });
      return ids;
    };
    // The completion polls run every 20–50 ms beside the pipeline and must cost next to nothing:
    // one connection kept open (t.sql connects per call, and a new PostgreSQL backend per poll
    // took CPU from the pipeline it measures).
    const watch = new Client({ connectionString: t.db.url });
    await watch.connect();
    closeWatch = () => watch.end();
    const count = async (sql: string, params?: unknown[]) => (await watch.query<{ n: number }>(sql, params)).rows[0].n;
    const casesOf = (ids: string[]) => count(`SELECT count(*)::int n FROM center_cases WHERE source_dispute_id = ANY($1)`, [ids]);
    // Only escalations create cases with a source dispute, and none exist before step 1.
    const escalatedCases = () => count(`SELECT count(*)::int n FROM center_cases WHERE source_dispute_id IS NOT NULL`);
    const doneOf = (ids: string[]) => count(`SELECT count(*)::int n FROM outbox WHERE aggregate_id = ANY($1) AND status = 'DONE'`, [ids]);

    // 1. End to end: the worker booted with its relay stopped, a backlog of N escalations, then the relay.
    Object.assign(process.env, { REDIS_URL: redis.url, QUEUE_PREFIX: '{bench}', OUTBOX_REDISPATCH_AFTER_MS: '30000', SUPERVISION_EVERY_MS: '3600000' });
    const { createWorkerApp } = await import('../apps/worker/src/bootstrap');
    const { OutboxRelay } = await import('../apps/worker/src/outbox-relay');
    worker = await createWorkerApp({ logger: false });
    const b0 = Date.now();
    await worker.init();
    const bootMs = Date.now() - b0;
    const relay = worker.get(OutboxRelay);
    await relay.stop();
    const backlog = await openMany(n, 0);
    // A running center has history: 20,000 cases received last year (seeded without triggers, so
    // the statistics refresher has nothing to rebuild for them), and planner statistics as
    // autovacuum keeps them (bench/support/analyze.ts). An empty center_cases would make every
    // plan cached on "a tiny table" (the foreign-key checks of deadlines) scan it whole per row.
    const [{ tenant_id: tenantId, org_unit_id: unitId }] = await t.sql(`SELECT tenant_id, org_unit_id FROM stations WHERE id = $1`, [station]);
    await t.sql(
      `DO $$ BEGIN
         SET LOCAL session_replication_role = replica;
         INSERT INTO center_cases (tenant_id, id, case_number, type, channel, status, received_at, subject, description,
                                   complainant_name_enc, complainant_phone_enc, complainant_phone_hash, registered_unit_id)
         SELECT '${tenantId}', gen_random_uuid(), 'HIST-' || g, 'COMPLAINT', 'PHONE', 'ARCHIVED', now() - interval '1 year' + g * interval '1 minute',
                '历史案件', '历史案件', 'x', 'x', md5(g::text), '${unitId}'
           FROM generate_series(1, 20000) g;
       END $$`,
    );
    await analyzeLikeAutovacuum({ query: (q) => t.sql(q) });
    await pool(backlog.length, 16, async (i) => {
      await t.ok(ESCALATE, { id: backlog[i], r: '和解不成' }, staff);
    });
    const redisPid = await redisProcessId(redis.url);
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    const t0 = Date.now();
    const c0 = await cpuSnapshot(admin, t.db.name, [redisPid]);
    await profilePhase('escalation-e2e', async () => {
      relay.start();
      while ((await escalatedCases()) < n) await sleep(20);
    });
    if ((await casesOf(backlog)) !== n) throw new Error('the cases counted are not those of the backlog');
    const e2eMs = Date.now() - t0;
    const e2eCpu = await cpuPerOp(admin, t.db.name, c0, n, [redisPid]);
    const e2eRate = (n * 1000) / e2eMs;

    // 2. Raw BullMQ: no-op jobs, same Redis, same concurrency.
    const connection = redisConnectionOptions(redis.url);
    const q = new Queue('bench-noop', { connection, prefix: '{bench}' });
    let done = 0;
    let finished!: () => void;
    const all = new Promise<void>((r) => (finished = r));
    const w = new Worker('bench-noop', async () => undefined, { connection, prefix: '{bench}', concurrency: ESCALATION_CONCURRENCY });
    w.on('completed', () => {
      if (++done === n) finished();
    });
    await w.waitUntilReady();
    const r0 = Date.now();
    const rc0 = await cpuSnapshot(admin, t.db.name, [redisPid]);
    for (let i = 0; i < n; i += 200) await q.addBulk(Array.from({ length: Math.min(200, n - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { jobId: `noop-${i + k}`, removeOnComplete: { count: 10_000 } } })));
    await all;
    const rawMs = Date.now() - r0;
    const rawCpu = await cpuPerOp(admin, t.db.name, rc0, n, [redisPid]);
    const rawRate = (n * 1000) / rawMs;
    await w.close();
    await q.close();

    // 3. Latency at a steady open-loop rate, the worker in its own process (as deployed).
    await worker.close();
    worker = undefined;
    const healthPort = await freePort();
    // WORKER_NODE_ARGS: extra node flags for the worker process, e.g. "--cpu-prof --cpu-prof-dir=DIR".
    child = spawn(process.execPath, [...(process.env.WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean), '-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      env: { ...process.env, ...testEnv(t.db.url, '{bench}'), REDIS_URL: redis.url, PORT: String(healthPort), OUTBOX_REDISPATCH_AFTER_MS: '30000', SUPERVISION_EVERY_MS: '3600000', SWC_NODE_PROJECT: 'tsconfig.json' },
      cwd: join(__dirname, '..'),
      stdio: 'ignore',
    });
    for (let i = 0; ; i++) {
      const up = await fetch(`http://127.0.0.1:${healthPort}/health`).then((r) => r.ok, () => false);
      if (up) break;
      if (i > 600) throw new Error('worker process did not start');
      await sleep(100);
    }
    const total = rate * seconds;
    const steady = await openMany(total, n);
    await analyzeLikeAutovacuum({ query: (q) => t.sql(q) });
    // Clients reach the API over a socket with keep-alive (fetch), as real ones do.
    await t.app.listen(0, '127.0.0.1');
    const endpoint = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const escalate = async (id: string) => {
      const started = Date.now();
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
        body: JSON.stringify({ query: ESCALATE, variables: { id, r: '和解不成' } }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return Date.now() - started;
    };
    const sc0 = await cpuSnapshot(admin, t.db.name, [child.pid!, redisPid]);
    const s0 = Date.now() + 100;
    const inflight: Promise<number>[] = [];
    for (let i = 0; i < total; i++) {
      const due = s0 + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      inflight.push(escalate(steady[i]));
    }
    const responses = (await Promise.all(inflight)).sort((a, b) => a - b);
    while ((await doneOf(steady)) < total) await sleep(50);
    const steadyCpu = await cpuPerOp(admin, t.db.name, sc0, total, [child.pid!, redisPid]);
    await admin.end();
    while ((await casesOf(steady)) < total) await sleep(50);
    while ((await doneOf(steady)) < total) await sleep(50);
    const ms = (a: string, b: string) => `extract(epoch FROM (${a} - ${b})) * 1000`;
    const rows = await t.sql<{ done: number; created: number; claimed: number; picked: number; tx: number }>(
      `SELECT ${ms('o.done_at', 'd.escalated_at')} AS done, ${ms('c.created_at', 'd.escalated_at')} AS created,
              ${ms('o.dispatched_at', 'd.escalated_at')} AS claimed, ${ms('c.created_at', 'o.dispatched_at')} AS picked, ${ms('o.done_at', 'c.created_at')} AS tx
         FROM center_cases c JOIN disputes d ON d.id = c.source_dispute_id JOIN outbox o ON o.aggregate_id = d.id WHERE d.id = ANY($1)`,
      [steady],
    );
    const sorted = (k: keyof (typeof rows)[number]) => rows.map((r) => Number(r[k])).sort((a, b) => a - b);
    const lat = sorted('done');
    const latStart = sorted('created');
    const seg = (k: keyof (typeof rows)[number]) => `p50 ${pct(sorted(k), 50).toFixed(0)} / p99 ${pct(sorted(k), 99).toFixed(0)} ms`;

    const perJob = (c: Awaited<ReturnType<typeof cpuPerOp>>, pg = true) =>
      `Node ${c.node.toFixed(2)}${pg ? ` + PostgreSQL ${c.pg.toFixed(2)}` : ''} + Redis ${c.others[0].toFixed(2)} = ${(pg ? c.total : c.total - c.pg).toFixed(2)} ms CPU`;
    const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
    lines.push(
      `end to end (relay started on a backlog → N-th center case committed, 1 worker process, concurrency ${ESCALATION_CONCURRENCY}, batches ≤ ${ESCALATION_BATCH}): ${n} in ${e2eMs} ms = ${e2eRate.toFixed(0)} escalations/s (worker boot before it: ${bootMs} ms); ${perJob(e2eCpu)} per escalation`,
      `raw BullMQ no-op jobs, same Redis and concurrency: ${n} in ${rawMs} ms = ${rawRate.toFixed(0)} jobs/s (${perJob(rawCpu, false)} per job); ratio ${(e2eRate / rawRate).toFixed(2)} (target ≥ 0.5)`,
      `latency at a steady open-loop ${rate}/s for ${seconds} s (${lat.length} escalations; worker in its own process), escalated → case committed (outbox done_at): p50 ${pct(lat, 50).toFixed(0)} ms, p99 ${pct(lat, 99).toFixed(0)} ms, max ${lat[lat.length - 1].toFixed(0)} ms (target p99 < 250 ms); to the case transaction's start (created_at): p50 ${pct(latStart, 50).toFixed(0)} ms, p99 ${pct(latStart, 99).toFixed(0)} ms`,
      `CPU per escalation at the steady rate: API + load generator (one process) ${steadyCpu.node.toFixed(2)} ms, worker process ${steadyCpu.others[0].toFixed(2)} ms, PostgreSQL ${steadyCpu.pg.toFixed(2)} ms, Redis ${steadyCpu.others[1].toFixed(2)} ms (total ${steadyCpu.total.toFixed(2)} ms)`,
      `segments: escalateDispute HTTP response p50 ${pct(responses, 50)} / p99 ${pct(responses, 99)} ms; escalated → relay claim (dispatched_at) ${seg('claimed')}; claim → case transaction start ${seg('picked')}; case transaction ${seg('tx')}`,
      `load average at the end (1, 5, 15 min): ${load}`,
    );
    lines.forEach((l) => console.log(l));
    if (process.argv.includes('--record')) record('Escalation pipeline throughput and latency', 'node -r @swc-node/register bench/escalation.ts --record', lines);
  } finally {
    await closeWatch().catch(() => undefined);
    await worker?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await redis.stop();
    await (t as TestApp).close();
    await globalTeardown();
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
