// Benchmark (not a test): the station directory list at 100,000 stations.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/stations-list.ts [--record] [--keep] [--n=300]
//
// Creates a fresh database (DATABASE_URL's server, superuser), migrates it, boots the real API on
// a free port, creates one tenant with a city and 50 counties through GraphQL, bulk-inserts
// 100,000 stations (and their host enterprises) with SQL, then times `stations(first: 50)` over
// HTTP as a city-level OFFICER (so the scope predicate is in play): with a county filter, with
// a selective text search and with a broad one. Prints p50/p99 and the EXPLAIN (ANALYZE) of the
// SQL the API actually ran, as the runtime role under row-level security. --record appends the
// figures to bench/RESULTS.md (bench/record.js); --keep leaves the database.
import { DataSource } from 'typeorm';
import { startBenchApi } from './support/bench-api';
import { RUNTIME_ROLE } from '@app/platform';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record') as { record: (title: string, command: string, lines: string[]) => void };

const STATIONS = 100_000;
const COUNTIES = 50;
const PASSWORD = 'Bench-passw0rd';
const args = process.argv.slice(2);
const RECORD = args.includes('--record');
const KEEP = args.includes('--keep');
const N = Number(args.find((a) => a.startsWith('--n='))?.slice(4) ?? 300);

const LIST = `query($f: StationFilter, $first: Int) { stations(filter: $f, first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { node { id code name category status hostName hostCreditCode address contactPhone } } } }`;

/** Plans quote every id of an `= ANY(...)`: keep the count, not the ids. */
function shortenIdLists(line: string): string {
  return line.replace(/'\{([0-9a-f-]{36}(?:,[0-9a-f-]{36})+)\}'/g, (_m, ids: string) => `'{${ids.split(',').length} ids}'`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const bench = await startBenchApi('stations', PASSWORD);
  const { app, owner, gql, login } = bench;
  try {

    // ---- tenant, city, 50 counties, a city officer (through the API) ----
    const t0 = Date.now();
    const platform = await login('admin');
    await gql(
      `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`,
      { i: { code: 'bench', name: '基准测试省局', rootOrgUnitName: '河北省市场监督管理局', rootLevel: 'PROVINCE', regionCode: '130000', adminUsername: 'tadmin', adminPassword: PASSWORD } },
      platform,
    );
    const tadmin = await login('tadmin', 'bench');
    const unit = async (parentId: string, name: string, level: string, regionCode: string) =>
      (await gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId, name, level, regionCode } }, tadmin)).createOrgUnit.id as string;
    const province = (await gql(`{ me { orgUnit { id } } }`, {}, tadmin)).me.orgUnit.id as string;
    const city = await unit(province, '保定市市场监督管理局', 'CITY', '130600');
    const counties: string[] = [];
    for (let k = 1; k <= COUNTIES; k++) counties.push(await unit(city, `第${k}县市场监督管理局`, 'COUNTY', `13${String(6000 + k).padStart(4, '0')}`));
    await gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username: 'officer', password: PASSWORD, displayName: '市局执法人员', roles: ['OFFICER'], orgUnitId: city } }, tadmin);
    const officer = await login('officer', 'bench');

    // ---- 100,000 stations, bulk SQL as the owner ----
    const [{ id: tenantId }] = (await owner.query(`select id from tenants where code = 'bench'`)).rows;
    const t1 = Date.now();
    await owner.query('begin');
    await owner.query(`create temporary table bench_units (k int primary key, id uuid, region text) on commit drop`);
    await owner.query(`insert into bench_units select k - 1, id, region from unnest($1::uuid[], $2::text[]) with ordinality as u(id, region, k)`, [
      counties,
      counties.map((_, i) => `13${String(6001 + i).padStart(4, '0')}`),
    ]);
    await owner.query(
      `insert into host_enterprises (tenant_id, id, credit_code, name)
       select $1::uuid, md5('h' || g)::uuid, '91130600' || lpad(g::text, 9, '0') || substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + g % 31, 1),
              (array['惠友','华联','联华','物美','永辉','国美','苏宁','万达','银座','北国'])[1 + g % 10] || '商贸有限公司' || g
         from generate_series(1, $2) g`,
      [tenantId, STATIONS],
    );
    await owner.query(
      `insert into stations (tenant_id, id, code, name, category, status, host_id, address, contact_name, contact_phone, org_unit_id, established_on, search_text)
       select $1::uuid, md5('s' || g)::uuid, u.region || '-' || lpad((g / ${COUNTIES} + 1)::text, 5, '0'), x.name,
              (array['MALL','SUPERMARKET','MARKET','ENTERPRISE','SCENIC_AREA','OTHER'])[1 + g % 6],
              case when g % 20 = 0 then 'PENDING' when g % 20 = 1 then 'SUSPENDED' when g % 20 = 2 then 'REVOKED' else 'ACTIVE' end,
              h.id, '第' || (g % ${COUNTIES} + 1) || '县建设路 ' || g || ' 号', '联系人' || g, '1390000' || lpad((g % 10000)::text, 4, '0'),
              u.id, date '2010-01-01' + (g % 5000), x.name || ' ' || h.name || ' ' || h.credit_code
         from generate_series(1, $2) g
         join bench_units u on u.k = g % ${COUNTIES}
         join host_enterprises h on h.tenant_id = $1::uuid and h.id = md5('h' || g)::uuid
         cross join lateral (select (array['惠友','华联','联华','物美','永辉','国美','苏宁','万达','银座','北国'])[1 + g % 10]
                || (array['商场','超市','农贸市场','企业','景区','服务中心'])[1 + g % 6] || '消费维权服务站' || g as name) x`,
      [tenantId, STATIONS],
    );
    await owner.query(
      `insert into station_code_counters (tenant_id, region_code, last_value)
       select $1::uuid, split_part(code, '-', 1), max(split_part(code, '-', 2)::int) from stations where tenant_id = $1::uuid group by 2`,
      [tenantId],
    );
    await owner.query('commit');
    await owner.query('analyze host_enterprises; analyze stations; analyze org_units');
    const seedSeconds = (Date.now() - t1) / 1000;

    // ---- timing over HTTP ----
    const hostFragments = Array.from({ length: N }, (_, i) => `商贸有限公司${1 + ((i * 7919) % STATIONS)}`);
    const scenarios: { name: string; variables: (i: number) => Record<string, unknown> }[] = [
      { name: 'county filter', variables: (i) => ({ first: 50, f: { orgUnitId: counties[i % COUNTIES] } }) },
      { name: 'county filter + ACTIVE + category', variables: (i) => ({ first: 50, f: { orgUnitId: counties[i % COUNTIES], status: 'ACTIVE', category: 'SUPERMARKET' } }) },
      { name: 'search, selective (host name + number)', variables: (i) => ({ first: 50, f: { search: hostFragments[i] } }) },
      { name: 'search, credit-code fragment', variables: (i) => ({ first: 50, f: { search: `91130600${String(1 + ((i * 104729) % STATIONS)).padStart(9, '0')}` } }) },
      { name: 'search, broad (华联超市)', variables: () => ({ first: 50, f: { search: '华联超市' } }) },
      { name: 'no filter (whole city scope)', variables: () => ({ first: 50 }) },
    ];
    const results: { name: string; p50: number; p99: number; total: number }[] = [];
    for (const s of scenarios) {
      for (let i = 0; i < 20; i++) await gql(LIST, s.variables(i), officer); // warm-up
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < N; i++) {
        const start = process.hrtime.bigint();
        const data = await gql(LIST, s.variables(i), officer);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        total = data.stations.totalCount;
        if (data.stations.edges.length === 0 && total > 0) throw new Error(`${s.name}: empty page`);
      }
      times.sort((x, y) => x - y);
      results.push({ name: s.name, p50: percentile(times, 50), p99: percentile(times, 99), total });
    }

    // ---- EXPLAIN of the SQL the API runs, as the runtime role under RLS ----
    const ds = app.get(DataSource);
    const explain = async (variables: Record<string, unknown>) => {
      const captured: { q: string; p: unknown[] }[] = [];
      const original = ds.logger;
      ds.logger = Object.assign(Object.create(original), { logQuery: (q: string, p?: unknown[]) => captured.push({ q, p: p ?? [] }) });
      try {
        await gql(LIST, variables, officer);
      } finally {
        ds.logger = original;
      }
      // The request's statements on stations: the count, the page of ids, the rows of the page.
      const statements = captured.filter((c) => /FROM "stations"/.test(c.q) && /^SELECT/i.test(c.q.trim()));
      const out: string[] = [];
      for (const st of statements) {
        const label = /count\(\*\)/.test(st.q) ? 'totalCount' : /LIMIT/.test(st.q) ? 'page of ids' : 'rows of the page (with host and unit)';
        const plans: string[] = [];
        const onNotice = (n: { message?: string }) => n.message && plans.push(n.message);
        owner.on('notice', onNotice);
        await owner.query('begin');
        try {
          // auto_explain shows the plan inside app_station_search, which EXPLAIN folds into a call.
          await owner.query(`load 'auto_explain'`);
          await owner.query(`set local auto_explain.log_min_duration = 0; set local auto_explain.log_nested_statements = on; set local auto_explain.log_analyze = on; set local auto_explain.log_timing = off; set local client_min_messages = log`);
          await owner.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
          await owner.query(`set local role ${RUNTIME_ROLE}`);
          const rows = (await owner.query(`explain (analyze, costs off, timing off, summary on) ${st.q}`, st.p)).rows;
          out.push(`-- ${label}:\n` + rows.map((r: Record<string, string>) => shortenIdLists(r['QUERY PLAN'])).join('\n'));
        } finally {
          await owner.query('rollback');
          owner.off('notice', onNotice);
        }
        const inner = plans.find((m) => /Query Text:\s+SELECT s\.id FROM public\.stations/.test(m));
        if (inner) out.push('-- inside app_station_search (auto_explain):\n' + inner.replace(/^duration:.*\n/, ''));
      }
      return out.join('\n');
    };
    const explainCounty = await explain({ first: 50, f: { orgUnitId: counties[7] } });
    const explainSearch = await explain({ first: 50, f: { search: hostFragments[3] } });
    const explainBroad = await explain({ first: 50, f: { search: '华联超市' } });

    // ---- report ----
    const lines = [
      `## stations(first: 50), ${new Date().toISOString().slice(0, 10)}`,
      '',
      `${STATIONS.toLocaleString('en')} stations in one tenant across ${COUNTIES} counties; ${N} sequential requests per row over HTTP (localhost), as a city-level OFFICER; seeded in ${seedSeconds.toFixed(1)} s (setup ${((t1 - t0) / 1000).toFixed(1)} s); PostgreSQL ${(await owner.query('show server_version')).rows[0].server_version}.`,
      '',
      '| scenario | totalCount | p50 ms | p99 ms |',
      '| --- | ---: | ---: | ---: |',
      ...results.map((r) => `| ${r.name} | ${r.total} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`),
      '',
      'EXPLAIN, county filter:',
      '```',
      explainCounty,
      '```',
      'EXPLAIN, selective search:',
      '```',
      explainSearch,
      '```',
      'EXPLAIN, broad search:',
      '```',
      explainBroad,
      '```',
      '',
    ];
    console.log(lines.join('\n'));
    if (RECORD) {
      const indexes = (plan: string) => [...new Set([...plan.matchAll(/(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?(?:using|on) "?(\w+)"?/g)].map((m) => m[1]))].join(', ');
      record('Station directory list, stations(first: 50)', 'SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/stations-list.ts --record', [
        `${STATIONS.toLocaleString('en')} stations (and hosts) in one tenant across ${COUNTIES} counties, seeded in ${seedSeconds.toFixed(1)} s; ${N} sequential requests per scenario over HTTP as a city-level OFFICER`,
        ...results.map((r) => `${r.name}: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (totalCount ${r.total})`),
        `indexes used, county filter: ${indexes(explainCounty)}`,
        `indexes used, text search: ${indexes(explainSearch)} (trigram index inside app_station_search)`,
      ]);
    }
  } finally {
    await bench.close(KEEP);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
