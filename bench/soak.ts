// Load and soak (issue 9, item 4): a mixed workload over HTTP against the built API and worker
// running as child processes (dist/apps/*/main.js, built first when missing), on a database of
// its own seeded by bench/seed.ts (default --scale 1: a province with one city of 606 stations
// and two years of disputes and center cases) and the machine's Redis under a private queue prefix.
//
// Workload: counter intake (openDispute, then settleDispute or escalateDispute of those), listings
// (disputes as station staff and as a county officer, stations as a city officer, centerCases as
// a city 12315 operator) and statistics; escalations go through the outbox and the worker, which
// creates the center cases (checked at the end: every escalation of the run has its one case).
//
// 1. Ramp: closed loop at 1, 2, 4, … concurrent clients, --step-seconds each, until throughput
//    stops growing: the maximum requests/s.
// 2. Soak: paced at 50% of that maximum for --minutes (default 10).
// Reports requests/s, p50/p99 per operation, errors (target 0), and the RSS of api and worker
// after warm-up vs at the end (target growth < 10%), with the machine's load while measuring.
// Memory is compared after a full GC in each app (bench/support/heap-probe.js, preloaded with
// --expose-gc and asked over IPC once a minute), since RSS sampled at random moments swings by
// ±15% with the garbage collector; the sampled RSS and the heap's trend are reported beside it.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/soak.ts [--minutes 10] [--scale 1]
//       [--step-seconds 15] [--warmup-seconds 60] [--keep] [--record]
import { mkdtempSync, readFileSync } from 'fs';
import os from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { BENCH_DATA_KEY, BENCH_PASSWORD, seedBench } from './seed';
import { API_MAIN, AppProcess, ensureBuilt, freePort, gqlAt, GqlResponse, machineLine, okData, percentile, sleep, WORKER_MAIN } from './support/processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record') as { record: (title: string, command: string, lines: string[]) => void };

const args = process.argv.slice(2);
const arg = (name: string, d: number) => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return d;
  return Number(args[i].includes('=') ? args[i].split('=')[1] : args[i + 1]);
};
const MINUTES = arg('minutes', 10);
const SCALE = arg('scale', 1);
const STEP_S = arg('step-seconds', 15);
const WARMUP_S = arg('warmup-seconds', Math.min(60, MINUTES * 6));
const RECORD = args.includes('--record');
const KEEP = args.includes('--keep');
const log = (l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`);

const Q = {
  open: `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id caseNumber status settleBy } }`,
  settle: `mutation($id: ID!, $i: SettleDisputeInput!) { settleDispute(id: $id, input: $i) { id status } }`,
  escalate: `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id status } }`,
  disputes: `query($f: DisputeFilter, $first: Int) { disputes(filter: $f, first: $first) { totalCount edges { node { id caseNumber status consumerName subject openedAt settleBy amountClaimed } } } }`,
  stations: `query($f: StationFilter, $first: Int) { stations(filter: $f, first: $first) { totalCount edges { node { id code name category status hostName address } } } }`,
  centerCases: `query($f: CenterCaseFilter, $first: Int) { centerCases(filter: $f, first: $first) { totalCount edges { node { id caseNumber type channel status receivedAt subject urgeCount } } } }`,
  statistics: `query($p: PeriodInput!) { statistics(period: $p) { from complaints consultations accepted closed closureRate amountRecovered byCategory { category count } byChannel { channel count } } }`,
};
type Op = 'openDispute' | 'settleDispute' | 'escalateDispute' | 'disputes' | 'stations' | 'centerCases' | 'statistics';
const OPS: Op[] = ['openDispute', 'settleDispute', 'escalateDispute', 'disputes', 'stations', 'centerCases', 'statistics'];
const WEIGHTS: [Op, number][] = [
  ['openDispute', 25],
  ['settleDispute', 12],
  ['escalateDispute', 8],
  ['disputes', 15],
  ['stations', 15],
  ['centerCases', 15],
  ['statistics', 10],
];

interface Staff {
  token: string;
  stationId: string;
  open: string[];
}
interface Actors {
  url: string;
  staff: Staff[];
  cityOfficer: string;
  cityOperator: string;
  countyOfficers: { token: string; unit: string }[];
  counties: string[];
}

class Stats {
  lat = new Map<Op, number[]>(OPS.map((o) => [o, []]));
  errors = new Map<string, number>();
  errorSamples: string[] = [];
  count = 0;
  errorCount = 0;
  escalated: { id: string; at: number }[] = [];
  add(op: Op, ms: number, r: GqlResponse) {
    this.count++;
    this.lat.get(op)!.push(ms);
    if (r.status !== 200 || r.errors?.length) {
      this.errorCount++;
      const key = `${op}:${r.errors?.[0]?.extensions?.code ?? r.status}`;
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
      if (this.errorSamples.length < 5) this.errorSamples.push(`${key} ${r.errors?.[0]?.message ?? ''}`.slice(0, 200));
    }
  }
}

let rngState = 12345;
const rnd = () => ((rngState = (rngState * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
const pickOp = (): Op => {
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [op, w] of WEIGHTS) if ((r -= w) < 0) return op;
  return 'openDispute';
};
let seq = 0;

/** One request of the mix; returns the operation actually run. */
async function runOne(a: Actors, stats: Stats): Promise<void> {
  let op = pickOp();
  const withOpen = a.staff.filter((s) => s.open.length);
  if ((op === 'settleDispute' || op === 'escalateDispute') && !withOpen.length) op = 'openDispute';
  const t0 = performance.now();
  let r: GqlResponse;
  switch (op) {
    case 'openDispute': {
      const s = pick(a.staff);
      const k = ++seq;
      r = await gqlAt(a.url, Q.open, {
        i: {
          stationId: s.stationId,
          consumerName: pick(['王芳', '李强', '张伟', '刘洋', '陈静']),
          consumerPhone: `139${String(10_000_000 + ((k * 7919) % 90_000_000)).slice(-8)}`,
          subject: pick(['牛奶过期', '羽绒服质量问题', '空调不制冷', '门票价格争议', '缺斤短两']),
          description: '消费者到站反映问题，要求商家处理',
          claimType: pick(['REFUND', 'EXCHANGE', 'REPAIR', 'COMPENSATION']),
          amountClaimed: `${1 + (k % 900)}.${String(k % 100).padStart(2, '0')}`,
          issueType: pick(['QUALITY', 'PRICE', 'FOOD_SAFETY', 'AFTER_SALES']),
        },
      }, s.token);
      if (r.data?.openDispute?.id) s.open.push(r.data.openDispute.id);
      break;
    }
    case 'settleDispute': {
      const s = pick(withOpen);
      const id = s.open.shift()!;
      r = await gqlAt(a.url, Q.settle, { id, i: { agreement: '商家同意退货退款', amountRecovered: '100.00', consumerSigned: true } }, s.token);
      break;
    }
    case 'escalateDispute': {
      const s = pick(withOpen);
      const id = s.open.shift()!;
      r = await gqlAt(a.url, Q.escalate, { id, r: '双方分歧较大，提交12315中心' }, s.token);
      if (r.data?.escalateDispute?.id) stats.escalated.push({ id, at: Date.now() });
      break;
    }
    case 'disputes': {
      if (rnd() < 0.5) {
        const s = pick(a.staff);
        r = await gqlAt(a.url, Q.disputes, { first: 20 }, s.token);
      } else {
        const o = pick(a.countyOfficers);
        r = await gqlAt(a.url, Q.disputes, { first: 20, f: { orgUnitId: o.unit, ...(rnd() < 0.3 ? { status: 'ESCALATED' } : {}) } }, o.token);
      }
      break;
    }
    case 'stations': {
      const f: Record<string, unknown> = { orgUnitId: pick(a.counties) };
      const x = rnd();
      if (x < 0.3) f.category = pick(['MALL', 'SUPERMARKET', 'MARKET', 'ENTERPRISE', 'SCENIC_AREA', 'OTHER']);
      else if (x < 0.45) f.search = pick(['超市', '商场', '景区', '电器']);
      r = await gqlAt(a.url, Q.stations, { first: 50, f }, a.cityOfficer);
      break;
    }
    case 'centerCases': {
      const x = rnd();
      const f = x < 0.3 ? { status: pick(['REGISTERED', 'ACCEPTED', 'ASSIGNED', 'CLOSED']) } : x < 0.5 ? { type: 'COMPLAINT' } : x < 0.6 ? { overdue: true } : {};
      r = await gqlAt(a.url, Q.centerCases, { first: 20, f }, a.cityOperator);
      break;
    }
    case 'statistics': {
      const daysBack = Math.floor(rnd() * 700);
      const anchor = new Date(Date.now() + 8 * 3600_000 - daysBack * 86_400_000).toISOString().slice(0, 10);
      r = await gqlAt(a.url, Q.statistics, { p: { kind: pick(['MONTH', 'MONTH', 'QUARTER', 'YEAR', 'WEEK']), anchor } }, a.cityOperator);
      break;
    }
  }
  stats.add(op, performance.now() - t0, r!);
}

/** Closed loop with `concurrency` clients for `ms`; or paced at `rate` requests/s when given. */
async function drive(a: Actors, concurrency: number, ms: number, rate?: number, onTick?: () => void): Promise<Stats> {
  const stats = new Stats();
  const t0 = Date.now();
  const end = t0 + ms;
  let k = 0;
  const tick = onTick ? setInterval(onTick, 5000) : undefined;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        if (rate) {
          const due = t0 + (k++ * 1000) / rate;
          if (due > Date.now()) await sleep(due - Date.now());
          if (Date.now() >= end) break;
        }
        await runOne(a, stats);
      }
    }),
  );
  if (tick) clearInterval(tick);
  return stats;
}

function cpuTimes(): { busy: number; total: number } {
  const cpus = os.cpus();
  let busy = 0;
  let total = 0;
  for (const c of cpus) {
    const t = c.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}
function procCpuMs(pid?: number): number {
  if (!pid) return 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return 0;
  }
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const median = (xs: number[]) => percentile([...xs].sort((x, y) => x - y), 50);

async function main() {
  log(`machine: ${machineLine()}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  await ensureBuilt(log);
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const dbName = `sn_bench_soak_${process.pid}`;
  const dbUrl = new URL(base);
  dbUrl.pathname = `/${dbName}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const logDir = mkdtempSync(join(os.tmpdir(), 'sn-soak-'));
  let api: AppProcess | undefined;
  let worker: AppProcess | undefined;
  let ok = false;
  try {
    const seeded = await seedBench({ url: dbUrl.toString(), scale: SCALE, prefix: 'soak', dataKey: BENCH_DATA_KEY, log: (l) => log(`seed: ${l}`) });
    log(`seeded scale ${SCALE} in ${(seeded.ms / 1000).toFixed(1)} s: ${Object.entries(seeded.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const env = {
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redisUrl,
      JWT_SECRET: 'soak-secret-0123456789abcdef0123456789abcdef',
      DATA_KEY: BENCH_DATA_KEY,
      PLATFORM_ADMIN_PASSWORD: 'Soak-admin-pass-2026',
      QUEUE_PREFIX: `{soak${process.pid}}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      DB_POOL_SIZE: '10',
    };
    api = new AppProcess('api', API_MAIN, env, await freePort(), join(logDir, 'api.log'), true);
    worker = new AppProcess('worker', WORKER_MAIN, env, await freePort(), join(logDir, 'worker.log'), true);
    await api.start();
    await worker.start();
    log(`api pid ${api.pid} on :${api.port}, worker pid ${worker.pid} on :${worker.port}; logs in ${logDir}`);
    const url = `http://127.0.0.1:${api.port}/graphql`;

    // ---- actors (tokens)
    const owner = new Client({ connectionString: dbUrl.toString() });
    await owner.connect();
    const login = async (username: string) =>
      okData(await gqlAt(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { tenantCode: 'soak-p1', username, password: BENCH_PASSWORD } }), `login ${username}`).login.accessToken as string;
    const staffRows = (
      await owner.query(
        `SELECT u.username, u.station_id FROM users u JOIN stations s ON s.tenant_id = u.tenant_id AND s.id = u.station_id JOIN tenants t ON t.id = u.tenant_id
          WHERE t.code = 'soak-p1' AND s.status = 'ACTIVE' AND 'STATION_STAFF' = ANY(u.roles) ORDER BY u.username LIMIT 48`,
      )
    ).rows;
    const counties = (await owner.query(`SELECT o.id FROM org_units o JOIN tenants t ON t.id = o.tenant_id WHERE t.code = 'soak-p1' AND o.level = 'COUNTY' ORDER BY o.path`)).rows.map((r) => r.id as string);
    const actors: Actors = {
      url,
      staff: [],
      cityOfficer: await login('officer-c1-1'),
      cityOperator: await login('operator-c1-1'),
      countyOfficers: [],
      counties,
    };
    for (const r of staffRows) actors.staff.push({ token: await login(r.username), stationId: r.station_id, open: [] });
    for (let j = 1; j <= counties.length; j++) actors.countyOfficers.push({ token: await login(`officer-c1-k${j}-1`), unit: counties[j - 1] });
    log(`${actors.staff.length} station staff, ${actors.countyOfficers.length} county officers, a city officer and a city operator logged in`);

    // ---- ramp
    await drive(actors, 4, 5000); // warm the JIT, pools and caches
    const steps: { c: number; rps: number; p99: number; errors: number }[] = [];
    let best = { c: 1, rps: 0, p99: 0, errors: 0 };
    for (const c of [1, 2, 4, 8, 16, 32, 48, 64, 96]) {
      const s = await drive(actors, c, STEP_S * 1000);
      const all = OPS.flatMap((o) => s.lat.get(o)!).sort((x, y) => x - y);
      const step = { c, rps: s.count / STEP_S, p99: percentile(all, 99), errors: s.errorCount };
      steps.push(step);
      log(`ramp: ${c} clients → ${fmt(step.rps)} req/s, p99 ${fmt(step.p99)} ms, ${step.errors} errors, load ${os.loadavg()[0].toFixed(2)}`);
      if (step.rps > best.rps * 1.03) best = step;
      else if (steps.length - steps.indexOf(best) > 2) break;
      if (step.errors > s.count * 0.01) break;
    }
    const target = best.rps * 0.5;
    log(`maximum ${fmt(best.rps)} req/s at ${best.c} clients; soaking at ${fmt(target)} req/s for ${MINUTES} min (warm-up ${WARMUP_S} s)`);

    // ---- soak
    const samples: { t: number; api: number; worker: number; load: number }[] = [];
    // Once a minute: a full GC in each app, then RSS and the V8 heap in use (heap-probe.js).
    const gcSeries: { t: number; api: { rss: number; heapUsed: number }; worker: { rss: number; heapUsed: number } }[] = [];
    let gcBusy = false;
    const gcSample = async () => {
      if (gcBusy) return;
      gcBusy = true;
      try {
        const t = (Date.now() - soakStart) / 1000;
        gcSeries.push({ t, api: await api!.heapAfterGc(), worker: await worker!.heapAfterGc() });
      } catch (e) {
        log(`heap probe: ${(e as Error).message}`);
      } finally {
        gcBusy = false;
      }
    };
    const cpu0 = cpuTimes();
    const apiCpu0 = procCpuMs(api.pid);
    const workerCpu0 = procCpuMs(worker.pid);
    const soakStart = Date.now();
    const apiPid = api.pid;
    const workerPid = worker.pid;
    const sample = () => samples.push({ t: (Date.now() - soakStart) / 1000, api: api!.rssMb(), worker: worker!.rssMb(), load: os.loadavg()[0] });
    sample();
    const stats = await drive(actors, Math.max(4, best.c), MINUTES * 60_000, target, () => {
      sample();
      const last = samples[samples.length - 1];
      if (last.t >= WARMUP_S && (gcSeries.length === 0 || last.t - gcSeries[gcSeries.length - 1].t >= 58)) void gcSample();
      if (Math.round(last.t) % 60 < 5) log(`soak ${Math.round(last.t)} s: api ${fmt(last.api)} MB, worker ${fmt(last.worker)} MB, load ${last.load.toFixed(2)}`);
    });
    sample();
    while (gcBusy) await sleep(50);
    await gcSample();
    const soakSeconds = (Date.now() - soakStart) / 1000;
    const cpu1 = cpuTimes();
    const machineBusy = (100 * (cpu1.busy - cpu0.busy)) / (cpu1.total - cpu0.total);
    const apiCpu = (100 * (procCpuMs(api.pid) - apiCpu0)) / (soakSeconds * 1000) / os.cpus().length;
    const workerCpu = (100 * (procCpuMs(worker.pid) - workerCpu0)) / (soakSeconds * 1000) / os.cpus().length;

    // ---- escalations → cases (the worker)
    const ids = stats.escalated.map((e) => e.id);
    const until = Date.now() + 120_000;
    let conv: Record<string, any> = {};
    for (;;) {
      conv = (
        await owner.query(
          `SELECT count(*)::int AS cases, count(DISTINCT c.source_dispute_id)::int AS distinct_disputes,
                  (SELECT count(*)::int FROM disputes WHERE id = ANY($1::uuid[]) AND status = 'ESCALATED') AS escalated,
                  coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.created_at - c.received_at) * 1000), 0) AS lag_p50,
                  coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM c.created_at - c.received_at) * 1000), 0) AS lag_p99
             FROM center_cases c WHERE c.source_dispute_id = ANY($1::uuid[])`,
          [ids],
        )
      ).rows[0];
      if ((conv.cases >= ids.length && conv.escalated >= ids.length) || Date.now() > until) break;
      await sleep(500);
    }
    await owner.end();

    // ---- figures
    // RSS sampled every 5 s swings with the garbage collector: the growth that counts is measured
    // after a full GC at the end of the warm-up and at the end; the sampled RSS (medians of the
    // minute after warm-up and of the last minute, range) and the trend of the heap after GC
    // (least squares, MB per minute) are shown beside it.
    const warm = samples.filter((s) => s.t >= WARMUP_S && s.t < WARMUP_S + 60);
    const tail = samples.filter((s) => s.t >= soakSeconds - 60);
    const slope = (pts: [number, number][]) => {
      const n = pts.length;
      if (n < 2) return NaN;
      const mx = pts.reduce((a, [x]) => a + x, 0) / n;
      const my = pts.reduce((a, [, y]) => a + y, 0) / n;
      return pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
    };
    const rss = (k: 'api' | 'worker') => {
      const first = gcSeries[0]?.[k];
      const last = gcSeries[gcSeries.length - 1]?.[k];
      const post = samples.filter((s) => s.t >= WARMUP_S).map((s) => s[k]);
      return {
        a: first?.rss ?? NaN,
        b: last?.rss ?? NaN,
        growth: first && last ? (100 * (last.rss - first.rss)) / first.rss : NaN,
        heapA: first?.heapUsed ?? NaN,
        heapB: last?.heapUsed ?? NaN,
        heapSlope: slope(gcSeries.map((g) => [g.t / 60, g[k].heapUsed])),
        sampledA: median((warm.length ? warm : samples.slice(0, 3)).map((s) => s[k])),
        sampledB: median(tail.map((s) => s[k])),
        min: Math.min(...post),
        max: Math.max(...post),
      };
    };
    const rApi = rss('api');
    const rWorker = rss('worker');
    const loads = samples.map((s) => s.load);
    const restarted = api.pid !== apiPid || worker.pid !== workerPid || !api.running || !worker.running;
    const escOk = conv.cases === ids.length && conv.distinct_disputes === ids.length && conv.escalated === ids.length;
    ok = stats.errorCount === 0 && rApi.growth < 10 && rWorker.growth < 10 && escOk && !restarted;
    const lines = [
      `data: bench:seed --scale ${SCALE} (${seeded.counts.stations} stations, ${seeded.counts.disputes} disputes, ${seeded.counts.center_cases} center cases, ${seeded.counts.deadlines} deadlines); api and worker from dist as child processes (NODE_ENV=production, DB_POOL_SIZE 10), PostgreSQL and Redis of the machine`,
      `mix: ${WEIGHTS.map(([o, w]) => `${o} ${w}%`).join(', ')}`,
      `ramp (closed loop, ${STEP_S} s per step): ${steps.map((s) => `${s.c} → ${fmt(s.rps)}/s`).join(', ')}; maximum ${fmt(best.rps)} req/s at ${best.c} clients (p99 ${fmt(best.p99)} ms)`,
      `soak: ${MINUTES} min paced at 50% = ${fmt(target)} req/s; achieved ${fmt(stats.count / soakSeconds)} req/s (${stats.count} requests), errors ${stats.errorCount}${stats.errorCount ? ` (${[...stats.errors].map(([k, v]) => `${k} ${v}`).join(', ')})` : ''} (target 0)`,
      ...OPS.map((o) => {
        const l = [...stats.lat.get(o)!].sort((x, y) => x - y);
        return `${o}: ${l.length} requests, ${fmt(l.length / soakSeconds)}/s, p50 ${fmt(percentile(l, 50))} ms, p99 ${fmt(percentile(l, 99))} ms`;
      }),
      `escalations: ${ids.length} in the soak → ${conv.cases} center cases created by the worker (${conv.distinct_disputes} distinct, ${conv.escalated} disputes ESCALATED); escalation → case p50 ${fmt(Number(conv.lag_p50))} ms, p99 ${fmt(Number(conv.lag_p99))} ms`,
      ...(['api', 'worker'] as const).map((k) => {
        const r = k === 'api' ? rApi : rWorker;
        const sign = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x)}`;
        return `RSS ${k} (after a full GC): ${fmt(r.a)} MB after the ${WARMUP_S} s warm-up → ${fmt(r.b)} MB at the end (${sign(r.growth)}%, target < 10%); V8 heap in use after GC ${fmt(r.heapA)} → ${fmt(r.heapB)} MB (trend ${sign(r.heapSlope)} MB/min over ${gcSeries.length} probes); sampled RSS every 5 s: median ${fmt(r.sampledA)} MB in the minute after warm-up, ${fmt(r.sampledB)} MB in the last minute, range ${fmt(r.min)}–${fmt(r.max)} MB`;
      }),
      `api and worker never restarted: ${restarted ? 'NO' : 'yes'}`,
      `machine during the soak: CPU ${fmt(machineBusy)}% busy (api ${fmt(apiCpu)}%, worker ${fmt(workerCpu)}% of the ${os.cpus().length} cores; the rest PostgreSQL, Redis, this client and other work on the machine), 1-min load average mean ${fmt(loads.reduce((a, b) => a + b, 0) / loads.length)}, max ${fmt(Math.max(...loads))}`,
      `${ok ? 'PASS' : 'FAIL'}: errors ${stats.errorCount === 0 ? '0' : stats.errorCount}, RSS growth api ${fmt(rApi.growth)}% / worker ${fmt(rWorker.growth)}%, every escalation became one case: ${escOk ? 'yes' : 'NO'}`,
    ];
    if (stats.errorSamples.length) lines.push(`first errors: ${stats.errorSamples.join(' | ')}`);
    console.log('\n' + lines.join('\n'));
    if (RECORD) record('Load and soak (mixed workload at 50% of the maximum)', `SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/soak.ts --minutes ${MINUTES} --scale ${SCALE} --record`, lines);
  } finally {
    await api?.stop();
    await worker?.stop();
    if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
