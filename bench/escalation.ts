// Escalation pipeline throughput and latency (issue 6), in one run, on a private redis-server:
//  1. end-to-end escalations/s: N disputes escalated (outbox rows PENDING), then one worker
//     (relay + processor, in process) started; time until the N-th center case is committed;
//  2. raw BullMQ throughput of no-op jobs on the same Redis, same concurrency; the ratio (target ≥ 0.5);
//  3. p50/p99 latency escalation → center case at a steady open-loop 100 escalations/s (target
//     p99 < 250 ms), from the dispute's escalated_at to the case's created_at (both database-side
//     instants of the two transactions).
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/escalation.ts [--n=2000] [--rate=100] [--seconds=10] [--record]
import { Queue, Worker } from 'bullmq';
import { INestApplication } from '@nestjs/common';
import { redisConnectionOptions } from '../libs/platform/src/queue/queue.module';
import globalSetup from '../test/setup/global-setup';
import globalTeardown from '../test/setup/global-teardown';
import { startTestApp, TestApp } from '../test/support/app';
import { freePort, pool, PrivateRedis } from '../test/support/escalation-chaos';
import { createTenantFixture } from '../test/support/fixtures';
import { addStationStaff, createStation } from '../test/support/stations';
import { ESCALATION_CONCURRENCY } from '../apps/worker/src/escalation.processor';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record');

const arg = (name: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id } }`;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const n = arg('n', 2000);
  const rate = arg('rate', 100);
  const seconds = arg('seconds', 10);
  await globalSetup();
  const t = await startTestApp();
  const redis = new PrivateRedis(await freePort());
  await redis.start();
  let worker: INestApplication | undefined;
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
    const casesOf = async (ids: string[]) => (await t.sql<{ n: number }>(`SELECT count(*)::int n FROM center_cases WHERE source_dispute_id = ANY($1)`, [ids]))[0].n;

    // 1. End to end: a backlog of N escalations, then the worker.
    const backlog = await openMany(n, 0);
    await pool(backlog.length, 16, async (i) => {
      await t.ok(ESCALATE, { id: backlog[i], r: '和解不成' }, staff);
    });
    Object.assign(process.env, { REDIS_URL: redis.url, QUEUE_PREFIX: '{bench}', OUTBOX_REDISPATCH_AFTER_MS: '30000', SUPERVISION_EVERY_MS: '3600000' });
    const { createWorkerApp } = await import('../apps/worker/src/bootstrap');
    worker = await createWorkerApp({ logger: false });
    const t0 = Date.now();
    await worker.init();
    while ((await casesOf(backlog)) < n) await sleep(20);
    const e2eMs = Date.now() - t0;
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
    for (let i = 0; i < n; i += 200) await q.addBulk(Array.from({ length: Math.min(200, n - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { jobId: `noop-${i + k}`, removeOnComplete: { count: 10_000 } } })));
    await all;
    const rawMs = Date.now() - r0;
    const rawRate = (n * 1000) / rawMs;
    await w.close();
    await q.close();

    // 3. Latency at a steady open-loop rate.
    const total = rate * seconds;
    const steady = await openMany(total, n);
    const s0 = Date.now() + 100;
    const inflight: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const due = s0 + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      inflight.push(t.ok(ESCALATE, { id: steady[i], r: '和解不成' }, staff));
    }
    await Promise.all(inflight);
    while ((await casesOf(steady)) < total) await sleep(50);
    const lat = (
      await t.sql<{ ms: number }>(
        `SELECT extract(epoch FROM (c.created_at - d.escalated_at)) * 1000 AS ms FROM center_cases c JOIN disputes d ON d.id = c.source_dispute_id WHERE d.id = ANY($1)`,
        [steady],
      )
    )
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);

    lines.push(
      `end to end (escalated → center case committed, 1 worker process, concurrency ${ESCALATION_CONCURRENCY}): ${n} in ${e2eMs} ms = ${e2eRate.toFixed(0)} escalations/s`,
      `raw BullMQ no-op jobs, same Redis and concurrency: ${n} in ${rawMs} ms = ${rawRate.toFixed(0)} jobs/s; ratio ${(e2eRate / rawRate).toFixed(2)} (target ≥ 0.5)`,
      `latency at a steady open-loop ${rate}/s for ${seconds} s (${lat.length} escalations): p50 ${pct(lat, 50).toFixed(0)} ms, p99 ${pct(lat, 99).toFixed(0)} ms, max ${lat[lat.length - 1].toFixed(0)} ms (target p99 < 250 ms)`,
    );
    lines.forEach((l) => console.log(l));
    if (process.argv.includes('--record')) record('Escalation pipeline throughput and latency', 'node -r @swc-node/register bench/escalation.ts --record', lines);
  } finally {
    await worker?.close();
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
