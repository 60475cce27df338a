// The escalation chaos run, shared by test/escalation.e2e.spec.ts (reduced) and
// bench/escalation-chaos.ts (full): disputes are escalated while worker child processes are
// killed with SIGKILL and a private Redis (never the machine's) is restarted without persistence.
import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, openSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import Redis from 'ioredis';
import { TestApp, testEnv } from './app';
import { createTenantFixture } from './fixtures';
import { PrivateRedisCluster } from './redis-cluster';
import { addStationStaff, createStation } from './stations';

const ROOT = join(__dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A redis-server of our own on a spare port, without persistence: a restart loses every job. */
export class PrivateRedis {
  private proc?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'sn-redis-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        await sleep(50);
      }
    }
    throw new Error(`redis-server did not start on ${this.port}`);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  async restart(downMs = 300): Promise<void> {
    await this.stop();
    await sleep(downMs);
    await this.start();
  }
}

/** A worker process as deployed (`node apps/worker/src/main.ts` through swc), killable with SIGKILL. */
export class WorkerProcess {
  proc?: ChildProcess;
  constructor(private readonly env: Record<string, string>, private readonly logFile?: string) {}

  start(): void {
    const out = this.logFile ? openSync(this.logFile, 'a') : 'ignore';
    this.proc = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, SWC_NODE_PROJECT: 'tsconfig.json' },
      stdio: ['ignore', out, out],
    });
  }

  async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export interface ChaosOptions {
  disputes: number;
  kills: number;
  redisRestarts: number;
  workers: number;
  /** How long DISPATCHED rows wait before the relay re-sends them. */
  redispatchAfterMs: number;
  /** Give up waiting for convergence after this long. */
  settleTimeoutMs: number;
  log?: (line: string) => void;
  workerLog?: string;
  /**
   * Run BullMQ on a private Redis Cluster (3 masters + 3 replicas) instead of one redis-server;
   * `failovers` times, the master serving the queue prefix's slot is killed (SIGKILL) and its
   * replica promoted. (redisRestarts must then be 0.)
   */
  cluster?: boolean;
  failovers?: number;
}

export interface ChaosResult {
  disputes: number;
  cases: number;
  distinctDisputes: number;
  escalated: number;
  outboxDone: number;
  kills: number;
  redisRestarts: number;
  escalateMs: number;
  convergeMs: number;
  failovers: number;
  /** Cluster runs: the queue prefix's keys, and in how many slots / on how many masters they were. */
  clusterKeys?: { keys: number; slots: number; masters: number; slot: number; failoverLog: string[] };
}

/** Runs the chaos scenario against the API test app `t` (its database); returns the counts. */
export async function runEscalationChaos(t: TestApp, o: ChaosOptions): Promise<ChaosResult> {
  const log = o.log ?? (() => undefined);
  const fx = await createTenantFixture(t, 'chaos');
  const station = await createStation(t, fx, { orgUnitId: fx.units.countyA, category: 'SUPERMARKET' });
  const staff = await addStationStaff(t, fx, station, 'chaos-staff');
  const ids: string[] = [];
  const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
  const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id } }`;
  await pool(o.disputes, 16, async (i) => {
    const d = await t.ok<{ openDispute: { id: string } }>(
      OPEN,
      { i: { stationId: station, consumerName: `消费者${i}`, consumerPhone: `138${String(10_000_000 + i).slice(-8)}`, subject: `纠纷 ${i}`, description: '和解不成', claimType: 'REFUND' } },
      staff,
    );
    ids.push(d.openDispute.id);
  });
  log(`opened ${ids.length} disputes`);

  if (o.cluster && o.redisRestarts) throw new Error('a cluster run fails masters over instead of restarting Redis');
  const prefix = `{chaos${Date.now().toString(36)}}`;
  const redis = o.cluster ? null : new PrivateRedis(await freePort());
  const cluster = o.cluster ? new PrivateRedisCluster() : null;
  await redis?.start();
  await cluster?.start();
  if (cluster) log(`Redis Cluster up: ${cluster.nodes}`);
  const env = {
    ...testEnv(t.db.url, prefix),
    ...(cluster ? { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodes } : { REDIS_URL: redis!.url }),
    OUTBOX_REDISPATCH_AFTER_MS: String(o.redispatchAfterMs),
    SUPERVISION_EVERY_MS: '3600000',
    DB_POOL_SIZE: '6',
  };
  const workers = Array.from({ length: o.workers }, () => new WorkerProcess(env, o.workerLog));
  workers.forEach((w) => w.start());
  let kills = 0;
  let restarts = 0;
  let failovers = 0;
  const failoverLog: string[] = [];
  try {
    // Warm-up: the first escalations prove the workers are up before the clock starts.
    const warm = Math.min(5, ids.length);
    for (let i = 0; i < warm; i++) await t.ok(ESCALATE, { id: ids[i], r: '和解不成' }, staff);
    for (let i = 0; i < 240 && (await counts(t, fx.code)).cases < warm; i++) await sleep(250);
    log(`workers up (${warm} warm-up cases)`);
    // Then a steady pace over the span, so kills and the Redis restart land mid-stream.
    const spanMs = Math.max(4_000, ids.length * 5);
    const t0 = Date.now();
    const escalating = pool(ids.length - warm, 8, async (k) => {
      const i = warm + k;
      const due = t0 + (k * spanMs) / (ids.length - warm);
      if (due > Date.now()) await sleep(due - Date.now());
      await t.ok(ESCALATE, { id: ids[i], r: '和解不成' }, staff);
    });
    const events = [
      ...Array.from({ length: o.kills }, () => ({ at: Math.random() * spanMs, kind: 'kill' as const })),
      ...Array.from({ length: o.redisRestarts }, () => ({ at: Math.random() * spanMs, kind: 'redis' as const })),
      // Failovers in the middle half, so escalations run before, during and after each.
      ...Array.from({ length: o.failovers ?? 0 }, () => ({ at: spanMs * (0.25 + Math.random() * 0.5), kind: 'failover' as const })),
    ].sort((x, y) => x.at - y.at);
    for (const e of events) {
      const wait = t0 + e.at - Date.now();
      if (wait > 0) await sleep(wait);
      if (e.kind === 'kill') {
        const w = workers[Math.floor(Math.random() * workers.length)];
        await w.kill();
        kills++;
        log(`SIGKILL worker at ${Date.now() - t0} ms`);
        w.start();
      } else if (e.kind === 'failover') {
        const at = Date.now() - t0;
        const f = await cluster!.failOver(prefix);
        failovers++;
        const line = `SIGKILL master :${f.killed} (slot ${f.slot} of ${prefix}) at ${at} ms; replica :${f.promoted} promoted, cluster ok after ${Date.now() - t0 - at} ms`;
        failoverLog.push(line);
        log(line);
      } else {
        await redis!.restart();
        restarts++;
        log(`restarted Redis (all jobs lost) at ${Date.now() - t0} ms`);
      }
    }
    await escalating;
    const escalateMs = Date.now() - t0;
    log(`escalated ${ids.length} disputes in ${escalateMs} ms`);

    const deadline = Date.now() + o.settleTimeoutMs;
    let r = await counts(t, fx.code);
    while ((r.cases < ids.length || r.escalated < ids.length || r.outboxDone < ids.length) && Date.now() < deadline) {
      await sleep(250);
      r = await counts(t, fx.code);
    }
    const convergeMs = Date.now() - t0;
    log(`converged: ${JSON.stringify(r)} after ${convergeMs} ms`);
    let clusterKeys: ChaosResult['clusterKeys'];
    if (cluster) {
      // The hash tag at work: every key of the prefix sits in the tag's one slot, on one master.
      const keys = await cluster.keys(`${prefix}*`);
      const slots = new Set<number>();
      for (const k of keys) slots.add(Number(await cluster.command(k.port, 'CLUSTER', 'KEYSLOT', k.key)));
      clusterKeys = { keys: keys.length, slots: slots.size, masters: new Set(keys.map((k) => k.port)).size, slot: (await cluster.masterOf(prefix)).slot, failoverLog };
      log(`queue keys: ${JSON.stringify(clusterKeys)}`);
    }
    return { disputes: ids.length, ...r, kills, redisRestarts: restarts, failovers, escalateMs, convergeMs, clusterKeys };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
    await cluster?.stop();
  }
}

async function counts(t: TestApp, code: string) {
  const [r] = await t.sql<{ cases: number; distinct_disputes: number; escalated: number; outbox_done: number }>(
    `SELECT (SELECT count(*)::int FROM center_cases c WHERE c.tenant_id = tn.id) AS cases,
            (SELECT count(DISTINCT source_dispute_id)::int FROM center_cases c WHERE c.tenant_id = tn.id) AS distinct_disputes,
            (SELECT count(*)::int FROM disputes d WHERE d.tenant_id = tn.id AND d.status = 'ESCALATED') AS escalated,
            (SELECT count(*)::int FROM outbox o WHERE o.tenant_id = tn.id AND o.status = 'DONE') AS outbox_done
       FROM tenants tn WHERE tn.code = $1`,
    [code],
  );
  return { cases: r.cases, distinctDisputes: r.distinct_disputes, escalated: r.escalated, outboxDone: r.outbox_done };
}

/** Runs fn(0..n-1) with at most `width` in flight. */
export async function pool(n: number, width: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}
