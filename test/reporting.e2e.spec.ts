import request from 'supertest';
import { DataSource } from 'typeorm';
import { TenantDb } from '@app/platform';
import { LEDGER_PAGE, PeriodicReportsService, StatisticsRollups, TENANT_WIDE } from '@app/reporting';
import { REBUILD_SQL } from '../libs/reporting/src/statistics-rollups';
import { expectAccessDenied, expectError } from './support/access';
import { startTestApp, TestApp } from './support/app';
import { createTenantFixture, TenantFixture } from './support/fixtures';
import { addStationStaff, createStation, randomCreditCode } from './support/stations';

const STATS_FIELDS = `from to consultations complaints reports accepted closed closureRate stationDisputes stationSettled settlementRate amountRecovered
  byCategory { category count } byChannel { channel count } byGoodsCategory { category count } byIssueType { issueType count }
  overdueCases overdueDisputes callbacks bySatisfaction { satisfaction count } satisfactionRate`;
const STATS = `query($u: ID, $p: PeriodInput!) { statistics(orgUnitId: $u, period: $p) { ${STATS_FIELDS} } }`;
const HOT = `query($u: ID, $p: PeriodInput!, $l: Int) { hotSpots(orgUnitId: $u, period: $p, limit: $l) {
  from to previousFrom previousTo issueTypes { issueType count previousCount change } respondents { creditCode name count previousCount change } } }`;
const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const SETTLE = `mutation($id: ID!, $i: SettleDisputeInput!) { settleDispute(id: $id, input: $i) { id status } }`;
const DECLINE = `mutation($id: ID!, $g: NonAcceptanceGround!) { declineDispute(id: $id, ground: $g) { id status } }`;
const REGISTER = `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`;
const ACCEPT = `mutation($id: ID!) { acceptCase(id: $id) { id } }`;
const ASSIGN = `mutation($id: ID!, $u: ID!) { assignCase(id: $id, orgUnitId: $u) { id } }`;
const CLOSE = `mutation($id: ID!, $i: CloseCaseInput!) { closeCase(id: $id, input: $i) { id status } }`;
const CALLBACK = `mutation($id: ID!, $i: CallbackInput!) { recordCallback(caseId: $id, input: $i) { id } }`;

type D = Record<string, any>;
/** An instant given as China local time (UTC+8). */
const cn = (local: string) => new Date(`${local}+08:00`).toISOString();
const month = (anchor: string) => ({ kind: 'MONTH', anchor });
const counts = (rows: D[], key: string) => Object.fromEntries(rows.filter((r) => r.count).map((r) => [r[key] ?? 'null', r.count]));

describe('reporting (issue 8)', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let sA: string; // countyA, MALL
  let sB: string; // countyB, MARKET
  let sO: string; // officeA (under countyA), SUPERMARKET
  let staffA: string;
  let staffB: string;
  let phoneSeq = 0;
  const phone = () => `137${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;

  /** Opens a dispute, optionally settles or declines it, then moves its times (owner SQL). */
  const dispute = async (
    station: string,
    staff: string,
    o: { openedAt: string; settleBy: string; issueType?: string; goods?: string; settle?: { at: string; amount: string }; decline?: boolean },
  ): Promise<string> => {
    const i: D = { stationId: station, consumerName: '李四', consumerPhone: phone(), subject: '商品质量问题', description: '购买后发现质量问题', claimType: 'REFUND' };
    if (o.issueType) i.issueType = o.issueType;
    if (o.goods) i.goodsOrServiceCategory = o.goods;
    const { id } = (await t.ok<D>(OPEN, { i }, staff)).openDispute;
    if (o.settle) await t.ok(SETTLE, { id, i: { agreement: '商家退款', amountRecovered: o.settle.amount } }, staff);
    if (o.decline) await t.ok(DECLINE, { id, g: 'TIME_BARRED' }, staff);
    await t.sql(`UPDATE disputes SET opened_at = $2, settle_by = $3, settled_at = CASE WHEN settled_at IS NULL THEN NULL ELSE $4::timestamptz END, declined_at = CASE WHEN declined_at IS NULL THEN NULL ELSE $2::timestamptz END WHERE id = $1`, [
      id,
      o.openedAt,
      o.settleBy,
      o.settle?.at ?? null,
    ]);
    return id;
  };

  /** Registers a center case and moves it along, then sets its times (owner SQL). */
  const centerCase = async (
    f: TenantFixture,
    token: string,
    o: {
      type: string;
      channel: string;
      unit: string;
      receivedAt: string;
      acceptedAt?: string;
      close?: { unit: string; closer: string; at: string; amount?: string; outcome?: string };
      respondentName?: string;
      respondentCreditCode?: string;
    },
  ): Promise<string> => {
    const i: D = { type: o.type, channel: o.channel, subject: '投诉商家', description: '商家拒绝退款', complainantName: '王五', complainantPhone: phone(), orgUnitId: o.unit };
    if (o.respondentName) i.respondentName = o.respondentName;
    if (o.respondentCreditCode) i.respondentCreditCode = o.respondentCreditCode;
    const { id } = (await t.ok<D>(REGISTER, { i }, token)).registerCase;
    if (o.acceptedAt) await t.ok(ACCEPT, { id }, token);
    if (o.close) {
      await t.ok(ASSIGN, { id, u: o.close.unit }, token);
      await t.ok(CLOSE, { id, i: { outcome: o.close.outcome ?? 'MEDIATED', amountRecovered: o.close.amount, note: '调解成功' } }, o.close.closer);
    }
    await t.sql(`UPDATE center_cases SET received_at = $2, accepted_at = $3, closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE $4::timestamptz END WHERE id = $1`, [
      id,
      o.receivedAt,
      o.acceptedAt ?? null,
      o.close?.at ?? null,
    ]);
    return id;
  };
  const callback = async (caseId: string, satisfaction: string, token: string, calledAt: string) => {
    const { id } = (await t.ok<D>(CALLBACK, { id: caseId, i: { satisfaction } }, token)).recordCallback;
    await t.sql(`UPDATE case_callbacks SET called_at = $2 WHERE id = $1`, [id, calledAt]);
  };
  const stats = async (token: string, period: D, orgUnitId?: string): Promise<D> => (await t.ok<D>(STATS, { u: orgUnitId, p: period }, token)).statistics;

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await Promise.all([createTenantFixture(t, 'ra'), createTenantFixture(t, 'rb')]);
    [sA, sB, sO] = await Promise.all([
      createStation(t, a, { orgUnitId: a.units.countyA, category: 'MALL' }),
      createStation(t, a, { orgUnitId: a.units.countyB, category: 'MARKET' }),
      createStation(t, a, { orgUnitId: a.units.officeA, category: 'SUPERMARKET' }),
    ]);
    [staffA, staffB] = await Promise.all([addStationStaff(t, a, sA, 'staff-a'), addStationStaff(t, a, sB, 'staff-b')]);
    const staffO = await addStationStaff(t, a, sO, 'staff-o');

    // Station disputes around March 2026 (China time).
    await dispute(sA, staffA, { openedAt: cn('2026-03-01T00:00:00'), settleBy: cn('2026-03-08T23:59:59'), issueType: 'QUALITY', goods: '家用电器', settle: { at: cn('2026-03-05T10:00:00'), amount: '100.00' } }); // d1
    await dispute(sA, staffA, { openedAt: cn('2026-03-31T23:59:59'), settleBy: cn('2026-04-01T12:00:00'), issueType: 'QUALITY', goods: '家用电器' }); // d2: open, overdue
    await dispute(sA, staffA, { openedAt: cn('2026-02-28T23:59:59.999'), settleBy: cn('2026-03-07T23:59:59'), issueType: 'PRICE', settle: { at: cn('2026-03-02T09:00:00'), amount: '50.00' } }); // d3: February
    await dispute(sB, staffB, { openedAt: cn('2026-03-05T09:00:00'), settleBy: cn('2026-03-12T23:59:59'), issueType: 'PRICE', goods: '餐饮服务', decline: true }); // d4: declined
    await dispute(sO, staffO, { openedAt: cn('2026-03-06T09:00:00'), settleBy: cn('2026-03-07T23:59:59'), settle: { at: cn('2026-03-20T09:00:00'), amount: '20.00' } }); // d5: settled late
    await dispute(sB, staffB, { openedAt: cn('2026-04-01T00:00:00'), settleBy: cn('2026-04-08T23:59:59'), issueType: 'FOOD_SAFETY' }); // d6: April
    await dispute(sB, staffB, { openedAt: cn('2026-03-15T09:00:00'), settleBy: cn('2099-01-01T00:00:00'), issueType: 'CONTRACT', goods: '餐饮服务' }); // d7

    // Center cases.
    const c1 = await centerCase(a, a.tokens.operatorCountyA, {
      type: 'COMPLAINT', channel: 'PHONE', unit: a.units.countyA, receivedAt: cn('2026-03-02T09:00:00'), acceptedAt: cn('2026-03-02T10:00:00'),
      close: { unit: a.units.officeA, closer: a.tokens.officerCountyA, at: cn('2026-03-20T09:00:00'), amount: '300.00' },
    });
    await t.sql(`UPDATE deadlines SET breached = true WHERE case_id = $1`, [c1]);
    await callback(c1, 'SATISFIED', a.tokens.operatorCountyA, cn('2026-03-25T09:00:00'));
    await centerCase(a, a.tokens.operatorCountyA, { type: 'CONSULTATION', channel: 'WEB', unit: a.units.countyA, receivedAt: cn('2026-03-31T23:59:00') }); // c2
    await centerCase(a, a.tokens.operatorCountyB, { type: 'REPORT', channel: 'LETTER', unit: a.units.countyB, receivedAt: cn('2026-03-10T09:00:00'), acceptedAt: cn('2026-03-11T09:00:00') }); // c3
    const c4 = await centerCase(a, a.tokens.operatorCountyB, {
      type: 'COMPLAINT', channel: 'VISIT', unit: a.units.countyB, receivedAt: cn('2026-02-20T09:00:00'), acceptedAt: cn('2026-02-21T09:00:00'),
      close: { unit: a.units.countyB, closer: a.tokens.officerCountyB, at: cn('2026-03-03T09:00:00'), amount: '1000.00' },
    });
    await t.sql(`UPDATE deadlines SET breached = true WHERE case_id = $1`, [c4]);
    await callback(c4, 'DISSATISFIED', a.tokens.operatorCountyB, cn('2026-03-28T09:00:00'));
    await centerCase(a, a.tokens.operatorCity, { type: 'COMPLAINT', channel: 'PHONE', unit: a.units.city, receivedAt: cn('2026-04-01T00:00:00') }); // c5
    await centerCase(a, a.tokens.operatorCountyA, { type: 'COMPLAINT', channel: 'FAX', unit: a.units.countyA, receivedAt: cn('2026-02-28T23:59:59.999'), acceptedAt: cn('2026-03-01T00:00:00') }); // c6
  });
  afterAll(() => t?.close());

  describe('statistics', () => {
    it('counts every figure of the city for March 2026 (hand-counted)', async () => {
      const s = await stats(a.tokens.officerCity, month('2026-03-15'));
      expect(s).toMatchObject({
        from: '2026-03-01',
        to: '2026-03-31',
        consultations: 1, // c2 (23:59 on the last day)
        complaints: 1, // c1 (c4, c6 February, c5 April)
        reports: 1, // c3
        accepted: 3, // c1, c3, c6 (accepted 00:00 Mar 1)
        closed: 2, // c1, c4
        closureRate: 0.3333, // of c1, c2, c3 received in March (none refused), c1 is closed
        stationDisputes: 4, // d1, d2, d5, d7 (d3 Feb, d4 declined, d6 Apr)
        stationSettled: 3, // d1, d3 (settled in March), d5
        settlementRate: 0.5, // of d1, d2, d5, d7 (opened in March), d1 and d5 are settled
        amountRecovered: '1470.00', // 100 + 50 + 20 + 300 + 1000
        overdueCases: 1, // c1 (c4 received in February)
        overdueDisputes: 2, // d2 open past its deadline, d5 settled late
        callbacks: 2,
        satisfactionRate: 0.5,
      });
      expect(s.byCategory).toEqual([
        { category: 'MALL', count: 2 },
        { category: 'SUPERMARKET', count: 1 },
        { category: 'MARKET', count: 1 },
        { category: 'ENTERPRISE', count: 0 },
        { category: 'SCENIC_AREA', count: 0 },
        { category: 'OTHER', count: 0 },
      ]);
      expect(counts(s.byChannel, 'channel')).toEqual({ PHONE: 1, WEB: 1, LETTER: 1 });
      expect(s.byChannel).toHaveLength(7);
      expect(s.byGoodsCategory).toEqual([
        { category: '家用电器', count: 2 },
        { category: '餐饮服务', count: 1 },
        { category: null, count: 1 },
      ]);
      expect(counts(s.byIssueType, 'issueType')).toEqual({ QUALITY: 2, CONTRACT: 1, null: 1 });
      expect(counts(s.bySatisfaction, 'satisfaction')).toEqual({ SATISFIED: 1, DISSATISFIED: 1 });
    });

    it('defaults to the caller’s unit and limits it to its subtree', async () => {
      const s = await stats(a.tokens.officerCountyA, month('2026-03-01'));
      expect(s).toMatchObject({
        consultations: 1, complaints: 1, reports: 0, accepted: 2, closed: 1, closureRate: 0.5,
        stationDisputes: 3, stationSettled: 3, settlementRate: 0.6667, amountRecovered: '470.00', overdueCases: 1, overdueDisputes: 2, callbacks: 1, satisfactionRate: 1,
      });
      const county = await stats(a.tokens.officerCity, month('2026-03-31'), a.units.countyB);
      expect(county).toMatchObject({
        consultations: 0, complaints: 0, reports: 1, accepted: 1, closed: 1, closureRate: 0, // c3 (received in March) is open; c4 closed in March was received in February
        stationDisputes: 1, stationSettled: 0, settlementRate: 0, amountRecovered: '1000.00', overdueCases: 0, overdueDisputes: 0, callbacks: 1, satisfactionRate: 0,
      });
      expect(await stats(a.tokens.tenantAdmin, month('2026-03-15'))).toMatchObject({ stationDisputes: 4, amountRecovered: '1470.00' });
    });

    it('limits station staff to their station', async () => {
      const s = await stats(staffA, month('2026-03-15'));
      expect(s).toMatchObject({ stationDisputes: 2, stationSettled: 2, settlementRate: 0.5, amountRecovered: '150.00', complaints: 0, accepted: 0, overdueDisputes: 1 });
      expect(await stats(staffA, month('2026-03-15'), a.units.countyA)).toEqual(s);
    });

    it('cuts periods at midnight China time', async () => {
      const feb = await stats(a.tokens.officerCity, month('2026-02-01'));
      expect(feb).toMatchObject({ from: '2026-02-01', to: '2026-02-28', stationDisputes: 1, complaints: 2, accepted: 1, closed: 0, stationSettled: 0 });
      const apr = await stats(a.tokens.officerCity, month('2026-04-30'));
      expect(apr).toMatchObject({ stationDisputes: 1, complaints: 1 });
      // Monday 2026-02-23 .. Sunday 2026-03-01: d1 (Mar 1 00:00) and d3 (Feb 28 23:59:59.999).
      const week = await stats(a.tokens.officerCity, { kind: 'WEEK', anchor: '2026-03-01' });
      expect(week).toMatchObject({ from: '2026-02-23', to: '2026-03-01', stationDisputes: 2, complaints: 1, accepted: 1 }); // c6 accepted Mar 1 00:00 (c4 on Feb 21)
      const day = await stats(a.tokens.officerCity, { kind: 'DAY', anchor: '2026-03-01' });
      expect(day).toMatchObject({ stationDisputes: 1, complaints: 0, accepted: 1 });
      const year = await stats(a.tokens.officerCity, { kind: 'YEAR', anchor: '2026-03-15' });
      expect(year).toMatchObject({ from: '2025-12-01', to: '2026-11-30', stationDisputes: 6, complaints: 4, consultations: 1, reports: 1, closed: 2, amountRecovered: '1470.00' });
      const half = await stats(a.tokens.officerCity, { kind: 'HALF_YEAR', anchor: '2025-12-31' });
      expect(half).toMatchObject({ from: '2025-12-01', to: '2026-05-31', stationDisputes: 6 });
      const quarter = await stats(a.tokens.officerCity, { kind: 'QUARTER', anchor: '2026-03-31' });
      expect(quarter).toMatchObject({ from: '2026-01-01', to: '2026-03-31', stationDisputes: 5, complaints: 3 });
    });

    it('names the field of bad input', async () => {
      expectError(await t.gql(STATS, { p: month('2026-02-30') }, a.tokens.officerCity), 'BAD_USER_INPUT', 'anchor');
      expectError(await t.gql(STATS, { p: { kind: 'MONTH', anchor: '2026/02/01' } }, a.tokens.officerCity), 'BAD_USER_INPUT', 'anchor');
      expectError(await t.gql(STATS, { p: { kind: 'DECADE', anchor: '2026-02-01' } }, a.tokens.officerCity), 'BAD_USER_INPUT', 'kind');
      expectError(await t.gql(STATS, { u: 'nope', p: month('2026-02-01') }, a.tokens.officerCity), 'BAD_USER_INPUT', 'orgUnitId');
    });

    it('refuses units out of scope (FORBIDDEN) and another tenant’s (NOT_FOUND)', async () => {
      await expectAccessDenied(t, {
        query: STATS,
        variables: { u: a.units.countyA, p: month('2026-03-15') },
        otherTenant: b.tokens.officerCity,
        forbidden: [a.tokens.officerCountyB, a.tokens.operatorCountyB, staffB],
      });
      expectError(await t.gql(STATS, { u: a.units.city, p: month('2026-03-15') }, a.tokens.officerCountyA), 'FORBIDDEN');
      expectError(await t.gql(STATS, { p: month('2026-03-15') }, await t.adminToken()), 'FORBIDDEN');
      // Another tenant's own figures do not include this tenant's rows.
      expect(await stats(b.tokens.tenantAdmin, month('2026-03-15'))).toMatchObject({ stationDisputes: 0, complaints: 0, amountRecovered: '0.00' });
    });
  });

  describe('periodic reports', () => {
    const LIST = `query($u: ID, $k: PeriodKind!, $first: Int, $after: String) { periodicReports(orgUnitId: $u, kind: $k, first: $first, after: $after) {
      totalCount edges { node { orgUnitId kind from to generatedAt dueAt statistics { ${STATS_FIELDS} } } } pageInfo { hasNextPage endCursor } } }`;

    it('stores every unit’s month, quarter, half-year and year report once after the period ends', async () => {
      const svc = t.app.get(PeriodicReportsService);
      const at = new Date('2026-04-01T00:10:00+08:00');
      expect(await svc.generate(at)).toBeGreaterThanOrEqual(2 * 5 * 4); // two tenants × five units × four kinds
      expect(await svc.generate(at)).toBe(0);
      expect(await svc.generate(new Date('2026-04-30T23:59:00+08:00'))).toBe(0);
      const rows = await t.sql(`SELECT kind, period_from::text AS "from", period_to::text AS "to" FROM periodic_reports WHERE org_unit_id = $1 ORDER BY kind`, [a.units.city]);
      expect(rows).toEqual([
        { kind: 'HALF_YEAR', from: '2025-06-01', to: '2025-11-30' },
        { kind: 'MONTH', from: '2026-03-01', to: '2026-03-31' },
        { kind: 'QUARTER', from: '2026-01-01', to: '2026-03-31' },
        { kind: 'YEAR', from: '2024-12-01', to: '2025-11-30' },
      ]);
      // The next month adds only the month (the quarter, half and year are the stored ones).
      expect(await svc.generate(new Date('2026-05-01T00:10:00+08:00'))).toBeGreaterThanOrEqual(2 * 5);
      const list = (await t.ok<D>(LIST, { u: a.units.city, k: 'MONTH' }, a.tokens.officerCity)).periodicReports;
      expect(list.totalCount).toBe(2);
      expect(list.edges.map((e: D) => e.node.from)).toEqual(['2026-04-01', '2026-03-01']);
      expect(list.edges[1].node.statistics).toEqual(await stats(a.tokens.officerCity, month('2026-03-15')));
      const page = (await t.ok<D>(LIST, { u: a.units.city, k: 'MONTH', first: 1 }, a.tokens.officerCity)).periodicReports;
      const next = (await t.ok<D>(LIST, { u: a.units.city, k: 'MONTH', first: 1, after: page.pageInfo.endCursor }, a.tokens.officerCity)).periodicReports;
      expect(next.edges.map((e: D) => e.node.from)).toEqual(['2026-03-01']);
      const own = (await t.ok<D>(LIST, { k: 'QUARTER' }, a.tokens.officerCountyA)).periodicReports.edges[0].node;
      expect(own).toMatchObject({ orgUnitId: a.units.countyA, from: '2026-01-01', to: '2026-03-31', statistics: { stationDisputes: 4, complaints: 2 } });
      // Due: March and Q1 by 10:00 of April 1 (a Wednesday, a working day); the half and the year by Dec 10.
      expect(list.edges[1].node.dueAt).toBe('2026-04-01T02:00:00.000Z');
      expect(own.dueAt).toBe('2026-04-01T02:00:00.000Z');
      for (const k of ['HALF_YEAR', 'YEAR']) {
        expect((await t.ok<D>(LIST, { u: a.units.city, k }, a.tokens.officerCity)).periodicReports.edges[0].node.dueAt).toBe('2025-12-10T15:59:59.999Z');
      }
    });

    it('refuses bad input, out-of-scope units, station staff and another tenant', async () => {
      expectError(await t.gql(LIST, { k: 'DAY' }, a.tokens.officerCity), 'BAD_USER_INPUT', 'kind');
      expectError(await t.gql(LIST, { u: 'nope', k: 'MONTH' }, a.tokens.officerCity), 'BAD_USER_INPUT', 'orgUnitId');
      await expectAccessDenied(t, {
        query: LIST,
        variables: { u: a.units.countyA, k: 'MONTH' },
        otherTenant: b.tokens.officerCity,
        forbidden: [a.tokens.officerCountyB, a.tokens.operatorCountyB, staffA],
      });
    });
  });

  describe('ledger export (CSV)', () => {
    const get = (token: string | undefined, query: D = {}) => {
      const req = request(t.app.getHttpServer()).get('/exports/ledger.csv').query(query).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
      });
      if (token) req.set('authorization', `Bearer ${token}`);
      return req;
    };

    it('streams one row per case in scope, UTF-8 with BOM, received order, China times', async () => {
      const res = await get(a.tokens.officerCity, { from: '2026-02-01', to: '2026-03-31' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const text = res.body as string;
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toBe('案件编号,类型,渠道,状态,接收时间,受理时间,转办时间,办结时间,登记单位,承办单位,投诉人,联系电话,被投诉方,统一社会信用代码,事由,办结结果,诉求金额（元）,挽回经济损失（元）');
      // c4 (Feb 20), c6 (Feb 28 23:59), c1, c3, c2 (Mar 31 23:59); not c5 (Apr 1 00:00).
      expect(lines.map((l) => l.split(',')[4])).toEqual(['接收时间', '2026-02-20 09:00', '2026-02-28 23:59', '2026-03-02 09:00', '2026-03-10 09:00', '2026-03-31 23:59']);
      const c1 = lines[3].split(',');
      expect(c1.slice(1, 4)).toEqual(['投诉', '电话', '已办结']);
      expect(c1[8]).toBe('望都县市场监督管理局');
      expect(c1[9]).toBe('望都县城关市场监管所');
      expect(c1[10]).toBe('王五');
      expect(c1[11]).toMatch(/^137\d{8}$/);
      expect(c1.slice(15)).toEqual(['调解成功', '', '300.00']);
      // A report's reporter is never exported.
      const c3 = lines[4].split(',');
      expect(c3[1]).toBe('举报');
      expect(c3.slice(10, 12)).toEqual(['', '']);
      // County A's ledger: its own cases only.
      const county = (await get(a.tokens.officerCountyA, { from: '2026-02-01', to: '2026-03-31' })).body as string;
      expect(county.slice(1).trimEnd().split('\r\n')).toHaveLength(1 + 3); // c6, c1, c2
      expect(await t.sql(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'ledger.export'`)).toEqual([{ n: 2 }]);
    });

    it('pages through more rows than one read', async () => {
      await t.sql(
        `INSERT INTO center_cases (tenant_id, id, case_number, type, channel, status, received_at, subject, description, complainant_name_enc, complainant_phone_enc,
           complainant_phone_hash, registered_unit_id, urge_count)
         SELECT c.tenant_id, gen_random_uuid(), 'ZX-20240101-' || lpad(g::text, 6, '0'), 'CONSULTATION', 'PHONE', 'REGISTERED',
           timestamptz '2024-01-01 10:00+08' + g * interval '1 second', '咨询', '咨询', c.complainant_name_enc, c.complainant_phone_enc, c.complainant_phone_hash,
           c.registered_unit_id, 0
         FROM (SELECT * FROM center_cases WHERE registered_unit_id = $1 AND type = 'COMPLAINT' LIMIT 1) c, generate_series(1, $2::int) g`,
        [a.units.countyA, LEDGER_PAGE + 5],
      );
      const text = (await get(a.tokens.operatorCountyA, { from: '2024-01-01', to: '2024-01-01' })).body as string;
      const lines = text.slice(1).trimEnd().split('\r\n');
      expect(lines).toHaveLength(1 + LEDGER_PAGE + 5);
      expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(1 + LEDGER_PAGE + 5);
      expect(lines[1].startsWith('ZX-20240101-000001,')).toBe(true);
    });

    it('refuses bad input (field named), roles, units out of scope and another tenant', async () => {
      const bad = await get(a.tokens.officerCity, { from: '2026-02-30' });
      expect([bad.status, JSON.parse(bad.body).field]).toEqual([400, 'from']);
      expect(JSON.parse((await get(a.tokens.officerCity, { from: '2026-03-02', to: '2026-03-01' })).body).field).toBe('to');
      expect(JSON.parse((await get(a.tokens.officerCity, { orgUnitId: 'nope' })).body).field).toBe('orgUnitId');
      expect((await get(undefined)).status).toBe(401);
      expect((await get('not-a-valid-token')).status).toBe(401);
      for (const token of [staffA, a.tokens.tenantAdmin, a.tokens.evaluatorCity]) expect((await get(token)).status).toBe(403);
      expect((await get(a.tokens.officerCountyB, { orgUnitId: a.units.countyA })).status).toBe(403);
      expect((await get(b.tokens.officerCity, { orgUnitId: a.units.countyA })).status).toBe(404);
    });
  });

  describe('hotSpots', () => {
    beforeAll(async () => {
      const x = randomCreditCode();
      const oct = (d: string) => cn(`2025-10-${d}T10:00:00`);
      const sep = (d: string) => cn(`2025-09-${d}T10:00:00`);
      const complaint = (receivedAt: string, over: D) =>
        centerCase(a, a.tokens.operatorCountyA, { type: 'COMPLAINT', channel: 'PHONE', unit: a.units.countyA, receivedAt, ...over });
      await complaint(oct('01'), { respondentName: '某电器商行', respondentCreditCode: x });
      await complaint(oct('02'), { respondentName: '某电器商行', respondentCreditCode: x });
      await complaint(oct('03'), { respondentName: '某电器行', respondentCreditCode: x, type: 'REPORT', channel: 'LETTER' });
      await complaint(oct('04'), { respondentName: '某电器商行', respondentCreditCode: x, type: 'CONSULTATION' }); // not counted
      await complaint(sep('10'), { respondentName: '某电器商行', respondentCreditCode: x });
      await complaint(oct('05'), { respondentName: '某餐馆' });
      await complaint(sep('11'), { respondentName: '某餐馆' });
      await complaint(sep('12'), { respondentName: ' 某餐馆 ' });
      const d = (at: string, issueType: string) => dispute(sA, staffA, { openedAt: at, settleBy: at, issueType });
      await d(oct('10'), 'SAFETY');
      await d(oct('11'), 'SAFETY');
      await d(oct('12'), 'FOOD_SAFETY');
      await d(sep('10'), 'SAFETY');
      await d(sep('11'), 'FOOD_SAFETY');
      await d(sep('12'), 'FOOD_SAFETY');
      await d(sep('13'), 'FOOD_SAFETY');
      (globalThis as D).__credit = x;
    });

    it('lists the top issue types and respondents with the change from the previous period', async () => {
      const h = (await t.ok<D>(HOT, { p: month('2025-10-15') }, a.tokens.officerCity)).hotSpots;
      expect(h).toMatchObject({ from: '2025-10-01', to: '2025-10-31', previousFrom: '2025-09-01', previousTo: '2025-09-30' });
      expect(h.issueTypes).toEqual([
        { issueType: 'SAFETY', count: 2, previousCount: 1, change: 1 },
        { issueType: 'FOOD_SAFETY', count: 1, previousCount: 3, change: -2 },
      ]);
      expect(h.respondents).toEqual([
        { creditCode: (globalThis as D).__credit, name: '某电器商行', count: 3, previousCount: 1, change: 2 },
        { creditCode: null, name: '某餐馆', count: 1, previousCount: 2, change: -1 },
      ]);
      const one = (await t.ok<D>(HOT, { p: month('2025-10-15'), l: 1 }, a.tokens.officerCity)).hotSpots;
      expect(one.issueTypes).toHaveLength(1);
      expect(one.respondents).toHaveLength(1);
      // County B sees none of county A's.
      const other = (await t.ok<D>(HOT, { p: month('2025-10-15') }, a.tokens.officerCountyB)).hotSpots;
      expect(other).toMatchObject({ issueTypes: [], respondents: [] });
    });

    it('refuses bad input, out-of-scope units and another tenant', async () => {
      expectError(await t.gql(HOT, { p: month('2025-10-15'), l: 0 }, a.tokens.officerCity), 'BAD_USER_INPUT', 'limit');
      expectError(await t.gql(HOT, { p: month('2025-10-15'), l: 51 }, a.tokens.officerCity), 'BAD_USER_INPUT', 'limit');
      await expectAccessDenied(t, {
        query: HOT,
        variables: { u: a.units.countyA, p: month('2025-10-15') },
        otherTenant: b.tokens.officerCity,
        forbidden: [a.tokens.officerCountyB, staffB],
      });
    });
  });

  describe('consumer alerts', () => {
    const ALERT = `id orgUnitId kind status title body rejectionReason publishedAt`;
    const DRAFT = `mutation($i: DraftConsumerAlertInput!) { draftConsumerAlert(input: $i) { ${ALERT} } }`;
    const APPROVE = `mutation($id: ID!) { approveConsumerAlert(id: $id) { ${ALERT} } }`;
    const REJECT = `mutation($id: ID!, $r: String!) { rejectConsumerAlert(id: $id, reason: $r) { ${ALERT} } }`;
    const LIST = `query($u: ID, $first: Int, $after: String) { consumerAlerts(orgUnitId: $u, first: $first, after: $after) { totalCount edges { node { id title } } pageInfo { hasNextPage endCursor } } }`;
    const DRAFTS = `query { consumerAlertDrafts { totalCount edges { node { id } } } }`;
    const draftInput = (over: D = {}) => ({ orgUnitId: a.units.countyA, kind: 'WARNING', title: '警惕预付卡消费陷阱', body: '近期多家健身机构闭店，请谨慎办理预付卡。', ...over });
    const draft = async (over: D = {}, token = a.tokens.operatorCountyA): Promise<D> => (await t.ok<D>(DRAFT, { i: draftInput(over) }, token)).draftConsumerAlert;
    const alertCounts = async () => ({
      alerts: (await t.sql<D>(`SELECT count(*)::int n, count(*) FILTER (WHERE status = 'PUBLISHED')::int p FROM consumer_alerts`))[0],
      audit: (await t.sql<D>(`SELECT count(*)::int n FROM audit_events WHERE entity = 'ConsumerAlert'`))[0].n,
    });
    const listed = async (token: string, u?: string) => (await t.ok<D>(LIST, { u }, token)).consumerAlerts.edges.map((e: D) => e.node.title);

    it('drafts, approves (publishes) and lists an alert for the unit’s jurisdiction', async () => {
      const d = await draft();
      expect(d).toMatchObject({ orgUnitId: a.units.countyA, kind: 'WARNING', status: 'DRAFT', publishedAt: null });
      expect((await t.ok<D>(DRAFTS, {}, a.tokens.officerCity)).consumerAlertDrafts.edges.map((e: D) => e.node.id)).toContain(d.id);
      expect(await listed(a.tokens.officerCountyA)).not.toContain('警惕预付卡消费陷阱');
      const p = (await t.ok<D>(APPROVE, { id: d.id }, a.tokens.officerCountyA)).approveConsumerAlert;
      expect(p.status).toBe('PUBLISHED');
      expect(Date.parse(p.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
      const city = await draft({ orgUnitId: a.units.city, kind: 'TIP', title: '理性消费提示' }, a.tokens.operatorCity);
      await t.ok(APPROVE, { id: city.id }, a.tokens.officerCity);
      // The office under county A sees the county's and the city's; county B only the city's.
      expect(await listed(a.tokens.officerCity, a.units.officeA)).toEqual(['理性消费提示', '警惕预付卡消费陷阱']);
      expect(await listed(a.tokens.officerCountyB)).toEqual(['理性消费提示']);
      expect(await listed(staffA)).toEqual(['理性消费提示', '警惕预付卡消费陷阱']);
      const page = (await t.ok<D>(LIST, { u: a.units.officeA, first: 1 }, a.tokens.officerCountyA)).consumerAlerts;
      expect(page).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
      const next = (await t.ok<D>(LIST, { u: a.units.officeA, first: 1, after: page.pageInfo.endCursor }, a.tokens.officerCountyA)).consumerAlerts;
      expect(next.edges.map((e: D) => e.node.title)).toEqual(['警惕预付卡消费陷阱']);
      expect(await t.sql(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`, [d.id])).toEqual([{ action: 'consumerAlert.draft' }, { action: 'consumerAlert.approve' }]);
      const again = await t.gql(APPROVE, { id: d.id }, a.tokens.officerCity);
      expectError(again, 'INVALID_TRANSITION');
      expect(again.errors![0].message).toBe('当前状态「已发布」不能审核通过');
    });

    it('rejects a draft with a reason; a rejected draft is never published', async () => {
      const d = await draft({ title: '待退回' });
      expectError(await t.gql(REJECT, { id: d.id, r: '  ' }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'reason');
      const r = (await t.ok<D>(REJECT, { id: d.id, r: '措辞需核实' }, a.tokens.officerCountyA)).rejectConsumerAlert;
      expect(r).toMatchObject({ status: 'REJECTED', rejectionReason: '措辞需核实', publishedAt: null });
      expectError(await t.gql(APPROVE, { id: d.id }, a.tokens.officerCountyA), 'INVALID_TRANSITION');
      expect(await listed(a.tokens.officerCountyA)).not.toContain('待退回');
    });

    it('is approved by someone other than its author, even when one account holds both roles', async () => {
      const both = await a.addUser('operator-officer', ['CENTER_OPERATOR', 'OFFICER'], { orgUnitId: a.units.countyA });
      const d = await draft({ title: '自审警示' }, both);
      const before = await alertCounts();
      const own = await t.gql(APPROVE, { id: d.id }, both);
      expectError(own, 'FORBIDDEN');
      expect(own.errors![0].message).toBe('不能审核通过自己起草的消费警示，须由另一名执法人员审核');
      expect(await alertCounts()).toEqual(before);
      // Withdrawing (rejecting) one's own draft stays possible; here another officer publishes it.
      expect((await t.ok<D>(APPROVE, { id: d.id }, a.tokens.officerCountyA)).approveConsumerAlert.status).toBe('PUBLISHED');
    });

    it('refuses bad input naming the field, writing nothing', async () => {
      const before = await alertCounts();
      expectError(await t.gql(DRAFT, { i: draftInput({ title: '   ' }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'title');
      expectError(await t.gql(DRAFT, { i: draftInput({ body: '' }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'body');
      expectError(await t.gql(DRAFT, { i: draftInput({ orgUnitId: 'nope' }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'orgUnitId');
      expectError(await t.gql(DRAFT, { i: draftInput({ kind: 'RUMOUR' }) }, a.tokens.operatorCountyA), 'BAD_USER_INPUT', 'kind');
      expectError(await t.gql(APPROVE, { id: 'nope' }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'id');
      expectError(await t.gql(LIST, { u: 'nope' }, a.tokens.officerCountyA), 'BAD_USER_INPUT', 'orgUnitId');
      expect(await alertCounts()).toEqual(before);
    });

    it('drafting is for CENTER_OPERATORs in scope; approval for OFFICERs of the unit or above; another tenant gets NOT_FOUND', async () => {
      await expectAccessDenied(t, {
        query: DRAFT,
        variables: { i: draftInput() },
        otherTenant: b.tokens.operatorCity,
        forbidden: [a.tokens.operatorCountyB, a.tokens.officerCountyA, a.tokens.tenantAdmin, staffA, a.tokens.evaluatorCity],
        unchanged: alertCounts,
      });
      const d = await draft();
      await expectAccessDenied(t, {
        query: APPROVE,
        variables: { id: d.id },
        otherTenant: b.tokens.officerCity,
        forbidden: [a.tokens.officerCountyB, a.tokens.operatorCountyA, a.tokens.operatorCity, a.tokens.tenantAdmin, staffA],
        unchanged: alertCounts,
      });
      await expectAccessDenied(t, { query: REJECT, variables: { id: d.id, r: '不同意' }, otherTenant: b.tokens.officerCity, forbidden: [a.tokens.officerCountyB, staffA], unchanged: alertCounts });
      await expectAccessDenied(t, { query: LIST, variables: { u: a.units.countyA }, otherTenant: b.tokens.officerCity });
      expectError(await t.gql(DRAFTS, {}, staffA), 'FORBIDDEN');
      expect((await t.ok<D>(DRAFTS, {}, a.tokens.officerCountyB)).consumerAlertDrafts.edges.map((e: D) => e.node.id)).not.toContain(d.id);
      // Another tenant's officer sees none of A's drafts; a malformed cursor is refused.
      expect((await t.ok<D>(DRAFTS, {}, b.tokens.officerCity)).consumerAlertDrafts.edges.map((e: D) => e.node.id)).not.toContain(d.id);
      expectError(await t.gql(`query($after: String) { consumerAlertDrafts(after: $after) { totalCount } }`, { after: 'garbage' }, a.tokens.officerCity), 'BAD_USER_INPUT', 'after');
    });
  });

  describe('statistics rollups', () => {
    let tenantId: string;
    let rollups: StatisticsRollups;
    /** Every statistics read of the suite above, by unit, station and tenant, each period kind. */
    const reads = (): [string, D, string | undefined][] => [
      [a.tokens.officerCity, month('2026-03-15'), undefined],
      [a.tokens.officerCity, month('2026-02-01'), undefined],
      [a.tokens.officerCity, month('2026-04-30'), undefined],
      [a.tokens.officerCity, { kind: 'WEEK', anchor: '2026-03-01' }, undefined],
      [a.tokens.officerCity, { kind: 'DAY', anchor: '2026-03-01' }, undefined],
      [a.tokens.officerCity, { kind: 'YEAR', anchor: '2026-03-15' }, undefined],
      [a.tokens.officerCity, { kind: 'HALF_YEAR', anchor: '2025-12-31' }, undefined],
      [a.tokens.officerCity, { kind: 'QUARTER', anchor: '2026-03-31' }, undefined],
      [a.tokens.officerCity, month('2026-03-31'), a.units.countyB],
      [a.tokens.officerCountyA, month('2026-03-01'), undefined],
      [a.tokens.officerCity, month('2026-03-01'), a.units.officeA],
      [a.tokens.tenantAdmin, month('2026-03-15'), undefined],
      [a.tokens.tenantAdmin, { kind: 'YEAR', anchor: '2026-03-15' }, a.units.province],
      [staffA, month('2026-03-15'), undefined],
      [b.tokens.tenantAdmin, month('2026-03-15'), undefined],
    ];
    const readAll = () => Promise.all(reads().map(([token, p, u]) => stats(token, p, u)));
    const marks = async () => Number((await t.sql(`SELECT count(*) AS n FROM stats_dirty WHERE tenant_id = $1`, [tenantId]))[0].n);

    beforeAll(async () => {
      rollups = t.app.get(StatisticsRollups);
      [{ id: tenantId }] = await t.sql(`SELECT id FROM tenants WHERE code = $1`, [a.code]);
    });

    it('gives exactly the live figures once built, and reads them from the rollups', async () => {
      expect(await marks()).toBeGreaterThan(0); // every write above marked its days
      const live = await readAll();
      expect(await rollups.refreshAll()).toBeGreaterThan(0);
      expect(await marks()).toBe(0);
      expect(await readAll()).toEqual(live);
      // The unit's figures are read from its rollup rows: a tampered row shows.
      const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM stats_daily WHERE tenant_id = $1 AND org_unit_id = $2 AND day = '2026-03-15' AND metric = 'opened'`, [tenantId, a.units.city]);
      expect(n).toBe(1); // d7
      const [tenantWide] = await t.sql(`SELECT n FROM stats_daily WHERE tenant_id = $1 AND org_unit_id = $2 AND day = '2026-03-15' AND metric = 'opened'`, [tenantId, TENANT_WIDE]);
      expect(tenantWide.n).toBe(1);
      await t.sql(`UPDATE stats_daily SET n = n + 100 WHERE tenant_id = $1 AND day = '2026-03-15' AND metric = 'opened'`, [tenantId]);
      expect(await stats(a.tokens.officerCity, month('2026-03-15'))).toMatchObject({ stationDisputes: 104 });
      expect(await stats(a.tokens.tenantAdmin, month('2026-03-15'))).toMatchObject({ stationDisputes: 104 });
      await t.sql(`UPDATE stats_daily SET n = n - 100 WHERE tenant_id = $1 AND day = '2026-03-15' AND metric = 'opened' AND n > 100`, [tenantId]);
      expect(await readAll()).toEqual(live);
    });

    it('rebuilds with hash joins and without JIT whatever the statistics (a burst before autovacuum once made it nested loops: 44 s)', async () => {
      const ds = t.app.get(DataSource);
      // Application connections never JIT-compile.
      expect((await ds.query(`SELECT current_setting('jit') AS jit`))[0].jit).toBe('off');
      await t.sql(`INSERT INTO stats_dirty (tenant_id, day) VALUES ($1, '2026-03-15')`, [tenantId]);
      const statements: string[] = [];
      const logger = ds.logger as { logQuery: (q: string) => void };
      const original = logger.logQuery;
      logger.logQuery = (q: string) => void statements.push(q);
      try {
        await rollups.refreshAll();
      } finally {
        logger.logQuery = original;
      }
      const rebuild = statements.findIndex((q) => q === REBUILD_SQL);
      expect(rebuild).toBeGreaterThan(0);
      expect(statements.slice(0, rebuild)).toContain('SET LOCAL enable_nestloop = off');
      // Under that setting the only nested loop left is the org-unit ancestry join (no equality to hash on).
      const plan: { 'QUERY PLAN': string }[] = await t.app.get(TenantDb).asTenant(tenantId, async (em) => {
        await em.query(`SET LOCAL enable_nestloop = off`);
        return em.query(`EXPLAIN ${REBUILD_SQL}`, [cn('2026-03-01T00:00:00'), cn('2026-04-01T00:00:00')]);
      });
      const lines = plan.map((r) => r['QUERY PLAN']);
      const loops = lines.flatMap((l, i) => (/Nested Loop/.test(l) ? [lines.slice(i, i + 3).join(' ')] : []));
      expect(loops.length).toBeGreaterThan(0);
      for (const loop of loops) expect(loop).toMatch(/path @> /);
    });

    it('counts a change at once (its day is dirty until rebuilt), then from the rebuilt rollup', async () => {
      await rollups.refreshAll();
      const before = await stats(a.tokens.officerCity, month('2026-03-15'));
      // d7 (opened 2026-03-15, station sB) settled on 2026-03-16; a call-back moved into April; a deadline of c3 breached.
      const [d7] = await t.sql(`SELECT id FROM disputes WHERE tenant_id = $1 AND opened_at = $2`, [tenantId, cn('2026-03-15T09:00:00')]);
      await t.sql(`UPDATE disputes SET status = 'SETTLED', settled_at = $2, amount_recovered_fen = 700 WHERE id = $1`, [d7.id, cn('2026-03-16T09:00:00')]);
      await t.sql(`UPDATE case_callbacks SET called_at = $2 WHERE tenant_id = $1 AND satisfaction = 'DISSATISFIED'`, [tenantId, cn('2026-04-02T09:00:00')]);
      await t.sql(`UPDATE deadlines SET breached = true WHERE case_id IN (SELECT id FROM center_cases WHERE tenant_id = $1 AND type = 'REPORT' AND received_at = $2)`, [
        tenantId,
        cn('2026-03-10T09:00:00'),
      ]);
      expect(await marks()).toBeGreaterThan(0);
      const expected = {
        stationSettled: before.stationSettled + 1,
        amountRecovered: (Number(before.amountRecovered) + 7).toFixed(2),
        callbacks: before.callbacks - 1,
        overdueCases: before.overdueCases + 1,
      };
      expect(await stats(a.tokens.officerCity, month('2026-03-15'))).toMatchObject(expected);
      await rollups.refreshAll();
      expect(await marks()).toBe(0);
      expect(await stats(a.tokens.officerCity, month('2026-03-15'))).toMatchObject(expected);
      expect(await stats(a.tokens.officerCity, month('2026-04-15'))).toMatchObject({ callbacks: 1 });
    });

    it('keeps the mark of a change committed while a refresh rebuilds from its snapshot', async () => {
      const [d1] = await t.sql(`SELECT id FROM disputes WHERE tenant_id = $1 AND opened_at = $2`, [tenantId, cn('2026-03-01T00:00:00')]);
      await t.sql(`UPDATE disputes SET issue_type = 'SAFETY' WHERE id = $1`, [d1.id]); // marks 2026-03-01
      const safety = async () => (await stats(a.tokens.officerCity, month('2026-03-15'))).byIssueType.find((r: D) => r.issueType === 'SAFETY')?.count;
      expect(await safety()).toBe(1);
      // Between the refresh's snapshot and its commit, the same day changes again (another connection).
      await rollups.refreshTenant(tenantId, () => t.sql(`UPDATE disputes SET issue_type = 'QUALITY' WHERE id = $1`, [d1.id]).then(() => undefined));
      // The later change's marks (d1's opened and settled days) survived.
      expect((await t.sql(`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM stats_dirty WHERE tenant_id = $1 ORDER BY 1`, [tenantId])).map((r) => r.day)).toEqual(['2026-03-01', '2026-03-05']);
      expect(await safety()).toBe(0);
      await rollups.refreshAll();
      expect(await marks()).toBe(0);
      expect(await safety()).toBe(0);
    });

    it('rebuilds a whole tenant after an org unit moves, and a station’s days after it changes category', async () => {
      await rollups.refreshAll();
      const live = await readAll();
      await t.sql(`UPDATE stations SET category = 'ENTERPRISE' WHERE id = $1`, [sA]);
      const days = await t.sql(`SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM stats_dirty WHERE tenant_id = $1 ORDER BY 1`, [tenantId]);
      expect(days.map((r) => r.day)).toEqual(expect.arrayContaining(['2026-03-01', '2026-03-31']));
      const moved = await stats(a.tokens.officerCity, month('2026-03-15'));
      expect(moved.byCategory.find((r: D) => r.category === 'ENTERPRISE').count).toBe(2);
      await rollups.refreshAll();
      expect(await stats(a.tokens.officerCity, month('2026-03-15'))).toEqual(moved);
      await t.sql(`UPDATE stations SET category = 'MALL' WHERE id = $1`, [sA]);
      // A path rewrite (what moving a unit does) marks every day of the tenant.
      await t.sql(`UPDATE org_units SET path = path WHERE id = $1`, [a.units.countyA]);
      expect(await marks()).toBeGreaterThan(0);
      await t.sql(`UPDATE org_units SET path = text2ltree(ltree2text(path) || '.x') WHERE id = $1`, [a.units.officeA]);
      expect((await t.sql(`SELECT count(*)::int AS n FROM stats_dirty WHERE tenant_id = $1 AND day IS NULL`, [tenantId]))[0].n).toBe(1);
      await t.sql(`UPDATE org_units SET path = subpath(path, 0, nlevel(path) - 1) WHERE id = $1`, [a.units.officeA]);
      expect(await readAll()).toEqual(live);
      // One run turns the whole-tenant mark into a mark per day (rollups dropped, counted live);
      // each later run rebuilds at most a month of them, newest first.
      expect(await rollups.refresh()).toBeGreaterThan(31);
      expect((await t.sql(`SELECT count(*)::int AS n FROM stats_dirty WHERE tenant_id = $1 AND day IS NULL`, [tenantId]))[0].n).toBe(0);
      const marked = await marks();
      expect(await readAll()).toEqual(live);
      expect(await rollups.refresh()).toBe(31);
      expect(await marks()).toBeLessThan(marked);
      expect(await readAll()).toEqual(live);
      await rollups.refreshAll();
      expect(await marks()).toBe(0);
      expect(await readAll()).toEqual(live);
    });
    it('counts a dispute escalated after its settlement deadline (also automatically) as overdue, one escalated in time not; live and rolled up alike', async () => {
      const may = month('2026-05-15');
      const before = await stats(a.tokens.officerCity, may);
      const escalatedAt = async (openedAt: string, settleBy: string, at: string) => {
        const id = await dispute(sA, staffA, { openedAt, settleBy });
        await t.ok(`mutation($id: ID!) { escalateDispute(id: $id, reason: "和解不成") { id } }`, { id }, staffA);
        await t.sql(`UPDATE disputes SET escalated_at = $2 WHERE id = $1`, [id, at]);
      };
      await escalatedAt(cn('2026-05-06T09:00:00'), cn('2026-05-11T23:59:59'), cn('2026-05-12T00:00:30')); // auto-escalated at the deadline
      await escalatedAt(cn('2026-05-07T09:00:00'), cn('2026-05-12T23:59:59'), cn('2026-05-08T15:00:00')); // in time
      const live = await stats(a.tokens.officerCity, may);
      expect(live.stationDisputes - before.stationDisputes).toBe(2);
      expect(live.overdueDisputes - before.overdueDisputes).toBe(1);
      await rollups.refreshAll();
      expect(await stats(a.tokens.officerCity, may)).toEqual(live);
      const [day] = await t.sql(`SELECT n FROM stats_daily WHERE tenant_id = $1 AND org_unit_id = $2 AND day = '2026-05-06' AND metric = 'opened_late'`, [tenantId, a.units.city]);
      expect(day.n).toBe(1);
    });
    it('the closure rate is the share of the cases received in the period and not refused that are closed: never above 100%', async () => {
      const june = month('2026-06-15');
      const before = await stats(a.tokens.officerCountyA, june);
      expect(before).toMatchObject({ consultations: 0, complaints: 0, closureRate: 0 });
      // Two consultations answered, a complaint accepted and still open, one refused (outside the rate).
      for (let i = 0; i < 2; i++) await centerCase(a, a.tokens.operatorCountyA, { type: 'CONSULTATION', channel: 'PHONE', unit: a.units.countyA, receivedAt: cn('2026-06-02T09:00:00') });
      const answered = await t.sql<D>(`SELECT id FROM center_cases WHERE type = 'CONSULTATION' AND received_at = $1`, [cn('2026-06-02T09:00:00')]);
      for (const { id } of answered) await t.ok(`mutation($id: ID!) { closeCase(id: $id, input: { outcome: ANSWERED, note: "已解答" }) { id } }`, { id }, a.tokens.operatorCountyA);
      await t.sql(`UPDATE center_cases SET closed_at = $2 WHERE id = ANY($1)`, [answered.map((r) => r.id), cn('2026-06-02T10:00:00')]);
      await centerCase(a, a.tokens.operatorCountyA, { type: 'COMPLAINT', channel: 'PHONE', unit: a.units.countyA, receivedAt: cn('2026-06-03T09:00:00'), acceptedAt: cn('2026-06-03T10:00:00') });
      const refused = await centerCase(a, a.tokens.operatorCountyA, { type: 'COMPLAINT', channel: 'WEB', unit: a.units.countyA, receivedAt: cn('2026-06-04T09:00:00') });
      await t.ok(`mutation($id: ID!) { rejectCase(id: $id, ground: TIME_BARRED) { id } }`, { id: refused }, a.tokens.operatorCountyA);
      const live = await stats(a.tokens.officerCountyA, june);
      // Closed in June 2 (the consultations), accepted in June 1: "closed / accepted" was 200%.
      expect(live).toMatchObject({ consultations: 2, complaints: 2, accepted: 1, closed: 2, closureRate: 0.6667 });
      await rollups.refreshAll();
      expect(await stats(a.tokens.officerCountyA, june)).toEqual(live);
    });
  });
});
