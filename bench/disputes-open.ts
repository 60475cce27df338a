// openDispute end to end (HTTP → Nest → GraphQL → TypeORM → PostgreSQL under RLS) against the
// same inserts through a plain `pg` client, each with 32 concurrent clients for 20 s.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/disputes-open.ts [--seconds=20] [--clients=32] [--record]
// (API_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the API process.)
// Creates and drops its own database (DATABASE_URL names the server; default local postgres);
// the API runs in a child process so the load generator does not share its event loop.
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { Agent, request } from 'http';
import { loadavg } from 'os';
import { Client } from 'pg';
import { AppConfig, chinaDateOf, endOfChinaDay, newId, normalizePhone, PersonalDataCipher, WorkingDayCalendar, chinaToday } from '../libs/platform/src';
import { runMigrations } from '../libs/platform/src/database/migrate';
import { runtimeConnectionOptions } from '../libs/platform/src/database/runtime-role';
import { testEnv } from '../test/support/app';
import { analyzeLikeAutovacuum } from './support/analyze';
import { cpuPerOp, cpuSnapshot } from './support/cpu';
import { createTenantFixture } from '../test/support/fixtures';
import { addStationStaff, createStation } from '../test/support/stations';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record') as { record: (title: string, command: string, lines: string[]) => void };

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const SECONDS = arg('seconds', 20);
const CLIENTS = arg('clients', 32);
const PORT = 3900 + Math.floor(Math.random() * 90);
const URL_ = `http://127.0.0.1:${PORT}/graphql`;
const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id caseNumber settleBy } }`;

let seq = 0;
const phone = () => `13${String(100_000_000 + ++seq).slice(-9)}`;

// node:http with keep-alive sockets, one per client: the load generator shares the machine's two
// cores with the API and PostgreSQL, and fetch (undici's WHATWG layer) costs about twice its CPU.
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<Record<string, any>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      URL_,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ ...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>), status: res.statusCode });
          } catch (e) {
            reject(e);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Planner statistics as autovacuum keeps them in a running system (see main; bench/support/analyze.ts). */
async function analyze(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await analyzeLikeAutovacuum(c);
  await c.end();
}

/** Runs `op` in `CLIENTS` loops for `SECONDS`; latencies in ms. */
async function drive(op: (client: number) => Promise<void>): Promise<{ n: number; rps: number; p50: number; p99: number; errors: number }> {
  const lat: number[] = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      while (Date.now() < end) {
        const s = process.hrtime.bigint();
        try {
          await op(c);
          lat.push(Number(process.hrtime.bigint() - s) / 1e6);
        } catch (e) {
          if (++errors <= 3) console.error(e);
        }
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { n: lat.length, rps: lat.length / secs, p50: q(0.5), p99: q(0.99), errors };
}

async function main() {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sn_bench_disputes_${process.pid}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  let server: ChildProcess | undefined;
  try {
    await runMigrations(url);
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...testEnv(url, `{b${randomBytes(4).toString('hex')}}`), PORT: String(PORT), NODE_ENV: 'production', SWC_NODE_PROJECT: 'tsconfig.json' };
    // API_NODE_ARGS: extra node flags for the API process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = (process.env.API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    server = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', 'apps/api/src/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    for (let i = 0; ; i++) {
      try {
        await fetch(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
        break;
      } catch {
        if (i > 300) throw new Error('API did not start');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // Fixtures through the API, as the tests make them.
    let adminToken: string | undefined;
    const ok = async (q: string, v?: Record<string, unknown>, tok?: string) => {
      const r = await gql(q, v, tok);
      if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
      return r.data;
    };
    const login = async (username: string, password: string, tenantCode?: string) =>
      (await ok(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password, tenantCode } })).login.accessToken as string;
    const t = { ok, login, adminToken: async () => (adminToken ??= await login('admin', env.PLATFORM_ADMIN_PASSWORD!)) } as never;
    const fx = await createTenantFixture(t, 'bench');
    const stationId = await createStation(t, fx, { orgUnitId: fx.units.countyA, category: 'MALL' });
    const staff = await addStationStaff(t, fx, stationId, 'bench-staff');
    const input = () => ({
      stationId,
      consumerName: '李四',
      consumerPhone: phone(),
      subject: '电饭煲加热不均',
      description: '购买一周后出现加热不均，要求退货',
      claimType: 'REFUND',
      amountClaimed: '1500.00',
      purchasedOn: '2025-11-01',
    });
    // Warm-up.
    for (let i = 0; i < 50; i++) await ok(OPEN, { i: input() }, staff);
    // A database created a minute ago has never been analysed (autovacuum has not come by): the
    // planner then guesses the station's disputes are few and may answer the duplicate check
    // (same phone, same station, 30 days) by reading every dispute of the station, so each opening
    // costs more than the one before. A running system has statistics; so does each phase here.
    await analyze(url);

    const cpu0 = await cpuSnapshot(admin, name, [server.pid!]);
    const http = await drive(async () => {
      const r = await gql(OPEN, { i: input() }, staff);
      if (r.errors?.length || !r.data?.openDispute) throw new Error(JSON.stringify(r.errors));
    });
    const hc = await cpuPerOp(admin, name, cpu0, http.n, [server.pid!]);
    const httpCpu = { api: hc.others[0], pg: hc.pg, client: hc.node, total: hc.total };

    // The same work through plain pg: station check, duplicate check, case number, dispute row, audit row.
    const owner = new Client({ connectionString: url });
    await owner.connect();
    const [{ tenant_id: tenantId }] = (await owner.query(`SELECT tenant_id FROM stations WHERE id = $1`, [stationId])).rows;
    const [{ id: staffId }] = (await owner.query(`SELECT id FROM users WHERE username = 'bench-staff'`)).rows;
    await owner.end();
    const cipher = new PersonalDataCipher({ DATA_KEY: env.DATA_KEY } as AppConfig);
    const cal = WorkingDayCalendar.national();
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const c = new Client({ connectionString: url, options: runtimeConnectionOptions() });
        await c.connect();
        return c;
      }),
    );
    await analyze(url);
    const pcpu0 = await cpuSnapshot(admin, name);
    const plain = await drive(async (i) => {
      const c = clients[i];
      const p = phone();
      const openedAt = new Date();
      const settleBy = endOfChinaDay(cal.workingDaysAfter(chinaToday(openedAt), 3));
      const hash = cipher.hash(normalizePhone(p));
      await c.query('BEGIN');
      try {
        await c.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
        const st = await c.query(`SELECT s.status, o.path FROM stations s JOIN org_units o ON o.tenant_id = s.tenant_id AND o.id = s.org_unit_id WHERE s.id = $1`, [stationId]);
        if (st.rows[0]?.status !== 'ACTIVE') throw new Error('station');
        await c.query(`SELECT id FROM rulebook_versions WHERE effective_from <= $1 ORDER BY effective_from DESC, id DESC LIMIT 1`, [openedAt]);
        const dup = await c.query(`SELECT id FROM disputes WHERE station_id = $1 AND consumer_phone_hash = $2 AND opened_at >= $3 ORDER BY opened_at DESC, id DESC LIMIT 1`, [
          stationId,
          hash,
          new Date(openedAt.getTime() - 30 * 86_400_000),
        ]);
        const ctr = await c.query(`SELECT nextval('dispute_case_number_seq') AS seq`);
        const id = newId();
        const caseNumber = `JF-${chinaDateOf(openedAt).replace(/-/g, '')}-${String(ctr.rows[0].seq).padStart(6, '0')}`;
        await c.query(
          `INSERT INTO disputes (tenant_id, id, case_number, station_id, status, consumer_name_enc, consumer_phone_enc, consumer_phone_hash, subject, description, claim_type, amount_claimed_fen, purchased_on, opened_at, settle_by, duplicate_of, opened_by)
           VALUES ($1,$2,$3,$4,'OPEN',$5,$6,$7,$8,$9,'REFUND',150000,'2025-11-01',$10,$11,$12,$13)`,
          [tenantId, id, caseNumber, stationId, cipher.encrypt('李四'), cipher.encrypt(p), hash, '电饭煲加热不均', '购买一周后出现加热不均，要求退货', openedAt, settleBy, dup.rows[0]?.id ?? null, staffId],
        );
        await c.query(`INSERT INTO audit_events (tenant_id, id, actor_id, actor_name, action, entity, entity_id, details) VALUES ($1,$2,$3,'bench-staff','dispute.open','Dispute',$4,$5)`, [
          tenantId,
          newId(),
          staffId,
          id,
          JSON.stringify({ caseNumber, stationId }),
        ]);
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK');
        throw e;
      }
    });
    const pc = await cpuPerOp(admin, name, pcpu0, plain.n);
    const plainCpu = { pg: pc.pg, client: pc.node, total: pc.total };
    await Promise.all(clients.map((c) => c.end()));

    const fmt = (label: string, r: Awaited<ReturnType<typeof drive>>) =>
      `${label}: ${r.rps.toFixed(0)} req/s (${r.n} in ${SECONDS} s, ${r.errors} errors), p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`;
    const ratio = http.rps / plain.rps;
    const lines = [
      `${CLIENTS} concurrent clients, ${SECONDS} s each, one tenant, one station`,
      process.env.PRINCIPAL_CACHE_TTL_MS === '0'
        ? 'API with PRINCIPAL_CACHE_TTL_MS=0: the caller re-read on every request (3 round trips per openDispute)'
        : "API as deployed: the caller's account held between requests (PrincipalCache; 2 round trips per openDispute)",
      fmt('openDispute over HTTP', http),
      `CPU per request over HTTP: API process ${httpCpu.api.toFixed(2)} ms, PostgreSQL ${httpCpu.pg.toFixed(2)} ms, load generator ${httpCpu.client.toFixed(2)} ms (total ${httpCpu.total.toFixed(2)} ms: at most ${(2000 / httpCpu.total).toFixed(0)} req/s on 2 cores)`,
      fmt('plain pg, same statements', plain),
      `CPU per request through plain pg: PostgreSQL ${plainCpu.pg.toFixed(2)} ms, load generator (pg client) ${plainCpu.client.toFixed(2)} ms (total ${plainCpu.total.toFixed(2)} ms: at most ${(2000 / plainCpu.total).toFixed(0)} req/s on 2 cores)`,
      `ratio HTTP/plain: ${ratio.toFixed(2)} (target ≥ 0.3: ${ratio >= 0.3 ? 'met' : 'NOT met'}); HTTP p99 < 100 ms: ${http.p99 < 100 ? 'met' : 'NOT met'} (plain pg p99 ${plain.p99 < 100 ? 'under' : 'over'} 100 ms on this machine)`,
      `load average at the end (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(2)).join(', ')}`,
    ];
    console.log(lines.join('\n'));
    if (process.argv.includes('--record')) record('openDispute throughput', 'node -r @swc-node/register bench/disputes-open.ts --record', lines);
  } finally {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
