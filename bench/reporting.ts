// Benchmark (not a test): statistics and the ledger export at 2,000,000 disputes and 2,000,000
// center cases (issue 8).
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/reporting.ts [--record] [--scale=1]
//     [--runs=20] [--sql-runs=5] [--api=src|dist|<main.js>] [--export=csv,xlsx] [--export-heap=256] [--explain] [--keep]
//
// Creates its own database (DATABASE_URL names the server; default local postgres), migrates it
// and runs the real API as a child process (so its RSS is the API's alone): --api=src runs
// apps/api/src through swc-node, --api=dist the bundle of `npm run build` (what production runs;
// its idle RSS is lower), or a path to a built main.js. One tenant: a province, 11 cities, 165
// counties and 3,300 stations (through GraphQL and SQL); then, in SQL with generate_series, the
// reporting year 2025-12-01 .. 2026-11-30 (half the rows) and the timings; then the year before
// (the other half) and the timings again: a month's figures must not grow with the history. Rows
// are spread over cities, counties and stations with a skew (the capital busiest), in time order,
// with UUIDv7 ids as the app makes them, realistic statuses, amounts, acceptance, closing and
// settlement dates, handling deadlines (some breached) and call-backs of closed complaints.
//
// Timed: `statistics` over HTTP/GraphQL (p50 of --runs after warm-up) for a city month, a county
// month and the province year; in the same run, interleaved, one hand-written SQL statement
// computing the same numbers (as the owner, no RLS; its numbers are checked against the API's)
// and the service's own SQL on a plain connection (runtime role, RLS: no HTTP, GraphQL or Nest),
// --sql-runs times each; for the year also a bare count of its rows (the floor). Then the full
// ledger (every case of the province) as CSV and XLSX: rows/s and the API process's peak RSS
// (VmHWM, reset before each export, and sampled), from a freshly started API, then again with its
// V8 old space capped (--export-heap MB; 0: not). --scale is the fraction of 2M (quick runs:
// --scale=0.05); --explain prints EXPLAIN ANALYZE of the service's statement; --record writes the
// figures to bench/RESULTS.md; --keep leaves the database.
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { readFileSync, writeFileSync } from 'fs';
import os from 'os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, PersonalDataCipher } from '../libs/platform/src';
import { runMigrations } from '../libs/platform/src/database/migrate';
import { runtimeConnectionOptions } from '../libs/platform/src/database/runtime-role';
import { testEnv } from '../test/support/app';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record') as { record: (title: string, command: string, lines: string[]) => void };

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const SCALE = Number(opt('scale', '1'));
const RUNS = Number(opt('runs', '20'));
const EXPORTS = opt('export', 'csv,xlsx').split(',').filter(Boolean);
/** The exports run again with the API's V8 old space capped at this many MB (0: not). */
const EXPORT_HEAP_MB = Number(opt('export-heap', '256'));
/** Runs of the hand-written statement and of the service's statements without HTTP, per scenario. */
const SQL_RUNS = Number(opt('sql-runs', '5'));
const RECORD = args.includes('--record');
const KEEP = args.includes('--keep');
const EXPLAIN = args.includes('--explain');
/** src: apps/api/src/main.ts through @swc-node/register; dist: dist/apps/api/main.js (npm run build); or a path to a built main.js. */
const API = opt('api', 'src');
const TOTAL = Math.round(2_000_000 * SCALE); // of each: disputes, center cases
const PER_YEAR = Math.round(TOTAL / 2);
const PASSWORD = 'Bench-passw0rd';
const CITIES = ['石家庄', '唐山', '秦皇岛', '邯郸', '邢台', '保定', '张家口', '承德', '沧州', '廊坊', '衡水'];
const COUNTIES_PER_CITY = 15;
const STATIONS_PER_COUNTY = 20;
/** The city and county measured: a mid-sized city (保定) and one of its counties. */
const CITY_K = 5;
const COUNTY_K = CITY_K * COUNTIES_PER_CITY + 3;
const YEARS = [
  { label: 'B', from: '2025-12-01', days: 365 }, // the reporting year 2025-12-01 .. 2026-11-30, seeded first
  { label: 'A', from: '2024-12-01', days: 365 }, // the year before: doubles the history
];
const MONTH = '2026-03-15';

const ms = (ns: bigint) => Number(ns) / 1e6;
const fmt = (n: number) => n.toLocaleString('en-US');
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const STATS = `query($u: ID, $p: PeriodInput!) { statistics(orgUnitId: $u, period: $p) {
  from to consultations complaints reports accepted closed closureRate stationDisputes stationSettled settlementRate amountRecovered
  byCategory { category count } byChannel { channel count } byGoodsCategory { category count } byIssueType { issueType count }
  overdueCases overdueDisputes callbacks bySatisfaction { satisfaction count } satisfactionRate } }`;

/**
 * The same numbers as `statistics`, as one statement written by hand (owner, no RLS): $1 tenant,
 * $2..$3 the period, $4 the units of the subtree (uuid[]).
 */
const HAND_WRITTEN = `
WITH c AS MATERIALIZED (
  SELECT c.id, c.type, c.channel, c.amount_recovered_fen,
         c.received_at >= $2 AND c.received_at < $3 AS rec,
         c.accepted_at >= $2 AND c.accepted_at < $3 AS acc,
         c.closed_at >= $2 AND c.closed_at < $3 AS clo
  FROM center_cases c
  WHERE c.tenant_id = $1 AND (c.registered_unit_id = ANY($4::uuid[]) OR c.assigned_unit_id = ANY($4::uuid[]))
    AND ((c.received_at >= $2 AND c.received_at < $3) OR (c.accepted_at >= $2 AND c.accepted_at < $3) OR (c.closed_at >= $2 AND c.closed_at < $3))),
d AS MATERIALIZED (
  SELECT s.category, d.goods_or_service_category AS goods, d.issue_type, d.amount_recovered_fen,
         d.opened_at >= $2 AND d.opened_at < $3 AND d.status NOT IN ('DECLINED', 'WITHDRAWN') AS counted,
         d.settled_at >= $2 AND d.settled_at < $3 AS settled,
         coalesce(d.settled_at, CASE WHEN d.status = 'OPEN' THEN now() END) > d.settle_by AS late
  FROM stations s JOIN disputes d ON d.tenant_id = s.tenant_id AND d.station_id = s.id
  WHERE s.tenant_id = $1 AND s.org_unit_id = ANY($4::uuid[])
    AND ((d.opened_at >= $2 AND d.opened_at < $3) OR (d.settled_at >= $2 AND d.settled_at < $3)))
SELECT
  (SELECT json_build_object(
     'consultations', count(*) FILTER (WHERE rec AND type = 'CONSULTATION'), 'complaints', count(*) FILTER (WHERE rec AND type = 'COMPLAINT'),
     'reports', count(*) FILTER (WHERE rec AND type = 'REPORT'), 'accepted', count(*) FILTER (WHERE acc), 'closed', count(*) FILTER (WHERE clo),
     'recovered', coalesce(sum(amount_recovered_fen) FILTER (WHERE clo), 0),
     'overdue', count(*) FILTER (WHERE rec AND EXISTS (SELECT 1 FROM deadlines dl WHERE dl.tenant_id = $1 AND dl.case_id = c.id AND dl.breached))) FROM c) AS cases,
  (SELECT json_object_agg(channel, n) FROM (SELECT channel, count(*) AS n FROM c WHERE rec GROUP BY 1) x) AS by_channel,
  (SELECT json_build_object('disputes', count(*) FILTER (WHERE counted), 'settled', count(*) FILTER (WHERE settled),
     'recovered', coalesce(sum(amount_recovered_fen) FILTER (WHERE settled), 0), 'overdue', count(*) FILTER (WHERE counted AND late)) FROM d) AS disputes,
  (SELECT json_object_agg(category, n) FROM (SELECT category, count(*) AS n FROM d WHERE counted GROUP BY 1) x) AS by_category,
  (SELECT json_object_agg(coalesce(goods, '-'), n) FROM (SELECT goods, count(*) AS n FROM d WHERE counted GROUP BY 1) x) AS by_goods,
  (SELECT json_object_agg(coalesce(issue_type, '-'), n) FROM (SELECT issue_type, count(*) AS n FROM d WHERE counted GROUP BY 1) x) AS by_issue,
  (SELECT json_object_agg(satisfaction, n) FROM (
     SELECT cb.satisfaction, count(*) AS n FROM case_callbacks cb JOIN center_cases c ON c.tenant_id = cb.tenant_id AND c.id = cb.case_id
     WHERE cb.tenant_id = $1 AND cb.called_at >= $2 AND cb.called_at < $3
       AND (c.registered_unit_id = ANY($4::uuid[]) OR c.assigned_unit_id = ANY($4::uuid[])) GROUP BY 1) x) AS by_satisfaction`;

/** Checks the hand-written numbers against the API's (the comparison is only fair if they agree); null when equal. */
function sameNumbers(api: Record<string, any>, sql: Record<string, any>): string | null {
  const fen = (yuan: string) => BigInt(yuan.replace('.', ''));
  /** Non-zero counts, sorted by key. */
  const norm = (o: Record<string, number> | null) => JSON.stringify(Object.entries(o ?? {}).filter(([, v]) => Number(v)).map(([k, v]) => [k, Number(v)]).sort());
  const list = (rows: Record<string, any>[], key: string) => norm(Object.fromEntries(rows.map((r) => [r[key] ?? '-', r.count])));
  const pairs: [string, unknown, unknown][] = [
    ['consultations', api.consultations, sql.cases.consultations],
    ['complaints', api.complaints, sql.cases.complaints],
    ['reports', api.reports, sql.cases.reports],
    ['accepted', api.accepted, sql.cases.accepted],
    ['closed', api.closed, sql.cases.closed],
    ['overdueCases', api.overdueCases, sql.cases.overdue],
    ['stationDisputes', api.stationDisputes, sql.disputes.disputes],
    ['stationSettled', api.stationSettled, sql.disputes.settled],
    ['overdueDisputes', api.overdueDisputes, sql.disputes.overdue],
    ['amountRecovered', fen(api.amountRecovered), BigInt(sql.cases.recovered) + BigInt(sql.disputes.recovered)],
    ['byChannel', list(api.byChannel, 'channel'), norm(sql.by_channel)],
    ['byCategory', list(api.byCategory, 'category'), norm(sql.by_category)],
    ['byGoodsCategory', list(api.byGoodsCategory, 'category'), norm(sql.by_goods)],
    ['byIssueType', list(api.byIssueType, 'issueType'), norm(sql.by_issue)],
    ['bySatisfaction', list(api.bySatisfaction, 'satisfaction'), norm(sql.by_satisfaction)],
  ];
  const diff = pairs.filter(([, x, y]) => String(x) !== String(y));
  return diff.length ? diff.map(([k, x, y]) => `${k}: api ${String(x)} vs sql ${String(y)}`).join('; ') : null;
}

function procStatus(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function main() {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `reporting_bench_${process.pid}`; // not sn_bench_*: other scripts clean those up
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const port = 3900 + Math.floor(Math.random() * 90);
  const endpoint = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  const owner = new Client({ connectionString: url });
  const lines: string[] = [];
  const say = (l: string) => {
    console.log(l);
    lines.push(l);
  };
  try {
    await runMigrations(url);
    await owner.connect();
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...testEnv(url, `{b${randomBytes(4).toString('hex')}}`),
      PORT: String(port),
      NODE_ENV: 'production',
      SWC_NODE_PROJECT: 'tsconfig.json',
    };
    const nodeArgs = (process.env.API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const entry = API === 'src' ? ['-r', '@swc-node/register', 'apps/api/src/main.ts'] : [API === 'dist' ? 'dist/apps/api/main.js' : API];
    // A bundle outside the repository finds its external modules here.
    env.NODE_PATH = `${process.cwd()}/node_modules`;
    const startApi = async (extraArgs: string[] = []) => {
      server = spawn(process.execPath, [...nodeArgs, ...extraArgs, ...entry], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      for (let i = 0; ; i++) {
        try {
          await fetch(`${endpoint}/health`);
          return server.pid!;
        } catch {
          if (i > 300) throw new Error('API did not start');
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    const stopApi = async () => {
      const s = server;
      if (!s || s.exitCode !== null) return;
      const exited = new Promise((r) => s.once('exit', r));
      s.kill('SIGTERM');
      await exited;
    };
    let apiPid = await startApi();
    const gql = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const res = await fetch(`${endpoint}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const login = async (username: string, tenantCode?: string) =>
      (await gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password: PASSWORD, tenantCode } })).login.accessToken as string;
    const adminPassword = env.PLATFORM_ADMIN_PASSWORD;

    // ---- tenant, 11 cities, 165 counties, users (through the API) ----
    const t0 = Date.now();
    const platform = (await gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: 'admin', password: adminPassword } })).login.accessToken;
    await gql(
      `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`,
      { i: { code: 'bench', name: '河北省市场监督管理局', rootOrgUnitName: '河北省市场监督管理局', rootLevel: 'PROVINCE', regionCode: '130000', adminUsername: 'tadmin', adminPassword: PASSWORD } },
      platform,
    );
    const tadmin = await login('tadmin', 'bench');
    const unit = async (parentId: string, unitName: string, level: string, regionCode: string) =>
      (await gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId, name: unitName, level, regionCode } }, tadmin)).createOrgUnit.id as string;
    const province = (await gql(`{ me { orgUnit { id } } }`, {}, tadmin)).me.orgUnit.id as string;
    const cities: string[] = [];
    const counties: { id: string; cityK: number }[] = [];
    for (const [ck, cityName] of CITIES.entries()) {
      const region = `13${String(ck + 1).padStart(2, '0')}00`;
      const city = await unit(province, `${cityName}市市场监督管理局`, 'CITY', region);
      cities.push(city);
      for (let k = 1; k <= COUNTIES_PER_CITY; k++) {
        counties.push({ id: await unit(city, `${cityName}市第${k}县市场监督管理局`, 'COUNTY', `13${String(ck + 1).padStart(2, '0')}${String(k).padStart(2, '0')}`), cityK: ck });
      }
    }
    const user = async (username: string, roles: string[], orgUnitId: string) =>
      gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username, password: PASSWORD, displayName: username, roles, orgUnitId } }, tadmin);
    await user('officer', ['OFFICER'], province);
    await user('operator', ['CENTER_OPERATOR'], province);
    const officer = await login('officer', 'bench');
    const operator = await login('operator', 'bench');
    const [{ id: tenantId }] = (await owner.query(`select id from tenants where code = 'bench'`)).rows;
    const [{ id: operatorId }] = (await owner.query(`select id from users where username = 'operator'`)).rows;
    const path = async (id: string) => (await owner.query(`select path::text from org_units where id = $1`, [id])).rows[0].path as string;
    const setupSeconds = (Date.now() - t0) / 1000;

    // ---- stations (SQL as the owner) ----
    const cipher = new PersonalDataCipher({ DATA_KEY: env.DATA_KEY } as AppConfig);
    const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
    const names = Array.from({ length: 64 }, (_, i) => cipher.encrypt(`${surnames[i % 10]}${['伟', '芳', '娜', '敏', '静', '强', '磊', '军'][i % 8]}`));
    const phones = Array.from({ length: 64 }, (_, i) => cipher.encrypt(`138${String(10_000_000 + i * 104_729).slice(-8)}`));
    await owner.query(`set synchronous_commit = off`);
    // Ids as the app makes them (UUIDv7: time-ordered), from the row's own time.
    await owner.query(
      `create function bench_uuid7(ts timestamptz) returns uuid language sql volatile as $$
         select (lpad(to_hex(floor(extract(epoch from ts) * 1000)::bigint), 12, '0') || '7' || substr(m, 1, 3) || '8' || substr(m, 4, 15))::uuid
         from md5(random()::text) m $$`,
    );
    await owner.query(`set maintenance_work_mem = '512MB'`);
    await owner.query(`create unlogged table bench_counties (k int primary key, id uuid, city_id uuid, city_k int)`);
    await owner.query(`insert into bench_counties select k - 1, id, (array[${cities.map((c) => `'${c}'::uuid`).join(',')}])[city_k + 1], city_k from unnest($1::uuid[], $2::int[]) with ordinality as x(id, city_k, k)`, [
      counties.map((c) => c.id),
      counties.map((c) => c.cityK),
    ]);
    const S = counties.length * STATIONS_PER_COUNTY;
    await owner.query(
      `insert into host_enterprises (tenant_id, id, credit_code, name)
       select $1::uuid, md5('h' || g)::uuid, '91130000' || lpad(g::text, 9, '0') || substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + g % 31, 1),
              (array['惠友','华联','联华','物美','永辉','国美','苏宁','万达','银座','北国'])[1 + g % 10] || '商贸有限公司' || g
       from generate_series(0, $2 - 1) g`,
      [tenantId, S],
    );
    await owner.query(
      `insert into stations (tenant_id, id, code, name, category, status, host_id, address, contact_name, contact_phone, org_unit_id, established_on, search_text)
       select $1::uuid, md5('s' || g)::uuid, 'ZD' || lpad(g::text, 6, '0'), x.name,
              (array['MALL','SUPERMARKET','MARKET','ENTERPRISE','SCENIC_AREA','OTHER'])[1 + (g * 7) % 6], 'ACTIVE', md5('h' || g)::uuid,
              '建设路 ' || g || ' 号', '联系人' || g, '1390000' || lpad((g % 10000)::text, 4, '0'), c.id, date '2015-01-01' + g % 3000, x.name
       from generate_series(0, $2 - 1) g
       join bench_counties c on c.k = g / ${STATIONS_PER_COUNTY}
       cross join lateral (select (array['惠友','华联','联华','物美','永辉','国美','苏宁','万达','银座','北国'])[1 + g % 10]
              || (array['商场','超市','农贸市场','企业','景区','服务中心'])[1 + (g * 7) % 6] || '消费维权服务站' || g as name) x`,
      [tenantId, S],
    );
    await owner.query(`create unlogged table bench_stations (k int primary key, id uuid)`);
    await owner.query(`insert into bench_stations select g, md5('s' || g)::uuid from generate_series(0, $1 - 1) g`, [S]);

    // ---- one reporting year of disputes and center cases (SQL, generate_series, time order) ----
    const C = counties.length;
    const seedYear = async (y: (typeof YEARS)[number], n: number) => {
      const start = `${y.from} 00:00+08`;
      // County by a skewed draw (the capital's counties busiest), station within the county.
      await owner.query(
        `insert into disputes (tenant_id, id, case_number, station_id, status, consumer_name_enc, consumer_phone_enc, consumer_phone_hash, subject, description,
           claim_type, amount_claimed_fen, goods_or_service_category, issue_type, opened_at, settle_by, settled_at, amount_recovered_fen, agreement, consumer_signed,
           decline_ground, declined_at, withdrawn_at, escalated_at)
         select $1::uuid, bench_uuid7(x.opened_at), 'JF-${y.label}-' || lpad(g::text, 8, '0'), s.id, x.status, ($3::text[])[1 + g % 64], ($4::text[])[1 + (g * 7) % 64],
                md5('p' || g), (array['商品质量问题','售后维修推诿','价格欺诈','缺斤短两','虚假宣传','食品过期'])[1 + g % 6], '消费者反映的情况',
                'REFUND', 1000 + (g * 37) % 200000,
                case when x.r5 < 0.1 then null else (array['家用电器','服装鞋帽','食品','餐饮服务','通讯器材','美容美发','汽车及零部件','家居用品','预付卡消费','教育培训',
                  '日用百货','珠宝首饰','医疗器械','房屋装修','旅游服务','健身服务','电脑产品','化妆品','烟酒','其他商品'])[1 + floor(x.r5 * 20)::int % 20] end,
                case when x.r6 < 0.05 then null else (array['QUALITY','AFTER_SALES','CONTRACT','FALSE_ADVERTISING','PRICE','MEASUREMENT','SAFETY','FOOD_SAFETY','OTHER'])[1 + floor(x.r6 * 9)::int % 9] end,
                x.opened_at, x.opened_at + interval '5 days',
                case when x.status = 'SETTLED' then x.opened_at + x.r4 * interval '7 days' end,
                case when x.status = 'SETTLED' then (x.r4 * 80000)::bigint end,
                case when x.status = 'SETTLED' then '商家退款' end, case when x.status = 'SETTLED' then true end,
                case when x.status = 'DECLINED' then 'TIME_BARRED' end, case when x.status = 'DECLINED' then x.opened_at + interval '1 hour' end,
                case when x.status = 'WITHDRAWN' then x.opened_at + interval '2 days' end, case when x.status like 'ESCALAT%' then x.opened_at + interval '5 days' end
         from (select x0.*,
                      -- Undecided ones stay OPEN only until settle_by: then the auto-escalation takes them (逾期未和解).
                      case when x0.status0 = 'OPEN' and x0.opened_at + interval '5 days' <= now() then 'ESCALATED' else x0.status0 end as status
               from (select g, random() as r4, random() as r5, random() as r6,
                      floor(${C} * power(random(), 1.4))::int * ${STATIONS_PER_COUNTY} + floor(random() * ${STATIONS_PER_COUNTY})::int as sk,
                      timestamptz '${start}' + ((g - 1 + random()) / $2::float8) * interval '${y.days} days' as opened_at,
                      case when r3 < 0.77 then 'SETTLED' when r3 < 0.85 then 'ESCALATED' when r3 < 0.90 then 'DECLINED' when r3 < 0.95 then 'WITHDRAWN' else 'OPEN' end as status0
               from (select g, random() as r3 from generate_series(1, $2::int) g) g0) x0) x
         join bench_stations s on s.k = x.sk`,
        [tenantId, n, names, phones],
      );
      await owner.query(
        `insert into center_cases (tenant_id, id, case_number, type, channel, status, received_at, subject, description, complainant_name_enc, complainant_phone_enc,
           complainant_phone_hash, respondent_name, respondent_credit_code, amount_claimed_fen, registered_unit_id, assigned_unit_id, source_station_id,
           accepted_at, rejection_ground, rejected_at, assigned_at, outcome, amount_recovered_fen, close_note, closed_at, archived_at, urge_count, registered_by)
         select $1::uuid, x.id, 'ZX-${y.label}-' || lpad(x.g::text, 8, '0'), x.type, x.channel,
                case when x.closed_at is not null then case when x.r9 < 0.5 then 'ARCHIVED' else 'CLOSED' end
                     when x.rejected then 'REJECTED' when x.accepted_at is null then 'REGISTERED' when x.assigned then 'ASSIGNED' else 'ACCEPTED' end,
                x.received_at, (array['商品质量问题','售后维修推诿','价格欺诈','缺斤短两','虚假宣传','食品过期','预付卡退费','合同纠纷'])[1 + x.g % 8], '来电反映的情况',
                ($3::text[])[1 + x.g % 64], ($4::text[])[1 + (x.g * 7) % 64], md5('c' || x.g),
                case when x.type = 'CONSULTATION' then null else (array['惠友','华联','联华','物美','永辉','国美','苏宁','万达','银座','北国'])[1 + x.g % 10] || '商贸有限公司' || (x.g * 13) % 500 end,
                case when x.type <> 'CONSULTATION' and x.r8 < 0.6 then '91130000' || lpad(((x.g * 13) % 500)::text, 9, '0') || 'X' end,
                case when x.type = 'COMPLAINT' then 1000 + (x.g * 37) % 300000 end,
                case when x.at_city then c.city_id else c.id end,
                case when x.assigned then c.id end,
                case when x.channel = 'STATION' then s.id end,
                x.accepted_at, case when x.rejected then 'TIME_BARRED' end, case when x.rejected then x.received_at + interval '1 day' end,
                case when x.assigned then x.accepted_at + interval '1 hour' end,
                case when x.closed_at is null then null when x.type = 'CONSULTATION' then 'ANSWERED' when x.type = 'REPORT' then case when x.r8 < 0.5 then 'CASE_OPENED' else 'NO_CASE_OPENED' end
                     when x.r8 < 0.6 then 'MEDIATED' when x.r8 < 0.85 then 'NOT_MEDIATED' else 'TERMINATED' end,
                case when x.closed_at is not null and x.type = 'COMPLAINT' and x.r8 < 0.6 then (x.r9 * 300000)::bigint end,
                case when x.closed_at is not null then '办结' end, x.closed_at,
                case when x.closed_at is not null and x.r9 < 0.5 then x.closed_at + interval '3 days' end, 0, $5::uuid
         from (select g0.*, bench_uuid7(received_at) as id,
                      case when r2 < 0.4 then 'CONSULTATION' when r2 < 0.9 then 'COMPLAINT' else 'REPORT' end as type,
                      case when r7 < 0.5 then 'PHONE' when r7 < 0.75 then 'WEB' when r7 < 0.83 then 'STATION' when r7 < 0.88 then 'LETTER' when r7 < 0.95 then 'VISIT' when r7 < 0.97 then 'FAX' else 'TRANSFER' end as channel,
                      r3 < 0.12 as at_city,
                      r2 >= 0.4 and r4 < 0.05 as rejected,
                      case when r2 >= 0.4 and r4 >= 0.05 then received_at + r5 * interval '2 days' end as accepted_at,
                      r2 >= 0.4 and r4 >= 0.05 and r6 < 0.7 as assigned,
                      case when r2 < 0.4 then received_at + r5 * interval '4 hours'
                           when r4 >= 0.05 and r6 < 0.85 then received_at + r5 * interval '2 days' + r6 * interval '50 days' end as closed_at
               from (select g, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7, random() as r8, random() as r9,
                            floor(${C} * power(random(), 1.4))::int as ck, floor(random() * ${STATIONS_PER_COUNTY})::int as sk,
                            timestamptz '${start}' + ((g - 1 + random()) / $2::float8) * interval '${y.days} days' as received_at
                     from generate_series(1, $2::int) g) g0) x
         join bench_counties c on c.k = x.ck
         join bench_stations s on s.k = x.ck * ${STATIONS_PER_COUNTY} + x.sk`,
        [tenantId, n, names, phones, operatorId],
      );
      // One handling deadline per accepted case (45 calendar days), breached when closed late or still open past it.
      await owner.query(
        `insert into deadlines (tenant_id, id, case_id, kind, rule_key, unit, days, start_date, due_date, due_at, met_at, breached, breached_at)
         select c.tenant_id, bench_uuid7(c.accepted_at), c.id, 'HANDLING', 'center.handling', 'CALENDAR', 45, (c.accepted_at at time zone 'Asia/Shanghai')::date,
                (c.accepted_at at time zone 'Asia/Shanghai')::date + 45, c.accepted_at + interval '45 days', c.closed_at,
                coalesce(c.closed_at, now()) > c.accepted_at + interval '45 days',
                case when coalesce(c.closed_at, now()) > c.accepted_at + interval '45 days' then c.accepted_at + interval '45 days' end
         from center_cases c where c.tenant_id = $1 and c.case_number like 'ZX-${y.label}-%' and c.accepted_at is not null`,
        [tenantId],
      );
      // Call-backs of 30% of the closed complaints.
      await owner.query(
        `insert into case_callbacks (tenant_id, id, case_id, satisfaction, called_at, called_by)
         select c.tenant_id, bench_uuid7(c.closed_at + interval '2 days'), c.id,
                (array['VERY_SATISFIED','SATISFIED','SATISFIED','SATISFIED','NEUTRAL','DISSATISFIED','UNREACHABLE'])[1 + floor(random() * 7)::int], c.closed_at + interval '1 day' + random() * interval '2 days', $2::uuid
         from center_cases c where c.tenant_id = $1 and c.case_number like 'ZX-${y.label}-%' and c.type = 'COMPLAINT' and c.closed_at is not null and random() < 0.3`,
        [tenantId, operatorId],
      );
      for (const table of ['disputes', 'center_cases', 'deadlines', 'case_callbacks', 'stations', 'org_units']) await owner.query(`vacuum (analyze) ${table}`);
    };

    const cityPath = await path(cities[CITY_K]);
    const countyPath = await path(counties[COUNTY_K].id);
    const provincePath = await path(province);
    const cityName = `${CITIES[CITY_K]}市`;
    const countyName = `${CITIES[CITY_K]}市第${COUNTY_K - CITY_K * COUNTIES_PER_CITY + 1}县`;
    const scenarios = [
      { name: `city month (${cityName}, 2026-03)`, orgUnitId: cities[CITY_K], unitPath: cityPath, period: { kind: 'MONTH', anchor: MONTH } },
      { name: `county month (${countyName}, 2026-03)`, orgUnitId: counties[COUNTY_K].id, unitPath: countyPath, period: { kind: 'MONTH', anchor: MONTH } },
      { name: 'province year (2025-12-01 .. 2026-11-30)', orgUnitId: province, unitPath: provincePath, period: { kind: 'YEAR', anchor: MONTH } },
    ];
    const periodOf = (p: { kind: string; anchor: string }) => {
      const ranges: Record<string, [string, string]> = { MONTH: ['2026-03-01', '2026-04-01'], YEAR: ['2025-12-01', '2026-12-01'] };
      const [f, t] = ranges[p.kind];
      return [new Date(`${f}T00:00:00+08:00`), new Date(`${t}T00:00:00+08:00`)];
    };

    const unitsOf = async (unitPath: string) => (await owner.query(`select array_agg(id)::text[] as ids from org_units where path <@ $1::ltree`, [unitPath])).rows[0].ids as string[];
    /** The service's own statements on a plain connection as the runtime role under RLS (no HTTP, GraphQL or Nest); EXPLAIN ANALYZE with --explain. */
    const { ReportingService } = await import('../libs/reporting/src/reporting.service');
    const { periodRange } = await import('../libs/reporting/src/period');
    const runtime = new Client({ connectionString: url, options: runtimeConnectionOptions() });
    await runtime.connect();
    /** Index and table pages the service's SQL touches (shared buffers hit or read): the work, whatever the machine's load. */
    let pages = 0;
    const direct = async (s: (typeof scenarios)[number], mode: 'run' | 'explain' | 'pages' = 'run') => {
      const svc = new ReportingService(null as never, null as never, null as never);
      await runtime.query('begin');
      try {
        await runtime.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
        const em = {
          query: async (q: string, p: unknown[]) => {
            if (mode === 'explain') {
              const plan = (await runtime.query(`explain (analyze, buffers) ${q}`, p)).rows.map((r) => r['QUERY PLAN']).join('\n');
              console.log(`\n--- ${s.name}: ${q.replace(/\s+/g, ' ').slice(0, 140)}…\n${plan}`);
            } else if (mode === 'pages') {
              const [plan] = (await runtime.query(`explain (analyze, buffers, format json) ${q}`, p)).rows[0]['QUERY PLAN'];
              pages += plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
            }
            return (await runtime.query(q, p)).rows;
          },
        };
        return await svc.compute(em as never, { unitPath: s.unitPath, unitId: s.orgUnitId, stationId: null }, periodRange(s.period.kind as never, s.period.anchor));
      } finally {
        await runtime.query('rollback');
      }
    };

    const measure = async (label: string) => {
      const { rows: counts } = await owner.query(`select (select count(*) from disputes)::int d, (select count(*) from center_cases)::int c`);
      say(`${label}: ${fmt(counts[0].d)} disputes, ${fmt(counts[0].c)} center cases in the tenant; ${load()}`);
      const out: Record<string, { api: number; sql: number; pages: number }> = {};
      for (const s of scenarios) {
        const [from, to] = periodOf(s.period);
        const units = await unitsOf(s.unitPath);
        const hand = async () => (await owner.query(HAND_WRITTEN, [tenantId, from, to, units])).rows[0];
        const api = async () => (await gql(STATS, { u: s.orgUnitId, p: s.period }, officer)).statistics;
        await api();
        await hand();
        await direct(s);
        await api();
        const apiTimes: number[] = [];
        const sqlTimes: number[] = [];
        const directTimes: number[] = [];
        let a: Record<string, any> = {};
        let h: Record<string, any> = {};
        // Interleaved, so all three see the same machine load (the two SQL timings on SQL_RUNS of the runs).
        const every = Math.max(1, Math.floor(RUNS / SQL_RUNS));
        for (let i = 0; i < RUNS; i++) {
          let t = process.hrtime.bigint();
          a = await api();
          apiTimes.push(ms(process.hrtime.bigint() - t));
          if (i % every !== 0 || sqlTimes.length >= SQL_RUNS) continue;
          t = process.hrtime.bigint();
          h = await hand();
          sqlTimes.push(ms(process.hrtime.bigint() - t));
          t = process.hrtime.bigint();
          await direct(s);
          directTimes.push(ms(process.hrtime.bigint() - t));
        }
        const mismatch = sameNumbers(a, h);
        if (mismatch) throw new Error(`${s.name}: the hand-written SQL disagrees with the API: ${mismatch}`);
        const ap = p50(apiTimes);
        const sp = p50(sqlTimes);
        pages = 0;
        await direct(s, 'pages');
        out[s.name] = { api: ap, sql: sp, pages };
        say(
          `  ${s.name}: statistics p50 ${ap.toFixed(1)} ms; hand-written SQL p50 ${sp.toFixed(1)} ms (ratio ${(ap / sp).toFixed(2)}); the service's SQL alone p50 ${p50(directTimes).toFixed(1)} ms` +
            `, ${fmt(pages)} pages touched [${fmt(a.stationDisputes)} disputes, ${fmt(a.consultations + a.complaints + a.reports)} cases received; p50 < 100 ms: ${ap < 100 ? 'met' : 'NOT met'}, ≤ 2× SQL: ${ap <= 2 * sp ? 'met' : 'NOT met'}]`,
        );
        if (s.period.kind === 'YEAR') {
          // The floor: merely counting the period's rows, the two main sources, nothing else.
          const floor: number[] = [];
          for (let i = 0; i < SQL_RUNS; i++) {
            const t = process.hrtime.bigint();
            await owner.query(
              `select (select count(*) from center_cases where tenant_id = $1 and received_at >= $2 and received_at < $3),
                      (select count(*) from disputes where tenant_id = $1 and opened_at >= $2 and opened_at < $3)`,
              [tenantId, from, to],
            );
            floor.push(ms(process.hrtime.bigint() - t));
          }
          say(`    (a bare count(*) of the year's received cases and opened disputes alone, index-only, no figure computed: p50 ${p50(floor).toFixed(1)} ms)`);
        }
        // As between two refreshes: one day of the period changed since (marked dirty), counted live.
        const mark = (await owner.query(`insert into stats_dirty (tenant_id, day) values ($1, $2) returning id`, [tenantId, MONTH])).rows[0].id;
        const dirtyTimes: number[] = [];
        let d: Record<string, any> = {};
        await api();
        for (let i = 0; i < Math.max(5, Math.floor(RUNS / 2)); i++) {
          const t = process.hrtime.bigint();
          d = await api();
          dirtyTimes.push(ms(process.hrtime.bigint() - t));
        }
        await owner.query(`delete from stats_dirty where tenant_id = $1 and id = $2`, [tenantId, mark]);
        if (JSON.stringify(d) !== JSON.stringify(a)) throw new Error(`${s.name}: the figures with a dirty day differ from the rollups'`);
        say(`    with ${MONTH} marked dirty (counted live from the source tables, the rest from the rollups): statistics p50 ${p50(dirtyTimes).toFixed(1)} ms, same figures`);
      }
      return out;
    };
    const load = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;

    // The worker's rollup refresh (StatisticsRollups, as its repeatable job runs it), run here
    // directly on a runtime-role connection pool and timed.
    const { StatisticsRollups } = await import('../libs/reporting/src/statistics-rollups');
    const rollupDs = new DataSource({ type: 'postgres', url, extra: { max: 2, options: runtimeConnectionOptions() } });
    await rollupDs.initialize();
    const refresher = new StatisticsRollups({ dataSource: rollupDs } as never);
    const buildRollups = async (what: string) => {
      const [{ n: marks }] = (await owner.query(`select count(*)::int as n from stats_dirty`)).rows;
      const t = Date.now();
      const days = await refresher.refreshAll();
      const [{ n: rows }] = (await owner.query(`select count(*)::int as n from stats_daily`)).rows;
      await owner.query(`vacuum (analyze) stats_daily`);
      say(`rollups after ${what}: ${fmt(marks)} dirty marks → ${fmt(days)} days rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s by the worker's refresh runs (≤ 31 days each); stats_daily ${fmt(rows)} rows`);
    };

    // ---- year B (1M + 1M at full scale), timings; then year A (history doubled), timings ----
    let t1 = Date.now();
    await seedYear(YEARS[0], PER_YEAR);
    const seedB = (Date.now() - t1) / 1000;
    say(`Seeded ${CITIES.length} cities, ${C} counties, ${fmt(S)} stations (setup ${setupSeconds.toFixed(0)} s); reporting year 2025-12 .. 2026-11: ${fmt(PER_YEAR)} disputes + ${fmt(PER_YEAR)} center cases (+ deadlines, call-backs) in ${seedB.toFixed(0)} s`);
    say(`statistics: p50 of ${RUNS} runs each after warm-up, over HTTP as a province OFFICER naming the unit (API: ${API === 'src' ? 'apps/api/src through swc-node' : 'the webpack bundle of nest build api, as npm run build makes it'}), interleaved with ${SQL_RUNS} runs of the hand-written statement (as the owner, no RLS) and of the service's own SQL on a plain connection (runtime role, RLS; no HTTP, GraphQL or Nest)`);
    await buildRollups('seeding the reporting year');
    const half = await measure('history: one year');
    t1 = Date.now();
    await seedYear(YEARS[1], PER_YEAR);
    say(`Seeded the year before (2024-12 .. 2025-11): ${fmt(PER_YEAR)} + ${fmt(PER_YEAR)} in ${((Date.now() - t1) / 1000).toFixed(0)} s; ${load()}`);
    await buildRollups('seeding the year before');
    const full = await measure('history: two years');
    for (const s of scenarios.slice(0, 2)) {
      const a = half[s.name];
      const b = full[s.name];
      say(
        `  ${s.name}, one year of history → two: p50 ${a.api.toFixed(1)} → ${b.api.toFixed(1)} ms (×${(b.api / a.api).toFixed(2)}); ` +
          `pages the service's SQL touches ${fmt(a.pages)} → ${fmt(b.pages)} (×${(b.pages / a.pages).toFixed(2)})`,
      );
    }
    if (EXPLAIN) for (const s of scenarios) await direct(s, 'explain');
    await runtime.end();
    await rollupDs.destroy();

    // ---- the full ledger (every case of the province), as the API runs by default, then with its V8 old space capped ----
    const exportAll = async (label: string) => {
      const token = await login('operator', 'bench');
      for (const format of EXPORTS) {
        try {
          writeFileSync(`/proc/${apiPid}/clear_refs`, '5'); // reset the peak RSS (VmHWM)
        } catch {
          /* not permitted: VmHWM then covers the process's life */
        }
        const before = procStatus(apiPid);
        let peak = before.rss;
        const sampler = setInterval(() => (peak = Math.max(peak, procStatus(apiPid).rss)), 50);
        const t = process.hrtime.bigint();
        const res = await fetch(`${endpoint}/exports/ledger.${format}`, { headers: { authorization: `Bearer ${token}` } });
        if (res.status !== 200) throw new Error(`ledger.${format}: ${res.status} ${await res.text()}`);
        let bytes = 0;
        let newlines = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          if (format === 'csv') for (const b of chunk) if (b === 10) newlines++;
        }
        const secs = ms(process.hrtime.bigint() - t) / 1000;
        clearInterval(sampler);
        const after = procStatus(apiPid);
        const rows = TOTAL; // every case is in the province's ledger
        if (format === 'csv' && newlines !== rows + 1) throw new Error(`ledger.csv: ${newlines - 1} rows, expected ${rows}`);
        const rssPeak = Math.max(peak, after.hwm);
        say(
          `  ${label}: ${format.toUpperCase()} ${fmt(rows)} rows (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${secs.toFixed(1)} s = ${fmt(Math.round(rows / secs))} rows/s; ` +
            `API RSS ${before.rss.toFixed(0)} MB before, peak ${rssPeak.toFixed(0)} MB (target < 300 MB: ${rssPeak < 300 ? 'met' : 'NOT met'}); ${load()}`,
        );
      }
    };
    if (EXPORTS.length) {
      say(`full ledger export (every case of the province, as a province CENTER_OPERATOR), the API restarted fresh for each configuration:`);
      await stopApi();
      apiPid = await startApi();
      await exportAll('API without a heap cap (node defaults)');
      if (EXPORT_HEAP_MB > 0) {
        await stopApi();
        apiPid = await startApi([`--max-old-space-size=${EXPORT_HEAP_MB}`]);
        await exportAll(`API as deployed (node --max-old-space-size=${EXPORT_HEAP_MB}: docker/compose.yml, API_HEAP_MB)`);
      }
    }
    if (RECORD) record(`Statistics and ledger export (reporting)`, `SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/reporting.ts ${args.join(' ')}`.trim(), lines);
  } finally {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await owner.end().catch(() => undefined);
    if (!KEEP) await admin.query(`drop database if exists ${name} with (force)`);
    else console.log(`kept database ${name}`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
