import { Client } from 'pg';
import { EscalationService } from '@app/center';
import { chinaDateOf, endOfChinaDay } from '@app/platform';
import { expectAccessDenied, expectError } from './support/access';
import { startTestApp, TestApp } from './support/app';
import { createTenantFixture, fixtureCalendar, TenantFixture } from './support/fixtures';
import { addStationStaff, createStation } from './support/stations';

const FIELDS = `id caseNumber type channel status receivedAt subject description urgeCount outcome amountRecovered
  rejectionGround complainantNotifiedAt returnReason extendedAt closedAt feedbackAt archivedAt
  complainantName complainantPhone assignedUnit { id } registeredUnit { id } sourceDispute { id status }
  deadlines { kind dueAt metAt breached }`;
const REGISTER = `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { ${FIELDS} } }`;
const GET = `query($id: ID!) { centerCase(id: $id) { ${FIELDS} } }`;
const LIST = `query($f: CenterCaseFilter, $first: Int, $after: String) { centerCases(filter: $f, first: $first, after: $after) { totalCount edges { cursor node { id status complainantName } } pageInfo { hasNextPage endCursor } } }`;
const ACCEPT = `mutation($id: ID!) { acceptCase(id: $id) { ${FIELDS} } }`;
const REJECT = `mutation($id: ID!, $g: NonAcceptanceGround!, $n: String) { rejectCase(id: $id, ground: $g, note: $n) { ${FIELDS} } }`;
const ASSIGN = `mutation($id: ID!, $u: ID!) { assignCase(id: $id, orgUnitId: $u) { ${FIELDS} } }`;
const RETURN = `mutation($id: ID!, $r: String!) { returnCase(id: $id, reason: $r) { ${FIELDS} } }`;
const EXTEND = `mutation($id: ID!, $r: String!) { extendCase(id: $id, reason: $r) { ${FIELDS} } }`;
const URGE = `mutation($id: ID!, $n: String!) { urgeCase(id: $id, note: $n) { ${FIELDS} } }`;
const CLOSE = `mutation($id: ID!, $i: CloseCaseInput!) { closeCase(id: $id, input: $i) { ${FIELDS} } }`;
const FEEDBACK = `mutation($id: ID!, $n: String!) { giveFeedback(id: $id, note: $n) { ${FIELDS} } }`;
const CALLBACK = `mutation($id: ID!, $i: CallbackInput!) { recordCallback(caseId: $id, input: $i) { id satisfaction comment calledAt calledBy { id username } centerCase { id } } }`;
const ARCHIVE = `mutation($id: ID!) { archiveCase(id: $id) { ${FIELDS} } }`;
const NEEDING = `query($m: String!) { casesNeedingCallback(month: $m) { totalCount edges { node { id } } } }`;
const OPEN_DISPUTE = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id status } }`;
const DISPUTE = `query($id: ID!) { dispute(id: $id) { id status centerCase { id status complainantName complainantPhone } } }`;

type D = Record<string, any>;

describe('center cases (issue 6)', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let esc: EscalationService;
  let s1: string; // countyA
  let s2: string; // countyB
  let staff1: string;
  let staff2: string;
  let phoneSeq = 0;
  const phone = () => `137${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;

  const input = (over: D = {}): D => ({
    type: 'COMPLAINT',
    channel: 'PHONE',
    subject: '网购手机屏幕破损',
    description: '收货时屏幕破损，商家拒绝退换',
    complainantName: '王五',
    complainantPhone: phone(),
    orgUnitId: a.units.countyA,
    amountClaimed: '2999.00',
    ...over,
  });
  const register = async (over: D = {}, token = a.tokens.operatorCountyA): Promise<D> => (await t.ok<D>(REGISTER, { i: input(over) }, token)).registerCase;
  const count = async (table: string) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const counts = async () => ({ cases: await count('center_cases'), deadlines: await count('deadlines'), callbacks: await count('case_callbacks'), audit: await count('audit_events') });
  const caseRow = async (id: string) => (await t.sql<D>(`SELECT * FROM center_cases WHERE id = $1`, [id]))[0];
  const kinds = (c: D) => c.deadlines.map((d: D) => `${d.kind}:${d.metAt ? 'met' : 'open'}`);
  const audits = async (id: string, action: string) => (await t.sql<{ n: number }>(`SELECT count(*)::int n FROM audit_events WHERE entity_id = $1 AND action = $2`, [id, action]))[0].n;
  /** Runs the escalation pipeline's database side in-process (claim every row, process each job). */
  const pump = async () => {
    const jobs: D[] = [];
    await esc.claimOutbox(1000, 0, async (rows) => {
      for (const r of rows) jobs.push(esc.jobFor(r)!);
    });
    for (const j of jobs) await esc.processEscalation(j as never);
  };
  const escalatedCase = async (): Promise<{ disputeId: string; caseId: string }> => {
    const d = (
      await t.ok<D>(
        OPEN_DISPUTE,
        { i: { stationId: s1, consumerName: '赵六', consumerPhone: phone(), subject: '冰箱不制冷', description: '买后三天不制冷', claimType: 'REPAIR' } },
        staff1,
      )
    ).openDispute;
    await t.ok(ESCALATE, { id: d.id, r: '商家拒绝维修' }, staff1);
    await pump();
    const [row] = await t.sql<D>(`SELECT id FROM center_cases WHERE source_dispute_id = $1`, [d.id]);
    return { disputeId: d.id, caseId: row.id };
  };
  const closedComplaint = async (closer = a.tokens.officerCountyA): Promise<D> => {
    const c = await register();
    await t.ok(ACCEPT, { id: c.id }, a.tokens.operatorCountyA);
    await t.ok(ASSIGN, { id: c.id, u: a.units.officeA }, a.tokens.operatorCountyA);
    return (await t.ok<D>(CLOSE, { id: c.id, i: { outcome: 'MEDIATED', amountRecovered: '300.00', note: '调解成功，商家退款' } }, closer)).closeCase;
  };

  beforeAll(async () => {
    t = await startTestApp();
    esc = t.app.get(EscalationService);
    [a, b] = await Promise.all([createTenantFixture(t, 'ca'), createTenantFixture(t, 'cb')]);
    [s1, s2] = await Promise.all([createStation(t, a, { orgUnitId: a.units.countyA, category: 'MALL' }), createStation(t, a, { orgUnitId: a.units.countyB, category: 'MARKET' })]);
    [staff1, staff2] = await Promise.all([addStationStaff(t, a, s1, 'staff-1'), addStationStaff(t, a, s2, 'staff-2')]);
  });
  afterAll(() => t?.close());

  describe('registerCase', () => {
    it('registers a direct intake with the complainant encrypted and the acceptance deadline running', async () => {
      const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
      const c = await register({ receivedAt, complainantName: '王五', complainantPhone: '13912345678' });
      expect(c).toMatchObject({ type: 'COMPLAINT', channel: 'PHONE', status: 'REGISTERED', receivedAt, urgeCount: 0, complainantName: '王五', complainantPhone: '13912345678', registeredUnit: { id: a.units.countyA }, assignedUnit: null });
      expect(c.caseNumber).toMatch(/^ZX-\d{8}-\d{6,}$/);
      expect(kinds(c)).toEqual(['ACCEPTANCE:open']);
      const row = await caseRow(c.id);
      expect(JSON.stringify(row)).not.toContain('13912345678');
      expect(JSON.stringify(row)).not.toContain('王五');
      expect(row.amount_claimed_fen).toBe('299900');
      expect(await audits(c.id, 'centerCase.register')).toBe(1);
    });

    it('refuses bad input naming the field, writing nothing', async () => {
      const before = await counts();
      expectError(await t.gql(REGISTER, { i: input({ receivedAt: new Date(Date.now() + 3_600_000).toISOString() }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'receivedAt');
      // Found by the fuzzer: a year-0 instant reached the calendar and answered 500.
      for (const receivedAt of ['0000-01-01T00:00:00Z', '1999-12-31T00:00:00Z'])
        expectError(await t.gql(REGISTER, { i: input({ receivedAt }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'receivedAt');
      // A time without an offset is ambiguous (meant in China, it would be read as UTC: 8 hours late).
      for (const receivedAt of ['2026-03-31T23:59:00', '2026-03-31', 'yesterday']) {
        const res = await t.gql(REGISTER, { i: input({ receivedAt }) }, a.tokens.operatorCountyA);
        expectError(res, 'BAD_USER_INPUT', 'receivedAt');
        expect(res.errors![0].message).toMatch(/带时区/);
      }
      expectError(await t.gql(REGISTER, { i: input({ complainantPhone: '12345' }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'complainantPhone');
      expectError(await t.gql(REGISTER, { i: input({ subject: '   ' }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'subject');
      expectError(await t.gql(REGISTER, { i: input({ amountClaimed: '12.5' }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'amountClaimed');
      expectError(await t.gql(REGISTER, { i: input({ channel: 'STATION' }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'channel');
      expectError(await t.gql(REGISTER, { i: input({ orgUnitId: 'nope' }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'orgUnitId');
      expect(await counts()).toEqual(before);
    });

    it('is for CENTER_OPERATORs in scope of the unit; another tenant gets NOT_FOUND', async () => {
      await expectAccessDenied(t, {
        query: REGISTER,
        variables: { i: input() },
        otherTenant: b.tokens.operatorCity,
        forbidden: [a.tokens.operatorCountyB, a.tokens.officerCountyA, a.tokens.tenantAdmin, staff1, a.tokens.evaluatorCity],
        unchanged: counts,
      });
    });
  });

  describe('the complaint workflow, move by move', () => {
    it('REGISTERED → ACCEPTED → ASSIGNED → (return) → ASSIGNED → CLOSED → FEEDBACK_GIVEN → ARCHIVED, every other move INVALID_TRANSITION', async () => {
      const op = a.tokens.operatorCountyA;
      const c = await register();
      const invalid = async (query: string, variables: D, token = op) => expectError(await t.gql(query, variables, token), 'INVALID_TRANSITION');
      const closeInput = { outcome: 'MEDIATED', amountRecovered: '300.00', note: '调解成功' };

      // REGISTERED
      await invalid(ASSIGN, { id: c.id, u: a.units.officeA });
      await invalid(RETURN, { id: c.id, r: '非本单位管辖' });
      await invalid(CLOSE, { id: c.id, i: closeInput });
      await invalid(FEEDBACK, { id: c.id, n: '已反馈' });
      await invalid(ARCHIVE, { id: c.id });
      await invalid(CALLBACK, { id: c.id, i: { satisfaction: 'SATISFIED' } });
      await invalid(EXTEND, { id: c.id, r: '情况复杂' });

      const accepted = (await t.ok<D>(ACCEPT, { id: c.id }, op)).acceptCase;
      expect(accepted.status).toBe('ACCEPTED');
      expect(kinds(accepted)).toEqual(['ACCEPTANCE:met', 'ROUTING:open']);
      await invalid(ACCEPT, { id: c.id });
      await invalid(REJECT, { id: c.id, g: 'TIME_BARRED' });
      await invalid(CLOSE, { id: c.id, i: closeInput });

      // Assign only to a unit in the operator's scope.
      expectError(await t.gql(ASSIGN, { id: 'x', u: a.units.officeA }, op), 'BAD_USER_INPUT', 'id');
      expectError(await t.gql(ASSIGN, { id: c.id, u: 'x' }, op), 'BAD_USER_INPUT', 'orgUnitId');
      expectError(await t.gql(ASSIGN, { id: c.id, u: a.units.countyB }, op), 'FORBIDDEN');
      expectError(await t.gql(ASSIGN, { id: c.id, u: b.units.countyA }, op), 'NOT_FOUND', 'orgUnitId');
      const assigned = (await t.ok<D>(ASSIGN, { id: c.id, u: a.units.officeA }, op)).assignCase;
      expect(assigned).toMatchObject({ status: 'ASSIGNED', assignedUnit: { id: a.units.officeA } });
      expect(kinds(assigned)).toEqual(['ACCEPTANCE:met', 'ROUTING:met', 'HANDLING:open']);
      await invalid(ACCEPT, { id: c.id });
      await invalid(ASSIGN, { id: c.id, u: a.units.officeA });

      // Extend once, by the rulebook's extension (7 + 5 working days).
      const handlingDue = assigned.deadlines.find((d: D) => d.kind === 'HANDLING').dueAt;
      const extended = (await t.ok<D>(EXTEND, { id: c.id, r: '需现场检测' }, op)).extendCase;
      expect(extended.extendedAt).toBeTruthy();
      expect(new Date(extended.deadlines.find((d: D) => d.kind === 'HANDLING').dueAt).getTime()).toBeGreaterThan(new Date(handlingDue).getTime());
      await invalid(EXTEND, { id: c.id, r: '再次延长' });
      expectError(await t.gql(EXTEND, { id: c.id, r: '  ' }, op), 'BAD_USER_INPUT', 'reason');

      // Urge: counted and audited.
      expect((await t.ok<D>(URGE, { id: c.id, n: '请尽快办理' }, op)).urgeCase.urgeCount).toBe(1);
      expect((await t.ok<D>(URGE, { id: c.id, n: '再次催办' }, a.tokens.operatorCity)).urgeCase.urgeCount).toBe(2);
      expect(await audits(c.id, 'centerCase.urge')).toBe(2);
      expectError(await t.gql(URGE, { id: c.id, n: '' }, op), 'BAD_USER_INPUT', 'note');
      // An urged case owes a first reply (1 working day) and completion (7): started once, though urged twice.
      const urged = (await t.ok<D>(GET, { id: c.id }, op)).centerCase;
      expect(kinds(urged).filter((k: string) => k.startsWith('URGED'))).toEqual(['URGED_FIRST_FEEDBACK:open', 'URGED_DONE:open']);

      // Returned by the assigned unit's officer: back to ACCEPTED, routing again.
      expectError(await t.gql(RETURN, { id: c.id, r: '非本所管辖' }, a.tokens.officerCountyB), 'FORBIDDEN');
      expectError(await t.gql(RETURN, { id: c.id, r: ' ' }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'reason');
      const returned = (await t.ok<D>(RETURN, { id: c.id, r: '非本所管辖' }, a.tokens.officerCountyA)).returnCase;
      expect(returned).toMatchObject({ status: 'ACCEPTED', assignedUnit: null, returnReason: '非本所管辖' });
      // Returning answers the urge (first reply); the case is not done.
      expect(kinds(returned)).toEqual(['ACCEPTANCE:met', 'ROUTING:met', 'HANDLING:met', 'URGED_FIRST_FEEDBACK:met', 'URGED_DONE:open', 'ROUTING:open']);
      await t.ok(ASSIGN, { id: c.id, u: a.units.countyA }, op);

      // Closed by the assigned unit's officer, with an outcome fitting a complaint.
      expectError(await t.gql(CLOSE, { id: c.id, i: { ...closeInput, outcome: 'CASE_OPENED' } }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'outcome');
      expectError(await t.gql(CLOSE, { id: c.id, i: { ...closeInput, amountRecovered: '3' } }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'amountRecovered');
      expectError(await t.gql(CLOSE, { id: c.id, i: closeInput }, a.tokens.officerCountyB), 'FORBIDDEN');
      const closed = (await t.ok<D>(CLOSE, { id: c.id, i: closeInput }, a.tokens.officerCountyA)).closeCase;
      expect(closed).toMatchObject({ status: 'CLOSED', outcome: 'MEDIATED', amountRecovered: '300.00' });
      expect(kinds(closed).slice(-2)).toEqual(['HANDLING:met', 'FEEDBACK:open']);
      expect(kinds(closed)).toContain('URGED_DONE:met');
      await invalid(CLOSE, { id: c.id, i: closeInput });
      await invalid(ARCHIVE, { id: c.id });
      await invalid(EXTEND, { id: c.id, r: '延长' });

      expectError(await t.gql(FEEDBACK, { id: c.id, n: '  ' }, op), 'BAD_USER_INPUT', 'note');
      const fed = (await t.ok<D>(FEEDBACK, { id: c.id, n: '已向投诉人反馈' }, op)).giveFeedback;
      expect(fed.status).toBe('FEEDBACK_GIVEN');
      expect(kinds(fed).slice(-1)).toEqual(['FEEDBACK:met']);
      await invalid(FEEDBACK, { id: c.id, n: '再反馈' });

      expectError(await t.gql(CALLBACK, { id: c.id, i: { satisfaction: 'SATISFIED', comment: '很'.repeat(2001) } }, op), 'BAD_USER_INPUT', 'comment');
      expectError(await t.gql(CALLBACK, { id: c.id, i: { satisfaction: 'HAPPY' } }, op), 'BAD_USER_INPUT', 'satisfaction');
      const cb = (await t.ok<D>(CALLBACK, { id: c.id, i: { satisfaction: 'SATISFIED', comment: '满意' } }, op)).recordCallback;
      expect(cb).toMatchObject({ satisfaction: 'SATISFIED', comment: '满意', calledBy: { username: 'operator-a' }, centerCase: { id: c.id } });

      expectError(await t.gql(ARCHIVE, { id: 'x' }, op), 'BAD_USER_INPUT', 'id');
      expectError(await t.gql(GET, { id: 'x' }, op), 'BAD_USER_INPUT', 'id');
      const archived = (await t.ok<D>(ARCHIVE, { id: c.id }, op)).archiveCase;
      expect(archived.status).toBe('ARCHIVED');
      // Read-only from now on.
      for (const [q, v] of [
        [ACCEPT, { id: c.id }],
        [REJECT, { id: c.id, g: 'TIME_BARRED' }],
        [ASSIGN, { id: c.id, u: a.units.officeA }],
        [RETURN, { id: c.id, r: '退回' }],
        [EXTEND, { id: c.id, r: '延长' }],
        [URGE, { id: c.id, n: '催办' }],
        [CLOSE, { id: c.id, i: closeInput }],
        [FEEDBACK, { id: c.id, n: '反馈' }],
        [CALLBACK, { id: c.id, i: { satisfaction: 'SATISFIED' } }],
        [ARCHIVE, { id: c.id }],
      ] as [string, D][]) {
        await invalid(q, v);
      }
    });

    it('rejectCase records the ground and the notification of the complainant; then nothing but reading', async () => {
      const c = await register();
      const before = await counts();
      expectError(await t.gql(REJECT, { id: c.id, g: 'TIME_BARRED', n: '   ' }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'note');
      expect(await counts()).toEqual(before);
      const r = (await t.ok<D>(REJECT, { id: c.id, g: 'TIME_BARRED', n: '超过时效' }, a.tokens.operatorCountyA)).rejectCase;
      expect(r).toMatchObject({ status: 'REJECTED', rejectionGround: 'TIME_BARRED' });
      expect(r.complainantNotifiedAt).toBeTruthy();
      expect(kinds(r)).toEqual(['ACCEPTANCE:met']);
      for (const [q, v] of [
        [ACCEPT, { id: c.id }],
        [REJECT, { id: c.id, g: 'TIME_BARRED' }],
        [ASSIGN, { id: c.id, u: a.units.officeA }],
        [ARCHIVE, { id: c.id }],
      ] as [string, D][]) {
        expectError(await t.gql(q, v, a.tokens.operatorCountyA), 'INVALID_TRANSITION');
      }
    });

    it('a consultation is answered and closed directly, then archived', async () => {
      const c = await register({ type: 'CONSULTATION', channel: 'WEB' });
      expectError(await t.gql(ACCEPT, { id: c.id }, a.tokens.operatorCountyA), 'INVALID_TRANSITION');
      expectError(await t.gql(REJECT, { id: c.id, g: 'TIME_BARRED' }, a.tokens.operatorCountyA), 'INVALID_TRANSITION');
      expectError(await t.gql(CLOSE, { id: c.id, i: { outcome: 'MEDIATED', note: '答复' } }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'outcome');
      const closed = (await t.ok<D>(CLOSE, { id: c.id, i: { outcome: 'ANSWERED', note: '已电话答复' } }, a.tokens.operatorCountyA)).closeCase;
      expect(closed).toMatchObject({ status: 'CLOSED', outcome: 'ANSWERED' });
      expect(kinds(closed)).toEqual(['ACCEPTANCE:met']);
      expectError(await t.gql(FEEDBACK, { id: c.id, n: '反馈' }, a.tokens.operatorCountyA), 'INVALID_TRANSITION');
      expect((await t.ok<D>(ARCHIVE, { id: c.id }, a.tokens.operatorCountyA)).archiveCase.status).toBe('ARCHIVED');
    });

    it('names a co-handler on closing (two officers, 001 第十四条): one who may handle the case, not the closer', async () => {
      const CANDIDATES = `query($id: ID!) { caseCoHandlerCandidates(caseId: $id) { id displayName } }`;
      const CO = `query($id: ID!) { centerCase(id: $id) { coHandler { id displayName } } }`;
      const c = await register();
      await t.ok(ACCEPT, { id: c.id }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id: c.id, u: a.units.officeA }, a.tokens.operatorCountyA);
      const candidates = (await t.ok<D>(CANDIDATES, { id: c.id }, a.tokens.officerCountyA)).caseCoHandlerCandidates.map((u: D) => u.displayName);
      // Officers and operators whose scope holds the office, but the caller; no evaluator, no other county.
      expect(candidates).toEqual(expect.arrayContaining(['officer-city', 'operator-a', 'operator-city']));
      for (const absent of ['officer-a', 'officer-b', 'operator-b', 'evaluator-city', 'tadmin']) expect(candidates).not.toContain(absent);
      const input = { outcome: 'MEDIATED', note: '两人共同调解' };
      const before = await counts();
      const [{ id: otherTenantUser }] = await t.sql<D>(`SELECT id FROM users WHERE username = 'officer-city' AND tenant_id <> (SELECT tenant_id FROM center_cases WHERE id = $1)`, [c.id]);
      for (const bad of ['nope', a.userIds['officer-a'], a.userIds['officer-b'], a.userIds['evaluator-city'], otherTenantUser]) {
        expectError(await t.gql(CLOSE, { id: c.id, i: { ...input, coHandlerId: bad } }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'coHandlerId');
      }
      expect(await counts()).toEqual(before);
      expect((await caseRow(c.id)).status).toBe('ASSIGNED');
      await t.ok(CLOSE, { id: c.id, i: { ...input, coHandlerId: a.userIds['officer-city'] } }, a.tokens.officerCountyA);
      expect((await t.ok<D>(CO, { id: c.id }, a.tokens.operatorCountyA)).centerCase.coHandler).toEqual({ id: a.userIds['officer-city'], displayName: 'officer-city' });
      const [audit] = await t.sql<D>(`SELECT details FROM audit_events WHERE entity_id = $1 AND action = 'centerCase.close'`, [c.id]);
      expect(audit.details.coHandlerId).toBe(a.userIds['officer-city']);
      // Neither the closer nor the co-handler calls it back (cross call-back).
      const viaOperator = await register();
      await t.ok(ACCEPT, { id: viaOperator.id }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id: viaOperator.id, u: a.units.officeA }, a.tokens.operatorCountyA);
      await t.ok(CLOSE, { id: viaOperator.id, i: { ...input, coHandlerId: a.userIds['operator-city'] } }, a.tokens.officerCountyA);
      const refused = await t.gql(CALLBACK, { id: viaOperator.id, i: { satisfaction: 'SATISFIED' } }, a.tokens.operatorCity);
      expectError(refused, 'FORBIDDEN');
      expect(refused.errors![0].message).toBe('办理本案的人员（办结人、协办人）不能回访本案（交叉回访）');
      expect((await t.ok<D>(CALLBACK, { id: viaOperator.id, i: { satisfaction: 'SATISFIED' } }, a.tokens.operatorCountyA)).recordCallback.calledBy.username).toBe('operator-a');
      // Who may not close the case may not list its candidates either.
      await expectAccessDenied(t, { query: CANDIDATES, variables: { id: c.id }, otherTenant: b.tokens.operatorCity, forbidden: [a.tokens.officerCountyB, a.tokens.evaluatorCity, a.tokens.tenantAdmin, staff1] });
      expectError(await t.gql(CANDIDATES, { id: 'nope' }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'caseId');
    });

    it('a report runs ACCEPTANCE (1 working day) and CASE_DECISION, then CASE_CLOSURE when a case is opened', async () => {
      const c = await register({ type: 'REPORT', channel: 'LETTER', receivedAt: new Date(Date.now() - 86_400_000).toISOString() });
      expect(kinds(c).sort()).toEqual(['ACCEPTANCE:open', 'CASE_DECISION:open']);
      const [acceptance, decision] = ['ACCEPTANCE', 'CASE_DECISION'].map((k) => new Date(c.deadlines.find((d: D) => d.kind === k).dueAt).getTime());
      expect(acceptance).toBeLessThan(decision);
      const accepted = (await t.ok<D>(ACCEPT, { id: c.id }, a.tokens.operatorCountyA)).acceptCase;
      expect(kinds(accepted).sort()).toEqual(['ACCEPTANCE:met', 'CASE_DECISION:open', 'ROUTING:open']);
      await t.ok(ASSIGN, { id: c.id, u: a.units.officeA }, a.tokens.operatorCountyA);
      expectError(await t.gql(CLOSE, { id: c.id, i: { outcome: 'MEDIATED', note: '结论' } }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'outcome');
      const closed = (await t.ok<D>(CLOSE, { id: c.id, i: { outcome: 'CASE_OPENED', note: '已立案' } }, a.tokens.officerCountyA)).closeCase;
      expect(kinds(closed).sort()).toEqual(['ACCEPTANCE:met', 'CASE_CLOSURE:open', 'CASE_DECISION:met', 'ROUTING:met']);
      const closure = closed.deadlines.find((d: D) => d.kind === 'CASE_CLOSURE');
      // 90 calendar days.
      expect(Math.round((new Date(closure.dueAt).getTime() - Date.now()) / 86_400_000)).toBeGreaterThanOrEqual(89);
      const fed = (await t.ok<D>(FEEDBACK, { id: c.id, n: '已告知举报人' }, a.tokens.operatorCountyA)).giveFeedback;
      expect(kinds(fed)).toContain('CASE_CLOSURE:met');
      // No case opened: the reporter is told within 3 working days (REPORTER_NOTICE), not the complaint's 2.
      const notOpened = await register({ type: 'REPORT', channel: 'LETTER' });
      await t.ok(ACCEPT, { id: notOpened.id }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id: notOpened.id, u: a.units.officeA }, a.tokens.operatorCountyA);
      const told = (await t.ok<D>(CLOSE, { id: notOpened.id, i: { outcome: 'NO_CASE_OPENED', note: '不予立案' } }, a.tokens.officerCountyA)).closeCase;
      const notice = told.deadlines.find((d: D) => d.kind === 'FEEDBACK');
      expect(notice.dueAt).toBe(endOfChinaDay(fixtureCalendar().workingDaysAfter(chinaDateOf(new Date(told.closedAt)), 3)).toISOString());
      const [{ rule_key }] = await t.sql<D>(`SELECT rule_key FROM deadlines WHERE case_id = $1 AND kind = 'FEEDBACK'`, [notOpened.id]);
      expect(rule_key).toBe('REPORTER_NOTICE');
      // A report not accepted: both clocks stop.
      const other = await register({ type: 'REPORT', channel: 'LETTER' });
      const rejected = (await t.ok<D>(REJECT, { id: other.id, g: 'NOT_COVERED_BY_LAW' }, a.tokens.operatorCountyA)).rejectCase;
      expect(kinds(rejected).sort()).toEqual(['ACCEPTANCE:met', 'CASE_DECISION:met']);
    });
  });

  describe('access to every move', () => {
    it('extendCase needs the routing center: an operator of the unit handling the case only may not extend it', async () => {
      const c = await register();
      await t.ok(ACCEPT, { id: c.id }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id: c.id, u: a.units.countyB }, a.tokens.operatorCity);
      // County B's operator sees the case (assigned there), but did not route it.
      expect((await t.ok<D>(GET, { id: c.id }, a.tokens.operatorCountyB)).centerCase.id).toBe(c.id);
      const before = await counts();
      expectError(await t.gql(EXTEND, { id: c.id, r: '需现场检测' }, a.tokens.operatorCountyB), 'FORBIDDEN');
      expect(await counts()).toEqual(before);
      expect((await t.ok<D>(EXTEND, { id: c.id, r: '需现场检测' }, a.tokens.operatorCountyA)).extendCase.extendedAt).toBeTruthy();
      // Closing and returning are for the unit handling it: an officer of the registering county only may not.
      const unchanged = await counts();
      expectError(await t.gql(CLOSE, { id: c.id, i: { outcome: 'MEDIATED', note: '办结' } }, a.tokens.officerCountyA), 'FORBIDDEN');
      expectError(await t.gql(RETURN, { id: c.id, r: '不属本辖区' }, a.tokens.officerCountyA), 'FORBIDDEN');
      expect(await counts()).toEqual(unchanged);
      // Back to county A by county B's officer (the lists below count county B's cases).
      await t.ok(RETURN, { id: c.id, r: '不属本辖区' }, a.tokens.officerCountyB);
    });

    it('the assigned unit may return a case within the RETURN window only; after it the routing center still can', async () => {
      const c = await register();
      await t.ok(ACCEPT, { id: c.id }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id: c.id, u: a.units.countyB }, a.tokens.operatorCity);
      // Assigned on a Monday two weeks ago: the window (1 working day) ended the next working day.
      const [{ monday }] = await t.sql<{ monday: string }>(`SELECT to_char(date_trunc('week', now() AT TIME ZONE 'Asia/Shanghai') - interval '14 days', 'YYYY-MM-DD') AS monday`);
      await t.sql(`UPDATE center_cases SET assigned_at = ($2::date + time '10:00') AT TIME ZONE 'Asia/Shanghai' WHERE id = $1`, [c.id, monday]);
      const returnBy = fixtureCalendar().workingDaysAfter(monday, 1);
      const RETURN_BY = `query($id: ID!) { centerCase(id: $id) { returnBy } }`;
      expect((await t.ok<D>(RETURN_BY, { id: c.id }, a.tokens.officerCountyB)).centerCase.returnBy).toBe(endOfChinaDay(returnBy).toISOString());
      const before = await counts();
      // The handling unit's officer and its operator (not the routing center) are refused.
      for (const token of [a.tokens.officerCountyB, a.tokens.operatorCountyB]) {
        const res = await t.gql(RETURN, { id: c.id, r: '非本所管辖' }, token);
        expectError(res, 'CONFLICT');
        expect(res.errors![0].message).toBe(`已超过退回时限（须在 ${returnBy} 当日内退回）；确非本单位管辖的，请联系分流中心改派`);
        expect(res.errors![0].extensions!.returnBy).toBe(endOfChinaDay(returnBy).toISOString());
      }
      expect(await counts()).toEqual(before);
      expect((await t.ok<D>(GET, { id: c.id }, a.tokens.operatorCity)).centerCase).toMatchObject({ status: 'ASSIGNED', assignedUnit: { id: a.units.countyB } });
      // The routing center (county A registered it) takes it back to route it again.
      const returned = (await t.ok<D>(RETURN, { id: c.id, r: '错派，收回改派' }, a.tokens.operatorCountyA)).returnCase;
      expect(returned).toMatchObject({ status: 'ACCEPTED', assignedUnit: null, returnReason: '错派，收回改派' });
      // Only an assigned case has a window.
      expect((await t.ok<D>(RETURN_BY, { id: c.id }, a.tokens.operatorCountyA)).centerCase.returnBy).toBeNull();
      // Within the window (assigned just now) the unit's officer may return it.
      await t.ok(ASSIGN, { id: c.id, u: a.units.countyB }, a.tokens.operatorCity);
      const fresh = (await t.ok<D>(RETURN_BY, { id: c.id }, a.tokens.officerCountyB)).centerCase.returnBy;
      expect(fresh).toBe(endOfChinaDay(fixtureCalendar().workingDaysAfter(chinaDateOf(new Date()), 1)).toISOString());
      expect((await t.ok<D>(RETURN, { id: c.id, r: '非本所管辖' }, a.tokens.officerCountyB)).returnCase.status).toBe('ACCEPTED');
    });

    it('another tenant gets NOT_FOUND; wrong role or scope FORBIDDEN; nothing written', async () => {
      const c = await register();
      const opOnly = [a.tokens.operatorCountyB, a.tokens.officerCountyA, a.tokens.tenantAdmin, staff1];
      const other = b.tokens.operatorCity;
      await expectAccessDenied(t, { query: ACCEPT, variables: { id: c.id }, otherTenant: other, forbidden: opOnly, unchanged: counts });
      await expectAccessDenied(t, { query: REJECT, variables: { id: c.id, g: 'TIME_BARRED' }, otherTenant: other, forbidden: opOnly, unchanged: counts });
      await expectAccessDenied(t, { query: URGE, variables: { id: c.id, n: '催办' }, otherTenant: other, forbidden: opOnly, unchanged: counts });
      await expectAccessDenied(t, { query: GET, variables: { id: c.id }, otherTenant: other, forbidden: [a.tokens.operatorCountyB, a.tokens.officerCountyB, staff1, a.tokens.tenantAdmin] });
      await t.ok(ACCEPT, { id: c.id }, a.tokens.operatorCountyA);
      await expectAccessDenied(t, { query: ASSIGN, variables: { id: c.id, u: a.units.officeA }, otherTenant: other, forbidden: opOnly, unchanged: counts });
      await t.ok(ASSIGN, { id: c.id, u: a.units.officeA }, a.tokens.operatorCountyA);
      await expectAccessDenied(t, { query: EXTEND, variables: { id: c.id, r: '延长' }, otherTenant: other, forbidden: opOnly, unchanged: counts });
      const handlers = [a.tokens.operatorCountyB, a.tokens.officerCountyB, a.tokens.tenantAdmin, staff1, a.tokens.evaluatorCity];
      await expectAccessDenied(t, { query: RETURN, variables: { id: c.id, r: '退回' }, otherTenant: other, forbidden: handlers, unchanged: counts });
      await expectAccessDenied(t, { query: CLOSE, variables: { id: c.id, i: { outcome: 'MEDIATED', note: '办结' } }, otherTenant: other, forbidden: handlers, unchanged: counts });
      await t.ok(CLOSE, { id: c.id, i: { outcome: 'MEDIATED', note: '办结' } }, a.tokens.operatorCountyA);
      await expectAccessDenied(t, { query: FEEDBACK, variables: { id: c.id, n: '反馈' }, otherTenant: other, forbidden: opOnly, unchanged: counts });
      // Cross call-back: the operator who closed the case may not call back.
      await expectAccessDenied(t, {
        query: CALLBACK,
        variables: { id: c.id, i: { satisfaction: 'NEUTRAL' } },
        otherTenant: other,
        forbidden: [a.tokens.operatorCountyA, a.tokens.operatorCountyB, a.tokens.officerCountyA, staff1],
        unchanged: counts,
      });
      await t.ok(CALLBACK, { id: c.id, i: { satisfaction: 'NEUTRAL' } }, a.tokens.operatorCity);
      await t.ok(FEEDBACK, { id: c.id, n: '反馈' }, a.tokens.operatorCountyA);
      await expectAccessDenied(t, { query: ARCHIVE, variables: { id: c.id }, otherTenant: other, forbidden: opOnly, unchanged: counts });
      expectError(await t.gql(ACCEPT, { id: 'x' }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'id');
    });
  });

  describe('confidentiality', () => {
    it("a REPORT's reporter is shown only to CENTER_OPERATORs in scope, each showing audited", async () => {
      const c = await register({ type: 'REPORT', channel: 'PHONE', complainantName: '匿名甲', complainantPhone: '13700001111' });
      const shown = () => audits(c.id, 'centerCase.reporterShown');
      const before = await shown();
      const one = (await t.ok<D>(GET, { id: c.id }, a.tokens.operatorCountyA)).centerCase;
      expect(one).toMatchObject({ complainantName: '匿名甲', complainantPhone: '13700001111' });
      expect(await shown()).toBe(before + 1);
      await t.ok(GET, { id: c.id }, a.tokens.operatorCity);
      expect(await shown()).toBe(before + 2);
      const [row] = await t.sql<D>(`SELECT actor_name FROM audit_events WHERE entity_id = $1 AND action = 'centerCase.reporterShown' ORDER BY at DESC LIMIT 1`, [c.id]);
      expect(row.actor_name).toBe('operator-city');
      // An officer in scope sees the case, never the reporter; no showing recorded.
      const seen = (await t.ok<D>(GET, { id: c.id }, a.tokens.officerCountyA)).centerCase;
      expect(seen).toMatchObject({ id: c.id, complainantName: null, complainantPhone: null });
      // A list showing counts too.
      const list = (await t.ok<D>(LIST, { f: { type: 'REPORT' } }, a.tokens.officerCity)).centerCases;
      expect(list.edges.every((e: D) => e.node.complainantName === null)).toBe(true);
      expect(await shown()).toBe(before + 2);
    });

    it('station staff see the cases escalated from their station, without contact details', async () => {
      const { disputeId, caseId } = await escalatedCase();
      const seen = (await t.ok<D>(GET, { id: caseId }, staff1)).centerCase;
      expect(seen).toMatchObject({ id: caseId, channel: 'STATION', type: 'COMPLAINT', complainantName: null, complainantPhone: null, sourceDispute: { id: disputeId, status: 'ESCALATED' } });
      const viaDispute = (await t.ok<D>(DISPUTE, { id: disputeId }, staff1)).dispute;
      expect(viaDispute).toMatchObject({ status: 'ESCALATED', centerCase: { id: caseId, complainantName: null, complainantPhone: null } });
      const list = (await t.ok<D>(LIST, {}, staff1)).centerCases;
      expect(list.edges.map((e: D) => e.node.id)).toContain(caseId);
      expect(list.edges.every((e: D) => e.node.complainantName === null)).toBe(true);
      expectError(await t.gql(GET, { id: caseId }, staff2), 'FORBIDDEN');
      expect((await t.ok<D>(LIST, {}, staff2)).centerCases.totalCount).toBe(0);
      // The center operator in scope sees the consumer copied from the dispute.
      expect((await t.ok<D>(GET, { id: caseId }, a.tokens.operatorCountyA)).centerCase.complainantName).toBe('赵六');
    });
  });

  describe('lists, supervision and call-backs', () => {
    it('centerCases pages in scope, filters by unit/status/type and overdue', async () => {
      const first = (await t.ok<D>(LIST, { first: 2 }, a.tokens.operatorCity)).centerCases;
      expect(first.edges).toHaveLength(2);
      const next = (await t.ok<D>(LIST, { first: 2, after: first.pageInfo.endCursor }, a.tokens.operatorCity)).centerCases;
      expect(next.edges[0].node.id).not.toBe(first.edges[1].node.id);
      const countyB = (await t.ok<D>(LIST, {}, a.tokens.operatorCountyB)).centerCases;
      expect(countyB.totalCount).toBe(0);
      expectError(await t.gql(LIST, { f: { orgUnitId: a.units.countyA } }, a.tokens.operatorCountyB), 'FORBIDDEN');
      expectError(await t.gql(LIST, { f: { orgUnitId: a.units.countyA } }, b.tokens.operatorCity), 'NOT_FOUND');
      expectError(await t.gql(LIST, { after: 'garbage' }, a.tokens.operatorCity), 'BAD_USER_INPUT', 'after');
      const rejected = (await t.ok<D>(LIST, { f: { status: 'REJECTED' } }, a.tokens.operatorCity)).centerCases;
      expect(rejected.totalCount).toBeGreaterThan(0);
      expect((await t.ok<D>(LIST, {}, b.tokens.operatorCity)).centerCases.totalCount).toBe(0);
    });

    it('names the first contact (首问) who registered a case, lists one\'s own, and hides them from station staff', async () => {
      const FIRST_CONTACT = `query($id: ID!) { centerCase(id: $id) { registeredBy { id displayName } closedBy { id } } }`;
      const mine = await register({ subject: '首问登记' }, a.tokens.operatorCity);
      const operatorCityId = a.userIds['operator-city'];
      expect((await t.ok<D>(FIRST_CONTACT, { id: mine.id }, a.tokens.officerCountyA)).centerCase).toEqual({ registeredBy: { id: operatorCityId, displayName: 'operator-city' }, closedBy: null });
      const own = async (token: string, f: D = {}) => (await t.ok<D>(LIST, { f: { ...f, registeredByMe: true }, first: 100 }, token)).centerCases;
      const ownIds = (await own(a.tokens.operatorCity)).edges.map((e: D) => e.node.id);
      expect(ownIds).toContain(mine.id);
      const registeredBy = await t.sql<D>(`SELECT DISTINCT registered_by FROM center_cases WHERE id = ANY($1::uuid[])`, [ownIds]);
      expect(registeredBy).toEqual([{ registered_by: operatorCityId }]);
      // Combined with other filters; false (or absent) filters nothing.
      expect((await own(a.tokens.operatorCity, { type: 'REPORT' })).edges.map((e: D) => e.node.id)).not.toContain(mine.id);
      expect((await own(a.tokens.operatorCountyA)).edges.map((e: D) => e.node.id)).not.toContain(mine.id);
      const all = (await t.ok<D>(LIST, { f: { registeredByMe: false } }, a.tokens.operatorCity)).centerCases.totalCount;
      expect(all).toBe((await t.ok<D>(LIST, {}, a.tokens.operatorCity)).centerCases.totalCount);
      expectError(await t.gql(LIST, { f: { registeredByMe: 'yes' } }, a.tokens.operatorCity), 'BAD_USER_INPUT', 'registeredByMe');
      // Another tenant's operator lists none of them.
      expect((await own(b.tokens.operatorCity)).totalCount).toBe(0);
      // A case from a station has no first contact at the center; station staff never see handlers.
      const { caseId } = await escalatedCase();
      expect((await t.ok<D>(FIRST_CONTACT, { id: caseId }, a.tokens.operatorCountyA)).centerCase.registeredBy).toBeNull();
      await t.sql(`UPDATE center_cases SET registered_by = $2 WHERE id = $1`, [caseId, operatorCityId]);
      expect((await t.ok<D>(FIRST_CONTACT, { id: caseId }, a.tokens.operatorCountyA)).centerCase.registeredBy).toEqual({ id: operatorCityId, displayName: 'operator-city' });
      expect((await t.ok<D>(FIRST_CONTACT, { id: caseId }, staff1)).centerCase.registeredBy).toBeNull();
    });

    it('the sweeper marks breaches and urges once per breach (system, audited); overdue filter lists them', async () => {
      const old = new Date(Date.now() - 20 * 86_400_000).toISOString();
      const c = await register({ receivedAt: old });
      const overdue = async () => (await t.ok<D>(LIST, { f: { overdue: true } }, a.tokens.operatorCountyA)).centerCases.edges.map((e: D) => e.node.id);
      expect(await overdue()).not.toContain(c.id);
      expect(await esc.sweepDeadlines()).toBeGreaterThanOrEqual(1);
      const after = (await t.ok<D>(GET, { id: c.id }, a.tokens.operatorCountyA)).centerCase;
      expect(after.urgeCount).toBe(1);
      expect(after.deadlines[0]).toMatchObject({ kind: 'ACCEPTANCE', breached: true, metAt: null });
      expect(await overdue()).toContain(c.id);
      const notOverdue = (await t.ok<D>(LIST, { f: { overdue: false } }, a.tokens.operatorCountyA)).centerCases.edges.map((e: D) => e.node.id);
      expect(notOverdue).not.toContain(c.id);
      const [audit] = await t.sql<D>(`SELECT actor_id, actor_name, details FROM audit_events WHERE entity_id = $1 AND action = 'centerCase.urge'`, [c.id]);
      expect(audit).toMatchObject({ actor_id: null, actor_name: 'system', details: { automatic: true, kind: 'ACCEPTANCE', unitId: a.units.countyA } });
      // Once per breach.
      await esc.sweepDeadlines();
      expect((await caseRow(c.id)).urge_count).toBe(1);
      // Meeting it late keeps it breached.
      const accepted = (await t.ok<D>(ACCEPT, { id: c.id }, a.tokens.operatorCountyA)).acceptCase;
      expect(accepted.deadlines[0]).toMatchObject({ breached: true });
      expect(await overdue()).not.toContain(c.id);
    });

    it('the sweeper takes a case before its deadlines, as case moves do (no deadlock); a case busy in a move waits for the next sweep', async () => {
      const c = await register({ receivedAt: new Date(Date.now() - 20 * 86_400_000).toISOString() });
      const mover = new Client({ connectionString: t.db.url });
      await mover.connect();
      try {
        // An operator's move in progress: the case locked (its deadlines next).
        await mover.query('BEGIN');
        await mover.query(`SELECT 1 FROM center_cases WHERE id = $1 FOR UPDATE`, [c.id]);
        // The sweep skips the busy case and finishes (deadlines first, it would wait for the case
        // while holding its deadline, and the move's next step would deadlock with it).
        const swept = await Promise.race([esc.sweepDeadlines().then(() => 'done'), new Promise((r) => setTimeout(() => r('blocked'), 10_000))]);
        expect(swept).toBe('done');
        await mover.query(`SET LOCAL lock_timeout = '3s'`);
        await mover.query(`UPDATE deadlines SET breached = breached WHERE case_id = $1`, [c.id]);
        await mover.query('COMMIT');
        expect((await caseRow(c.id)).urge_count).toBe(0);
      } finally {
        await mover.end();
      }
      expect(await esc.sweepDeadlines()).toBeGreaterThanOrEqual(1);
      expect((await caseRow(c.id)).urge_count).toBe(1);
    });

    it('casesNeedingCallback lists complaints closed in the month without a call-back', async () => {
      const c = await closedComplaint();
      const month = chinaDateOf(new Date()).slice(0, 7);
      const ids = async (token = a.tokens.operatorCity) => (await t.ok<D>(NEEDING, { m: month }, token)).casesNeedingCallback.edges.map((e: D) => e.node.id);
      expect(await ids()).toContain(c.id);
      expect(await ids(a.tokens.operatorCountyB)).not.toContain(c.id);
      expect(await ids(b.tokens.operatorCity)).toEqual([]); // another tenant
      expect((await t.ok<D>(NEEDING, { m: '2001-01' }, a.tokens.operatorCity)).casesNeedingCallback.totalCount).toBe(0);
      expectError(await t.gql(NEEDING, { m: '2025-13' }, a.tokens.operatorCity), 'BAD_USER_INPUT', 'month');
      expectError(await t.gql(NEEDING, { m: month }, a.tokens.officerCity), 'FORBIDDEN');
      // The officer closed it: any operator in scope may call back.
      await t.ok(CALLBACK, { id: c.id, i: { satisfaction: 'UNREACHABLE' } }, a.tokens.operatorCountyA);
      expect(await ids()).not.toContain(c.id);
    });
  });

  describe('auto-escalation', () => {
    it('escalates OPEN disputes past settle_by once (逾期未和解, system actor), then the pipeline makes the case', async () => {
      const d = (
        await t.ok<D>(
          OPEN_DISPUTE,
          { i: { stationId: s2, consumerName: '钱七', consumerPhone: phone(), subject: '洗衣机漏水', description: '安装后漏水', claimType: 'EXCHANGE' } },
          staff2,
        )
      ).openDispute;
      const fresh = (
        await t.ok<D>(OPEN_DISPUTE, { i: { stationId: s2, consumerName: '孙八', consumerPhone: phone(), subject: '鞋子开胶', description: '穿一周开胶', claimType: 'REFUND' } }, staff2)
      ).openDispute;
      await t.sql(`UPDATE disputes SET settle_by = now() - interval '1 minute' WHERE id = $1`, [d.id]);
      expect(await esc.autoEscalate()).toBe(1);
      expect(await esc.autoEscalate()).toBe(0);
      const [row] = await t.sql<D>(`SELECT status, escalation_reason FROM disputes WHERE id = $1`, [d.id]);
      expect(row).toEqual({ status: 'ESCALATING', escalation_reason: '逾期未和解' });
      expect((await t.sql<D>(`SELECT status FROM disputes WHERE id = $1`, [fresh.id]))[0].status).toBe('OPEN');
      const [audit] = await t.sql<D>(`SELECT actor_name, details FROM audit_events WHERE entity_id = $1 AND action = 'dispute.escalate'`, [d.id]);
      expect(audit).toMatchObject({ actor_name: 'system', details: { automatic: true, reason: '逾期未和解' } });
      await pump();
      const [c] = await t.sql<D>(`SELECT registered_unit_id, type, channel FROM center_cases WHERE source_dispute_id = $1`, [d.id]);
      expect(c).toEqual({ registered_unit_id: a.units.countyB, type: 'COMPLAINT', channel: 'STATION' });
      expect((await t.sql<D>(`SELECT status FROM disputes WHERE id = $1`, [d.id]))[0].status).toBe('ESCALATED');
    });
  });

  describe('urgeCase only while a case is in handling', () => {
    it('refuses to urge a closed (answered), archived or rejected case (INVALID_TRANSITION), writing nothing', async () => {
      const op = a.tokens.operatorCountyA;
      const consultation = await register({ type: 'CONSULTATION', channel: 'WEB' });
      // Registered (not yet answered): urging is allowed.
      expect((await t.ok<D>(URGE, { id: consultation.id, n: '请尽快答复' }, op)).urgeCase.urgeCount).toBe(1);
      await t.ok(CLOSE, { id: consultation.id, i: { outcome: 'ANSWERED', note: '已电话答复' } }, op);
      const complaint = await closedComplaint();
      const rejected = await register();
      await t.ok(REJECT, { id: rejected.id, g: 'TIME_BARRED', n: '超过时效' }, op);
      const archived = await register({ type: 'CONSULTATION', channel: 'PHONE' });
      await t.ok(CLOSE, { id: archived.id, i: { outcome: 'ANSWERED', note: '已答复' } }, op);
      await t.ok(ARCHIVE, { id: archived.id }, op);
      const before = await counts();
      for (const [label, id, status, statusLabel] of [
        ['closed consultation', consultation.id, 'CLOSED', '已办结'],
        ['closed complaint', complaint.id, 'CLOSED', '已办结'],
        ['rejected complaint', rejected.id, 'REJECTED', '不予受理'],
        ['archived consultation', archived.id, 'ARCHIVED', '已归档'],
      ]) {
        const res = await t.gql(URGE, { id, n: '催办' }, op);
        expect([label, res.errors?.[0]?.extensions]).toEqual([label, expect.objectContaining({ code: 'INVALID_TRANSITION', from: status, action: 'urge' })]);
        // The message names the status and the move in Chinese; the codes stay in extensions.
        const message = res.errors![0].message;
        expect(message).toBe(`当前状态「${statusLabel}」不能催办`);
        expect(message).not.toMatch(/[A-Z]{3,}/);
      }
      expect(await counts()).toEqual(before);
      expect((await caseRow(consultation.id)).urge_count).toBe(1);
      expect(await audits(consultation.id, 'centerCase.urge')).toBe(1);
    });
  });
  describe('deadlines follow the rulebook\'s start events', () => {
    it('handling runs from the assignment under the seed rules and from the acceptance under Order 20', async () => {
      const o = await createTenantFixture(t, 'o20');
      await t.ok(`mutation { switchRulebookPreset(preset: SAMR_ORDER_20) { versionId } }`, {}, o.tokens.tenantAdmin);
      const handlingOf = async (fx: TenantFixture) => {
        const c = (await t.ok<D>(REGISTER, { i: { ...input(), orgUnitId: fx.units.countyA } }, fx.tokens.operatorCountyA)).registerCase;
        await t.ok(ACCEPT, { id: c.id }, fx.tokens.operatorCountyA);
        // Accepted three days ago, routed today.
        await t.sql(`UPDATE center_cases SET accepted_at = accepted_at - interval '3 days' WHERE id = $1`, [c.id]);
        await t.ok(ASSIGN, { id: c.id, u: fx.units.officeA }, fx.tokens.operatorCountyA);
        const [row] = await t.sql<D>(`SELECT d.start_date::text AS start, d.days, c.accepted_at, c.assigned_at FROM deadlines d JOIN center_cases c ON c.id = d.case_id WHERE d.case_id = $1 AND d.kind = 'HANDLING'`, [c.id]);
        return row;
      };
      const order20 = await handlingOf(o);
      expect(order20).toMatchObject({ days: 45, start: chinaDateOf(order20.accepted_at) });
      const seed = await handlingOf(a);
      expect(seed).toMatchObject({ days: 7, start: chinaDateOf(seed.assigned_at) });
      expect(seed.start).not.toBe(chinaDateOf(seed.accepted_at));
    });
  });
  describe('year end: a deadline reaching an unpublished calendar year', () => {
    const waitRow = (caseId: string, kind: string) =>
      t.sql(`INSERT INTO pending_deadlines (tenant_id, case_id, kind, start_at, received_at) SELECT tenant_id, id, $2, now(), received_at FROM center_cases WHERE id = $1`, [caseId, kind]);

    it('a waiting clock of a kind the case ran before (routing again after a return) starts; a waiting urge reply can be given', async () => {
      const c = await register();
      await t.ok(ACCEPT, { id: c.id }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id: c.id, u: a.units.officeA }, a.tokens.operatorCountyA);
      await t.ok(RETURN, { id: c.id, r: '不属本所' }, a.tokens.officerCountyA);
      // Routing again, its deadline waiting for its year (the first routing deadline is met).
      await t.sql(`DELETE FROM deadlines WHERE case_id = $1 AND kind = 'ROUTING' AND met_at IS NULL`, [c.id]);
      await waitRow(c.id, 'ROUTING');
      expect((await t.ok<D>(`query($id: ID!) { centerCase(id: $id) { waitingDeadlines } }`, { id: c.id }, a.tokens.operatorCountyA)).centerCase.waitingDeadlines).toEqual(['ROUTING']);
      await esc.startPendingDeadlines();
      const routing = await t.sql<D>(`SELECT met_at IS NULL AS running FROM deadlines WHERE case_id = $1 AND kind = 'ROUTING' ORDER BY created_at`, [c.id]);
      expect(routing.map((r) => r.running)).toEqual([false, true]); // the first (met at assignment), the one that waited
      expect(await t.sql(`SELECT 1 FROM pending_deadlines WHERE case_id = $1`, [c.id])).toEqual([]);

      // An urge whose reply deadline waits: the reply is still owed and can be given.
      await t.ok(ASSIGN, { id: c.id, u: a.units.officeA }, a.tokens.operatorCountyA);
      await waitRow(c.id, 'URGED_FIRST_FEEDBACK');
      const RESPOND = `mutation($id: ID!, $n: String!) { respondToUrge(id: $id, note: $n) { waitingDeadlines deadlines { kind } } }`;
      const replied = (await t.ok<D>(RESPOND, { id: c.id, n: '正在办理' }, a.tokens.officerCountyA)).respondToUrge;
      expect(replied.waitingDeadlines).toEqual([]);
      expect(replied.deadlines.map((d: D) => d.kind)).not.toContain('URGED_FIRST_FEEDBACK');
      expectError(await t.gql(RESPOND, { id: c.id, n: '再次回复' }, a.tokens.officerCountyA), 'CONFLICT');
    });

    it('never refuses the move: the deadline waits in pending_deadlines and starts once the year is covered, or goes when its move happens', async () => {
      const y = await createTenantFixture(t, 'ye');
      const op = y.tokens.operatorCountyA;
      const RULE = `mutation($k: DeadlineRuleKey!, $d: Int!) { overrideRule(key: $k, days: $d, unit: WORKING) { __typename } }`;
      // Periods of ten years of working days: far past the last published calendar year.
      await t.ok(RULE, { k: 'ACCEPTANCE', d: 3650 }, y.tokens.tenantAdmin);
      await t.ok(RULE, { k: 'HANDLING', d: 3650 }, y.tokens.tenantAdmin);
      const pending = async (caseId: string) => (await t.sql<D>(`SELECT kind, start_at FROM pending_deadlines WHERE case_id = $1 ORDER BY kind`, [caseId]));
      const c = (await t.ok<D>(REGISTER, { i: { ...input(), orgUnitId: y.units.countyA } }, op)).registerCase;
      expect(c.status).toBe('REGISTERED');
      expect(kinds(c)).toEqual([]);
      expect((await pending(c.id)).map((r) => r.kind)).toEqual(['ACCEPTANCE']);
      expect(kinds((await t.ok<D>(ACCEPT, { id: c.id }, op)).acceptCase)).toEqual(['ROUTING:open']);
      const assigned = (await t.ok<D>(ASSIGN, { id: c.id, u: y.units.officeA }, op)).assignCase;
      expect(kinds(assigned)).toEqual(['ROUTING:met']);
      const [{ assigned_at: assignedAt }] = await t.sql<D>(`SELECT assigned_at FROM center_cases WHERE id = $1`, [c.id]);
      // Accepting answered the waiting acceptance deadline (dropped); handling waits from the assignment.
      const waiting = await pending(c.id);
      expect(waiting.map((r) => r.kind)).toEqual(['HANDLING']);
      expect(new Date(waiting[0].start_at).toISOString()).toBe(new Date(assignedAt).toISOString());
      // Still unpublished: it keeps waiting.
      expect(await esc.startPendingDeadlines()).toBe(0);
      expect((await pending(c.id)).map((r) => r.kind)).toEqual(['HANDLING']);
      // The years become covered (here: the rules in force when the case was received shrink back).
      await t.sql(`UPDATE rulebook_versions SET overrides = '{}'::jsonb WHERE tenant_id = (SELECT tenant_id FROM center_cases WHERE id = $1)`, [c.id]);
      expect(await esc.startPendingDeadlines()).toBe(1);
      expect(await pending(c.id)).toEqual([]);
      const [handling] = await t.sql<D>(`SELECT start_date::text AS start, days FROM deadlines WHERE case_id = $1 AND kind = 'HANDLING'`, [c.id]);
      expect(handling).toEqual({ start: chinaDateOf(assignedAt), days: 7 });
      // The case goes on as usual.
      expect((await t.ok<D>(CLOSE, { id: c.id, i: { outcome: 'MEDIATED', note: '调解成功' } }, y.tokens.officerCountyA)).closeCase.status).toBe('CLOSED');
    });
  });
  describe('urged cases (001 限时办结制)', () => {
    const RESPOND = `mutation($id: ID!, $n: String!) { respondToUrge(id: $id, note: $n) { ${FIELDS} } }`;
    const urgedKinds = (c: D) => kinds(c).filter((k: string) => k.startsWith('URGED'));

    it('an urge starts the first-reply (1 working day) and completion (7) deadlines; respondToUrge meets the first, closing the second', async () => {
      const c = await register();
      await t.ok(ACCEPT, { id: c.id }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id: c.id, u: a.units.officeA }, a.tokens.operatorCountyA);
      // Nothing to answer yet.
      expectError(await t.gql(RESPOND, { id: c.id, n: '正在办理' }, a.tokens.officerCountyA), 'CONFLICT');
      const urged = (await t.ok<D>(URGE, { id: c.id, n: '请加快办理' }, a.tokens.operatorCountyA)).urgeCase;
      expect(urgedKinds(urged)).toEqual(['URGED_FIRST_FEEDBACK:open', 'URGED_DONE:open']);
      const [first, done] = ['URGED_FIRST_FEEDBACK', 'URGED_DONE'].map((k) => new Date(urged.deadlines.find((d: D) => d.kind === k).dueAt).getTime());
      expect(first).toBeLessThan(done);
      const [rows] = [await t.sql<D>(`SELECT kind, days, unit FROM deadlines WHERE case_id = $1 AND kind LIKE 'URGED%' ORDER BY kind`, [c.id])];
      expect(rows).toEqual([{ kind: 'URGED_DONE', days: 7, unit: 'WORKING' }, { kind: 'URGED_FIRST_FEEDBACK', days: 1, unit: 'WORKING' }]);

      // Bad input, another tenant, wrong role or scope: nothing written.
      const before = await counts();
      expectError(await t.gql(RESPOND, { id: c.id, n: '  ' }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'note');
      expectError(await t.gql(RESPOND, { id: 'x', n: '正在办理' }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'id');
      await expectAccessDenied(t, {
        query: RESPOND,
        variables: { id: c.id, n: '正在办理' },
        otherTenant: b.tokens.operatorCity,
        forbidden: [a.tokens.officerCountyB, a.tokens.operatorCountyB, a.tokens.tenantAdmin, staff1, a.tokens.evaluatorCity],
        unchanged: counts,
      });
      expect(await counts()).toEqual(before);

      // The handling unit's officer replies: the first deadline is met, once.
      const replied = (await t.ok<D>(RESPOND, { id: c.id, n: '已联系商家，正在调解' }, a.tokens.officerCountyA)).respondToUrge;
      expect(replied.status).toBe('ASSIGNED');
      expect(urgedKinds(replied)).toEqual(['URGED_FIRST_FEEDBACK:met', 'URGED_DONE:open']);
      expect(await audits(c.id, 'centerCase.respond')).toBe(1);
      expectError(await t.gql(RESPOND, { id: c.id, n: '再次回复' }, a.tokens.officerCountyA), 'CONFLICT');
      // Urged again: a new first reply is owed; completion keeps its clock.
      expect(urgedKinds((await t.ok<D>(URGE, { id: c.id, n: '再次催办' }, a.tokens.operatorCountyA)).urgeCase)).toEqual([
        'URGED_FIRST_FEEDBACK:met',
        'URGED_DONE:open',
        'URGED_FIRST_FEEDBACK:open',
      ]);
      // Done late: met, and counted as breached.
      await t.sql(`UPDATE deadlines SET due_at = now() - interval '1 hour' WHERE case_id = $1 AND kind = 'URGED_DONE'`, [c.id]);
      const closed = (await t.ok<D>(CLOSE, { id: c.id, i: { outcome: 'MEDIATED', note: '调解成功' } }, a.tokens.officerCountyA)).closeCase;
      expect(urgedKinds(closed)).toEqual(['URGED_FIRST_FEEDBACK:met', 'URGED_DONE:met', 'URGED_FIRST_FEEDBACK:met']);
      expect(closed.deadlines.filter((d: D) => d.kind.startsWith('URGED')).map((d: D) => d.breached)).toEqual([false, true, false]);
      expectError(await t.gql(RESPOND, { id: c.id, n: '回复' }, a.tokens.officerCountyA), 'INVALID_TRANSITION');
    });

    it('a system urge (a breached deadline) starts them too while the case is being handled', async () => {
      const c = await register({ receivedAt: new Date(Date.now() - 20 * 86_400_000).toISOString() });
      await esc.sweepDeadlines();
      const after = (await t.ok<D>(GET, { id: c.id }, a.tokens.operatorCountyA)).centerCase;
      expect(after.urgeCount).toBe(1);
      expect(urgedKinds(after)).toEqual(['URGED_FIRST_FEEDBACK:open', 'URGED_DONE:open']);
      // The operator answers it by rejecting the case: both met.
      const rejected = (await t.ok<D>(REJECT, { id: c.id, g: 'TIME_BARRED' }, a.tokens.operatorCountyA)).rejectCase;
      expect(urgedKinds(rejected)).toEqual(['URGED_FIRST_FEEDBACK:met', 'URGED_DONE:met']);
    });
  });
});
