// Fuzzing (issue 9, item 3): for every mutation of the served schema, fast-check generates
// variables from the introspected argument types — mostly plausible values with hostile ones mixed
// in (wrong types, 100k-character strings, odd Unicode, boundary numbers, malformed money and
// dates). No response may be an internal error or an HTTP 5xx, and a rejected call writes nothing.
// Bounded: RUNS per mutation with a fixed seed.
import fc from 'fast-check';
import { randomUUID } from 'crypto';
import { GraphQLInputType, GraphQLNamedType, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType } from 'graphql';
import { GqlResult, startTestApp, TestApp } from '../support/app';
import { createTenantFixture, TenantFixture } from '../support/fixtures';
import { addStationStaff, createStation, randomCreditCode } from '../support/stations';
import { Ctx, defaultLeaf, documentFor, Op, operations, servedSchema, tableCounts, closeCounts } from './schema-walk';

type D = Record<string, any>;
const RUNS = 15;
const SINGLE_FAULT_RUNS = 10;
const SEED = 20251123;

const ARG_TYPE: Record<string, string> = {
  stationId: 'Station',
  roundId: 'EvaluationRound',
  applicationId: 'Application',
  caseId: 'CenterCase',
  commentId: 'PublicComment',
  orgUnitId: 'OrgUnit',
  parentId: 'OrgUnit',
  criterionId: 'Criterion',
};

const HUGE = 100_000;
const oddStrings = [
  '',
  '   ',
  '😀🇨🇳👨‍👩‍👧‍👦',
  '\u202Eعربي\u202C',
  'nul\u0000byte',
  '\u0000',
  'lone\uD800surrogate',
  '\uDC00',
  '\uFEFFbom',
  'a\u0301\u0301\u0301',
  "'; drop table disputes; --",
  '%s%n%x',
  '<script>alert(1)</script>',
  '\r\n\t',
];
const badMoney = ['1.234', '-1.00', '1e3', '1,000.00', '¥100', ' 1.00', '99999999999999999999.99', 'NaN', 'Infinity', '0x10', '.5', '1.', '-0.00'];
const badDates = ['2025-02-30', '2025-13-01', '2025-00-10', '0000-01-01', '9999-12-31', '2025-1-1', '20250101', '2025-06-02T00:00:00Z', 'yesterday'];
const badDateTimes = ['2025-02-30T10:00:00Z', '2025-13-01T00:00:00Z', '2999-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '2025-06-02 25:61:00', 'now'];
const badNumbers = [2 ** 31, -(2 ** 31), 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e308, 0, -1, 0.5, 5e-324, 'NaN', '1e3', 'Infinity'];
const wrongTypes = [null, true, 12, 1.5, 'x', [], {}, [1, 2], { a: 1 }];

const hugeArb = fc.constantFrom('A'.repeat(HUGE), '测'.repeat(HUGE), '😀'.repeat(HUGE / 2), `${'\u202E'.repeat(10)}${'x'.repeat(HUGE)}`);

describe('hardening: fuzzing every mutation (issue 9)', () => {
  let t: TestApp;
  let a: TenantFixture;
  const ids: Record<string, string> = {};
  let tokens: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createTenantFixture(t, 'fz');
    const station = await createStation(t, a, { orgUnitId: a.units.countyA, category: 'MALL' });
    const staff = await addStationStaff(t, a, station, 'staff-fz');
    tokens = { ...a.tokens, staff, platformAdmin: await t.adminToken() };
    ids.Station = station;
    ids.OrgUnit = a.units.countyA;
    const round = (
      await t.ok<D>(
        `mutation($i: CreateRoundInput!) { createEvaluationRound(input: $i) { id criteria { id } } }`,
        { i: { year: 2025, orgUnitId: a.units.city, quota: 2, criteria: [{ code: 'all', name: '综合', maxPoints: 10, weight: 1 }] } },
        a.tokens.officerCity,
      )
    ).createEvaluationRound;
    ids.EvaluationRound = round.id;
    ids.Criterion = round.criteria[0].id;
    ids.Application = (await t.ok<D>(`mutation($r: ID!, $s: ID!) { applyForModelStation(roundId: $r, stationId: $s, statement: "申请") { id } }`, { r: round.id, s: station }, staff)).applyForModelStation.id;
    ids.Dispute = (
      await t.ok<D>(
        `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`,
        { i: { stationId: station, consumerName: '甲', consumerPhone: '13912340001', subject: '纠纷', description: '描述', claimType: 'REFUND', amountClaimed: '12.34' } },
        staff,
      )
    ).openDispute.id;
    ids.CenterCase = (
      await t.ok<D>(
        `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`,
        { i: { type: 'COMPLAINT', channel: 'PHONE', subject: '案件', description: '案情', complainantName: '乙', complainantPhone: '13912340002', orgUnitId: a.units.countyA } },
        a.tokens.operatorCountyA,
      )
    ).registerCase.id;
  }, 120_000);

  afterAll(async () => {
    if (t) await closeCounts(t);
    await t?.close();
  });

  /** The id of one of tenant A's objects fitting the argument, or a random UUID. */
  const plausibleId = (ctx: Ctx, retType: string): string => {
    const mapped = ARG_TYPE[ctx.argName] ?? ((ctx.argName === 'id' || ctx.argName === 'ids') && retType);
    return (mapped && ids[mapped]) || ids.Station;
  };

  function validLeaf(named: GraphQLNamedType, ctx: Ctx, retType: string): fc.Arbitrary<unknown> {
    const n = ctx.argName.toLowerCase();
    return (
      named.name === 'ID'
        ? fc.constantFrom(plausibleId(ctx, retType), randomUUID())
        : n.includes('creditcode')
          ? fc.constant(randomCreditCode())
          : n === 'username' || n === 'code' || n === 'adminusername'
            ? fc.integer({ min: 1, max: 1e9 }).map((i) => `fz_${i}`)
            : fc.constant(defaultLeaf(named, ctx))
    );
  }

  function hostileLeaf(named: GraphQLNamedType, ctx: Ctx): fc.Arbitrary<unknown> {
    const n = ctx.argName.toLowerCase();
    let hostile: fc.Arbitrary<unknown>;
    if (isEnumType(named)) hostile = fc.constantFrom('NOPE', 'lowercase', '', ...oddStrings.slice(2, 6));
    else
      switch (named.name) {
        case 'ID':
          hostile = fc.oneof(fc.constantFrom('x', '', 'NaN', "1' or '1'='1", '00000000-0000-0000-0000-000000000000', randomUUID().toUpperCase(), `${randomUUID()}x`, ...oddStrings), hugeArb, fc.string());
          break;
        case 'Int':
        case 'Float':
          hostile = fc.oneof(fc.constantFrom(...badNumbers), fc.integer(), fc.double({ noNaN: true }));
          break;
        case 'Boolean':
          hostile = fc.constantFrom('true', 0, 1, 'yes');
          break;
        case 'Date':
          hostile = fc.oneof(fc.constantFrom(...badDates, ...oddStrings.slice(0, 6)), fc.string());
          break;
        case 'DateTime':
          hostile = fc.oneof(fc.constantFrom(...badDateTimes, ...badDates), fc.string());
          break;
        default:
          hostile = n.includes('amount')
            ? fc.constantFrom(...badMoney)
            : n.includes('phone')
              ? fc.constantFrom('1380013800', '+86 138 0013 8000', '138001380000000000', '１３８００１３８０００', ...oddStrings.slice(2, 8))
              : n === 'month'
                ? fc.constantFrom('2025-13', '2025-00', '2025-6', '0000-01', '9999-12', 'June')
                : fc.oneof(fc.constantFrom(...oddStrings), hugeArb, fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
      }
    return fc.oneof({ weight: 3, arbitrary: hostile }, { weight: 1, arbitrary: fc.constantFrom(...wrongTypes) });
  }

  function leafArb(named: GraphQLNamedType, ctx: Ctx, retType: string): fc.Arbitrary<unknown> {
    return fc.oneof({ weight: 3, arbitrary: validLeaf(named, ctx, retType) }, { weight: 1, arbitrary: hostileLeaf(named, ctx) });
  }

  type Leaf = { path: (string | number)[]; named: GraphQLNamedType; ctx: Ctx };

  /** A fully plausible value (optional fields filled) and the list of its leaves. */
  function baseline(type: GraphQLInputType, ctx: Ctx, retType: string, path: (string | number)[], leaves: Leaf[]): unknown {
    if (isNonNullType(type)) return baseline(type.ofType, ctx, retType, path, leaves);
    if (isListType(type)) return [baseline(type.ofType, ctx, retType, [...path, 0], leaves)];
    if (isInputObjectType(type)) {
      const out: D = {};
      for (const f of Object.values(type.getFields())) out[f.name] = baseline(f.type, { ...ctx, argName: f.name, parent: type.name }, retType, [...path, f.name], leaves);
      return out;
    }
    leaves.push({ path, named: type as GraphQLNamedType, ctx });
    return fc.sample(validLeaf(type as GraphQLNamedType, ctx, retType), { numRuns: 1, seed: SEED })[0];
  }

  /** Plausible variables with exactly one leaf made hostile (reaches the deeper checks). */
  function singleFaultArb(op: Op, retType: string): fc.Arbitrary<D> {
    const leaves: Leaf[] = [];
    const base: D = {};
    for (const x of op.field.args) base[x.name] = baseline(x.type, { opName: op.field.name, argName: x.name }, retType, [x.name], leaves);
    if (!leaves.length) return fc.constant(base);
    return fc.integer({ min: 0, max: leaves.length - 1 }).chain((i) =>
      hostileLeaf(leaves[i].named, leaves[i].ctx).map((bad) => {
        const v = structuredClone(base);
        let cur: any = v;
        const path = leaves[i].path;
        for (const k of path.slice(0, -1)) cur = cur[k];
        cur[path[path.length - 1]] = bad;
        return v;
      }),
    );
  }

  function typeArb(type: GraphQLInputType, ctx: Ctx, retType: string): fc.Arbitrary<unknown> {
    if (isNonNullType(type)) return typeArb(type.ofType, ctx, retType);
    if (isListType(type)) return fc.array(typeArb(type.ofType, ctx, retType), { minLength: 0, maxLength: 3 });
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const f of fields) {
        const arb = typeArb(f.type, { ...ctx, argName: f.name, parent: type.name }, retType);
        const required = isNonNullType(f.type) && f.defaultValue === undefined;
        rec[f.name] = required ? arb : fc.option(arb, { nil: undefined, freq: 3 });
      }
      return fc.oneof({ weight: 8, arbitrary: fc.record(rec) }, { weight: 1, arbitrary: fc.constantFrom(...wrongTypes) });
    }
    return leafArb(type as GraphQLNamedType, ctx, retType);
  }

  it('no mutation answers with an internal error, and a rejected call writes nothing', async () => {
    const muts = operations(servedSchema(t)).filter((op) => op.kind === 'mutation');
    expect(muts.length).toBeGreaterThan(0);
    const failures: string[] = [];
    const outcomes: Record<string, number> = {};
    let calls = 0;
    let rejected = 0;
    let accepted = 0;

    for (const [index, op] of muts.entries()) {
      const doc = documentFor(op);
      const retType = getNamedType(op.field.type).name;
      // The roles that get past authorization with plausible variables; otherwise every token.
      const probeVars: D = {};
      for (const x of op.field.args) probeVars[x.name] = baseline(x.type, { opName: op.field.name, argName: x.name }, retType, [x.name], []);
      const probes = await Promise.all(Object.entries(tokens).map(async ([role, token]) => [role, await t.gql(doc, probeVars, token)] as const));
      const allowed = probes.filter(([, res]) => !['FORBIDDEN', 'UNAUTHENTICATED'].includes(res.errors?.[0]?.extensions?.code ?? '')).map(([role]) => role);
      const roles = allowed.length ? allowed : Object.keys(tokens);
      const varsArb = fc.record(
        Object.fromEntries(
          op.field.args.map((x) => {
            const arb = typeArb(x.type, { opName: op.field.name, argName: x.name }, retType);
            return [x.name, isNonNullType(x.type) ? arb : fc.option(arb, { nil: undefined, freq: 3 })];
          }),
        ),
      );
      const run = async (mode: string, arb: fc.Arbitrary<unknown>, runs: number): Promise<void> => {
        await fc.assert(
          fc.asyncProperty(arb, fc.constantFrom(...roles), async (variables, role) => {
            calls++;
            const before = await tableCounts(t);
            const res: GqlResult = await t.gql(doc, variables as D, tokens[role]);
            const after = await tableCounts(t);
            const code = res.errors?.[0]?.extensions?.code ?? (res.status >= 400 ? `HTTP${res.status}` : 'OK');
            outcomes[code] = (outcomes[code] ?? 0) + 1;
            const label = `${op.field.name} [${mode}] as ${role} ${JSON.stringify(variables).slice(0, 240)}`;
            if (res.status >= 500) failures.push(`${label}: HTTP ${res.status} ${JSON.stringify(res).slice(0, 300)}`);
            if (res.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) failures.push(`${label}: ${JSON.stringify(res.errors).slice(0, 300)}`);
            const isRejected = res.status >= 400 || !!res.errors?.length || !res.data;
            if (isRejected) {
              rejected++;
              const moved = Object.keys(after).filter((k) => after[k] !== before[k]);
              if (moved.length) failures.push(`${label}: rejected (${code}) but wrote to ${moved.map((k) => `${k} ${before[k]}→${after[k]}`).join(', ')}`);
            } else accepted++;
            return true;
          }),
          { numRuns: runs, seed: SEED + index, endOnFailure: true },
        );
      };
      await run('mixed', varsArb, RUNS);
      await run('single-fault', singleFaultArb(op, retType), SINGLE_FAULT_RUNS);
    }
    // eslint-disable-next-line no-console
    console.log(`fuzz: ${muts.length} mutations × (${RUNS} mixed + ${SINGLE_FAULT_RUNS} single-fault runs) = ${calls} calls (${rejected} rejected, ${accepted} accepted); outcomes ${JSON.stringify(outcomes)}`);
    expect(failures).toEqual([]);
  }, 180_000);

  it('regressions found by this fuzzer answer BAD_USER_INPUT / FORBIDDEN and write nothing', async () => {
    const before = await tableCounts(t);
    // NUL and lone surrogates: PostgreSQL text and jsonb cannot hold them (was a 500).
    const station = `mutation($i: RegisterStationInput!) { registerStation(input: $i) { id } }`;
    const stationInput = { name: '站', category: 'MALL', hostName: 'nul\u0000', hostCreditCode: randomCreditCode(), address: '地址', contactName: '张三', contactPhone: '13800138000', orgUnitId: a.units.countyA };
    expect([(await t.gql(station, { i: stationInput }, a.tokens.tenantAdmin)).errors?.[0]?.extensions]).toMatchObject([{ code: 'BAD_USER_INPUT', field: 'hostName' }]);
    const override = `mutation($n: String) { setCalendarOverride(date: "2025-06-02", kind: HOLIDAY, note: $n) { date } }`;
    for (const n of ['lone\uD800', '\uDC00x', 'a\u0000b']) {
      expect([(await t.gql(override, { n }, a.tokens.tenantAdmin)).errors?.[0]?.extensions]).toMatchObject([{ code: 'BAD_USER_INPUT', field: 'note' }]);
    }
    // Exponent forms of a Float with a decimal-places rule (class-validator threw: was a 500).
    const training = `mutation($i: RecordTrainingInput!) { recordTraining(input: $i) { id } }`;
    for (const hours of [1e-7, 5e-324, 1e21]) {
      const res = await t.gql(training, { i: { stationId: ids.Station, traineeName: '甲', trainedOn: '2025-06-02', hours, topic: '培训', organizer: '局' } }, a.tokens.officerCountyA);
      expect([res.errors?.[0]?.extensions]).toMatchObject([{ code: 'BAD_USER_INPUT', field: 'hours' }]);
    }
    // The platform admin (no tenant) scoring: FORBIDDEN, not a missing-tenant-context 500.
    const admin = await t.adminToken();
    for (const q of [`mutation($a: ID!) { submitScores(applicationId: $a, scores: []) { id } }`, `mutation($a: ID!) { declareConflict(applicationId: $a) { id } }`]) {
      expect((await t.gql(q, { a: ids.Application }, admin)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await tableCounts(t)).toEqual(before);
  });
});
