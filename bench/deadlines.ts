// The breach sweeper's query (DeadlinesService.findBreaches) on a table of N open deadlines of
// which 1,000 are past due: timing under row-level security as the runtime role, and the plan.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/deadlines.ts [--sizes=100000,1000000,10000000] [--record]
// Creates and drops its own database (DATABASE_URL names the server; default local postgres).
import { Client } from 'pg';
import { randomUUID } from 'crypto';
import { runMigrations } from '../libs/platform/src/database/migrate';
import { runtimeConnectionOptions } from '../libs/platform/src/database/runtime-role';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record') as { record: (title: string, command: string, lines: string[]) => void };

const PAST_DUE = 1000;
/** A second tenant with the same volume: RLS must keep its rows out of the scan. */
const OTHER_TENANT_SHARE = 0.5;

const QUERY = `SELECT d.* FROM deadlines d WHERE d.met_at IS NULL AND NOT d.breached AND d.due_at < $1 ORDER BY d.due_at ASC, d.id ASC LIMIT $2`;

async function seed(owner: Client, tenant: string, other: string, n: number): Promise<void> {
  await owner.query('TRUNCATE deadlines');
  // The breach query never joins the cases: skip the deadlines → center_cases foreign key while seeding.
  await owner.query(`SET session_replication_role = replica`);
  // PAST_DUE deadlines fell due in the last minutes/days; the rest fall due over the next 60 days.
  const insert = (tenantId: string, count: number) =>
    owner.query(
      `INSERT INTO deadlines (tenant_id, id, case_id, kind, rule_key, unit, days, extension_days, start_date, due_date, due_at)
       SELECT $1::uuid, gen_random_uuid(), gen_random_uuid(), 'HANDLING', 'HANDLING', 'WORKING', 7, 5,
              (due AT TIME ZONE 'Asia/Shanghai')::date - 10, (due AT TIME ZONE 'Asia/Shanghai')::date, due
       FROM (SELECT CASE WHEN g <= $3 THEN now() - g * interval '1 minute'
                         ELSE now() + interval '1 hour' + (g % 86400) * interval '1 minute' END AS due
             FROM generate_series(1, $2::int) g) s`,
      [tenantId, count, PAST_DUE],
    );
  await insert(tenant, n);
  await insert(other, Math.round(n * OTHER_TENANT_SHARE));
  await owner.query(`SET session_replication_role = origin`);
  await owner.query('VACUUM ANALYZE deadlines');
}

async function measure(url: string, tenant: string, limit: number, runs: number): Promise<{ medianMs: number; rows: number; plan: string }> {
  const app = new Client({ connectionString: url, options: runtimeConnectionOptions() });
  await app.connect();
  try {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      const t0 = process.hrtime.bigint();
      const res = await app.query(QUERY, [new Date(), limit]);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      rows = res.rowCount ?? 0;
      await app.query('COMMIT');
    }
    await app.query('BEGIN');
    await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
    const plan = (await app.query(`EXPLAIN (ANALYZE, BUFFERS) ${QUERY}`, [new Date(), limit])).rows.map((r) => r['QUERY PLAN']).join('\n');
    await app.query('COMMIT');
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(times.length / 2)], rows, plan };
  } finally {
    await app.end();
  }
}

async function main() {
  const sizesArg = process.argv.find((a) => a.startsWith('--sizes='));
  const sizes = sizesArg ? sizesArg.slice(8).split(',').map(Number) : [100_000, 1_000_000, 10_000_000];
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sn_bench_${process.pid}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  const lines: string[] = [];
  try {
    await runMigrations(url);
    const owner = new Client({ connectionString: url });
    await owner.connect();
    const tenant = randomUUID();
    const other = randomUUID();
    try {
      for (const n of sizes) {
        const t0 = Date.now();
        await seed(owner, tenant, other, n);
        const seedS = ((Date.now() - t0) / 1000).toFixed(0);
        const [{ past }] = (await owner.query(`SELECT count(*)::int past FROM deadlines WHERE tenant_id = $1 AND met_at IS NULL AND NOT breached AND due_at < now()`, [tenant])).rows;
        const full = await measure(url, tenant, PAST_DUE, 21);
        const batch = await measure(url, tenant, 500, 21);
        const scan = /(Bitmap Index Scan on|Index Only Scan using|Index Scan using) (\w+)/.exec(full.plan);
        const exec = /Execution Time: ([\d.]+) ms/.exec(full.plan)?.[1];
        lines.push(
          `${n.toLocaleString('en')} open deadlines in the tenant (+${Math.round(n * OTHER_TENANT_SHARE).toLocaleString('en')} in another), ${past} past due: ` +
            `findBreaches(limit 1000) median ${full.medianMs.toFixed(2)} ms (server ${exec} ms, ${full.rows} rows), limit 500 median ${batch.medianMs.toFixed(2)} ms; ` +
            `plan: ${scan ? `${scan[0]}` : 'NO INDEX SCAN'}; seeded in ${seedS} s`,
        );
        console.log(lines[lines.length - 1]);
        console.log(full.plan.split('\n').map((l) => `    ${l}`).join('\n'));
      }
    } finally {
      await owner.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  if (process.argv.includes('--record')) record('Deadline breach query', 'node -r @swc-node/register bench/deadlines.ts --record', lines);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
