// Benchmark (not a test): a model-station round with 10,000 applications and 5 evaluators each.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/evaluation.ts [--record] [--keep] [--n=5]
//
// Creates a fresh database (DATABASE_URL's server, superuser), migrates it, boots the real API on
// a free port, creates a tenant (province → city → 20 counties) and the round through GraphQL,
// bulk-inserts 10,000 stations, 10,000 CITY_RECOMMENDED applications and 50,000 score sheets
// (5 evaluators, each with their own leniency) with SQL, moves the round to SCORING, then times
// over HTTP as TENANT_ADMIN: `applications(roundId)` ranked live from the sheets (before a
// selection exists), `selectModelStations` (normalise, rank, select, store 10,000 rows) run n
// times, and `applications(roundId)` from the stored selection. --record appends to RESULTS.md.
import { startBenchApi } from './support/bench-api';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('./record') as { record: (title: string, command: string, lines: string[]) => void };

const APPLICATIONS = 10_000;
const EVALUATORS = 5;
const COUNTIES = 20;
const PASSWORD = 'Bench-passw0rd';
const args = process.argv.slice(2);
const RECORD = args.includes('--record');
const KEEP = args.includes('--keep');
const N = Number(args.find((a) => a.startsWith('--n='))?.slice(4) ?? 5);

const LIST = `query($r: ID!) { applications(roundId: $r) { id status finalScore rawScore rank sheetCount selected } }`;
const SELECT = `mutation($r: ID!) { selectModelStations(roundId: $r) { id rank finalScore } }`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const bench = await startBenchApi('eval', PASSWORD);
  const { owner, gql, login } = bench;
  try {
    const platform = await login('admin');
    await gql(
      `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`,
      { i: { code: 'bench', name: '基准测试省局', rootOrgUnitName: '河北省市场监督管理局', rootLevel: 'PROVINCE', regionCode: '130000', adminUsername: 'tadmin', adminPassword: PASSWORD } },
      platform,
    );
    const tadmin = await login('tadmin', 'bench');
    const unit = async (parentId: string, uname: string, level: string, regionCode: string) =>
      (await gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId, name: uname, level, regionCode } }, tadmin)).createOrgUnit.id as string;
    const province = (await gql(`{ me { orgUnit { id } } }`, {}, tadmin)).me.orgUnit.id as string;
    const city = await unit(province, '保定市市场监督管理局', 'CITY', '130600');
    const counties: string[] = [];
    for (let k = 1; k <= COUNTIES; k++) counties.push(await unit(city, `第${k}县市场监督管理局`, 'COUNTY', `13${String(6000 + k).padStart(4, '0')}`));
    const round = (
      await gql(
        `mutation($i: CreateRoundInput!) { createEvaluationRound(input: $i) { id criteria { id maxPoints weight } } }`,
        {
          i: {
            year: 2025,
            orgUnitId: city,
            quota: 10,
            maxPerCategory: 3,
            criteria: [
              { code: 'facility', name: '硬件设施', maxPoints: 20, weight: 0.2 },
              { code: 'rules', name: '制度建设', maxPoints: 20, weight: 0.2 },
              { code: 'staff', name: '业务素质', maxPoints: 20, weight: 0.2 },
              { code: 'results', name: '工作成效', maxPoints: 40, weight: 0.4 },
            ],
          },
        },
        tadmin,
      )
    ).createEvaluationRound as { id: string; criteria: { id: string; maxPoints: number; weight: number }[] };

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
       select $1::uuid, md5('h' || g)::uuid, '91130600' || lpad(g::text, 9, '0') || 'X', '商贸有限公司' || g from generate_series(1, $2) g`,
      [tenantId, APPLICATIONS],
    );
    await owner.query(
      `insert into stations (tenant_id, id, code, name, category, status, host_id, address, contact_name, contact_phone, org_unit_id, search_text)
       select $1::uuid, md5('s' || g)::uuid, u.region || '-' || lpad(g::text, 5, '0'), '消费维权服务站' || g,
              (array['MALL','SUPERMARKET','MARKET','ENTERPRISE','SCENIC_AREA','OTHER'])[1 + g % 6], 'ACTIVE',
              md5('h' || g)::uuid, '建设路 ' || g || ' 号', '联系人' || g, '13900000000', u.id, '消费维权服务站' || g
         from generate_series(1, $2) g join bench_units u on u.k = g % ${COUNTIES}`,
      [tenantId, APPLICATIONS],
    );
    await owner.query(
      `insert into evaluation_applications (tenant_id, id, round_id, station_id, category, status, statement)
       select $1::uuid, md5('a' || g)::uuid, $2::uuid, md5('s' || g)::uuid, s.category, 'CITY_RECOMMENDED', '申请' || g
         from generate_series(1, $3) g join stations s on s.tenant_id = $1::uuid and s.id = md5('s' || g)::uuid`,
      [tenantId, round.id, APPLICATIONS],
    );
    // 5 evaluators; evaluator e is lenient by e*3 points; each scores each criterion around the station's quality
    const [c1, c2, c3, c4] = round.criteria.map((c) => c.id);
    await owner.query(
      `insert into evaluation_score_sheets (tenant_id, id, round_id, application_id, evaluator_id, conflict_declared, points, weighted)
       select $1::uuid, md5('x' || g || '-' || e)::uuid, $2::uuid, md5('a' || g)::uuid, md5('e' || e)::uuid, false,
              jsonb_build_object($3::text, p1, $4::text, p2, $5::text, p3, $6::text, p4),
              round((100 * (0.2 * p1 / 20 + 0.2 * p2 / 20 + 0.2 * p3 / 20 + 0.4 * p4 / 40))::numeric, 6)::float8
         from generate_series(1, $7) g cross join generate_series(1, ${EVALUATORS}) e
         cross join lateral (select least(20, floor(random() * 14 + e))::int as p1, least(20, floor(random() * 14 + e))::int as p2,
                                    least(20, floor(random() * 14 + e))::int as p3, least(40, floor(random() * 30 + 2 * e))::int as p4) x`,
      [tenantId, round.id, c1, c2, c3, c4, APPLICATIONS],
    );
    await owner.query(`update evaluation_rounds set phase = 'SCORING' where id = $1`, [round.id]);
    await owner.query('commit');
    await owner.query('analyze stations; analyze evaluation_applications; analyze evaluation_score_sheets');
    const seedSeconds = (Date.now() - t1) / 1000;

    const time = async (fn: () => Promise<unknown>) => {
      const s = process.hrtime.bigint();
      const out = await fn();
      return { ms: Number(process.hrtime.bigint() - s) / 1e6, out };
    };
    await gql(LIST, { r: round.id }, tadmin); // warm-up
    const live: number[] = [];
    for (let i = 0; i < N; i++) live.push((await time(() => gql(LIST, { r: round.id }, tadmin))).ms);
    const select: number[] = [];
    let first: unknown;
    for (let i = 0; i < N; i++) {
      const r = await time(() => gql(SELECT, { r: round.id }, tadmin));
      select.push(r.ms);
      if (i === 0) first = r.out;
      else if (JSON.stringify(r.out) !== JSON.stringify(first)) throw new Error('selection changed between runs');
    }
    const stored: number[] = [];
    let rows = 0;
    for (let i = 0; i < N; i++) {
      const r = await time(() => gql(LIST, { r: round.id }, tadmin));
      stored.push(r.ms);
      rows = (r.out as { applications: unknown[] }).applications.length;
    }
    const chosen = (first as { selectModelStations: { rank: number }[] }).selectModelStations;
    const lines = [
      `${APPLICATIONS.toLocaleString('en')} applications × ${EVALUATORS} evaluators (${(APPLICATIONS * EVALUATORS).toLocaleString('en')} sheets), quota 10, maxPerCategory 3; seeded in ${seedSeconds.toFixed(1)} s`,
      `selectModelStations (normalise, rank, select, store all ranks): median ${median(select).toFixed(0)} ms, max ${Math.max(...select).toFixed(0)} ms over ${N} runs; identical result each run (${chosen.length} selected, ranks ${chosen.map((c) => c.rank).join(',')})`,
      `applications(roundId), ranked live from the sheets (before a selection): median ${median(live).toFixed(0)} ms, max ${Math.max(...live).toFixed(0)} ms`,
      `applications(roundId), from the stored selection: median ${median(stored).toFixed(0)} ms, max ${Math.max(...stored).toFixed(0)} ms (${rows} rows over HTTP)`,
    ];
    for (const l of lines) console.log(l);
    if (RECORD) record('Model-station round: selection and ranked listing', 'SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/evaluation.ts --record', lines);
  } finally {
    await bench.close(KEEP);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
