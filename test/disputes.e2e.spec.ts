import { DataSource } from 'typeorm';
import { EscalationService } from '@app/center';
import { PrincipalCache } from '@app/identity';
import { addCalendarDays, chinaToday, endOfChinaDay, WorkingDayCalendar } from '@app/platform';
import { expectAccessDenied, expectError } from './support/access';
import { codeOf, GqlResult, startTestApp, TestApp } from './support/app';
import { createTenantFixture, fixtureCalendar, TenantFixture } from './support/fixtures';
import { addStationStaff, createStation } from './support/stations';
import { until } from './support/wait';

const FIELDS = `id caseNumber status consumerName consumerPhone subject description claimType amountClaimed
  openedAt settleBy settleByProvisional settledAt amountRecovered agreement declineGround escalatedAt
  purchasedOn productName brandModel purchasePlace goodsOrServiceCategory issueType
  checklist { hasProof withinWarrantyOrShelfLife alreadyNegotiated beforeCourtOrOtherAuthority respondentIdentified }
  applicableGrounds consumerSigned declineNote withdrawnAt escalationReason
  station { id status } possibleDuplicateOf { id caseNumber }`;

const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { ${FIELDS} } }`;
const GET = `query($id: ID!) { dispute(id: $id) { ${FIELDS} } }`;
const LIST = `query($f: DisputeFilter, $first: Int, $after: String) {
  disputes(filter: $f, first: $first, after: $after) { totalCount edges { cursor node { id caseNumber openedAt station { id } } } pageInfo { hasNextPage endCursor } } }`;
const SETTLE = `mutation($id: ID!, $i: SettleDisputeInput!) { settleDispute(id: $id, input: $i) { ${FIELDS} } }`;
const DECLINE = `mutation($id: ID!, $g: NonAcceptanceGround!, $n: String) { declineDispute(id: $id, ground: $g, note: $n) { ${FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!, $n: String) { withdrawDispute(id: $id, note: $n) { ${FIELDS} } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { ${FIELDS} } }`;

type D = Record<string, any>;

describe('disputes (issue 4)', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let s1: string; // countyA, ACTIVE
  let s2: string; // countyB, ACTIVE
  let s3: string; // countyA, PENDING
  let staff1: string;
  let staff1b: string;
  let staff2: string;
  let staff3: string;
  let staffB: string; // other tenant
  let stationB: string;
  let phoneSeq = 0;

  /** A fresh, valid mobile number per call (duplicates only where a test wants them). */
  const phone = () => `139${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;
  const input = (over: D = {}): D => ({
    stationId: s1,
    consumerName: '李四',
    consumerPhone: phone(),
    subject: '电饭煲加热不均',
    description: '购买一周后出现加热不均，要求退货',
    claimType: 'REFUND',
    amountClaimed: '1500.00',
    purchasedOn: addCalendarDays(chinaToday(), -10),
    ...over,
  });
  const open = async (over: D = {}, token = staff1): Promise<D> => (await t.ok<D>(OPEN, { i: input(over) }, token)).openDispute;
  const count = async (table: string) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const counts = async () => ({ disputes: await count('disputes'), outbox: await count('outbox'), audit: await count('audit_events') });
  const row = async (id: string) => (await t.sql<D>(`SELECT * FROM disputes WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await Promise.all([createTenantFixture(t, 'da'), createTenantFixture(t, 'db')]);
    [s1, s2, s3] = await Promise.all([
      createStation(t, a, { orgUnitId: a.units.officeA, category: 'MALL' }),
      createStation(t, a, { orgUnitId: a.units.countyB, category: 'SUPERMARKET' }),
      createStation(t, a, { orgUnitId: a.units.countyA, category: 'MARKET', approve: false }),
    ]);
    const sB = await createStation(t, b, { orgUnitId: b.units.countyA, category: 'MALL' });
    stationB = sB;
    [staff1, staff1b, staff2, staff3, staffB] = await Promise.all([
      addStationStaff(t, a, s1, 'staff-1'),
      addStationStaff(t, a, s1, 'staff-1b'),
      addStationStaff(t, a, s2, 'staff-2'),
      addStationStaff(t, a, s3, 'staff-3'),
      addStationStaff(t, b, sB, 'staff-b'),
    ]);
  }, 60_000);
  afterAll(() => t?.close());

  describe('openDispute', () => {
    it('opens a dispute with case number, settleBy, details, checklist grounds', async () => {
      const d = await open({
        consumerPhone: '+86 139-0000-1111',
        productName: '电饭煲',
        brandModel: '美的 MB-FB40',
        purchasePlace: '望都县百货大楼',
        goodsOrServiceCategory: '家用电器',
        issueType: 'QUALITY',
        checklist: { hasProof: false, withinWarrantyOrShelfLife: false, alreadyNegotiated: true, beforeCourtOrOtherAuthority: true, respondentIdentified: false },
      });
      expect(d).toMatchObject({
        status: 'OPEN',
        consumerName: '李四',
        consumerPhone: '+86 139-0000-1111',
        claimType: 'REFUND',
        amountClaimed: '1500.00',
        productName: '电饭煲',
        issueType: 'QUALITY',
        station: { id: s1, status: 'ACTIVE' },
        possibleDuplicateOf: null,
        checklist: { hasProof: false, alreadyNegotiated: true, respondentIdentified: false },
      });
      expect(d.caseNumber).toMatch(new RegExp(`^JF-${chinaToday().replace(/-/g, '')}-\\d{6}$`));
      expect([...d.applicableGrounds].sort()).toEqual(
        ['BEFORE_COURT_OR_OTHER_AUTHORITY', 'BEYOND_WARRANTY_OR_SHELF_LIFE', 'INSUFFICIENT_EVIDENCE', 'NO_IDENTIFIABLE_RESPONDENT'].sort(),
      );
      // Default rulebook: end of the 3rd working day after the opening day (China time), on the
      // fixture tenant's calendar (it may reach into a year the tenant declared).
      const expected = endOfChinaDay(fixtureCalendar().workingDaysAfter(chinaToday(), 3));
      expect(new Date(d.settleBy).toISOString()).toBe(expected.toISOString());
      // Read back through dispute(id).
      const got = (await t.ok<D>(GET, { id: d.id }, staff1)).dispute;
      expect(got).toEqual(d);
      const audit = await t.sql(`SELECT details::text AS d FROM audit_events WHERE entity_id = $1 AND action = 'dispute.open'`, [d.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0].d).not.toContain('李四');
      expect(audit[0].d).not.toMatch(/0000-?1111/);
    });

    it('takes two round trips to the database: the BEGIN carrying every read, the rows with the COMMIT (the caller from the PrincipalCache)', async () => {
      // The caller's account was read by an earlier request, and this process hears its changes.
      await until(() => t.app.get(PrincipalCache).isServing());
      await t.ok(`{ me { id } }`, {}, staff1);
      const logger = t.app.get(DataSource).logger as { logQuery: (q: string) => void };
      const original = logger.logQuery;
      const sent: string[] = [];
      logger.logQuery = (q: string) => void sent.push(q.replace(/\s+/g, ' '));
      let d: D;
      try {
        // Only the dispute's own fields: a field such as station would be another read.
        d = (await t.ok<D>(`mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id caseNumber settleBy } }`, { i: input() }, staff1)).openDispute;
      } finally {
        logger.logQuery = original;
      }
      expect(sent).toHaveLength(2);
      expect(sent[0]).toMatch(/^START TRANSACTION; SELECT set_config\('app.tenant_id', .*FROM stations s .*calendar_revisions .*rulebook_versions /);
      expect(sent[1]).toMatch(/^INSERT INTO "disputes" .*INSERT INTO "audit_events" .*; COMMIT$/);
      expect(await row(d.id)).toMatchObject({ status: 'OPEN', station_id: s1 });
    });

    it('contract clients: only the contract fields; case numbers are sequential per tenant', async () => {
      const x = await open({ amountClaimed: undefined, purchasedOn: undefined });
      const y = await open();
      expect(x).toMatchObject({ amountClaimed: null, purchasedOn: null, checklist: null, applicableGrounds: [], productName: null, issueType: null });
      expect(Number(y.caseNumber.slice(-6))).toBe(Number(x.caseNumber.slice(-6)) + 1);
    });

    it('stores the consumer name and phone only encrypted', async () => {
      const d = await open({ consumerName: '王小明', consumerPhone: '13712345678' });
      const r = await row(d.id);
      expect(r.consumer_name_enc).toMatch(/^v1:/);
      expect(r.consumer_phone_enc).toMatch(/^v1:/);
      const text = (await t.sql<{ j: string }>(`SELECT row_to_json(d)::text AS j FROM disputes d WHERE id = $1`, [d.id]))[0].j;
      expect(text).not.toContain('13712345678');
      expect(text).not.toContain('王小明');
      const hit = await t.sql(`SELECT id FROM disputes WHERE consumer_phone_enc LIKE '%13712345678%' OR consumer_phone_hash LIKE '%13712345678%' OR consumer_name_enc LIKE '%王小明%'`);
      expect(hit).toHaveLength(0);
    });

    it('bad input: BAD_USER_INPUT naming the field, nothing written', async () => {
      const before = await counts();
      const cases: [D, string][] = [
        [{ amountClaimed: '1.234' }, 'amountClaimed'],
        [{ amountClaimed: '-1.00' }, 'amountClaimed'],
        [{ amountClaimed: '12' }, 'amountClaimed'],
        [{ purchasedOn: addCalendarDays(chinaToday(), 1) }, 'purchasedOn'],
        [{ purchasedOn: '2025-02-30' }, 'purchasedOn'],
        [{ subject: '   ' }, 'subject'],
        [{ description: '' }, 'description'],
        [{ consumerName: '' }, 'consumerName'],
        [{ consumerPhone: '12345' }, 'consumerPhone'],
        [{ claimType: 'MONEY_BACK' }, 'claimType'],
        [{ issueType: 'NOISE' }, 'issueType'],
        [{ productName: ' ' }, 'productName'],
        [{ stationId: 'not-an-id' }, 'stationId'],
        [{ stationId: s3 }, 'stationId'],
      ];
      for (const [over, field] of cases) {
        const token = over.stationId === s3 ? staff3 : staff1;
        const res = await t.gql(OPEN, { i: input(over) }, token);
        try {
          expectError(res, 'BAD_USER_INPUT', field);
        } catch (e) {
          throw new Error(`${JSON.stringify(over)}: ${(e as Error).message}`);
        }
      }
      expect(await counts()).toEqual(before);
    });

    it('suspended station: refused with a clear message', async () => {
      const sx = await createStation(t, a, { orgUnitId: a.units.countyA, category: 'OTHER' });
      const staffX = await addStationStaff(t, a, sx, 'staff-x');
      await t.ok(`mutation($id: ID!) { suspendStation(id: $id, reason: "整改") { id } }`, { id: sx }, a.tokens.tenantAdmin);
      const res = await t.gql(OPEN, { i: input({ stationId: sx }) }, staffX);
      expectError(res, 'BAD_USER_INPUT', 'stationId');
      expect(res.errors![0].message).toContain('不是正常状态');
    });

    it('other tenant NOT_FOUND; other station, other roles FORBIDDEN', async () => {
      await expectAccessDenied(t, {
        query: OPEN,
        variables: { i: input() },
        otherTenant: staffB,
        forbidden: [staff2, staff3, a.tokens.officerCountyA, a.tokens.operatorCountyA, a.tokens.tenantAdmin],
        unchanged: counts,
      });
    });
  });

  describe('dispute / disputes', () => {
    let d1: D;
    let d2: D;
    beforeAll(async () => {
      d1 = await open();
      d2 = await open({ stationId: s2 }, staff2);
    });

    it('dispute(id): staff of the station, officers and operators in scope', async () => {
      for (const token of [staff1, staff1b, a.tokens.officerCountyA, a.tokens.officerCity, a.tokens.operatorCity, a.tokens.operatorCountyA]) {
        expect((await t.ok<D>(GET, { id: d1.id }, token)).dispute.id).toBe(d1.id);
      }
      await expectAccessDenied(t, {
        query: GET,
        variables: { id: d1.id },
        otherTenant: b.tokens.operatorCity,
        forbidden: [staff2, a.tokens.officerCountyB, a.tokens.operatorCountyB, a.tokens.evaluatorCity, a.tokens.tenantAdmin],
      });
      expectError(await t.gql(GET, { id: 'x' }, staff1), 'BAD_USER_INPUT', 'id');
    });

    it('disputes: each sees their part; filters; keyset pages in opened_at desc order', async () => {
      const ids = async (token: string, f?: D) => {
        const out: D[] = [];
        let after: string | undefined;
        for (;;) {
          const page = (await t.ok<D>(LIST, { f, first: 2, after }, token)).disputes;
          out.push(...page.edges.map((e: D) => e.node));
          if (!page.pageInfo.hasNextPage) {
            expect(page.totalCount).toBe(out.length);
            return out;
          }
          after = page.pageInfo.endCursor;
        }
      };
      const all = await ids(a.tokens.operatorCity);
      expect(all.length).toBeGreaterThanOrEqual(2);
      const keys = all.map((n) => `${n.openedAt}|${n.id}`);
      expect([...keys].sort().reverse()).toEqual(keys);
      expect(new Set(all.map((n) => n.id)).size).toBe(all.length);
      const mine = await ids(staff1);
      expect(mine.every((n) => n.station.id === s1)).toBe(true);
      expect(mine.map((n) => n.id)).toContain(d1.id);
      expect((await ids(a.tokens.officerCountyB)).map((n) => n.id)).toEqual([d2.id]);
      expect((await ids(a.tokens.operatorCountyA)).every((n) => n.station.id === s1)).toBe(true);
      expect((await ids(a.tokens.officerCity)).length).toBe(all.length);
      expect((await ids(a.tokens.operatorCity, { stationId: s2 })).map((n) => n.id)).toEqual([d2.id]);
      expect((await ids(a.tokens.officerCity, { orgUnitId: a.units.countyB })).map((n) => n.id)).toEqual([d2.id]);
      expect((await ids(a.tokens.operatorCity, { status: 'OPEN', openedFrom: d2.openedAt })).map((n) => n.id)).toContain(d2.id);
      expect(await ids(a.tokens.operatorCity, { openedTo: d1.openedAt })).not.toContainEqual(expect.objectContaining({ id: d1.id }));
      expect(await ids(b.tokens.operatorCity)).toEqual([]);
      expect(await ids(staffB)).toEqual([]);
      // Out of scope or role.
      expectError(await t.gql(LIST, { f: { orgUnitId: a.units.countyB } }, a.tokens.officerCountyA), 'FORBIDDEN');
      expectError(await t.gql(LIST, { f: { stationId: s2 } }, staff1), 'FORBIDDEN');
      expectError(await t.gql(LIST, {}, a.tokens.evaluatorCity), 'FORBIDDEN');
      expectError(await t.gql(LIST, {}, a.tokens.tenantAdmin), 'FORBIDDEN');
      expectError(await t.gql(LIST, { f: { orgUnitId: a.units.countyA } }, b.tokens.officerCity), 'NOT_FOUND');
      // Another tenant's station is unknown here (not FORBIDDEN, not an empty page); a station out of scope is FORBIDDEN.
      expectError(await t.gql(LIST, { f: { stationId: stationB } }, staff1), 'NOT_FOUND', 'stationId');
      expectError(await t.gql(LIST, { f: { stationId: stationB } }, a.tokens.officerCity), 'NOT_FOUND', 'stationId');
      expectError(await t.gql(LIST, { f: { stationId: s2 } }, a.tokens.officerCountyA), 'FORBIDDEN');
      expectError(await t.gql(LIST, { after: 'garbage' }, staff1), 'BAD_USER_INPUT', 'after');
      expectError(await t.gql(LIST, { f: { status: 'LOST' } }, staff1), 'BAD_USER_INPUT', 'status');
    });
  });

  describe('settleDispute', () => {
    it('settles: agreement, amount recovered (0.00 allowed), consumer signed; audited', async () => {
      const d = await open();
      // The service checks authorisation before its own input checks (format errors of the input
      // types are refused earlier, by the validation pipe, for everyone alike).
      expectError(await t.gql(ESCALATE, { id: d.id, r: ' ' }, a.tokens.officerCountyB), 'FORBIDDEN');
      const s = (await t.ok<D>(SETTLE, { id: d.id, i: { agreement: '商家同意退货退款', amountRecovered: '1500.00', consumerSigned: true } }, staff1b)).settleDispute;
      expect(s).toMatchObject({ status: 'SETTLED', agreement: '商家同意退货退款', amountRecovered: '1500.00', consumerSigned: true });
      expect(s.settledAt).toBeTruthy();
      expect((await row(d.id)).amount_recovered_fen).toBe('150000');
      const zero = (await t.ok<D>(SETTLE, { id: (await open()).id, i: { agreement: '消费者接受道歉', amountRecovered: '0.00' } }, staff1)).settleDispute;
      expect(zero).toMatchObject({ amountRecovered: '0.00', consumerSigned: null });
      expect(await t.sql(`SELECT 1 FROM audit_events WHERE entity_id = $1 AND action = 'dispute.settle'`, [d.id])).toHaveLength(1);
    });

    it('bad input and access', async () => {
      const d = await open();
      const before = await counts();
      for (const [i, field] of [
        [{ agreement: '和解', amountRecovered: '1.234' }, 'amountRecovered'],
        [{ agreement: '和解', amountRecovered: '-5.00' }, 'amountRecovered'],
        [{ agreement: '  ', amountRecovered: '5.00' }, 'agreement'],
        [{ agreement: '和解', amountRecovered: '5.00', consumerSigned: 'yes' }, 'consumerSigned'],
      ] as [D, string][]) {
        expectError(await t.gql(SETTLE, { id: d.id, i }, staff1), 'BAD_USER_INPUT', field);
      }
      await expectAccessDenied(t, {
        query: SETTLE,
        variables: { id: d.id, i: { agreement: '和解', amountRecovered: '5.00' } },
        otherTenant: staffB,
        forbidden: [staff2, a.tokens.officerCountyA, a.tokens.tenantAdmin],
        unchanged: counts,
      });
      expect(await counts()).toEqual(before);
      expect((await row(d.id)).status).toBe('OPEN');
    });
  });

  describe('declineDispute', () => {
    it('declines with a ground and a note', async () => {
      const d = await open();
      const x = (await t.ok<D>(DECLINE, { id: d.id, g: 'BEYOND_WARRANTY_OR_SHELF_LIFE', n: '已过保质期' }, staff1)).declineDispute;
      expect(x).toMatchObject({ status: 'DECLINED', declineGround: 'BEYOND_WARRANTY_OR_SHELF_LIFE', declineNote: '已过保质期' });
      const y = (await t.ok<D>(DECLINE, { id: (await open()).id, g: 'TIME_BARRED' }, staff1)).declineDispute;
      expect(y).toMatchObject({ status: 'DECLINED', declineNote: null });
    });

    it('bad input and access', async () => {
      const d = await open();
      const before = await counts();
      expectError(await t.gql(DECLINE, { id: d.id, g: 'BORED', n: '说明' }, staff1), 'BAD_USER_INPUT');
      expectError(await t.gql(DECLINE, { id: d.id, g: 'TIME_BARRED', n: ' ' }, staff1), 'BAD_USER_INPUT', 'note');
      await expectAccessDenied(t, {
        query: DECLINE,
        variables: { id: d.id, g: 'TIME_BARRED', n: '超过时效' },
        otherTenant: staffB,
        forbidden: [staff2, a.tokens.officerCountyA, a.tokens.operatorCity],
        unchanged: counts,
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('withdrawDispute', () => {
    it('withdraws, bad input, access', async () => {
      const d = await open();
      const before = await counts();
      expectError(await t.gql(WITHDRAW, { id: d.id, n: '' }, staff1), 'BAD_USER_INPUT', 'note');
      await expectAccessDenied(t, {
        query: WITHDRAW,
        variables: { id: d.id },
        otherTenant: staffB,
        forbidden: [staff2, a.tokens.officerCountyA],
        unchanged: counts,
      });
      expect(await counts()).toEqual(before);
      const w = (await t.ok<D>(WITHDRAW, { id: d.id, n: '消费者已自行解决' }, staff1)).withdrawDispute;
      expect(w.status).toBe('WITHDRAWN');
      expect(w.withdrawnAt).toBeTruthy();
    });
  });

  describe('escalateDispute', () => {
    const outboxOf = (id: string) => t.sql<D>(`SELECT * FROM outbox WHERE aggregate_id = $1`, [id]);

    it('staff of the station or an officer in scope; writes the outbox row with ids only', async () => {
      const d = await open();
      const e = (await t.ok<D>(ESCALATE, { id: d.id, r: '经营者拒绝调解' }, staff1)).escalateDispute;
      expect(e).toMatchObject({ status: 'ESCALATING', escalationReason: '经营者拒绝调解' });
      expect(e.escalatedAt).toBeTruthy();
      const rows = await outboxOf(d.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ topic: 'dispute.escalated', status: 'PENDING', attempts: 0 });
      const tenantId = (await row(d.id)).tenant_id;
      expect(rows[0].payload).toEqual({ tenantId, disputeId: d.id, stationId: s1 });
      expect(rows[0].tenant_id).toBe(tenantId);

      const d2 = await open();
      expect((await t.ok<D>(ESCALATE, { id: d2.id, r: '金额较大' }, a.tokens.officerCountyA)).escalateDispute.status).toBe('ESCALATING');
      expect(await outboxOf(d2.id)).toHaveLength(1);
    });

    it('bad input, access, failed escalation: nothing written, no outbox row', async () => {
      const d = await open();
      const before = await counts();
      expectError(await t.gql(ESCALATE, { id: d.id, r: '   ' }, staff1), 'BAD_USER_INPUT', 'reason');
      await expectAccessDenied(t, {
        query: ESCALATE,
        variables: { id: d.id, r: '和解不成' },
        otherTenant: staffB,
        forbidden: [staff2, a.tokens.officerCountyB, a.tokens.operatorCountyA, a.tokens.tenantAdmin],
        unchanged: counts,
      });
      expect(await counts()).toEqual(before);
      expect(await outboxOf(d.id)).toHaveLength(0);
      await t.ok(SETTLE, { id: d.id, i: { agreement: '和解', amountRecovered: '1.00' } }, staff1);
      const afterSettle = await counts();
      const again = await t.gql(ESCALATE, { id: d.id, r: '又反悔' }, staff1);
      expectError(again, 'INVALID_TRANSITION');
      expect(again.errors![0].message).toBe('当前状态「已和解」不能提交中心');
      expect(await counts()).toEqual(afterSettle);
      expect(await outboxOf(d.id)).toHaveLength(0);
    });
  });

  describe('state machine', () => {
    const moves: Record<string, (id: string) => Promise<GqlResult>> = {
      settle: (id) => t.gql(SETTLE, { id, i: { agreement: '和解', amountRecovered: '1.00' } }, staff1),
      decline: (id) => t.gql(DECLINE, { id, g: 'TIME_BARRED', n: '超时效' }, staff1),
      withdraw: (id) => t.gql(WITHDRAW, { id }, staff1),
      escalate: (id) => t.gql(ESCALATE, { id, r: '和解不成' }, staff1),
    };
    const reached: Record<string, string> = { settle: 'SETTLED', decline: 'DECLINED', withdraw: 'WITHDRAWN', escalate: 'ESCALATING' };
    const reachedLabel: Record<string, string> = { settle: '已和解', decline: '不予受理', withdraw: '消费者撤回', escalate: '正在提交中心' };

    it.each(Object.keys(moves))('OPEN --%s--> then every further move is INVALID_TRANSITION', async (first) => {
      const d = await open();
      const res = await moves[first](d.id);
      expect(res.errors).toBeUndefined();
      expect(Object.values(res.data!)[0].status).toBe(reached[first]);
      for (const [name, move] of Object.entries(moves)) {
        const before = await counts();
        const again = await move(d.id);
        if (codeOf(again) !== 'INVALID_TRANSITION') throw new Error(`${reached[first]} --${name}-->: ${JSON.stringify(again.errors ?? again.data)}`);
        expect(again.errors![0].extensions).toMatchObject({ from: reached[first], action: name });
        expect(again.errors![0].message).toContain(`当前状态「${reachedLabel[first]}」不能`);
        expect(again.errors![0].message).not.toMatch(/[A-Za-z]{3,}/);
        expect(await counts()).toEqual(before);
      }
      expect((await row(d.id)).status).toBe(reached[first]);
    });

    it('ESCALATED (set by the center) accepts no move either', async () => {
      const d = await open();
      await t.sql(`UPDATE disputes SET status = 'ESCALATED' WHERE id = $1`, [d.id]);
      for (const move of Object.values(moves)) expectError(await move(d.id), 'INVALID_TRANSITION');
    });
  });

  describe('possible duplicates', () => {
    it('same phone (any spelling) at the same station within 30 days links the earlier dispute', async () => {
      const first = await open({ consumerPhone: '13655556666' });
      const second = await open({ consumerPhone: '+86 136-5555-6666' });
      expect(second.possibleDuplicateOf).toEqual({ id: first.id, caseNumber: first.caseNumber });
      expect((await row(second.id)).duplicate_of).toBe(first.id);
      // Another station: no flag.
      expect((await open({ stationId: s2, consumerPhone: '13655556666' }, staff2)).possibleDuplicateOf).toBeNull();
      // Older than 30 days: no flag.
      await t.sql(`UPDATE disputes SET opened_at = now() - interval '31 days' WHERE id = ANY($1::uuid[])`, [[first.id, second.id]]);
      expect((await open({ consumerPhone: '13655556666' })).possibleDuplicateOf).toBeNull();
      // The linked dispute is shown only to who may see it (staff of s2 sees nothing of s1).
      const third = await open({ stationId: s2, consumerPhone: '13655556666' }, staff2);
      expect(third.possibleDuplicateOf).not.toBeNull();
    });
  });

  describe('settlement window from the rulebook', () => {
    it('follows the tenant rule', async () => {
      const RULE = `mutation($d: Int!) { overrideRule(key: STATION_SETTLEMENT, days: $d, unit: WORKING) { __typename } }`;
      await t.ok(RULE, { d: 5 }, b.tokens.tenantAdmin);
      const sB = (await t.ok<D>(`{ me { station { id } } }`, {}, staffB)).me.station.id;
      const d = (await t.ok<D>(OPEN, { i: input({ stationId: sB }) }, staffB)).openDispute;
      expect(new Date(d.settleBy).toISOString()).toBe(endOfChinaDay(fixtureCalendar().workingDaysAfter(chinaToday(), 5)).toISOString());
      expect(d.settleByProvisional).toBe(false);
      await t.ok(RULE, { d: 3 }, b.tokens.tenantAdmin);
    });

    it('a window reaching an unpublished year opens with a provisional settleBy, made final once the year is published', async () => {
      // A tenant with the national calendar only: the year after the package's last is unpublished.
      const c = await createTenantFixture(t, 'dc', { publishCalendarYears: false });
      const station = await createStation(t, c, { orgUnitId: c.units.countyA, category: 'MALL' });
      const staff = await addStationStaff(t, c, station, 'staff-c');
      const national = WorkingDayCalendar.national();
      const today = chinaToday();
      const next = national.lastCoveredYear + 1;
      // Enough working days to end two working days into the unpublished year.
      const days = (national.isYearCovered(Number(today.slice(0, 4))) ? national.workingDaysBetween(today, `${next - 1}-12-31`) : 0) + 2;
      await t.ok(`mutation($d: Int!) { overrideRule(key: STATION_SETTLEMENT, days: $d, unit: WORKING) { __typename } }`, { d: days }, c.tokens.tenantAdmin);
      const before = await counts();
      const d = (await t.ok<D>(`mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id status settleBy settleByProvisional } }`, { i: input({ stationId: station }) }, staff)).openDispute;
      // Opened, not refused: the window counted on by the week, New Year's Day off.
      const provisional = endOfChinaDay(national.provisionalWorkingDaysAfter(today, days));
      expect(d).toMatchObject({ status: 'OPEN', settleByProvisional: true });
      expect(new Date(d.settleBy).toISOString()).toBe(provisional.toISOString());
      expect(new Date(d.settleBy).getFullYear()).toBe(next);
      expect(await counts()).toEqual({ ...before, disputes: before.disputes + 1, audit: before.audit + 1 });
      const [audit] = await t.sql(`SELECT details FROM audit_events WHERE entity_id = $1 AND action = 'dispute.open'`, [d.id]);
      expect(audit.details.settleByProvisional).toBe(true);
      const escalation = t.app.get(EscalationService);
      // Still unpublished: stays provisional.
      await escalation.confirmProvisionalSettleBy();
      expect((await row(d.id)).settle_by_provisional).toBe(true);
      // The year published, with its first working week off (so the final date differs from the guess).
      const offDays = [2, 3, 4, 5, 6, 7, 8].map((n) => `${next}-01-${String(n).padStart(2, '0')}`).filter((x) => ![0, 6].includes(new Date(`${x}T12:00:00Z`).getUTCDay()));
      for (const date of [`${next}-01-01`, ...offDays]) await t.ok(`mutation($date: Date!) { setCalendarOverride(date: $date, kind: HOLIDAY) { date } }`, { date }, c.tokens.tenantAdmin);
      await t.ok(`mutation($year: Int!) { publishCalendarYear(year: $year) { lastCoveredYear } }`, { year: next }, c.tokens.tenantAdmin);
      expect(await escalation.confirmProvisionalSettleBy()).toBeGreaterThanOrEqual(1);
      const published = new WorkingDayCalendar({ overrides: [`${next}-01-01`, ...offDays].map((date) => ({ date, kind: 'HOLIDAY' as const })), declaredYears: [next] });
      const final = endOfChinaDay(published.workingDaysAfter(today, days));
      expect(final.getTime()).toBeGreaterThan(provisional.getTime());
      const got = (await t.ok<D>(`query($id: ID!) { dispute(id: $id) { settleBy settleByProvisional } }`, { id: d.id }, staff)).dispute;
      expect({ at: new Date(got.settleBy).toISOString(), provisional: got.settleByProvisional }).toEqual({ at: final.toISOString(), provisional: false });
      const [confirmed] = await t.sql(`SELECT details FROM audit_events WHERE entity_id = $1 AND action = 'dispute.settleByConfirmed'`, [d.id]);
      expect(confirmed.details).toEqual({ provisional: provisional.toISOString(), settleBy: final.toISOString() });
      // Nothing left to confirm for it.
      await escalation.confirmProvisionalSettleBy();
      expect((await t.sql(`SELECT count(*)::int n FROM audit_events WHERE entity_id = $1 AND action = 'dispute.settleByConfirmed'`, [d.id]))[0].n).toBe(1);
    });
  });
});
