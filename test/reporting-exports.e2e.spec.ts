import ExcelJS from 'exceljs';
import request from 'supertest';
import { LEDGER_PAGE } from '@app/reporting';
import { startTestApp, TestApp } from './support/app';
import { createTenantFixture, TenantFixture } from './support/fixtures';
import { addStationStaff, createStation, randomCreditCode } from './support/stations';

const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const SETTLE = `mutation($id: ID!, $i: SettleDisputeInput!) { settleDispute(id: $id, input: $i) { id } }`;
const DECLINE = `mutation($id: ID!, $g: NonAcceptanceGround!) { declineDispute(id: $id, ground: $g) { id } }`;
const REGISTER = `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id caseNumber } }`;
const ACCEPT = `mutation($id: ID!) { acceptCase(id: $id) { id } }`;
const ASSIGN = `mutation($id: ID!, $u: ID!) { assignCase(id: $id, orgUnitId: $u) { id } }`;
const CLOSE = `mutation($id: ID!, $i: CloseCaseInput!) { closeCase(id: $id, input: $i) { id } }`;
const CALLBACK = `mutation($id: ID!, $i: CallbackInput!) { recordCallback(caseId: $id, input: $i) { id } }`;
const STATS = `query($u: ID, $p: PeriodInput!) { statistics(orgUnitId: $u, period: $p) {
  consultations complaints reports accepted closed closureRate stationDisputes stationSettled settlementRate amountRecovered overdueCases overdueDisputes callbacks satisfactionRate } }`;

type D = Record<string, any>;
/** An instant given as China local time (UTC+8). */
const cn = (local: string) => new Date(`${local}+08:00`).toISOString();
/** How an XLSX cell holding China wall-clock time reads back (exceljs: the wall-clock as UTC). */
const wall = (local: string) => new Date(`${local}Z`);

const STATISTICS_HEADERS = [
  '统计范围', '周期', '起始日期', '截止日期', '咨询', '投诉', '举报', '受理', '办结', '办结率', '服务站纠纷', '服务站和解', '和解率',
  '挽回经济损失（元）', '超期中心案件', '超期纠纷', '回访', '满意率',
];
const LEDGER_HEADERS = [
  '案件编号', '类型', '渠道', '状态', '接收时间', '受理时间', '转办时间', '办结时间', '登记单位', '承办单位', '投诉人', '联系电话', '被投诉方',
  '统一社会信用代码', '事由', '办结结果', '诉求金额（元）', '挽回经济损失（元）',
];

describe('reporting exports: ledger XLSX, statistics CSV and XLSX (issue 8)', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let sA: string;
  let staffA: string;
  let staffB: string;
  let credit: string;
  const cases: Record<string, string> = {}; // case numbers
  let phoneSeq = 0;
  const phone = () => `137${String(20_000_000 + ++phoneSeq * 7919).slice(-8)}`;

  /** GET an export; the body as a Buffer (whatever the content type). */
  const get = (path: string, token: string | undefined, query: D = {}) => {
    const req = request(t.app.getHttpServer())
      .get(`/exports/${path}`)
      .query(query)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    if (token) req.set('authorization', `Bearer ${token}`);
    return req;
  };
  const json = (body: Buffer) => JSON.parse(body.toString('utf8'));
  const csvLines = (body: Buffer) => {
    const text = body.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    return text.slice(1).split('\r\n').slice(0, -1);
  };
  const workbook = async (body: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as never);
    return wb;
  };
  /** A sheet's rows as arrays of cell values (exceljs rows are 1-based). */
  const rows = (ws: ExcelJS.Worksheet) => {
    const out: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => out.push(Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).value ?? null)));
    return out;
  };

  const dispute = async (station: string, staff: string, o: { openedAt: string; settleBy: string; issueType?: string; goods?: string; settle?: { at: string; amount: string }; decline?: boolean }) => {
    const i: D = { stationId: station, consumerName: '李四', consumerPhone: phone(), subject: '商品质量问题', description: '购买后发现质量问题', claimType: 'REFUND' };
    if (o.issueType) i.issueType = o.issueType;
    if (o.goods) i.goodsOrServiceCategory = o.goods;
    const { id } = (await t.ok<D>(OPEN, { i }, staff)).openDispute;
    if (o.settle) await t.ok(SETTLE, { id, i: { agreement: '商家退款', amountRecovered: o.settle.amount } }, staff);
    if (o.decline) await t.ok(DECLINE, { id, g: 'TIME_BARRED' }, staff);
    await t.sql(`UPDATE disputes SET opened_at = $2, settle_by = $3, settled_at = CASE WHEN settled_at IS NULL THEN NULL ELSE $4::timestamptz END WHERE id = $1`, [
      id, o.openedAt, o.settleBy, o.settle?.at ?? null,
    ]);
  };
  const centerCase = async (
    key: string,
    token: string,
    o: { type: string; channel: string; unit: string; receivedAt: string; acceptedAt?: string; claimed?: string; respondentName?: string; respondentCreditCode?: string; close?: { unit: string; closer: string; at: string; amount: string } },
  ) => {
    const i: D = { type: o.type, channel: o.channel, subject: '投诉商家', description: '商家拒绝退款', complainantName: '王五', complainantPhone: phone(), orgUnitId: o.unit };
    if (o.respondentName) i.respondentName = o.respondentName;
    if (o.respondentCreditCode) i.respondentCreditCode = o.respondentCreditCode;
    if (o.claimed) i.amountClaimed = o.claimed;
    const { id, caseNumber } = (await t.ok<D>(REGISTER, { i }, token)).registerCase;
    cases[key] = caseNumber;
    if (o.acceptedAt) await t.ok(ACCEPT, { id }, token);
    if (o.close) {
      await t.ok(ASSIGN, { id, u: o.close.unit }, token);
      await t.ok(CLOSE, { id, i: { outcome: 'MEDIATED', amountRecovered: o.close.amount, note: '调解成功' } }, o.close.closer);
    }
    await t.sql(
      `UPDATE center_cases SET received_at = $2, accepted_at = $3, assigned_at = CASE WHEN assigned_at IS NULL THEN NULL ELSE $4::timestamptz END,
         closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE $4::timestamptz END WHERE id = $1`,
      [id, o.receivedAt, o.acceptedAt ?? null, o.close?.at ?? null],
    );
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await Promise.all([createTenantFixture(t, 'xa'), createTenantFixture(t, 'xb')]);
    let sB: string;
    [sA, sB] = await Promise.all([
      createStation(t, a, { orgUnitId: a.units.countyA, category: 'MALL', name: '顺尧超市服务站' }),
      createStation(t, a, { orgUnitId: a.units.countyB, category: 'MARKET' }),
    ]);
    [staffA, staffB] = await Promise.all([addStationStaff(t, a, sA, 'staff-a'), addStationStaff(t, a, sB, 'staff-b')]);

    // March 2026 (China time), hand-counted in the tests below.
    await dispute(sA, staffA, { openedAt: cn('2026-03-01T00:00:00'), settleBy: cn('2026-03-08T23:59:59'), issueType: 'QUALITY', goods: '家用电器', settle: { at: cn('2026-03-05T10:00:00'), amount: '100.00' } });
    await dispute(sB, staffB, { openedAt: cn('2026-03-10T09:00:00'), settleBy: cn('2026-03-12T23:59:59'), issueType: 'PRICE' }); // open, overdue
    await dispute(sB, staffB, { openedAt: cn('2026-03-11T09:00:00'), settleBy: cn('2026-03-18T23:59:59'), decline: true }); // not counted
    credit = randomCreditCode();
    const c1 = await centerCase('c1', a.tokens.operatorCountyA, {
      type: 'COMPLAINT', channel: 'PHONE', unit: a.units.countyA, receivedAt: cn('2026-03-02T09:00:00'), acceptedAt: cn('2026-03-02T10:00:00'), claimed: '299.90',
      respondentName: '某电器商行', respondentCreditCode: credit, close: { unit: a.units.officeA, closer: a.tokens.officerCountyA, at: cn('2026-03-20T09:30:00'), amount: '300.00' },
    });
    const cb = (await t.ok<D>(CALLBACK, { id: c1, i: { satisfaction: 'SATISFIED' } }, a.tokens.operatorCountyA)).recordCallback;
    await t.sql(`UPDATE case_callbacks SET called_at = $2 WHERE id = $1`, [cb.id, cn('2026-03-25T09:00:00')]);
    await centerCase('c2', a.tokens.operatorCountyB, { type: 'REPORT', channel: 'LETTER', unit: a.units.countyB, receivedAt: cn('2026-03-10T09:00:00'), acceptedAt: cn('2026-03-11T09:00:00') });
    await centerCase('c3', a.tokens.operatorCountyA, { type: 'CONSULTATION', channel: 'WEB', unit: a.units.countyA, receivedAt: cn('2026-03-31T23:59:00'), respondentName: '=HYPERLINK("http://x.example")' });
    await centerCase('c4', a.tokens.operatorCity, { type: 'COMPLAINT', channel: 'PHONE', unit: a.units.city, receivedAt: cn('2026-04-01T00:00:00') });
  });
  afterAll(() => t?.close());

  describe('statistics', () => {
    const march = { period: 'MONTH', date: '2026-03-15' };
    const cityRow = ['保定市市场监督管理局', '月', '2026-03-01', '2026-03-31', 1, 1, 1, 2, 1, 0.3333, 2, 1, 0.5, 400, 0, 1, 1, 1];

    it('XLSX: the figures (Chinese headers, typed cells) and one sheet per breakdown, as the statistics query counts them', async () => {
      const res = await get('statistics.xlsx', a.tokens.officerCity, march);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('统计数据_保定市市场监督管理局_2026-03-01_2026-03-31.xlsx')}`);
      const wb = await workbook(res.body);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['统计数据', '按服务站类别', '按来源渠道', '按商品或服务类别', '按问题类别', '按回访满意度']);
      const [head, figures, ...more] = rows(wb.getWorksheet('统计数据')!);
      expect(head).toEqual(STATISTICS_HEADERS);
      expect(more).toEqual([]);
      expect(figures).toEqual(cityRow.map((v, i) => (i === 2 || i === 3 ? new Date(`${v}T00:00:00Z`) : v)));
      // The same numbers as the query.
      const q = (await t.ok<D>(STATS, { p: { kind: 'MONTH', anchor: '2026-03-15' } }, a.tokens.officerCity)).statistics;
      expect(figures.slice(4)).toEqual([
        q.consultations, q.complaints, q.reports, q.accepted, q.closed, q.closureRate, q.stationDisputes, q.stationSettled, q.settlementRate,
        Number(q.amountRecovered), q.overdueCases, q.overdueDisputes, q.callbacks, q.satisfactionRate,
      ]);
      const sheet = (name: string) => rows(wb.getWorksheet(name)!);
      expect(sheet('按服务站类别')).toEqual([['服务站类别', '服务站纠纷数'], ['商场', 1], ['超市', 0], ['市场', 1], ['企业', 0], ['景区', 0], ['其它', 0]]);
      expect(sheet('按来源渠道')).toEqual([['来源渠道', '中心案件数'], ['服务站', 0], ['电话', 1], ['网络', 1], ['信函', 1], ['来访', 0], ['传真', 0], ['转办', 0]]);
      expect(sheet('按商品或服务类别')).toEqual([['商品或服务类别', '服务站纠纷数'], ['家用电器', 1], ['未填写', 1]]);
      expect(sheet('按问题类别')).toEqual([
        ['问题类别', '服务站纠纷数'], ['质量', 1], ['售后服务', 0], ['合同', 0], ['虚假宣传', 0], ['价格', 1], ['计量', 0], ['安全', 0], ['食品安全', 0], ['其它', 0],
      ]);
      expect(sheet('按回访满意度')).toEqual([['满意度', '回访数'], ['非常满意', 0], ['满意', 1], ['一般', 0], ['不满意', 0], ['无法联系', 0]]);
      // Rates are fractions shown as percentages; the amount in yuan with two decimals.
      const cells = wb.getWorksheet('统计数据')!.getRow(2);
      expect([cells.getCell(10).numFmt, cells.getCell(14).numFmt, cells.getCell(3).numFmt]).toEqual(['0.00%', '0.00', 'yyyy-mm-dd']);
    });

    it('CSV: UTF-8 with BOM, the figures then each breakdown as a titled section', async () => {
      const res = await get('statistics.csv', a.tokens.officerCity, march);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csvLines(res.body)).toEqual([
        STATISTICS_HEADERS.join(','),
        '保定市市场监督管理局,月,2026-03-01,2026-03-31,1,1,1,2,1,33.33%,2,1,50.00%,400.00,0,1,1,100.00%',
        '', '按服务站类别', '服务站类别,服务站纠纷数', '商场,1', '超市,0', '市场,1', '企业,0', '景区,0', '其它,0',
        '', '按来源渠道', '来源渠道,中心案件数', '服务站,0', '电话,1', '网络,1', '信函,1', '来访,0', '传真,0', '转办,0',
        '', '按商品或服务类别', '商品或服务类别,服务站纠纷数', '家用电器,1', '未填写,1',
        '', '按问题类别', '问题类别,服务站纠纷数', '质量,1', '售后服务,0', '合同,0', '虚假宣传,0', '价格,1', '计量,0', '安全,0', '食品安全,0', '其它,0',
        '', '按回访满意度', '满意度,回访数', '非常满意,0', '满意,1', '一般,0', '不满意,0', '无法联系,0',
      ]);
    });

    it('follows the query’s scope: a county, station staff (their station), the default unit and period', async () => {
      const county = csvLines((await get('statistics.csv', a.tokens.officerCity, { ...march, orgUnitId: a.units.countyB })).body);
      expect(county[1]).toBe('顺平县市场监督管理局,月,2026-03-01,2026-03-31,0,0,1,1,0,0.00%,1,0,0.00%,0.00,0,1,0,0.00%');
      const own = csvLines((await get('statistics.csv', a.tokens.officerCountyA, { period: 'QUARTER', date: '2026-03-31' })).body);
      expect(own[1]).toBe('望都县市场监督管理局,季度,2026-01-01,2026-03-31,1,1,0,1,1,50.00%,1,1,100.00%,400.00,0,0,1,100.00%');
      const station = await workbook((await get('statistics.xlsx', staffA, march)).body);
      expect(rows(station.getWorksheet('统计数据')!)[1].slice(0, 14)).toEqual(['顺尧超市服务站', '月', new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T00:00:00Z'), 0, 0, 0, 0, 0, 0, 1, 1, 1, 100]);
      // No date: the period containing today (China).
      const today = csvLines((await get('statistics.csv', a.tokens.officerCity, { period: 'YEAR' })).body)[1].split(',');
      const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      expect(today[2] <= now && now <= today[3]).toBe(true);
    });

    it('refuses bad parameters with 400, the field named and a Chinese message, before any file byte', async () => {
      const bad: [D, string][] = [
        [{ date: '2026-03-15' }, 'period'],
        [{ period: 'DECADE', date: '2026-03-15' }, 'period'],
        [{ period: 'month', date: '2026-03-15' }, 'period'],
        [{ period: 'MONTH', date: '2026-02-30' }, 'date'],
        [{ period: 'MONTH', date: '2026/03/01' }, 'date'],
        [{ period: ['MONTH', 'YEAR'], date: '2026-03-15' }, 'period'],
        [{ period: 'MONTH', date: '2026-03-15', orgUnitId: 'nope' }, 'orgUnitId'],
      ];
      for (const format of ['csv', 'xlsx']) {
        for (const [query, field] of bad) {
          const res = await get(`statistics.${format}`, a.tokens.officerCity, query);
          expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringMatching(/^application\/json/)]);
          const body = json(res.body);
          expect(body).toMatchObject({ code: 'BAD_USER_INPUT', field });
          expect(body.message).toMatch(/[\u4e00-\u9fff]/);
          expect(body.message).not.toMatch(/^[A-Za-z]+\s*:/); // the field is in `field`, not spelled in the message
        }
      }
    });

    it('refuses as the query does: no or dead token (401), out of scope or no tenant (403), another tenant’s unit (404)', async () => {
      for (const format of ['csv', 'xlsx']) {
        const path = `statistics.${format}`;
        expect((await get(path, undefined, march)).status).toBe(401);
        expect((await get(path, 'not-a-valid-token', march)).status).toBe(401);
        const forbidden = await get(path, a.tokens.officerCountyB, { ...march, orgUnitId: a.units.countyA });
        expect([forbidden.status, json(forbidden.body).code]).toEqual([403, 'FORBIDDEN']);
        expect((await get(path, a.tokens.officerCountyA, { ...march, orgUnitId: a.units.city })).status).toBe(403);
        expect((await get(path, staffB, { ...march, orgUnitId: a.units.countyA })).status).toBe(403); // their station is not in county A
        expect((await get(path, await t.adminToken(), march)).status).toBe(403); // the platform admin has no tenant
        const other = await get(path, b.tokens.officerCity, { ...march, orgUnitId: a.units.countyA });
        expect([other.status, json(other.body).code]).toEqual([404, 'NOT_FOUND']);
      }
      // Another tenant's own figures hold none of this tenant's rows.
      expect(csvLines((await get('statistics.csv', b.tokens.officerCity, march)).body)[1]).toBe('保定市市场监督管理局,月,2026-03-01,2026-03-31,0,0,0,0,0,0.00%,0,0,0.00%,0.00,0,0,0,0.00%');
    });
  });

  describe('ledger XLSX', () => {
    const march = { from: '2026-03-01', to: '2026-03-31' };

    it('has the CSV’s columns and rows, typed: China wall-clock times, amounts in yuan, no reporter, formula-looking text as text', async () => {
      const audits = async () => (await t.sql<D>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'ledger.export'`))[0].n;
      const before = await audits();
      const res = await get('ledger.xlsx', a.tokens.officerCity, march);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('投诉受理台账.xlsx')}`);
      const ws = (await workbook(res.body)).getWorksheet('投诉受理台账')!;
      const [head, ...data] = rows(ws);
      expect(head).toEqual(LEDGER_HEADERS);
      expect(data).toEqual([
        [
          cases.c1, '投诉', '电话', '已办结', wall('2026-03-02T09:00'), wall('2026-03-02T10:00'), wall('2026-03-20T09:30'), wall('2026-03-20T09:30'),
          '望都县市场监督管理局', '望都县城关市场监管所', '王五', expect.stringMatching(/^137\d{8}$/), '某电器商行', credit, '投诉商家', '调解成功', 299.9, 300,
        ],
        [cases.c2, '举报', '信函', '已受理', wall('2026-03-10T09:00'), wall('2026-03-11T09:00'), null, null, '顺平县市场监督管理局', null, null, null, null, null, '投诉商家', null, null, null],
        [cases.c3, '咨询', '网络', '已登记', wall('2026-03-31T23:59'), null, null, null, '望都县市场监督管理局', null, '王五', expect.stringMatching(/^137\d{8}$/), '=HYPERLINK("http://x.example")', null, '投诉商家', null, null, null],
      ]);
      expect(ws.getRow(4).getCell(13).type).toBe(ExcelJS.ValueType.String);
      expect(ws.getRow(2).getCell(5).numFmt).toBe('yyyy-mm-dd hh:mm');
      expect(await audits()).toBe(before + 1);

      // The CSV is the same rows from the same source: each XLSX cell, written as the CSV writes it.
      const csv = csvLines((await get('ledger.csv', a.tokens.officerCity, march)).body).map((l) => l.split(','));
      const asCsv = (v: unknown, col: number) =>
        v == null ? '' : v instanceof Date ? v.toISOString().slice(0, 16).replace('T', ' ') : col >= 16 ? (v as number).toFixed(2) : String(v).startsWith('=') ? `"'${String(v).replace(/"/g, '""')}"` : String(v);
      expect(csv[0]).toEqual(LEDGER_HEADERS);
      expect(csv.slice(1).map((l) => l.join(','))).toEqual(data.map((r) => r.map(asCsv).join(',')));
    });

    it('streams thousands of rows page by page (chunked, each row once, in order)', async () => {
      const n = 2 * LEDGER_PAGE + 5;
      // Received within a few milliseconds of each other: pages must continue after the exact last row.
      await t.sql(
        `INSERT INTO center_cases (tenant_id, id, case_number, type, channel, status, received_at, subject, description, complainant_name_enc, complainant_phone_enc,
           complainant_phone_hash, registered_unit_id, urge_count)
         SELECT c.tenant_id, gen_random_uuid(), 'ZX-20240101-' || lpad(g::text, 6, '0'), 'CONSULTATION', 'PHONE', 'REGISTERED',
           timestamptz '2024-01-01 10:00+08' + g * interval '1 microsecond', '咨询', '咨询', c.complainant_name_enc, c.complainant_phone_enc, c.complainant_phone_hash,
           c.registered_unit_id, 0
         FROM (SELECT * FROM center_cases WHERE registered_unit_id = $1 AND type = 'COMPLAINT' LIMIT 1) c, generate_series(1, $2::int) g`,
        [a.units.countyA, n],
      );
      const res = await get('ledger.xlsx', a.tokens.operatorCountyA, { from: '2024-01-01', to: '2024-01-01' });
      expect(res.status).toBe(200);
      // Written as it is produced: no length known up front.
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-length']).toBeUndefined();
      const numbers = rows((await workbook(res.body)).getWorksheet('投诉受理台账')!).slice(1).map((r) => r[0]);
      expect(numbers).toEqual(Array.from({ length: n }, (_, i) => `ZX-20240101-${String(i + 1).padStart(6, '0')}`));
      const csv = csvLines((await get('ledger.csv', a.tokens.operatorCountyA, { from: '2024-01-01', to: '2024-01-01' })).body);
      expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(numbers);
    });

    it('refuses bad input (field named), roles, units out of scope and another tenant, as the CSV does', async () => {
      const bad = await get('ledger.xlsx', a.tokens.officerCity, { from: '2026-02-30' });
      expect([bad.status, json(bad.body).field]).toEqual([400, 'from']);
      expect(json((await get('ledger.xlsx', a.tokens.officerCity, { from: '2026-03-02', to: '2026-03-01' })).body).field).toBe('to');
      expect(json((await get('ledger.xlsx', a.tokens.officerCity, { orgUnitId: 'nope' })).body).field).toBe('orgUnitId');
      expect(json((await get('ledger.xlsx', a.tokens.officerCity, { from: ['2026-03-01', '2026-03-02'] })).body).field).toBe('from');
      expect((await get('ledger.xlsx', undefined)).status).toBe(401);
      expect((await get('ledger.xlsx', 'not-a-valid-token')).status).toBe(401);
      for (const token of [staffA, a.tokens.tenantAdmin, a.tokens.evaluatorCity]) expect((await get('ledger.xlsx', token)).status).toBe(403);
      expect((await get('ledger.xlsx', a.tokens.officerCountyB, { orgUnitId: a.units.countyA })).status).toBe(403);
      expect((await get('ledger.xlsx', b.tokens.officerCity, { orgUnitId: a.units.countyA })).status).toBe(404);
      // Another tenant's own ledger is empty.
      const other = rows((await workbook((await get('ledger.xlsx', b.tokens.officerCity, march)).body)).getWorksheet('投诉受理台账')!);
      expect(other).toEqual([LEDGER_HEADERS]);
    });
  });
});
