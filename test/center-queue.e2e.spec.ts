import { DEADLINE_WALK, EscalationService } from '@app/center';
import { expectAccessDenied, expectError } from './support/access';
import { startTestApp, TestApp } from './support/app';
import { createTenantFixture, PASSWORD, TenantFixture } from './support/fixtures';
import { addStationStaff, createStation } from './support/stations';

type D = Record<string, any>;

const REGISTER = `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id caseNumber } }`;
const ACCEPT = `mutation($id: ID!) { acceptCase(id: $id) { id } }`;
const REJECT = `mutation($id: ID!) { rejectCase(id: $id, ground: TIME_BARRED) { id } }`;
const ASSIGN = `mutation($id: ID!, $u: ID!) { assignCase(id: $id, orgUnitId: $u) { id } }`;
const RETURN = `mutation($id: ID!, $r: String!) { returnCase(id: $id, reason: $r) { id } }`;
const CLOSE = `mutation($id: ID!, $i: CloseCaseInput!) { closeCase(id: $id, input: $i) { id closedBy { id displayName } } }`;
const EXTEND = `mutation($id: ID!, $r: String!) { extendCase(id: $id, reason: $r) { id extendedAt deadlines { kind metAt extended } } }`;
const CALLBACK = `mutation($id: ID!) { recordCallback(caseId: $id, input: { satisfaction: SATISFIED }) { id } }`;
const GET = `query($id: ID!) { centerCase(id: $id) { id status closedBy { id displayName } deadlines { kind dueAt metAt breached extended } } }`;
const LIST = `query($f: CenterCaseFilter, $first: Int, $after: String, $o: CenterCaseOrder) {
  centerCases(filter: $f, first: $first, after: $after, orderBy: $o) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id status closedBy { id displayName } deadlines { dueAt metAt extended } } }
  }
}`;
const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;
const OPEN_DISPUTE = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id } }`;

const OPEN_STATUSES = ['REGISTERED', 'ACCEPTED', 'ASSIGNED', 'CLOSED', 'FEEDBACK_GIVEN'];

/** centerCases orders, multi-status filter, CenterCase.closedBy and Deadline.extended (console gaps). */
describe('center queue: orders, statuses, closedBy, extended deadlines', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let q: TenantFixture; // the ordering tenant: every case in it is known to the tests
  let esc: EscalationService;
  let phoneSeq = 0;
  const phone = () => `137${String(20_000_000 + ++phoneSeq * 7919).slice(-8)}`;

  const register = async (f: TenantFixture, over: D = {}, token = f.tokens.operatorCountyA): Promise<string> =>
    (
      await t.ok<D>(
        REGISTER,
        {
          i: {
            type: 'COMPLAINT',
            channel: 'PHONE',
            subject: '预付卡无法退费',
            description: '门店关闭，预付卡余额无法退还',
            complainantName: '陈一',
            complainantPhone: phone(),
            orgUnitId: f.units.countyA,
            ...over,
          },
        },
        token,
      )
    ).registerCase.id;
  const list = async (token: string, vars: D): Promise<D> => (await t.ok<D>(LIST, vars, token)).centerCases;
  const count = async (table: string) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const counts = async () => ({ cases: await count('center_cases'), deadlines: await count('deadlines'), callbacks: await count('case_callbacks'), audit: await count('audit_events') });
  /** Every page of a listing, `size` at a time; fails on a repeated case. */
  const allPages = async (token: string, vars: D, size: number): Promise<{ ids: string[]; totals: number[]; pages: number }> => {
    const ids: string[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: D = await list(token, { ...vars, first: size, after });
      pages++;
      totals.push(page.totalCount);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      ids.push(...page.edges.map((e: D) => e.node.id));
      if (page.edges.length) expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(size);
      after = page.pageInfo.endCursor;
      if (pages > 200) throw new Error('paging does not end');
    }
    expect(new Set(ids).size).toBe(ids.length);
    return { ids, totals, pages };
  };
  /** Runs the escalation pipeline's database side in-process. */
  const pump = async () => {
    const jobs: D[] = [];
    await esc.claimOutbox(1000, 0, async (rows) => {
      for (const r of rows) jobs.push(esc.jobFor(r)!);
    });
    for (const j of jobs) await esc.processEscalation(j as never);
  };

  /**
   * The DEADLINE_ASC order by definition, computed independently in SQL over tenant `code`'s
   * cases in scope of `unitId`: nearest unmet deadline first (then id), then the cases without
   * one, newest receipt first (then id).
   */
  const expectedDeadlineOrder = async (code: string, unitId: string, statuses: string[] | null = null): Promise<string[]> => {
    const rows = await t.sql<{ id: string }>(
      `WITH scope AS (SELECT path FROM org_units WHERE id = $2)
       SELECT c.id FROM center_cases c
         JOIN tenants tn ON tn.id = c.tenant_id AND tn.code = $1
         JOIN org_units ru ON ru.tenant_id = c.tenant_id AND ru.id = c.registered_unit_id
         LEFT JOIN org_units au ON au.tenant_id = c.tenant_id AND au.id = c.assigned_unit_id
         LEFT JOIN LATERAL (SELECT min(d.due_at) AS due FROM deadlines d WHERE d.tenant_id = c.tenant_id AND d.case_id = c.id AND d.met_at IS NULL) n ON true
        WHERE (ru.path <@ (SELECT path FROM scope) OR au.path <@ (SELECT path FROM scope))
          AND ($3::text[] IS NULL OR c.status = ANY($3::text[]))
        ORDER BY (n.due IS NULL), n.due ASC, CASE WHEN n.due IS NULL THEN NULL ELSE c.id END ASC, c.received_at DESC, c.id DESC`,
      [code, unitId, statuses],
    );
    return rows.map((r) => r.id);
  };
  const expectedReceivedOrder = async (code: string, unitId: string): Promise<string[]> =>
    (
      await t.sql<{ id: string }>(
        `SELECT c.id FROM center_cases c JOIN tenants tn ON tn.id = c.tenant_id AND tn.code = $1
           JOIN org_units ru ON ru.tenant_id = c.tenant_id AND ru.id = c.registered_unit_id
           LEFT JOIN org_units au ON au.tenant_id = c.tenant_id AND au.id = c.assigned_unit_id
          WHERE ru.path <@ (SELECT path FROM org_units WHERE id = $2) OR au.path <@ (SELECT path FROM org_units WHERE id = $2)
          ORDER BY c.received_at DESC, c.id DESC`,
        [code, unitId],
      )
    ).map((r) => r.id);

  // The ordering tenant's cases.
  const qc: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    esc = t.app.get(EscalationService);
    [a, b, q] = await Promise.all([createTenantFixture(t, 'qa'), createTenantFixture(t, 'qb'), createTenantFixture(t, 'qq')]);

    // Tenant q: cases with every kind of clock, due times set as the sweeper and the moves would
    // leave them (microsecond instants included: cursors must carry them exactly).
    const op = q.tokens.operatorCountyA;
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    qc.overdue = await register(q, { subject: '超期未受理', receivedAt: hoursAgo(50) });
    qc.overdueOld = await register(q, { subject: '超期更久', receivedAt: hoursAgo(70) });
    qc.overdueMid = await register(q, { subject: '超期较久', receivedAt: hoursAgo(65) });
    qc.lagging = await register(q, { subject: '已过期限、尚未巡查', receivedAt: hoursAgo(45) });
    qc.near = await register(q, { subject: '即将到期', receivedAt: hoursAgo(40) });
    qc.tieA = await register(q, { subject: '同时到期甲', receivedAt: hoursAgo(30) });
    qc.tieB = await register(q, { subject: '同时到期乙', receivedAt: hoursAgo(29) });
    qc.report = await register(q, { type: 'REPORT', subject: '举报无证经营', receivedAt: hoursAgo(28) });
    await t.ok(ACCEPT, { id: qc.report }, op); // CASE_DECISION and ROUTING both run
    qc.fresh = await register(q, { subject: '新登记', receivedAt: hoursAgo(1) });
    qc.rejected = await register(q, { subject: '不予受理', receivedAt: hoursAgo(20) });
    await t.ok(REJECT, { id: qc.rejected }, op);
    qc.answered = await register(q, { type: 'CONSULTATION', channel: 'WEB', subject: '咨询已答复', receivedAt: hoursAgo(10) });
    await t.ok(CLOSE, { id: qc.answered, i: { outcome: 'ANSWERED', note: '已答复' } }, op);
    qc.closed = await register(q, { subject: '已办结待反馈', receivedAt: hoursAgo(60) });
    await t.ok(ACCEPT, { id: qc.closed }, op);
    await t.ok(ASSIGN, { id: qc.closed, u: q.units.officeA }, op);
    await t.ok(CLOSE, { id: qc.closed, i: { outcome: 'MEDIATED', note: '调解成功' } }, q.tokens.officerCountyA); // FEEDBACK runs
    qc.otherCounty = await register(q, { subject: '顺平县案件', orgUnitId: q.units.countyB }, q.tokens.operatorCity);
    // Overdue ones (breached) and one past due the sweeper has not reached yet, interleaved.
    await t.sql(`UPDATE deadlines SET due_at = now() - interval '2 hours', breached = true, breached_at = now() WHERE case_id = $1`, [qc.overdue]);
    await t.sql(`UPDATE deadlines SET due_at = now() - interval '4 hours', breached = true, breached_at = now() WHERE case_id = $1`, [qc.overdueOld]);
    await t.sql(`UPDATE deadlines SET due_at = now() - interval '3.5 hours', breached = true, breached_at = now() WHERE case_id = $1`, [qc.overdueMid]);
    await t.sql(`UPDATE deadlines SET due_at = now() - interval '3 hours' WHERE case_id = $1`, [qc.lagging]);
    await t.sql(`UPDATE deadlines SET due_at = now() + interval '5 hours' WHERE case_id = $1`, [qc.near]);
    // Before the closed case's feedback clock (2 working days from now), whatever the time of day.
    await t.sql(`UPDATE deadlines SET due_at = now() + interval '36 hours' WHERE case_id = $1`, [qc.fresh]);
    await t.sql(`UPDATE deadlines SET due_at = date_trunc('second', now()) + interval '1 day 0.123456 second' WHERE case_id = ANY($1)`, [[qc.tieA, qc.tieB]]);
    // The report: its routing clock (open) is nearer than its case decision (open).
    await t.sql(`UPDATE deadlines SET due_at = now() + interval '3 hours' WHERE case_id = $1 AND kind = 'ROUTING'`, [qc.report]);
    await t.sql(`UPDATE deadlines SET due_at = now() + interval '9 days' WHERE case_id = $1 AND kind = 'CASE_DECISION'`, [qc.report]);
  });
  afterAll(() => t?.close());
  const walkDefaults = { ...DEADLINE_WALK };
  afterEach(() => Object.assign(DEADLINE_WALK, walkDefaults));

  describe('centerCases orderBy DEADLINE_ASC', () => {
    it('lists the nearest unmet deadline first (overdue included), cases without one last, newest receipt first', async () => {
      const page = await list(q.tokens.operatorCountyA, { o: 'DEADLINE_ASC', first: 100 });
      const ids = page.edges.map((e: D) => e.node.id);
      const [tieFirst, tieSecond] = [qc.tieA, qc.tieB].sort();
      expect(ids).toEqual([qc.overdueOld, qc.overdueMid, qc.lagging, qc.overdue, qc.report, qc.near, tieFirst, tieSecond, qc.fresh, qc.closed, qc.answered, qc.rejected]);
      expect(ids).toEqual(await expectedDeadlineOrder(q.code, q.units.countyA));
      expect(page.totalCount).toBe(12);
      expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      // The city operator's scope holds the other county's case too.
      const city = await list(q.tokens.operatorCity, { o: 'DEADLINE_ASC', first: 100 });
      expect(city.edges.map((e: D) => e.node.id)).toEqual(await expectedDeadlineOrder(q.code, q.units.city));
      expect(city.totalCount).toBe(13);
    });

    it('keeps RECEIVED_AT_DESC the default (also when orderBy is null)', async () => {
      const expected = await expectedReceivedOrder(q.code, q.units.countyA);
      for (const vars of [{}, { o: null }, { o: 'RECEIVED_AT_DESC' }]) {
        expect((await list(q.tokens.operatorCountyA, { ...vars, first: 100 })).edges.map((e: D) => e.node.id)).toEqual(expected);
      }
    });

    it.each([1, 2, 3, 5, 12])('pages %i at a time in both orders: every case once, in order, across the head and the tail', async (size) => {
      for (const [o, expected] of [
        ['DEADLINE_ASC', await expectedDeadlineOrder(q.code, q.units.countyA)],
        ['RECEIVED_AT_DESC', await expectedReceivedOrder(q.code, q.units.countyA)],
      ] as [string, string[]][]) {
        const { ids, totals, pages } = await allPages(q.tokens.operatorCountyA, { o }, size);
        expect(ids).toEqual(expected);
        expect(new Set(totals)).toEqual(new Set([12]));
        expect(pages).toBe(Math.ceil(12 / size));
      }
    });

    it('pages the same when the walk reads one deadline at a time and falls back to sorting in memory', async () => {
      const expected = await expectedDeadlineOrder(q.code, q.units.city);
      for (const walk of [
        { stepMin: 1, stepMax: 1, budget: 1000 }, // many steps, no fallback
        { stepMin: 1, stepMax: 2, budget: 3 }, // fallback after three deadlines
        { stepMin: 1, stepMax: 1, budget: 0 }, // fallback at once
      ]) {
        Object.assign(DEADLINE_WALK, walk);
        for (const size of [1, 2, 4]) expect((await allPages(q.tokens.operatorCity, { o: 'DEADLINE_ASC' }, size)).ids).toEqual(expected);
        // A filter the walk's steps must skip through: county A's open work only.
        const filtered = await allPages(q.tokens.operatorCity, { o: 'DEADLINE_ASC', f: { orgUnitId: q.units.countyA, statuses: ['REGISTERED', 'ACCEPTED'] } }, 2);
        expect(filtered.ids).toEqual(await expectedDeadlineOrder(q.code, q.units.countyA, ['REGISTERED', 'ACCEPTED']));
      }
    });

    it('combines with the filters: statuses, type, overdue, unit', async () => {
      const op = q.tokens.operatorCity;
      const ids = async (f: D) => (await list(op, { o: 'DEADLINE_ASC', f, first: 100 })).edges.map((e: D) => e.node.id);
      expect(await ids({ overdue: true })).toEqual([qc.overdueOld, qc.overdueMid, qc.overdue]);
      const overdue = [qc.overdueOld, qc.overdueMid, qc.overdue];
      expect(await ids({ overdue: false, statuses: ['REGISTERED'] })).toEqual((await ids({ statuses: ['REGISTERED'] })).filter((id: string) => !overdue.includes(id)));
      expect(await ids({ type: 'REPORT' })).toEqual([qc.report]);
      expect(await ids({ statuses: ['REJECTED', 'CLOSED'] })).toEqual([qc.closed, qc.answered, qc.rejected]);
      expect(await ids({ orgUnitId: q.units.countyB })).toEqual([qc.otherCounty]);
    });

    it('refuses a cursor of the other order, or no cursor at all, naming after', async () => {
      const byDeadline = await list(q.tokens.operatorCountyA, { o: 'DEADLINE_ASC', first: 2 });
      const byReceipt = await list(q.tokens.operatorCountyA, { first: 2 });
      const other = await t.gql(LIST, { o: 'RECEIVED_AT_DESC', first: 2, after: byDeadline.pageInfo.endCursor }, q.tokens.operatorCountyA);
      expectError(other, 'BAD_USER_INPUT', 'after');
      expect(other.errors![0].message).toContain('另一种排序方式');
      expectError(await t.gql(LIST, { first: 2, after: byDeadline.pageInfo.endCursor }, q.tokens.operatorCountyA), 'BAD_USER_INPUT', 'after');
      expectError(await t.gql(LIST, { o: 'DEADLINE_ASC', first: 2, after: byReceipt.pageInfo.endCursor }, q.tokens.operatorCountyA), 'BAD_USER_INPUT', 'after');
      // A cursor of casesNeedingCallback (receipt order) is not one of DEADLINE_ASC either.
      const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
      for (const after of [
        'garbage',
        forged(['DEADLINE_ASC', 'not a time', new Date().toISOString(), q.units.city]),
        forged(['DEADLINE_ASC', null, new Date().toISOString(), 'not-a-uuid']),
        forged(['OTHER', null, new Date().toISOString(), q.units.city]),
        forged([new Date().toISOString(), 'not-a-uuid']),
      ]) {
        for (const o of ['DEADLINE_ASC', 'RECEIVED_AT_DESC']) expectError(await t.gql(LIST, { o, after }, q.tokens.operatorCountyA), 'BAD_USER_INPUT', 'after');
      }
      const unknown = await t.gql(LIST, { o: 'DUE_DESC' }, q.tokens.operatorCountyA);
      expect(unknown.errors?.[0]).toBeTruthy();
      expect(unknown.data ?? null).toBeNull();
    });
  });

  describe('centerCases filter.statuses', () => {
    it('lists cases in any of the statuses', async () => {
      const open = await list(q.tokens.operatorCountyA, { f: { statuses: OPEN_STATUSES }, first: 100 });
      expect(open.totalCount).toBe(11);
      expect(open.edges.map((e: D) => e.node.status).sort()).toEqual(['ACCEPTED', 'CLOSED', 'CLOSED', ...Array(8).fill('REGISTERED')]);
      expect(open.edges.map((e: D) => e.node.id)).not.toContain(qc.rejected);
      const one = await list(q.tokens.operatorCountyA, { f: { statuses: ['REJECTED', 'REJECTED'] }, first: 100 });
      expect(one.edges.map((e: D) => e.node.id)).toEqual([qc.rejected]);
      // `status` alone works as before.
      expect((await list(q.tokens.operatorCountyA, { f: { status: 'REJECTED' }, first: 100 })).edges.map((e: D) => e.node.id)).toEqual([qc.rejected]);
    });

    it('refuses status with statuses, an empty list or an unknown status, naming the field; nothing written', async () => {
      const before = await counts();
      const both = await t.gql(LIST, { f: { status: 'REGISTERED', statuses: ['ACCEPTED'] } }, q.tokens.operatorCountyA);
      expectError(both, 'BAD_USER_INPUT', 'statuses');
      expect(both.errors![0].message).toMatch(/不能同时按单个状态和多个状态筛选/);
      const empty = await t.gql(LIST, { f: { statuses: [] } }, q.tokens.operatorCountyA);
      expectError(empty, 'BAD_USER_INPUT', 'statuses');
      expect(empty.errors![0].message).toMatch(/至少选择一个状态/);
      const unknown = await t.gql(LIST, { f: { statuses: ['LOST'] } }, q.tokens.operatorCountyA);
      expect(unknown.errors?.[0]).toBeTruthy();
      expect(unknown.data ?? null).toBeNull();
      expect(await counts()).toEqual(before);
    });
  });

  describe('centerCases access with the new arguments', () => {
    const vars = (f: TenantFixture, over: D = {}) => ({ o: 'DEADLINE_ASC', f: { orgUnitId: f.units.countyA, statuses: OPEN_STATUSES, ...over } });

    it('another tenant gets NOT_FOUND for the unit and sees none of the cases; wrong role or scope FORBIDDEN', async () => {
      await expectAccessDenied(t, {
        query: LIST,
        variables: vars(q),
        otherTenant: b.tokens.operatorCity,
        forbidden: [q.tokens.operatorCountyB, q.tokens.officerCountyB, q.tokens.tenantAdmin, q.tokens.evaluatorCity],
        unchanged: counts,
      });
      for (const o of ['DEADLINE_ASC', 'RECEIVED_AT_DESC']) {
        const other = await list(b.tokens.operatorCity, { o, f: { statuses: OPEN_STATUSES }, first: 100 });
        expect(other.totalCount).toBe(0);
        // Out of scope without a unit filter: nothing of county A.
        const countyB = await list(q.tokens.operatorCountyB, { o, first: 100 });
        expect(countyB.edges.map((e: D) => e.node.id)).toEqual([qc.otherCounty]);
      }
      // A cursor is no key into another tenant's rows: tenant b's operator pages nothing of q.
      const first = await list(q.tokens.operatorCity, { o: 'DEADLINE_ASC', first: 1 });
      expect((await list(b.tokens.operatorCity, { o: 'DEADLINE_ASC', after: first.pageInfo.endCursor })).edges).toEqual([]);
    });

    it('station staff list only the cases escalated from their station, in deadline order too', async () => {
      const station = await createStation(t, a, { orgUnitId: a.units.countyA, category: 'MALL' });
      const staff = await addStationStaff(t, a, station, 'queue-staff');
      const d = (
        await t.ok<D>(
          OPEN_DISPUTE,
          { i: { stationId: station, consumerName: '赵六', consumerPhone: phone(), subject: '冰箱不制冷', description: '买后三天不制冷', claimType: 'REPAIR' } },
          staff,
        )
      ).openDispute;
      await t.ok(ESCALATE, { id: d.id, r: '商家拒绝维修' }, staff);
      await pump();
      const [row] = await t.sql<D>(`SELECT id FROM center_cases WHERE source_dispute_id = $1`, [d.id]);
      await register(a); // not from the station
      const mine = await list(staff, { o: 'DEADLINE_ASC', f: { statuses: OPEN_STATUSES }, first: 100 });
      expect(mine.edges.map((e: D) => e.node.id)).toEqual([row.id]);
      expect(mine.totalCount).toBe(1);
    });
  });

  describe('CenterCase.closedBy', () => {
    let closer: string;
    let closerId: string;
    let caseId: string;

    beforeAll(async () => {
      const res = await t.ok<D>(CREATE_USER, { i: { username: 'closer-a', password: PASSWORD, displayName: '李办结', roles: ['OFFICER'], orgUnitId: a.units.officeA } }, a.tokens.tenantAdmin);
      closerId = res.createUser.id;
      closer = await t.login('closer-a', PASSWORD, a.code);
      caseId = await register(a);
      await t.ok(ACCEPT, { id: caseId }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id: caseId, u: a.units.officeA }, a.tokens.operatorCountyA);
    });

    it('is null until the case is closed, then the closing user (id and name) for operators and officers in scope', async () => {
      expect((await t.ok<D>(GET, { id: caseId }, a.tokens.operatorCountyA)).centerCase.closedBy).toBeNull();
      const closed = (await t.ok<D>(CLOSE, { id: caseId, i: { outcome: 'MEDIATED', note: '调解成功' } }, closer)).closeCase;
      expect(closed.closedBy).toEqual({ id: closerId, displayName: '李办结' });
      for (const token of [a.tokens.operatorCountyA, a.tokens.operatorCity, a.tokens.officerCountyA, closer]) {
        expect((await t.ok<D>(GET, { id: caseId }, token)).centerCase.closedBy).toEqual({ id: closerId, displayName: '李办结' });
      }
      const listed = await list(a.tokens.operatorCity, { f: { statuses: ['CLOSED'] }, first: 100 });
      expect(listed.edges.find((e: D) => e.node.id === caseId).node.closedBy).toEqual({ id: closerId, displayName: '李办结' });
    });

    it('names the operator who closed it, whom the API refuses a call-back (so the console hides the button)', async () => {
      const c = await register(a);
      await t.ok(ACCEPT, { id: c }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id: c, u: a.units.officeA }, a.tokens.operatorCountyA);
      await t.ok(CLOSE, { id: c, i: { outcome: 'MEDIATED', note: '调解成功' } }, a.tokens.operatorCountyA);
      const me = (await t.ok<D>(`{ me { id } }`, {}, a.tokens.operatorCountyA)).me;
      expect((await t.ok<D>(GET, { id: c }, a.tokens.operatorCountyA)).centerCase.closedBy.id).toBe(me.id);
      const before = await counts();
      expectError(await t.gql(CALLBACK, { id: c }, a.tokens.operatorCountyA), 'FORBIDDEN');
      expect(await counts()).toEqual(before);
      await t.ok(CALLBACK, { id: c }, a.tokens.operatorCity);
    });

    it('is not shown to station staff; another tenant NOT_FOUND; wrong role or scope FORBIDDEN', async () => {
      const station = await createStation(t, a, { orgUnitId: a.units.countyA, category: 'SUPERMARKET' });
      const staff = await addStationStaff(t, a, station, 'closed-staff');
      const d = (
        await t.ok<D>(
          OPEN_DISPUTE,
          { i: { stationId: station, consumerName: '钱七', consumerPhone: phone(), subject: '洗衣机漏水', description: '安装后漏水', claimType: 'EXCHANGE' } },
          staff,
        )
      ).openDispute;
      await t.ok(ESCALATE, { id: d.id, r: '商家拒绝更换' }, staff);
      await pump();
      const [row] = await t.sql<D>(`SELECT id FROM center_cases WHERE source_dispute_id = $1`, [d.id]);
      await t.ok(ACCEPT, { id: row.id }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id: row.id, u: a.units.officeA }, a.tokens.operatorCountyA);
      await t.ok(CLOSE, { id: row.id, i: { outcome: 'MEDIATED', note: '调解成功' } }, closer);
      const seen = (await t.ok<D>(GET, { id: row.id }, staff)).centerCase;
      expect(seen).toMatchObject({ id: row.id, status: 'CLOSED', closedBy: null });
      expect((await t.ok<D>(GET, { id: row.id }, a.tokens.operatorCountyA)).centerCase.closedBy).toEqual({ id: closerId, displayName: '李办结' });
      // Nor who called the consumer back, nor what they said: the call-backs are the center's.
      await t.ok(CALLBACK, { id: row.id }, a.tokens.operatorCity);
      const CALLBACKS = `query($id: ID!) { centerCase(id: $id) { callbacks { satisfaction calledBy { username } } } }`;
      expect((await t.ok<D>(CALLBACKS, { id: row.id }, a.tokens.operatorCountyA)).centerCase.callbacks).toEqual([{ satisfaction: 'SATISFIED', calledBy: { username: 'operator-city' } }]);
      expect((await t.ok<D>(CALLBACKS, { id: row.id }, staff)).centerCase.callbacks).toEqual([]);
      await expectAccessDenied(t, {
        query: GET,
        variables: { id: row.id },
        otherTenant: b.tokens.operatorCity,
        forbidden: [a.tokens.operatorCountyB, a.tokens.officerCountyB, a.tokens.tenantAdmin, a.tokens.evaluatorCity],
        unchanged: counts,
      });
    });
  });

  describe('Deadline.extended', () => {
    const deadlines = async (id: string, token = a.tokens.operatorCountyA) => (await t.ok<D>(GET, { id }, token)).centerCase.deadlines as D[];
    const flags = (ds: D[]) => ds.map((d) => `${d.kind}:${d.metAt ? 'met' : 'open'}:${d.extended ? 'extended' : '-'}`);

    it('marks the handling deadline extendCase lengthened; a handling clock started again after a return is not extended', async () => {
      const id = await register(a);
      await t.ok(ACCEPT, { id }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id, u: a.units.officeA }, a.tokens.operatorCountyA);
      const before = await deadlines(id);
      expect(flags(before)).toEqual(['ACCEPTANCE:met:-', 'ROUTING:met:-', 'HANDLING:open:-']);
      const extended = (await t.ok<D>(EXTEND, { id, r: '需现场检测' }, a.tokens.operatorCountyA)).extendCase;
      expect(extended.extendedAt).toBeTruthy();
      expect(flags(extended.deadlines)).toEqual(['ACCEPTANCE:met:-', 'ROUTING:met:-', 'HANDLING:open:extended']);
      const after = await deadlines(id);
      expect(new Date(after[2].dueAt).getTime()).toBeGreaterThan(new Date(before[2].dueAt).getTime());
      // Also in lists, for every reader in scope.
      const listed = await list(a.tokens.officerCountyA, { f: { statuses: ['ASSIGNED'] }, o: 'DEADLINE_ASC', first: 100 });
      expect(listed.edges.find((e: D) => e.node.id === id).node.deadlines.map((d: D) => d.extended)).toEqual([false, false, true]);
      // Returned and assigned again: the new handling clock is a fresh one (the case's one extension is spent).
      await t.ok(RETURN, { id, r: '非本所管辖' }, a.tokens.officerCountyA);
      await t.ok(ASSIGN, { id, u: a.units.countyA }, a.tokens.operatorCountyA);
      expect(flags(await deadlines(id))).toEqual(['ACCEPTANCE:met:-', 'ROUTING:met:-', 'HANDLING:met:extended', 'ROUTING:met:-', 'HANDLING:open:-']);
      expectError(await t.gql(EXTEND, { id, r: '再次延长' }, a.tokens.operatorCountyA), 'INVALID_TRANSITION');
    });

    it('is unchanged by a refused extension (bad input, another tenant, wrong role or scope)', async () => {
      const id = await register(a);
      await t.ok(ACCEPT, { id }, a.tokens.operatorCountyA);
      await t.ok(ASSIGN, { id, u: a.units.officeA }, a.tokens.operatorCountyA);
      const before = await counts();
      expectError(await t.gql(EXTEND, { id, r: '   ' }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'reason');
      await expectAccessDenied(t, {
        query: EXTEND,
        variables: { id, r: '延长' },
        otherTenant: b.tokens.operatorCity,
        forbidden: [a.tokens.operatorCountyB, a.tokens.officerCountyA, a.tokens.tenantAdmin, a.tokens.evaluatorCity],
        unchanged: counts,
      });
      expect(await counts()).toEqual(before);
      expect(flags(await deadlines(id))).toEqual(['ACCEPTANCE:met:-', 'ROUTING:met:-', 'HANDLING:open:-']);
      // Reading the flag follows the case's rules: another tenant NOT_FOUND, out of scope FORBIDDEN.
      await expectAccessDenied(t, { query: GET, variables: { id }, otherTenant: b.tokens.operatorCity, forbidden: [a.tokens.operatorCountyB, a.tokens.tenantAdmin] });
    });
  });
});
