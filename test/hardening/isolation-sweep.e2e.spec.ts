// Isolation sweep (issue 9, item 2): every query and mutation of the served schema that takes an
// ID (directly or inside an input object) is called by every role of tenant B with tenant A's ids.
// None may return A's ids or data, and A's row counts must not move. The operation list comes from
// the schema, so new operations are swept without touching this file.
import { GraphQLInputType, GraphQLNamedType, GraphQLSchema, getNamedType, isEnumType, isInputObjectType, isNonNullType } from 'graphql';
import { GqlResult, startTestApp, TestApp } from '../support/app';
import { createTenantFixture, TenantFixture } from '../support/fixtures';
import { addStationStaff, createStation, INSPECTION_DATE, randomCreditCode } from '../support/stations';
import { Ctx, containsId, defaultLeaf, documentFor, Op, operations, plausible, servedSchema, tableCounts, closeCounts } from './schema-walk';

type D = Record<string, any>;
const RANDOM_ID = '0190a3c4-0000-7000-8000-00000000beef';

/** Argument names whose ID refers to a known object type. */
const ARG_TYPE: Record<string, string> = {
  stationId: 'Station',
  stationIds: 'Station',
  roundId: 'EvaluationRound',
  applicationId: 'Application',
  caseId: 'CenterCase',
  commentId: 'PublicComment',
  orgUnitId: 'OrgUnit',
  parentId: 'OrgUnit',
  criterionId: 'Criterion',
  disputeId: 'Dispute',
  userId: 'User',
  rectificationId: 'Rectification',
  inspectionId: 'Inspection',
};

/** Names of every argument and input field of an enum type. */
function enumFieldNames(schema: GraphQLSchema): Set<string> {
  const out = new Set<string>();
  for (const op of operations(schema)) for (const arg of op.field.args) if (isEnumType(getNamedType(arg.type))) out.add(arg.name);
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(type)) for (const f of Object.values(type.getFields())) if (isEnumType(getNamedType(f.type))) out.add(f.name);
  }
  return out;
}

describe('hardening: cross-tenant isolation sweep (issue 9)', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let tenantA: string;
  const marker = `ISO${Date.now().toString(36).toUpperCase()}`;
  const ids: Record<string, string> = {}; // typename → one of A's ids
  let bTokens: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await Promise.all([createTenantFixture(t, 'ia'), createTenantFixture(t, 'ib')]);
    tenantA = (await t.sql<{ id: string }>(`select id from tenants where code = $1`, [a.code]))[0].id;
    const station = await createStation(t, a, { orgUnitId: a.units.countyA, category: 'MALL', name: `${marker} 站点` });
    const pending = await createStation(t, a, { orgUnitId: a.units.countyB, category: 'OTHER', approve: false, name: `${marker} 待批站点` });
    const staffA = await addStationStaff(t, a, station, 'staff-a');
    const stationB = await createStation(t, b, { orgUnitId: b.units.countyA, category: 'MALL' });
    const staffB = await addStationStaff(t, b, stationB, 'staff-b');
    bTokens = { ...b.tokens, staff: staffB };

    ids.Station = station;
    ids.OrgUnit = a.units.countyA;
    ids.User = a.userIds['officer-a'];
    ids.Dispute = (
      await t.ok<D>(
        `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`,
        { i: { stationId: station, consumerName: `${marker}甲`, consumerPhone: '13912340001', subject: `${marker} 纠纷`, description: `${marker} 描述`, claimType: 'REFUND', amountClaimed: '12.34' } },
        staffA,
      )
    ).openDispute.id;
    ids.CenterCase = (
      await t.ok<D>(
        `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`,
        { i: { type: 'COMPLAINT', channel: 'PHONE', subject: `${marker} 案件`, description: `${marker} 案情`, complainantName: `${marker}乙`, complainantPhone: '13912340002', orgUnitId: a.units.countyA, amountClaimed: '99.00' } },
        a.tokens.operatorCountyA,
      )
    ).registerCase.id;
    const round = (
      await t.ok<D>(
        `mutation($i: CreateRoundInput!) { createEvaluationRound(input: $i) { id criteria { id } } }`,
        { i: { year: 2025, orgUnitId: a.units.city, quota: 2, criteria: [{ code: 'all', name: `${marker} 指标`, maxPoints: 10, weight: 1 }] } },
        a.tokens.officerCity,
      )
    ).createEvaluationRound;
    ids.EvaluationRound = round.id;
    ids.Criterion = round.criteria[0].id;
    ids.Application = (
      await t.ok<D>(`mutation($r: ID!, $s: ID!, $st: String!) { applyForModelStation(roundId: $r, stationId: $s, statement: $st) { id } }`, { r: round.id, s: station, st: `${marker} 申请` }, staffA)
    ).applyForModelStation.id;
    const comment = await t.gql<D>(
      `mutation($tc: String!, $a: ID!) { submitPublicComment(tenantCode: $tc, applicationId: $a, name: "丙", phone: "13912340003", text: "${marker} 意见", objection: true) { id } }`,
      { tc: a.code, a: ids.Application },
    );
    if (comment.data?.submitPublicComment) ids.PublicComment = comment.data.submitPublicComment.id;
    const items = (await t.ok<D>(`{ inspectionChecklist { code active } }`, {}, a.tokens.officerCountyA)).inspectionChecklist
      .filter((c: D) => c.active)
      .map((c: D, n: number) => ({ code: c.code, passed: n !== 0 }));
    const insp = (
      await t.ok<D>(
        `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id rectifications { id } } }`,
        { i: { stationId: station, inspectedOn: INSPECTION_DATE, items, note: `${marker} 检查`, rectifications: [{ description: `${marker} 整改`, workingDays: 5 }] } },
        a.tokens.officerCountyA,
      )
    ).recordInspection;
    ids.Inspection = insp.id;
    ids.Rectification = insp.rectifications[0].id;
    ids.TrainingRecord = (
      await t.ok<D>(
        `mutation($i: RecordTrainingInput!) { recordTraining(input: $i) { id } }`,
        { i: { stationId: station, traineeName: `${marker}丁`, trainedOn: '2025-06-02', hours: 2, topic: `${marker} 培训`, organizer: '保定市市场监督管理局' } },
        a.tokens.officerCountyA,
      )
    ).recordTraining.id;
    const ver = await t.gql<D>(`mutation($id: ID!) { verifyStation(id: $id, year: 2025, note: "${marker}") { id } }`, { id: station }, a.tokens.officerCountyA);
    if (ver.data?.verifyStation) ids.StationVerification = ver.data.verifyStation.id;
    ids.PendingStation = pending;
  }, 120_000);

  afterAll(async () => {
    if (t) await closeCounts(t);
    await t?.close();
  });

  it('no role of another tenant reads or changes tenant A through any ID-taking operation', async () => {
    const schema = servedSchema(t);
    const ops = operations(schema).filter((op) => op.field.args.some((arg) => containsId(arg.type)));
    expect(ops.length).toBeGreaterThan(0);
    // Queries needing no argument at all (lists, counts, exports) are read too: none may show A's data.
    const lists = operations(schema).filter((op) => op.kind === 'query' && !op.field.args.some((arg) => containsId(arg.type)) && op.field.args.every((arg) => !isNonNullType(arg.type)));
    ops.push(...lists);
    const allAIds = new Set<string>([...Object.values(ids), ...Object.values(a.units), ...Object.values(a.userIds), tenantA]);
    const before = await tableCounts(t, tenantA);
    const typenames = Object.keys(ids);
    const enumFields = enumFieldNames(schema);
    let calls = 0;
    const failures: string[] = [];
    const codes: Record<string, number> = {};
    const debug = new Set<string>();

    for (const op of ops) {
      const doc = documentFor(op, op.field.args.filter((arg) => isNonNullType(arg.type) || containsId(arg.type)));
      const retType = getNamedType(op.field.type).name;
      // Variants: the `id`-like args that cannot be mapped by name are tried with every kind of A's ids.
      const unmapped = op.field.args.filter((arg) => getNamedType(arg.type).name === 'ID' && !ARG_TYPE[arg.name] && !((arg.name === 'id' || arg.name === 'ids') && ids[retType]));
      const variants: (string | undefined)[] = unmapped.length ? typenames : [undefined];
      const enumPick: Record<string, number> = {};
      for (const variant of variants) {
        const idFor = (ctx: Ctx): string => {
          const mapped = ARG_TYPE[ctx.argName];
          if (mapped && ids[mapped]) return ids[mapped];
          if ((ctx.argName === 'id' || ctx.argName === 'ids') && ids[retType]) return ids[retType];
          if (variant) return ids[variant];
          return RANDOM_ID;
        };
        const leaf = (named: GraphQLNamedType, ctx: Ctx): unknown => {
          if (named.name === 'ID') return idFor(ctx);
          // A tenant code names tenant B: a caller of B with A's objects.
          if (ctx.argName === 'tenantCode') return b.code;
          if (ctx.argName === 'username') return `sweep-${calls}`;
          if (ctx.argName === 'hostCreditCode') return randomCreditCode();
          if (isEnumType(named)) {
            const values = named.getValues();
            return values[(enumPick[ctx.argName] ?? 0) % values.length].value;
          }
          return defaultLeaf(named, ctx);
        };
        const fill = (_name: string, type: GraphQLInputType) => containsId(type);
        const args = op.field.args.filter((arg) => isNonNullType(arg.type) || containsId(arg.type));
        const build = () => Object.fromEntries(args.map((arg) => [arg.name, plausible(arg.type, { opName: op.field.name, argName: arg.name }, leaf, fill)]));
        let variables = build();
        // An enum value refused as BAD_USER_INPUT (e.g. a kind the operation does not take) is
        // replaced by the next one, so the call reaches the tenant checks.
        for (let attempt = 0; attempt < 8; attempt++) {
          const probe = await t.gql(doc, variables, bTokens.tenantAdmin);
          const field = probe.errors?.[0]?.extensions?.field;
          if (probe.errors?.[0]?.extensions?.code !== 'BAD_USER_INPUT' || !field || !enumFields.has(field)) break;
          enumPick[field] = (enumPick[field] ?? 0) + 1;
          variables = build();
        }
        const sentIds = new Set(JSON.stringify(variables).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);
        for (const [role, token] of Object.entries(bTokens)) {
          calls++;
          const res: GqlResult = await t.gql(doc, variables, token);
          const label = `${op.kind} ${op.field.name} as B.${role} ${JSON.stringify(variables).slice(0, 200)}`;
          if (res.status >= 500) failures.push(`${label}: HTTP ${res.status}`);
          const data = JSON.stringify(res.data ?? null);
          const whole = JSON.stringify(res);
          if (whole.includes(marker)) failures.push(`${label}: response carries A's data: ${whole.slice(0, 300)}`);
          for (const id of allAIds) {
            // An error may echo back an id the caller itself sent; data never may carry any of A's ids.
            if (data.includes(id) || (!sentIds.has(id) && whole.includes(id))) failures.push(`${label}: response carries A's id ${id}: ${whole.slice(0, 300)}`);
          }
          const code = res.errors?.[0]?.extensions?.code ?? (res.data ? 'OK' : `HTTP${res.status}`);
          codes[`${code}`] = (codes[`${code}`] ?? 0) + 1;
          if (process.env.SWEEP_DEBUG && !['NOT_FOUND', 'FORBIDDEN'].includes(code as string)) debug.add(`${op.field.name} ${role} ${code} ${JSON.stringify(res.errors?.[0]?.message ?? res.data).slice(0, 150)}`);
          if (res.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) failures.push(`${label}: internal error ${JSON.stringify(res.errors)}`);
        }
      }
    }
    const after = await tableCounts(t, tenantA);
    // eslint-disable-next-line no-console
    console.log(`isolation sweep: ${ops.length - lists.length} operations taking an ID + ${lists.length} argument-free queries (${ops.filter((o) => o.kind === 'query').length} queries, ${ops.filter((o) => o.kind === 'mutation').length} mutations), ${calls} calls as ${Object.keys(bTokens).length} roles of tenant B; outcomes ${JSON.stringify(codes)}; A's objects: ${Object.keys(ids).join(',')}`);
    if (debug.size) console.log([...debug].join('\n'));
    expect(failures).toEqual([]);
    expect(after).toEqual(before);
  }, 120_000);

  it('the fixtures really exist in A (the sweep used live ids)', async () => {
    for (const [type, id] of Object.entries(ids)) {
      expect([type, typeof id === 'string' && id.length > 0]).toEqual([type, true]);
    }
    const n = await tableCounts(t, tenantA);
    expect(n.disputes).toBeGreaterThan(0);
    expect(n.center_cases).toBeGreaterThan(0);
  });
});
