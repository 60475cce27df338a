import { drawSample } from '@app/evaluation';
import { codeOf, GqlResult, startTestApp, TestApp } from './support/app';
import { expectAccessDenied, expectError } from './support/access';
import { createTenantFixture, TenantFixture } from './support/fixtures';
import { addStationStaff, createStation } from './support/stations';

const ROUND_FIELDS = `id year phase quota maxPerCategory selectionStored spotCheckSeed spotCheckSize spotCheckSample orgUnit { id } criteria { id code name maxPoints weight }`;
const APP_FIELDS = `id status statement countyNote cityNote finalScore rawScore rank sheetCount selected inSample spotCheckPassed station { id category } round { id phase }`;
const CREATE = `mutation($i: CreateRoundInput!) { createEvaluationRound(input: $i) { ${ROUND_FIELDS} } }`;
const ROUND = `query($id: ID!) { evaluationRound(id: $id) { ${ROUND_FIELDS} } }`;
const ADVANCE = `mutation($id: ID!, $to: RoundPhase!) { advanceRound(id: $id, to: $to) { id phase } }`;
const APPLY = `mutation($r: ID!, $s: ID!, $st: String!) { applyForModelStation(roundId: $r, stationId: $s, statement: $st) { ${APP_FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawApplication(id: $id) { id status } }`;
const REVIEW = `mutation($id: ID!, $ok: Boolean!, $n: String!) { reviewApplication(id: $id, recommend: $ok, note: $n) { id status countyNote cityNote } }`;
const APPS = `query($r: ID!) { applications(roundId: $r) { ${APP_FIELDS} indicators { disputesHandled disputesSettled settlementRate escalations overdueDeadlines overdueCenterDeadlines trainingAttendances trainingHours inspections inspectionsPassed inspectionsFailed } } }`;
const COMMENT = `mutation($tc: String!, $a: ID!, $n: String!, $p: String!, $tx: String!, $o: Boolean!) {
  submitPublicComment(tenantCode: $tc, applicationId: $a, name: $n, phone: $p, text: $tx, objection: $o) { id createdAt } }`;
const COMMENTS = `query($a: ID!) { publicComments(applicationId: $a) { id applicationId name phone text objection resolution resolutionNote } }`;
const RESOLVE = `mutation($c: ID!, $u: Boolean!, $n: String!) { resolveObjection(commentId: $c, upheld: $u, note: $n) { id resolution resolutionNote } }`;
const SCORE = `mutation($a: ID!, $s: [CriterionScoreInput!]!) { submitScores(applicationId: $a, scores: $s) { id sheetCount status } }`;
const CONFLICT = `mutation($a: ID!) { declareConflict(applicationId: $a) { id } }`;
const SELECT = `mutation($r: ID!) { selectModelStations(roundId: $r) { id rank finalScore rawScore status station { id } } }`;
const DRAW = `mutation($r: ID!, $n: Int!) { drawSpotCheckSample(roundId: $r, size: $n) { ${ROUND_FIELDS} } }`;
const SPOT = `mutation($a: ID!, $ok: Boolean!, $n: String!) { recordSpotCheck(applicationId: $a, passed: $ok, note: $n) { id status spotCheckPassed } }`;
const TITLES = `query($y: Int!) { modelTitles(year: $y) { year revokedAt revokedReason station { id } } }`;
const TITLE_ROUNDS = `query($y: Int!) { modelTitles(year: $y) { station { id } round { id year orgUnit { id } } } }`;
const REVOKE = `mutation($s: ID!, $y: Int!, $r: String!) { revokeModelTitle(stationId: $s, year: $y, reason: $r) { year revokedAt revokedReason station { id } round { id } } }`;
const ROUNDS = `query($y: Int, $first: Int, $after: String) {
  evaluationRounds(year: $y, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id year phase orgUnit { id } criteria { code } } } } }`;
const SHEET_FIELDS = `myScoreSheet { id conflictDeclared scores { criterionId points } weightedScore submittedAt }`;
const APP_SHEET = `query($id: ID!) { application(id: $id) { id ${SHEET_FIELDS} } }`;
const APPS_SHEETS = `query($r: ID!) { applications(roundId: $r) { id ${SHEET_FIELDS} } }`;

const YEAR = 2025;
const criteria = [
  { code: 'facility', name: '硬件设施', maxPoints: 10, weight: 0.2 },
  { code: 'rules', name: '制度建设', maxPoints: 20, weight: 0.3 },
  { code: 'results', name: '工作成效', maxPoints: 30, weight: 0.5 },
];

describe('evaluation: provincial model-station round (e2e)', () => {
  let t: TestApp;
  let f: TenantFixture;
  let g: TenantFixture;
  let tok: Record<string, string>;
  let st: Record<string, string>; // stations
  let app: Record<string, string> = {}; // applications by station key
  let roundId: string;
  let crit: { id: string; maxPoints: number }[];
  const count = async (table: string, where = 'true'): Promise<number> => (await t.sql(`select count(*)::int n from ${table} where ${where}`))[0].n;
  const advance = (to: string, token = tok.officerCity) => t.gql(ADVANCE, { id: roundId, to }, token);
  const pts = (a: number, b: number, c: number) => [
    { criterionId: crit[0].id, points: a },
    { criterionId: crit[1].id, points: b },
    { criterionId: crit[2].id, points: c },
  ];

  beforeAll(async () => {
    t = await startTestApp();
    [f, g] = await Promise.all([createTenantFixture(t, 'ev'), createTenantFixture(t, 'ew')]);
    const cityB = (await t.ok(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId: f.units.province, name: '石家庄市市场监督管理局', level: 'CITY', regionCode: '130100' } }, f.tokens.tenantAdmin)).createOrgUnit.id;
    const [s1, s2, s3, s4, s5, s6, sP] = await Promise.all([
      createStation(t, f, { orgUnitId: f.units.countyA, category: 'MALL' }),
      createStation(t, f, { orgUnitId: f.units.countyA, category: 'MALL' }),
      createStation(t, f, { orgUnitId: f.units.countyB, category: 'SUPERMARKET' }),
      createStation(t, f, { orgUnitId: f.units.officeA, category: 'MARKET' }),
      createStation(t, f, { orgUnitId: f.units.countyB, category: 'MALL' }),
      createStation(t, f, { orgUnitId: f.units.countyB, category: 'OTHER' }),
      createStation(t, f, { orgUnitId: f.units.countyB, category: 'OTHER', approve: false }),
    ]);
    st = { s1, s2, s3, s4, s5, s6, sP };
    tok = {
      ...f.tokens,
      staff1: await addStationStaff(t, f, s1, 'staff-1'),
      officerProvince: await f.addUser('officer-prov', ['OFFICER'], { orgUnitId: f.units.province }),
      officerCityB: await f.addUser('officer-city-b', ['OFFICER'], { orgUnitId: cityB }),
      evaluatorCityB: await f.addUser('evaluator-city-b', ['EVALUATOR'], { orgUnitId: cityB }),
      evaluatorCity2: await f.addUser('evaluator-city-2', ['EVALUATOR'], { orgUnitId: f.units.city }),
      evaluatorCountyA: await f.addUser('evaluator-a', ['EVALUATOR'], { orgUnitId: f.units.countyA }),
      evaluatorProvince: await f.addUser('evaluator-prov', ['EVALUATOR'], { orgUnitId: f.units.province }),
    };
  }, 120000);

  afterAll(() => t?.close());

  it('createEvaluationRound: validates, one per city and year, city officers and above only', async () => {
    const input = { year: YEAR, orgUnitId: f.units.city, quota: 2, maxPerCategory: 1, criteria };
    const before = await count('evaluation_rounds');
    expectError(await t.gql(CREATE, { i: { ...input, criteria: [{ ...criteria[0], weight: 0.1 }, criteria[1], criteria[2]] } }, tok.officerCity), 'BAD_USER_INPUT', 'criteria');
    expectError(await t.gql(CREATE, { i: { ...input, quota: 0 } }, tok.officerCity), 'BAD_USER_INPUT', 'quota');
    expectError(await t.gql(CREATE, { i: { ...input, criteria: [] } }, tok.officerCity), 'BAD_USER_INPUT', 'criteria');
    expectError(await t.gql(CREATE, { i: { ...input, orgUnitId: f.units.countyA } }, tok.officerCity), 'BAD_USER_INPUT', 'orgUnitId');
    expectError(await t.gql(CREATE, { i: { ...input, criteria: [{ ...criteria[0], maxPoints: 0 }, criteria[1], criteria[2]] } }, tok.officerCity), 'BAD_USER_INPUT', 'maxPoints');
    expect(await count('evaluation_rounds')).toBe(before);
    await expectAccessDenied(t, {
      query: CREATE,
      variables: { i: input },
      otherTenant: g.tokens.tenantAdmin,
      forbidden: [tok.officerCountyA, tok.evaluatorCity, tok.operatorCity, tok.officerCityB, tok.staff1],
      unchanged: () => count('evaluation_rounds'),
    });
    const r = (await t.ok(CREATE, { i: input }, tok.officerCity)).createEvaluationRound;
    expect(r).toMatchObject({ year: YEAR, phase: 'APPLICATION', quota: 2, maxPerCategory: 1, orgUnit: { id: f.units.city }, selectionStored: false });
    expect(r.criteria.map((c: { code: string }) => c.code)).toEqual(['facility', 'rules', 'results']);
    roundId = r.id;
    crit = r.criteria;
    expectError(await t.gql(CREATE, { i: input }, tok.officerProvince), 'CONFLICT');
    // weights within 1e-6 of 1 are accepted (another year)
    const w = [{ ...criteria[0], weight: 0.2000004 }, criteria[1], { ...criteria[2], weight: 0.4999998 }];
    await t.ok(CREATE, { i: { ...input, year: YEAR - 1, criteria: w } }, tok.tenantAdmin);
  });

  it('evaluationRound: any role in scope', async () => {
    for (const token of [tok.evaluatorCity, tok.evaluatorCountyA, tok.staff1, tok.officerProvince, tok.operatorCountyB]) {
      expect((await t.ok(ROUND, { id: roundId }, token)).evaluationRound.id).toBe(roundId);
    }
    expectError(await t.gql(ROUND, { id: 'nope' }, tok.officerCity), 'BAD_USER_INPUT', 'id');
    await expectAccessDenied(t, { query: ROUND, variables: { id: roundId }, otherTenant: g.tokens.tenantAdmin, forbidden: [tok.officerCityB, tok.evaluatorCityB] });
  });

  it('evaluationRounds: the rounds the caller may read, newest first, paged; filtered by year', async () => {
    type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; year: number; orgUnit: { id: string } } }[] };
    const list = async (token: string, vars: Record<string, unknown> = {}): Promise<Page> => (await t.ok(ROUNDS, vars, token)).evaluationRounds;
    const ids = (p: Page) => p.edges.map((e) => e.node.id);
    const older = (await t.sql<{ id: string }>(`select id from evaluation_rounds where year = $1 and org_unit_id = $2`, [YEAR - 1, f.units.city]))[0].id;
    // Another city's round of the same year, and a station in that city with its staff.
    const cityB = (await t.sql<{ id: string }>(`select id from org_units where name = '石家庄市市场监督管理局' and tenant_id = (select tenant_id from org_units where id = $1)`, [f.units.city]))[0].id;
    const roundB = (await t.ok(CREATE, { i: { year: YEAR, orgUnitId: cityB, quota: 1, criteria } }, tok.officerCityB)).createEvaluationRound.id;
    const countyOfB = (await t.ok(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId: cityB, name: '正定县市场监督管理局', level: 'COUNTY', regionCode: '130123' } }, tok.tenantAdmin)).createOrgUnit.id;
    const stationB = await createStation(t, f, { orgUnitId: countyOfB, category: 'MALL' });
    const staffB = await addStationStaff(t, f, stationB, 'staff-city-b');

    // Newest first: by year, then by creation (the later round of the year first).
    const all = await list(tok.tenantAdmin);
    expect(ids(all)).toEqual([roundB, roundId, older]);
    expect(all.totalCount).toBe(3);
    expect(all.edges[1].node).toMatchObject({ year: YEAR, phase: 'APPLICATION', orgUnit: { id: f.units.city }, criteria: [{ code: 'facility' }, { code: 'rules' }, { code: 'results' }] });
    expect(ids(await list(tok.officerProvince))).toEqual([roundB, roundId, older]);
    // Units on the city's line and the city's station staff: the city's rounds only.
    for (const token of [tok.officerCity, tok.evaluatorCity, tok.evaluatorCountyA, tok.operatorCountyB, tok.staff1]) {
      const p = await list(token);
      expect(ids(p)).toEqual([roundId, older]);
      expect(p.totalCount).toBe(2);
    }
    for (const token of [tok.officerCityB, tok.evaluatorCityB, staffB]) expect(ids(await list(token))).toEqual([roundB]);
    // By year; paging with the cursor.
    expect(ids(await list(tok.officerCity, { y: YEAR - 1 }))).toEqual([older]);
    expect((await list(tok.officerCity, { y: 2099 })).totalCount).toBe(0);
    const p1 = await list(tok.tenantAdmin, { first: 2 });
    expect(ids(p1)).toEqual([roundB, roundId]);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = await list(tok.tenantAdmin, { first: 2, after: p1.pageInfo.endCursor });
    expect(ids(p2)).toEqual([older]);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect(p2.totalCount).toBe(3);

    // Bad input names the argument.
    expectError(await t.gql(ROUNDS, { y: 1 }, tok.officerCity), 'BAD_USER_INPUT', 'year');
    expectError(await t.gql(ROUNDS, { first: -1 }, tok.officerCity), 'BAD_USER_INPUT', 'first');
    expectError(await t.gql(ROUNDS, { after: 'garbage' }, tok.officerCity), 'BAD_USER_INPUT', 'after');
    expectError(await t.gql(ROUNDS, { after: Buffer.from(JSON.stringify([YEAR, 'x'])).toString('base64url') }, tok.officerCity), 'BAD_USER_INPUT', 'after');
    // Another tenant sees none of these rounds (a list: empty, not NOT_FOUND).
    expect(await list(g.tokens.tenantAdmin)).toMatchObject({ totalCount: 0, edges: [] });
    expect((await list(g.tokens.evaluatorCity)).totalCount).toBe(0);
    // Out of scope is filtered (above); the platform admin reads no tenant's rounds.
    expectError(await t.gql(ROUNDS, {}, await t.adminToken()), 'FORBIDDEN');
  });

  it('applyForModelStation: ACTIVE stations under the city, once per round; withdrawal', async () => {
    const st1 = '本站 2024 年受理纠纷 120 件，和解率 95%';
    const a1 = (await t.ok(APPLY, { r: roundId, s: st.s1, st: st1 }, tok.staff1)).applyForModelStation;
    expect(a1).toMatchObject({ status: 'SUBMITTED', statement: st1, station: { id: st.s1 }, round: { id: roundId }, finalScore: null, rank: null });
    app.s1 = a1.id;
    app.s2 = (await t.ok(APPLY, { r: roundId, s: st.s2, st: '申请' }, tok.officerCountyA)).applyForModelStation.id;
    app.s4 = (await t.ok(APPLY, { r: roundId, s: st.s4, st: '申请' }, tok.officerCountyA)).applyForModelStation.id;
    app.s3 = (await t.ok(APPLY, { r: roundId, s: st.s3, st: '申请' }, tok.officerCountyB)).applyForModelStation.id;
    app.s5 = (await t.ok(APPLY, { r: roundId, s: st.s5, st: '申请' }, tok.officerCountyB)).applyForModelStation.id;
    app.s6 = (await t.ok(APPLY, { r: roundId, s: st.s6, st: '申请' }, tok.officerCity)).applyForModelStation.id;

    const before = await count('evaluation_applications');
    expectError(await t.gql(APPLY, { r: roundId, s: st.s1, st: '再次申请' }, tok.staff1), 'CONFLICT');
    expectError(await t.gql(APPLY, { r: roundId, s: st.sP, st: '申请' }, tok.officerCountyB), 'BAD_USER_INPUT', 'stationId');
    expectError(await t.gql(APPLY, { r: roundId, s: st.s2, st: '  ' }, tok.officerCountyA), 'BAD_USER_INPUT', 'statement');
    expectError(await t.gql(APPLY, { r: 'x', s: st.s2, st: '申请' }, tok.officerCountyA), 'BAD_USER_INPUT', 'roundId');
    expect(await count('evaluation_applications')).toBe(before);
    await expectAccessDenied(t, {
      query: APPLY,
      variables: { r: roundId, s: st.sP, st: '申请' },
      otherTenant: g.tokens.officerCity,
      forbidden: [tok.officerCountyA, tok.staff1, tok.evaluatorCity, tok.operatorCountyB, tok.tenantAdmin],
      unchanged: () => count('evaluation_applications'),
    });

    // withdrawal by the station's officer; not twice; not by others
    await expectAccessDenied(t, { query: WITHDRAW, variables: { id: app.s6 }, otherTenant: g.tokens.officerCity, forbidden: [tok.officerCountyA, tok.staff1, tok.evaluatorCity] });
    expectError(await t.gql(WITHDRAW, { id: 'bad' }, tok.officerCountyB), 'BAD_USER_INPUT', 'id');
    expect((await t.ok(WITHDRAW, { id: app.s6 }, tok.officerCountyB)).withdrawApplication.status).toBe('WITHDRAWN');
    expectError(await t.gql(WITHDRAW, { id: app.s6 }, tok.officerCountyB), 'INVALID_TRANSITION');
  });

  it('each action only in its phase; phases move one step forward', async () => {
    const phaseErr = (res: GqlResult) => {
      expectError(res, 'INVALID_TRANSITION');
      expect(res.errors![0].message).toContain('申报');
    };
    phaseErr(await t.gql(REVIEW, { id: app.s1, ok: true, n: '合格' }, tok.officerCountyA));
    phaseErr(await t.gql(SCORE, { a: app.s1, s: pts(1, 1, 1) }, tok.evaluatorCity));
    phaseErr(await t.gql(SELECT, { r: roundId }, tok.officerCity));
    phaseErr(await t.gql(SPOT, { a: app.s1, ok: true, n: '合格' }, tok.officerProvince));
    expectError(await t.gql(COMMENT, { tc: f.code, a: app.s1, n: '李四', p: '13900000001', tx: '很好', o: false }), 'NOT_FOUND', 'applicationId');
    phaseErr(await advance('SCORING'));
    phaseErr(await advance('APPLICATION'));
    await expectAccessDenied(t, {
      query: ADVANCE,
      variables: { id: roundId, to: 'COUNTY_REVIEW' },
      otherTenant: g.tokens.tenantAdmin,
      forbidden: [tok.officerCountyA, tok.evaluatorCity, tok.officerCityB, tok.staff1],
      unchanged: () => count('evaluation_rounds', `phase = 'APPLICATION'`),
    });
    expectError(await t.gql(ADVANCE, { id: roundId, to: 'NOPE' }, tok.officerCity), 'BAD_USER_INPUT');
    expect((await t.ok(ADVANCE, { id: roundId, to: 'COUNTY_REVIEW' }, tok.officerCity)).advanceRound.phase).toBe('COUNTY_REVIEW');
    expectError(await t.gql(APPLY, { r: roundId, s: st.s6, st: '申请' }, tok.officerCountyB), 'INVALID_TRANSITION');
    expectError(await t.gql(WITHDRAW, { id: app.s1 }, tok.staff1), 'INVALID_TRANSITION');
  });

  it('reviewApplication: the county in COUNTY_REVIEW, then the city in CITY_REVIEW', async () => {
    expectError(await t.gql(REVIEW, { id: app.s1, ok: true, n: '' }, tok.officerCountyA), 'BAD_USER_INPUT', 'note');
    await expectAccessDenied(t, {
      query: REVIEW,
      variables: { id: app.s1, ok: true, n: '查验合格' },
      otherTenant: g.tokens.officerCity,
      forbidden: [tok.officerCountyB, tok.evaluatorCity, tok.tenantAdmin, tok.staff1, tok.officerCityB],
      unchanged: () => count('evaluation_applications', `status = 'SUBMITTED'`),
    });
    const r1 = (await t.ok(REVIEW, { id: app.s1, ok: true, n: '查验合格' }, tok.officerCountyA)).reviewApplication;
    expect(r1).toMatchObject({ status: 'COUNTY_RECOMMENDED', countyNote: '查验合格' });
    expectError(await t.gql(REVIEW, { id: app.s1, ok: true, n: '再次' }, tok.officerCountyA), 'INVALID_TRANSITION');
    await t.ok(REVIEW, { id: app.s2, ok: true, n: '合格' }, tok.officerCountyA);
    await t.ok(REVIEW, { id: app.s3, ok: true, n: '合格' }, tok.officerCountyB);
    // leaving COUNTY_REVIEW needs every application reviewed
    expectError(await advance('CITY_REVIEW'), 'INVALID_TRANSITION');
    await t.ok(REVIEW, { id: app.s4, ok: true, n: '合格' }, tok.officerCity); // the city is in scope of the county too
    expect((await t.ok(REVIEW, { id: app.s5, ok: false, n: '台账不全' }, tok.officerCountyB)).reviewApplication.status).toBe('COUNTY_DECLINED');
    await t.ok(ADVANCE, { id: roundId, to: 'CITY_REVIEW' }, tok.officerCity);

    await expectAccessDenied(t, { query: REVIEW, variables: { id: app.s1, ok: true, n: '同意' }, otherTenant: g.tokens.officerCity, forbidden: [tok.officerCountyA, tok.officerCityB, tok.evaluatorCity] });
    expectError(await t.gql(REVIEW, { id: app.s5, ok: true, n: '同意' }, tok.officerCity), 'INVALID_TRANSITION'); // declined ones stop there
    for (const k of ['s1', 's2', 's3', 's4']) {
      expect((await t.ok(REVIEW, { id: app[k], ok: true, n: '同意推荐' }, k === 's4' ? tok.officerProvince : tok.officerCity)).reviewApplication).toMatchObject({ status: 'CITY_RECOMMENDED', cityNote: '同意推荐' });
    }
    await t.ok(ADVANCE, { id: roundId, to: 'PUBLIC_NOTICE' }, tok.officerCity);
    expectError(await t.gql(REVIEW, { id: app.s1, ok: true, n: '同意' }, tok.officerCity), 'INVALID_TRANSITION');
  });

  let objectionS4: string;
  let objectionS2: string;
  let plainComment: string;
  it('public notice: anyone comments without signing in; stored encrypted', async () => {
    const c = (await t.ok(COMMENT, { tc: f.code, a: app.s1, n: '李四', p: '139 0000 0001', tx: '服务热情，处理及时', o: false })).submitPublicComment;
    expect(c.id).toBeTruthy();
    objectionS4 = (await t.ok(COMMENT, { tc: f.code, a: app.s4, n: '王五', p: '13900000002', tx: '该站点曾拒绝受理投诉', o: true })).submitPublicComment.id;
    objectionS2 = (await t.ok(COMMENT, { tc: f.code, a: app.s2, n: '赵六', p: '13900000003', tx: '有异议', o: true })).submitPublicComment.id;
    const stored = await t.sql(`select name_enc, phone_enc, phone_hash, text from evaluation_public_comments where id = $1`, [c.id]);
    expect(stored[0].name_enc).not.toContain('李四');
    expect(stored[0].phone_enc).not.toContain('13900000001');
    expect(stored[0].phone_enc.startsWith('v1:')).toBe(true);

    const before = await count('evaluation_public_comments');
    const ok = { tc: f.code, a: app.s1, n: '李四', p: '13900000009', tx: '好', o: false };
    expectError(await t.gql(COMMENT, { ...ok, p: '12345' }), 'BAD_USER_INPUT', 'phone');
    expectError(await t.gql(COMMENT, { ...ok, tx: ' ' }), 'BAD_USER_INPUT', 'text');
    expectError(await t.gql(COMMENT, { ...ok, n: '' }), 'BAD_USER_INPUT', 'name');
    expectError(await t.gql(COMMENT, { ...ok, a: 'x' }), 'BAD_USER_INPUT', 'applicationId');
    expectError(await t.gql(COMMENT, { ...ok, tc: g.code }), 'NOT_FOUND'); // another tenant's application is invisible
    expectError(await t.gql(COMMENT, { ...ok, tc: 'no-such-tenant' }), 'NOT_FOUND');
    // Declined (not a candidate): the same answer as a missing application, so nothing internal leaks.
    const declined = await t.gql(COMMENT, { ...ok, a: app.s5 });
    expectError(declined, 'NOT_FOUND', 'applicationId');
    expect(JSON.stringify(declined.errors)).not.toMatch(/DECLINED|CITY_REVIEW/);
    expect(await count('evaluation_public_comments')).toBe(before);

    // officers list them with the contact details
    const list = (await t.ok(COMMENTS, { a: app.s1 }, tok.officerCity)).publicComments;
    expect(list).toEqual([expect.objectContaining({ id: c.id, name: '李四', phone: '13900000001', objection: false, resolution: null })]);
    expect((await t.ok(COMMENTS, { a: app.s1 }, tok.officerCountyA)).publicComments).toHaveLength(1);
    await expectAccessDenied(t, { query: COMMENTS, variables: { a: app.s1 }, otherTenant: g.tokens.officerCity, forbidden: [tok.officerCountyB, tok.evaluatorCity, tok.staff1, tok.officerCityB] });
    expectError(await t.gql(COMMENTS, { a: 'x' }, tok.officerCity), 'BAD_USER_INPUT', 'applicationId');
    plainComment = c.id;
  });

  it('resolveObjection: recorded by the city; upheld removes the candidate; leaving PUBLIC_NOTICE needs all resolved', async () => {
    expectError(await advance('SCORING'), 'INVALID_TRANSITION');
    expectError(await t.gql(RESOLVE, { c: plainComment, u: true, n: '核实' }, tok.officerCity), 'BAD_USER_INPUT', 'commentId');
    expectError(await t.gql(RESOLVE, { c: objectionS4, u: true, n: '' }, tok.officerCity), 'BAD_USER_INPUT', 'note');
    await expectAccessDenied(t, {
      query: RESOLVE,
      variables: { c: objectionS4, u: true, n: '经核实属实' },
      otherTenant: g.tokens.officerCity,
      forbidden: [tok.officerCountyA, tok.evaluatorCity, tok.officerCityB],
      unchanged: () => count('evaluation_public_comments', 'resolution is not null'),
    });
    expect((await t.ok(RESOLVE, { c: objectionS4, u: true, n: '经核实属实' }, tok.officerCity)).resolveObjection).toMatchObject({ resolution: 'UPHELD', resolutionNote: '经核实属实' });
    expectError(await t.gql(RESOLVE, { c: objectionS4, u: false, n: '改判' }, tok.officerCity), 'CONFLICT');
    expect((await t.ok(RESOLVE, { c: objectionS2, u: false, n: '不属实' }, tok.tenantAdmin)).resolveObjection.resolution).toBe('DISMISSED');
    const apps = (await t.ok(APPS, { r: roundId }, tok.officerCity)).applications;
    expect(apps.find((a: { id: string }) => a.id === app.s4).status).toBe('OBJECTION_UPHELD');
  });

  it('public comments are rate-limited per phone and per IP', async () => {
    const base = { tc: f.code, a: app.s1, n: '钱七', tx: '好', o: false };
    let res;
    for (let i = 0; i < 5; i++) res = await t.gql(COMMENT, { ...base, p: '13700000000' });
    expect(codeOf(res!)).toBeUndefined();
    expectError(await t.gql(COMMENT, { ...base, p: '137-0000-0000' }), 'TOO_MANY_REQUESTS');
    // the IP allows 20 an hour (8 used so far, plus the refused one)
    let limited = 0;
    for (let i = 0; i < 15 && !limited; i++) {
      res = await t.gql(COMMENT, { ...base, p: `1360000${String(i).padStart(4, '0')}` });
      if (codeOf(res) === 'TOO_MANY_REQUESTS') limited = i + 1;
    }
    expect(limited).toBeGreaterThan(1);
    expect(limited).toBeLessThanOrEqual(13);
    await t.ok(ADVANCE, { id: roundId, to: 'SCORING' }, tok.officerCity);
    expectError(await t.gql(RESOLVE, { c: objectionS2, u: true, n: 'x' }, tok.officerCity), 'INVALID_TRANSITION');
  });

  it('submitScores / declareConflict: evaluators in scope, every criterion, locked once submitted', async () => {
    expectError(await advance('SPOT_CHECK'), 'INVALID_TRANSITION'); // no selection yet
    const before = await count('evaluation_score_sheets');
    expectError(await t.gql(SCORE, { a: app.s1, s: pts(11, 20, 30) }, tok.evaluatorCity), 'BAD_USER_INPUT', 'scores');
    expectError(await t.gql(SCORE, { a: app.s1, s: pts(-1, 20, 30) }, tok.evaluatorCity), 'BAD_USER_INPUT', 'scores');
    expectError(await t.gql(SCORE, { a: app.s1, s: pts(1, 2, 3).slice(0, 2) }, tok.evaluatorCity), 'BAD_USER_INPUT', 'scores');
    expectError(await t.gql(SCORE, { a: app.s1, s: [...pts(1, 2, 3).slice(0, 2), { criterionId: app.s2, points: 1 }] }, tok.evaluatorCity), 'BAD_USER_INPUT', 'scores');
    expectError(await t.gql(SCORE, { a: 'x', s: pts(1, 2, 3) }, tok.evaluatorCity), 'BAD_USER_INPUT', 'applicationId');
    expectError(await t.gql(SCORE, { a: app.s4, s: pts(1, 2, 3) }, tok.evaluatorCity), 'INVALID_TRANSITION'); // removed by objection
    expect(await count('evaluation_score_sheets')).toBe(before);
    await expectAccessDenied(t, {
      query: SCORE,
      variables: { a: app.s1, s: pts(10, 20, 30) },
      otherTenant: g.tokens.evaluatorCity,
      // officer: wrong role; other city: out of scope; county A evaluator: supervises s1
      forbidden: [tok.officerCity, tok.tenantAdmin, tok.evaluatorCityB, tok.evaluatorCountyA],
      unchanged: () => count('evaluation_score_sheets'),
    });
    expect((await t.ok(APP_SHEET, { id: app.s1 }, tok.evaluatorCity)).application.myScoreSheet).toBeNull(); // nothing submitted yet
    // s1 best, s2 second (same category MALL), s3 third
    const first = (await t.ok(`mutation($a: ID!, $s: [CriterionScoreInput!]!) { submitScores(applicationId: $a, scores: $s) { id ${SHEET_FIELDS} } }`, { a: app.s1, s: pts(10, 20, 30) }, tok.evaluatorCity)).submitScores;
    expect(first.myScoreSheet).toMatchObject({ conflictDeclared: false, weightedScore: 100, scores: crit.map((c, i) => ({ criterionId: c.id, points: [10, 20, 30][i] })) });
    await t.ok(SCORE, { a: app.s2, s: pts(8, 16, 24) }, tok.evaluatorCity);
    await t.ok(SCORE, { a: app.s3, s: pts(5, 10, 15) }, tok.evaluatorCity);
    await t.ok(SCORE, { a: app.s1, s: pts(9, 18, 27) }, tok.evaluatorCity2);
    await t.ok(SCORE, { a: app.s2, s: pts(7, 14, 21) }, tok.evaluatorCity2);
    await t.ok(SCORE, { a: app.s3, s: pts(3, 6, 9) }, tok.evaluatorCity2);
    expect((await t.ok(SCORE, { a: app.s3, s: pts(5, 10, 15) }, tok.evaluatorCountyA)).submitScores.sheetCount).toBe(3);
    expectError(await t.gql(SCORE, { a: app.s1, s: pts(1, 1, 1) }, tok.evaluatorCity), 'CONFLICT');
    expectError(await t.gql(CONFLICT, { a: app.s1 }, tok.evaluatorCity), 'CONFLICT');
    expectError(await t.gql(CONFLICT, { a: 'x' }, tok.evaluatorCity), 'BAD_USER_INPUT', 'applicationId');
    expectError(await t.gql(APPS, { r: 'x' }, tok.evaluatorCity), 'BAD_USER_INPUT', 'roundId');
    // a declared conflict bars the evaluator
    await expectAccessDenied(t, { query: CONFLICT, variables: { a: app.s2 }, otherTenant: g.tokens.evaluatorCity, forbidden: [tok.officerCity, tok.evaluatorCityB] });
    await t.ok(CONFLICT, { a: app.s2 }, tok.evaluatorProvince);
    expectError(await t.gql(SCORE, { a: app.s2, s: pts(1, 1, 1) }, tok.evaluatorProvince), 'FORBIDDEN');

    // myScoreSheet: each evaluator reads their own sheet or conflict declaration (the scoring page after a reload).
    const mine = (await t.ok(APP_SHEET, { id: app.s2 }, tok.evaluatorCity2)).application.myScoreSheet;
    expect(mine).toMatchObject({ conflictDeclared: false, scores: crit.map((c, i) => ({ criterionId: c.id, points: [7, 14, 21][i] })) });
    expect(mine.weightedScore).toBeCloseTo(70, 6);
    expect(new Date(mine.submittedAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await t.ok(APP_SHEET, { id: app.s2 }, tok.evaluatorProvince)).application.myScoreSheet).toMatchObject({ conflictDeclared: true, scores: [], weightedScore: null });
    expect((await t.ok(APP_SHEET, { id: app.s1 }, tok.evaluatorProvince)).application.myScoreSheet).toBeNull(); // not scored
    expect((await t.ok(APP_SHEET, { id: app.s1 }, tok.officerCity)).application.myScoreSheet).toBeNull(); // not an evaluator: no sheet, nobody else's
    expect((await t.ok(APP_SHEET, { id: app.s1 }, tok.tenantAdmin)).application.myScoreSheet).toBeNull();
    const listed = (await t.ok(APPS_SHEETS, { r: roundId }, tok.evaluatorCountyA)).applications;
    expect(listed.filter((a: { myScoreSheet: unknown }) => a.myScoreSheet).map((a: { id: string }) => a.id)).toEqual([app.s3]);
    expect(listed.find((a: { id: string }) => a.id === app.s3).myScoreSheet.scores.map((x: { points: number }) => x.points)).toEqual([5, 10, 15]);
    // An evaluator scores stations outside their own scope: those come without the contact
    // person, phone and open rectifications (the station itself stays FORBIDDEN to them).
    const STATIONS_OF = `query($r: ID!) { applications(roundId: $r) { id station { id name contactName contactPhone openRectifications { id } } } }`;
    const shown = (await t.ok(STATIONS_OF, { r: roundId }, tok.evaluatorCountyA)).applications as { id: string; station: { id: string; name: string; contactName: string; contactPhone: string } }[];
    const s3 = shown.find((a) => a.id === app.s3)!.station;
    expect(s3).toMatchObject({ contactName: '***', contactPhone: '***', openRectifications: [] });
    expect(s3.name).toBeTruthy();
    expectError(await t.gql(`query($id: ID!) { station(id: $id) { id } }`, { id: s3.id }, tok.evaluatorCountyA), 'FORBIDDEN');
    const s1 = shown.find((a) => a.id === app.s1)!.station;
    expect(s1.contactPhone).not.toBe('***');
    expect((await t.ok(STATIONS_OF, { r: roundId }, tok.evaluatorCity)).applications.find((a: { id: string }) => a.id === app.s3).station.contactPhone).not.toBe('***');
    expectError(await t.gql(APP_SHEET, { id: 'x' }, tok.evaluatorCity), 'BAD_USER_INPUT', 'id');
    await expectAccessDenied(t, { query: APP_SHEET, variables: { id: app.s1 }, otherTenant: g.tokens.evaluatorCity, forbidden: [tok.evaluatorCityB, tok.officerCityB] });

    // live ranking while scoring, with the indicators beside
    const apps = (await t.ok(APPS, { r: roundId }, tok.evaluatorCity)).applications;
    expect(apps.slice(0, 3).map((a: { id: string }) => a.id)).toEqual([app.s1, app.s2, app.s3]);
    expect(apps.slice(0, 3).map((a: { rank: number }) => a.rank)).toEqual([1, 2, 3]);
    expect(apps[0].rawScore).toBeCloseTo(95, 6);
    expect(apps[0].indicators).toMatchObject({ disputesHandled: 0, settlementRate: null, trainingAttendances: 0, inspections: 0 });
    // a county officer sees only its county's applications; the station staff only theirs
    expect((await t.ok(APPS, { r: roundId }, tok.officerCountyB)).applications.map((a: { id: string }) => a.id).sort()).toEqual([app.s3, app.s5, app.s6].sort());
    expect((await t.ok(APPS, { r: roundId }, tok.staff1)).applications.map((a: { id: string }) => a.id)).toEqual([app.s1]);
    await expectAccessDenied(t, { query: APPS, variables: { r: roundId }, otherTenant: g.tokens.tenantAdmin, forbidden: [tok.officerCityB, tok.evaluatorCityB] });
  });

  it('selectModelStations: quota, maxPerCategory, stored, same answer when re-run', async () => {
    await expectAccessDenied(t, {
      query: SELECT,
      variables: { r: roundId },
      otherTenant: g.tokens.tenantAdmin,
      forbidden: [tok.officerCountyA, tok.evaluatorCity, tok.officerCityB, tok.staff1],
      unchanged: () => count('evaluation_applications', `status = 'SELECTED'`),
    });
    expectError(await t.gql(SELECT, { r: 'x' }, tok.officerCity), 'BAD_USER_INPUT', 'roundId');
    const sel = (await t.ok(SELECT, { r: roundId }, tok.officerCity)).selectModelStations;
    // quota 2, at most one MALL: s1 (MALL) and s3 (SUPERMARKET); s2 (MALL) is out although it ranks above s3
    expect(sel.map((a: { id: string }) => a.id)).toEqual([app.s1, app.s3]);
    expect(sel.map((a: { rank: number }) => a.rank)).toEqual([1, 3]);
    const again = (await t.ok(SELECT, { r: roundId }, tok.tenantAdmin)).selectModelStations;
    expect(again).toEqual(sel);
    const apps = (await t.ok(APPS, { r: roundId }, tok.officerCity)).applications;
    expect(apps.find((a: { id: string }) => a.id === app.s2)).toMatchObject({ status: 'NOT_SELECTED', rank: 2, selected: false });
    expect((await t.ok(ROUND, { id: roundId }, tok.officerCity)).evaluationRound.selectionStored).toBe(true);
    await t.ok(ADVANCE, { id: roundId, to: 'SPOT_CHECK' }, tok.officerCity);
    expectError(await t.gql(SELECT, { r: roundId }, tok.officerCity), 'INVALID_TRANSITION');
    expectError(await t.gql(SCORE, { a: app.s2, s: pts(1, 1, 1) }, tok.evaluatorCountyA), 'FORBIDDEN');
    expectError(await t.gql(SCORE, { a: app.s2, s: pts(1, 1, 1) }, tok.evaluatorCityB), 'FORBIDDEN');
    const late = await t.gql(SCORE, { a: app.s1, s: pts(1, 1, 1) }, tok.evaluatorProvince);
    expectError(late, 'INVALID_TRANSITION');
    expect(late.errors![0].message).toContain('抽查');
  });

  it('spot checks: a seeded, re-drawable sample; the province records; a failure removes the candidate', async () => {
    expectError(await t.gql(SPOT, { a: app.s1, ok: true, n: '合格' }, tok.officerProvince), 'BAD_USER_INPUT', 'applicationId'); // no sample yet
    expectError(await t.gql(DRAW, { r: roundId, n: 3 }, tok.officerProvince), 'BAD_USER_INPUT', 'size');
    expectError(await t.gql(DRAW, { r: roundId, n: 0 }, tok.officerProvince), 'BAD_USER_INPUT', 'size');
    await expectAccessDenied(t, { query: DRAW, variables: { r: roundId, n: 2 }, otherTenant: g.tokens.tenantAdmin, forbidden: [tok.officerCity, tok.evaluatorProvince, tok.officerCountyA] });
    const r = (await t.ok(DRAW, { r: roundId, n: 2 }, tok.officerProvince)).drawSpotCheckSample;
    expect(r.spotCheckSeed).toMatch(/^[0-9a-f]{32}$/);
    expect(r.spotCheckSize).toBe(2);
    expect([...r.spotCheckSample].sort()).toEqual(drawSample(r.spotCheckSeed, [app.s1, app.s3], 2).sort());
    expectError(await t.gql(DRAW, { r: roundId, n: 1 }, tok.officerProvince), 'CONFLICT');

    expectError(await t.gql(SPOT, { a: app.s1, ok: true, n: '' }, tok.officerProvince), 'BAD_USER_INPUT', 'note');
    expectError(await t.gql(SPOT, { a: app.s2, ok: true, n: '合格' }, tok.officerProvince), 'BAD_USER_INPUT', 'applicationId');
    await expectAccessDenied(t, {
      query: SPOT,
      variables: { a: app.s1, ok: true, n: '合格' },
      otherTenant: g.tokens.tenantAdmin,
      forbidden: [tok.officerCity, tok.evaluatorProvince, tok.officerCountyA],
      unchanged: () => count('evaluation_applications', 'spot_check_passed is not null'),
    });
    expectError(await advance('PUBLISHED'), 'INVALID_TRANSITION'); // sample not fully checked
    expect((await t.ok(SPOT, { a: app.s1, ok: true, n: '抽查合格' }, tok.officerProvince)).recordSpotCheck).toMatchObject({ status: 'SELECTED', spotCheckPassed: true });
    expect((await t.ok(SPOT, { a: app.s3, ok: false, n: '台账缺失' }, tok.tenantAdmin)).recordSpotCheck).toMatchObject({ status: 'SPOT_CHECK_FAILED', spotCheckPassed: false });
    expectError(await t.gql(SPOT, { a: app.s1, ok: false, n: '改判' }, tok.officerProvince), 'CONFLICT');
  });

  it('PUBLISHED grants titles; modelTitles(year); revokeModelTitle (撤牌)', async () => {
    expect((await t.ok(ADVANCE, { id: roundId, to: 'PUBLISHED' }, tok.officerCity)).advanceRound.phase).toBe('PUBLISHED');
    expectError(await t.gql(SPOT, { a: app.s1, ok: true, n: '合格' }, tok.officerProvince), 'INVALID_TRANSITION');
    expectError(await advance('APPLICATION'), 'INVALID_TRANSITION');
    const titles = (await t.ok(TITLES, { y: YEAR }, tok.officerCity)).modelTitles;
    expect(titles).toEqual([{ year: YEAR, revokedAt: null, revokedReason: null, station: { id: st.s1 } }]);
    expect((await t.ok(TITLES, { y: YEAR }, tok.staff1)).modelTitles).toHaveLength(1);
    // Each title carries its round and the round's city (who may revoke: above that city).
    for (const token of [tok.officerCity, tok.staff1, tok.evaluatorCountyA, tok.officerProvince]) {
      expect((await t.ok(TITLE_ROUNDS, { y: YEAR }, token)).modelTitles).toEqual([{ station: { id: st.s1 }, round: { id: roundId, year: YEAR, orgUnit: { id: f.units.city } } }]);
    }
    expect((await t.ok(TITLES, { y: YEAR }, tok.officerCountyB)).modelTitles).toHaveLength(0);
    expect((await t.ok(TITLES, { y: YEAR }, g.tokens.tenantAdmin)).modelTitles).toHaveLength(0);
    expect((await t.ok(TITLES, { y: YEAR - 1 }, tok.tenantAdmin)).modelTitles).toHaveLength(0);
    expectError(await t.gql(TITLES, { y: 1 }, tok.tenantAdmin), 'BAD_USER_INPUT', 'year');
    const apps = (await t.ok(APPS, { r: roundId }, tok.officerCity)).applications;
    expect(apps.find((a: { id: string }) => a.id === app.s1).status).toBe('AWARDED');

    expectError(await t.gql(REVOKE, { s: st.s1, y: YEAR, r: ' ' }, tok.officerProvince), 'BAD_USER_INPUT', 'reason');
    expectError(await t.gql(REVOKE, { s: st.s2, y: YEAR, r: '不合格' }, tok.officerProvince), 'NOT_FOUND');
    expectError(await t.gql(REVOKE, { s: 'x', y: YEAR, r: '不合格' }, tok.officerProvince), 'BAD_USER_INPUT', 'stationId');
    await expectAccessDenied(t, {
      query: REVOKE,
      variables: { s: st.s1, y: YEAR, r: '群众投诉较多' },
      otherTenant: g.tokens.tenantAdmin,
      forbidden: [tok.officerCity, tok.officerCountyA, tok.evaluatorProvince, tok.staff1],
      unchanged: () => count('model_titles', 'revoked_at is not null'),
    });
    const rv = (await t.ok(REVOKE, { s: st.s1, y: YEAR, r: '群众投诉较多' }, tok.officerProvince)).revokeModelTitle;
    expect(rv).toMatchObject({ year: YEAR, revokedReason: '群众投诉较多', station: { id: st.s1 }, round: { id: roundId } });
    expect(rv.revokedAt).toBeTruthy();
    expectError(await t.gql(REVOKE, { s: st.s1, y: YEAR, r: '再次' }, tok.officerProvince), 'CONFLICT');
    expect(await count('audit_events', `action like 'evaluation.%'`)).toBeGreaterThan(20);
  });
});

describe('evaluation: indicators from the station own data', () => {
  let t: TestApp;
  let f: TenantFixture;
  beforeAll(async () => {
    t = await startTestApp();
    f = await createTenantFixture(t, 'ind');
  });
  afterAll(() => t?.close());

  it('counts the year disputes, settlements, escalations and breached center deadlines, not other years', async () => {
    const station = await createStation(t, f, { orgUnitId: f.units.countyA, category: 'MALL' });
    const [{ tenant_id: tenant }] = await t.sql(`select tenant_id from stations where id = $1`, [station]);
    // `escalatedAfterDays`: escalated that many days after opening (the settlement window is 3 days).
    const dispute = (n: number, status: string, opened: string, escalatedAfterDays?: number) =>
      t.sql(
        `insert into disputes (tenant_id, id, case_number, station_id, status, consumer_name_enc, consumer_phone_enc, consumer_phone_hash,
           subject, description, claim_type, opened_at, settle_by, escalated_at)
         values ($1, gen_random_uuid(), $2, $3, $4, 'x', 'x', 'x', 's', 'd', 'REFUND', $5, $5::timestamptz + interval '3 days', $5::timestamptz + $6 * interval '1 day')`,
        [tenant, `IND-${n}`, station, status, opened, escalatedAfterDays ?? null],
      );
    await dispute(1, 'SETTLED', '2025-03-01T10:00:00+08');
    await dispute(2, 'SETTLED', '2025-05-01T10:00:00+08');
    await dispute(3, 'DECLINED', '2025-06-01T10:00:00+08');
    await dispute(4, 'ESCALATED', '2025-07-01T10:00:00+08', 0);
    await dispute(6, 'ESCALATED', '2025-08-01T10:00:00+08', 3.01); // auto-escalated at the deadline: overdue
    await dispute(5, 'SETTLED', '2024-12-31T10:00:00+08'); // previous year: not counted
    const [unit] = await t.sql(`select id from org_units where id = $1`, [f.units.countyA]);
    const [c] = await t.sql(
      `insert into center_cases (tenant_id, id, case_number, type, channel, status, received_at, subject, description,
         complainant_name_enc, complainant_phone_enc, complainant_phone_hash, registered_unit_id, source_station_id)
       values ($1, gen_random_uuid(), 'IND-C1', 'COMPLAINT', 'STATION', 'ASSIGNED', '2025-07-02T10:00:00+08', 's', 'd', 'x', 'x', 'x', $2, $3) returning id`,
      [tenant, unit.id, station],
    );
    for (const [kind, breached] of [['ACCEPTANCE', true], ['ROUTING', true], ['HANDLING', false]] as const) {
      await t.sql(
        `insert into deadlines (tenant_id, id, case_id, kind, rule_key, unit, days, start_date, due_date, due_at, breached)
         values ($1, gen_random_uuid(), $2, $3, $3, 'WORKING', 1, '2025-07-02', '2025-07-03', '2025-07-03T15:59:59.999Z', $4)`,
        [tenant, c.id, kind, breached],
      );
    }
    const round = (
      await t.ok(CREATE, { i: { year: YEAR, orgUnitId: f.units.city, quota: 1, maxPerCategory: 1, criteria } }, f.tokens.officerCity)
    ).createEvaluationRound;
    const staff = await addStationStaff(t, f, station, 'ind-staff');
    await t.ok(APPLY, { r: round.id, s: station, st: '申请' }, staff);
    const [a] = (await t.ok(APPS, { r: round.id }, f.tokens.officerCity)).applications;
    expect(a.indicators).toMatchObject({ disputesHandled: 5, disputesSettled: 2, settlementRate: 0.4, escalations: 2, overdueDeadlines: 1, overdueCenterDeadlines: 2 });
  });
});
