import type { Page, Request } from 'playwright-core';
import { ConsoleHarness, startConsoleHarness, TABLET } from '../support/browser';
import { createTenantFixture, TenantFixture } from '../support/fixtures';
import { addStationStaff, createStation } from '../support/stations';

type D = Record<string, any>;
const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id caseNumber } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id status } }`;
const REGISTER = `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id caseNumber } }`;
const ACCEPT = `mutation($id: ID!) { acceptCase(id: $id) { id } }`;
const ASSIGN = `mutation($id: ID!, $u: ID!) { assignCase(id: $id, orgUnitId: $u) { id } }`;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The 12315 center (issue 10, point 5): operators and officers in the browser against the real API and worker. */
describe('console: 12315 center', () => {
  let h: ConsoleHarness;
  let f: TenantFixture;
  let page: Page;

  const caseRow = async (id: string) => (await h.t.sql<D>(`SELECT status, rejection_ground, return_reason, urge_count, extended_at, amount_recovered_fen::text AS recovered FROM center_cases WHERE id = $1`, [id]))[0];
  const countCases = async () => (await h.t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM center_cases`))[0].n;
  const register = async (subject: string) =>
    (
      await h.t.ok<D>(
        REGISTER,
        { i: { type: 'COMPLAINT', channel: 'PHONE', subject, description: '详情', complainantName: '陈一', complainantPhone: '13600001111', orgUnitId: f.units.countyA } },
        f.tokens.operatorCountyA,
      )
    ).registerCase as { id: string; caseNumber: string };
  const moves = (p: Page) => p.getByTestId('case-moves').locator('.form-actions').first().getByRole('button').allInnerTexts();
  const statusBadge = (p: Page) => p.locator('.page-header .badge').first();

  /** Waits for the worker (relay + escalation processor) to turn the escalated dispute into a case. */
  const caseOfDispute = async (disputeId: string): Promise<{ id: string; case_number: string }> => {
    for (let i = 0; i < 600; i++) {
      const [row] = await h.t.sql<{ id: string; case_number: string }>(`SELECT id, case_number FROM center_cases WHERE source_dispute_id = $1`, [disputeId]);
      if (row) return row;
      await pause(50);
    }
    throw new Error(`no center case for dispute ${disputeId}`);
  };

  beforeAll(async () => {
    h = await startConsoleHarness({ worker: true });
    f = await createTenantFixture(h.t, 'ctr');
    page = await h.newPage();
    await h.signIn(page, 'operator-a', f.code);
  });
  afterAll(() => h?.close());

  it('a dispute escalated at a station reaches the queue, ordered by nearest deadline with overdue marked; the operator accepts it', async () => {
    const station = await createStation(h.t, f, { orgUnitId: f.units.countyA, category: 'SUPERMARKET', name: '顺尧超市消费维权服务站' });
    const staff = await addStationStaff(h.t, f, station, 'ctr-staff');
    const dispute = (
      await h.t.ok<D>(
        OPEN,
        { i: { stationId: station, consumerName: '周九', consumerPhone: '13612345678', subject: '空调不制冷', description: '安装后不制冷，商家拒绝维修', claimType: 'REPAIR' } },
        staff,
      )
    ).openDispute;
    expect((await h.t.ok<D>(ESCALATE, { id: dispute.id, r: '经调解双方未达成一致' }, staff)).escalateDispute.status).toBe('ESCALATING');
    const escalated = await caseOfDispute(dispute.id);

    // Two cases registered directly, their acceptance deadlines as the sweeper would find them:
    // one 2 hours past (breached), one with 5 hours left.
    const overdue = await register('过期食品索赔');
    const near = await register('预付卡无法退费');
    await h.t.sql(`UPDATE deadlines SET due_at = now() - interval '2 hours', breached = true, breached_at = now() WHERE case_id = $1`, [overdue.id]);
    await h.t.sql(`UPDATE deadlines SET due_at = now() + interval '5 hours' WHERE case_id = $1`, [near.id]);

    // The queue asks the API for its order and its open statuses in one request per page.
    const queueRequests: D[] = [];
    const onRequest = (req: Request) => {
      const body = req.method() === 'POST' && req.url().endsWith('/graphql') ? (req.postDataJSON() as D) : null;
      if (body?.query?.includes('query CenterQueue')) queueRequests.push(body.variables);
    };
    page.on('request', onRequest);
    await page.getByRole('link', { name: '12315中心', exact: true }).click();
    await page.getByRole('heading', { name: '12315 中心 · 案件队列' }).waitFor();
    const rows = page.locator('table[aria-label="案件队列"] tbody tr');
    await rows.filter({ hasText: escalated.case_number }).waitFor();
    page.off('request', onRequest);
    expect(queueRequests).toHaveLength(1);
    expect(queueRequests[0]).toMatchObject({
      orderBy: 'DEADLINE_ASC',
      first: 50,
      after: null,
      filter: { statuses: ['REGISTERED', 'ACCEPTED', 'ASSIGNED', 'CLOSED', 'FEEDBACK_GIVEN'] },
      overdueFilter: { overdue: true },
    });
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.case))).toEqual([overdue.caseNumber, near.caseNumber, escalated.case_number]);
    const row = (n: string) => rows.filter({ hasText: n });
    expect(await row(overdue.caseNumber).getAttribute('class')).toBe('row-overdue');
    expect(await row(overdue.caseNumber).innerText()).toContain('已超期');
    expect(await row(near.caseNumber).getAttribute('class')).toBe('row-near');
    expect(await row(escalated.case_number).getAttribute('class')).toBeNull();
    const escalatedText = await row(escalated.case_number).innerText();
    for (const s of ['投诉', '服务站', '空调不制冷', '顺尧超市消费维权服务站', '已登记', '受理时限']) expect(escalatedText).toContain(s);
    expect(await page.getByTestId('queue-count').innerText()).toBe('共 3 件，其中超期 1 件');
    await h.screenshot(page, 'center-queue');

    // The case: only the moves of a registered complaint; accept.
    await row(escalated.case_number).getByRole('link').click();
    await page.getByRole('heading', { name: `中心案件 ${escalated.case_number}` }).waitFor();
    expect(await moves(page)).toEqual(['受理', '不予受理', '催办']);
    expect(await page.getByText('经调解双方未达成一致').count()).toBe(1);
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await page.getByRole('button', { name: '分流转办', exact: true }).waitFor();
    expect(await statusBadge(page).innerText()).toBe('已受理');
    expect(await moves(page)).toEqual(['分流转办', '催办']);
    expect(await caseRow(escalated.id)).toMatchObject({ status: 'ACCEPTED' });
    expect(await page.getByTestId('deadlines').innerText()).toContain('分流时限');
    await h.screenshot(page);
  });

  it('direct intake (a bad amount shown beside its field), then accept, assign, extend, urge, close, feedback, cross call-back, archive', async () => {
    await page.goto(`${h.baseUrl}/center`);
    await page.getByRole('link', { name: '登记案件' }).click();
    await page.getByLabel('投诉人姓名').fill('刘二');
    await page.getByLabel('联系电话').fill('13700002222');
    await page.getByLabel('事由').fill('健身房闭店预付款不退');
    await page.getByLabel('详细情况').fill('办理年卡后健身房闭店，要求退还剩余费用。');
    await page.getByLabel('被投诉方', { exact: true }).fill('望都县力行健身有限公司');
    await page.getByLabel('诉求金额（元）').fill('12.345');
    const before = await countCases();
    await page.getByRole('button', { name: '登记', exact: true }).click();
    const amount = page.locator('[data-field="amountClaimed"]');
    await amount.locator('.field-error').waitFor();
    expect(await amount.locator('input').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-invalid').count()).toBe(1);
    expect(await countCases()).toBe(before);
    await page.getByLabel('诉求金额（元）').fill('1200.00');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByText('已登记，案件编号').waitFor();
    const id = page.url().split('/').pop()!;
    expect(await caseRow(id)).toMatchObject({ status: 'REGISTERED' });
    expect(await page.getByText('¥1,200.00').count()).toBe(1);

    await page.getByRole('button', { name: '受理', exact: true }).click();
    await page.getByRole('button', { name: '分流转办', exact: true }).click();
    await page.getByLabel('承办单位').selectOption(f.units.officeA);
    await page.getByRole('button', { name: '确认转办' }).click();
    await page.getByRole('button', { name: '办结', exact: true }).waitFor();
    expect(await moves(page)).toEqual(['办结', '退回', '延长时限', '催办']);

    await page.getByRole('button', { name: '延长时限', exact: true }).click();
    await page.getByLabel('延长原因').fill('需调取经营者账目，经中心批准延长');
    await page.getByRole('button', { name: '确认延长' }).click();
    await page.getByRole('button', { name: '延长时限', exact: true }).waitFor({ state: 'detached' });
    expect((await caseRow(id)).extended_at).not.toBeNull();
    const [handling] = await h.t.sql<D>(`SELECT extended FROM deadlines WHERE case_id = $1 AND kind = 'HANDLING'`, [id]);
    expect(handling.extended).toBe(true);
    // The extended deadline says so; the others do not.
    const deadlineRows = page.getByTestId('deadlines').locator('tbody tr');
    await deadlineRows.filter({ hasText: '已延期' }).waitFor();
    expect(await deadlineRows.allInnerTexts()).toEqual([
      expect.not.stringContaining('已延期'),
      expect.not.stringContaining('已延期'),
      expect.stringMatching(/^办理时限 已延期/),
    ]);

    await page.getByRole('button', { name: '催办', exact: true }).click();
    await page.getByLabel('催办意见').fill('请尽快联系经营者');
    await page.getByRole('button', { name: '确认催办' }).click();
    await page.getByText('已催办 1 次').waitFor();
    // The urge awaits its first reply: offered until given.
    await page.getByRole('button', { name: '回复催办', exact: true }).click();
    await page.getByLabel('回复内容（办理进展）').fill('已联系经营者，正在核实');
    await page.getByRole('button', { name: '确认回复' }).click();
    await page.getByRole('button', { name: '回复催办', exact: true }).waitFor({ state: 'detached' });
    const urgedRows = await h.t.sql<D>(`SELECT kind, met_at IS NOT NULL AS met FROM deadlines WHERE case_id = $1 AND kind LIKE 'URGED%' ORDER BY kind`, [id]);
    expect(urgedRows).toEqual([{ kind: 'URGED_DONE', met: false }, { kind: 'URGED_FIRST_FEEDBACK', met: true }]);
    await deadlineRows.filter({ hasText: '催办办结时限' }).waitFor();

    await page.getByRole('button', { name: '办结', exact: true }).click();
    await page.getByLabel('办结结果').selectOption('MEDIATED');
    await page.getByLabel('挽回经济损失（元）').fill('800.00');
    await page.getByLabel('办结情况').fill('经调解，经营者退还剩余费用 800 元');
    // The second handler (001 第十四条): the candidates exclude the closer.
    await page.getByLabel('协办人').selectOption({ label: 'officer-a' });
    expect(await page.getByLabel('协办人').locator('option', { hasText: 'operator-a' }).count()).toBe(0);
    await page.getByRole('button', { name: '确认办结' }).click();
    await page.getByRole('button', { name: '反馈结果', exact: true }).waitFor();
    expect(await caseRow(id)).toMatchObject({ status: 'CLOSED', recovered: '80000', urge_count: 1 });

    // The operator who closed it may not call back (cross call-back): not offered, and said why.
    expect(await moves(page)).toEqual(['反馈结果']);
    expect(await page.getByTestId('callback-closer').innerText()).toContain('本案由您办理');
    expect(await page.locator('.details > div', { has: page.locator('dt', { hasText: /^办结人$/ }) }).innerText()).toContain('operator-a');
    expect(await page.locator('.details > div', { has: page.locator('dt', { hasText: /^首问责任人$/ }) }).innerText()).toContain('operator-a');
    expect(await page.locator('.details > div', { has: page.locator('dt', { hasText: /^协办人$/ }) }).innerText()).toContain('officer-a');
    expect((await h.t.sql<D>(`SELECT u.username FROM center_cases c JOIN users u ON u.id = c.co_handler WHERE c.id = $1`, [id]))[0].username).toBe('officer-a');

    await page.getByRole('button', { name: '反馈结果', exact: true }).click();
    await page.getByLabel('反馈内容').fill('已电话告知投诉人办理结果');
    await page.getByRole('button', { name: '确认反馈' }).click();
    await page.getByRole('button', { name: '归档', exact: true }).waitFor();
    expect(await moves(page)).toEqual(['归档']);

    // Another operator (the city center) is offered the call-back and records it.
    const city = await h.newPage();
    try {
      await h.signIn(city, 'operator-city', f.code);
      await city.goto(`${h.baseUrl}/center/${id}`);
      await city.getByRole('button', { name: '归档', exact: true }).waitFor();
      expect(await moves(city)).toEqual(['回访', '归档']);
      expect(await city.getByTestId('callback-closer').count()).toBe(0);
      await city.getByRole('button', { name: '回访', exact: true }).click();
      await city.getByLabel('满意度').selectOption('VERY_SATISFIED');
      await city.getByLabel('意见').fill('处理及时');
      await city.getByRole('button', { name: '保存回访' }).click();
      await city.getByText('operator-city · 非常满意：处理及时').waitFor();
    } finally {
      await city.close();
    }

    await page.getByRole('button', { name: '归档', exact: true }).click();
    await page.getByRole('button', { name: '确认归档' }).click();
    await page.getByText('案件已归档，只读。').waitFor();
    expect(await statusBadge(page).innerText()).toBe('已归档');
    expect(await caseRow(id)).toMatchObject({ status: 'ARCHIVED' });
    await h.screenshot(page);
  });

  it('reject with a ground (tablet width); an officer of the handling unit sees only return and close, and returns the case', async () => {
    const toReject = await register('商品房质量问题');
    const tablet = await h.newPage(TABLET);
    try {
      await h.signIn(tablet, 'operator-a', f.code);
      await tablet.goto(`${h.baseUrl}/center/${toReject.id}`);
      await tablet.getByRole('button', { name: '不予受理', exact: true }).click();
      await tablet.getByRole('button', { name: '确认不予受理' }).click();
      // No ground chosen: said beside the field, nothing sent.
      await tablet.locator('[data-field="ground"] .field-error').waitFor();
      expect(await caseRow(toReject.id)).toMatchObject({ status: 'REGISTERED' });
      await tablet.getByLabel('不予受理情形').selectOption('BEFORE_COURT_OR_OTHER_AUTHORITY');
      await tablet.getByLabel('说明').fill('投诉人已向法院起诉');
      await tablet.getByRole('button', { name: '确认不予受理' }).click();
      await tablet.getByText('法院、仲裁机构或其他行政部门已受理或已处理').waitFor();
      expect(await statusBadge(tablet).innerText()).toBe('不予受理');
      expect(await moves(tablet)).toEqual([]);
      expect(await caseRow(toReject.id)).toMatchObject({ status: 'REJECTED', rejection_ground: 'BEFORE_COURT_OR_OTHER_AUTHORITY' });
      await h.screenshot(tablet);
    } finally {
      await tablet.close();
    }

    const assigned = await register('装修合同纠纷');
    await h.t.ok(ACCEPT, { id: assigned.id }, f.tokens.operatorCountyA);
    await h.t.ok(ASSIGN, { id: assigned.id, u: f.units.officeA }, f.tokens.operatorCountyA);
    const officer = await h.newPage();
    try {
      await h.signIn(officer, 'officer-a', f.code);
      await officer.getByRole('link', { name: '12315中心', exact: true }).click();
      const row = officer.locator('table[aria-label="案件队列"] tbody tr', { hasText: assigned.caseNumber });
      await row.waitFor();
      // Intake and call-backs are the center's: not offered to officers.
      expect(await officer.getByRole('link', { name: '登记案件' }).count()).toBe(0);
      await row.getByRole('link').click();
      await officer.getByRole('heading', { name: `中心案件 ${assigned.caseNumber}` }).waitFor();
      expect(await moves(officer)).toEqual(['办结', '退回']);
      await officer.getByText('退回时限').waitFor();
      await officer.getByRole('button', { name: '退回', exact: true }).click();
      await officer.getByLabel('退回原因').fill('被投诉方不在本所辖区');
      await officer.getByRole('button', { name: '确认退回' }).click();
      await officer.getByText('当前状态下您没有可办理的操作。').waitFor();
      expect(await statusBadge(officer).innerText()).toBe('已受理');
      expect(await caseRow(assigned.id)).toMatchObject({ status: 'ACCEPTED', return_reason: '被投诉方不在本所辖区' });
      await h.screenshot(officer, 'center-officer-returned');
      // A case of the officer's county handled by another county: nothing to do here (the API would refuse).
      const elsewhere = await register('跨县转办的投诉');
      await h.t.ok(ACCEPT, { id: elsewhere.id }, f.tokens.operatorCountyA);
      await h.t.ok(ASSIGN, { id: elsewhere.id, u: f.units.countyB }, f.tokens.operatorCity);
      await officer.goto(`${h.baseUrl}/center/${elsewhere.id}`);
      await officer.getByRole('heading', { name: `中心案件 ${elsewhere.caseNumber}` }).waitFor();
      await officer.getByText('当前状态下您没有可办理的操作。').waitFor();
      expect(await moves(officer)).toEqual([]);
      // Back to county A (the next test counts county B's cases).
      await h.t.ok(`mutation($id: ID!) { returnCase(id: $id, reason: "不属本县") { id } }`, { id: elsewhere.id }, f.tokens.officerCountyB);
      // Past the window (assigned two weeks ago): the unit handles it; returning is not offered.
      const late = await register('转办已久的投诉');
      await h.t.ok(ACCEPT, { id: late.id }, f.tokens.operatorCountyA);
      await h.t.ok(ASSIGN, { id: late.id, u: f.units.officeA }, f.tokens.operatorCountyA);
      await h.t.sql(`UPDATE center_cases SET assigned_at = assigned_at - interval '14 days' WHERE id = $1`, [late.id]);
      await officer.goto(`${h.baseUrl}/center/${late.id}`);
      await officer.getByRole('heading', { name: `中心案件 ${late.caseNumber}` }).waitFor();
      await officer.getByText('逾期由分流中心收回改派').waitFor();
      expect(await moves(officer)).toEqual(['办结']);
    } finally {
      await officer.close();
    }
  });

  it('the queue pages the server order (50 a page), filters by status and orders by receipt on request', async () => {
    // County B's operator: a scope of its own, filled with 52 cases.
    const registerB = async (subject: string) =>
      (
        await h.t.ok<D>(
          REGISTER,
          { i: { type: 'COMPLAINT', channel: 'WEB', subject, description: '详情', complainantName: '孙八', complainantPhone: '13600002222', orgUnitId: f.units.countyB } },
          f.tokens.operatorCountyB,
        )
      ).registerCase as { id: string; caseNumber: string };
    const created: { id: string; caseNumber: string }[] = [];
    for (let i = 0; i < 52; i++) created.push(await registerB(`队列分页 ${i + 1}`));
    // Three with their own clocks: one overdue, one due in an hour; one rejected (no clock).
    await h.t.sql(`UPDATE deadlines SET due_at = now() - interval '1 hour', breached = true, breached_at = now() WHERE case_id = $1`, [created[40].id]);
    await h.t.sql(`UPDATE deadlines SET due_at = now() + interval '1 hour' WHERE case_id = $1`, [created[45].id]);
    await h.t.ok(`mutation($id: ID!) { rejectCase(id: $id, ground: TIME_BARRED) { id } }`, { id: created[3].id }, f.tokens.operatorCountyB);
    const apiOrder = async (vars: D) =>
      (
        await h.t.ok<D>(
          `query($f: CenterCaseFilter, $o: CenterCaseOrder) { centerCases(filter: $f, orderBy: $o, first: 100) { edges { node { caseNumber } } } }`,
          vars,
          f.tokens.operatorCountyB,
        )
      ).centerCases.edges.map((e: D) => e.node.caseNumber) as string[];
    const expected = await apiOrder({ f: { statuses: ['REGISTERED', 'ACCEPTED', 'ASSIGNED', 'CLOSED', 'FEEDBACK_GIVEN'] }, o: 'DEADLINE_ASC' });
    expect(expected).toHaveLength(51);
    expect(expected.slice(0, 2)).toEqual([created[40].caseNumber, created[45].caseNumber]);

    const b = await h.newPage(TABLET);
    try {
      await h.signIn(b, 'operator-b', f.code);
      await b.getByRole('link', { name: '12315中心', exact: true }).click();
      const rows = b.locator('table[aria-label="案件队列"] tbody tr');
      const shown = () => rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.case));
      await rows.first().waitFor();
      expect(await b.getByTestId('queue-count').innerText()).toBe('共 51 件，其中超期 1 件');
      expect(await b.getByTestId('queue-page').innerText()).toBe('第 1 页，共 2 页');
      const first = await shown();
      expect(first).toEqual(expected.slice(0, 50));
      await b.getByRole('button', { name: '下一页' }).click();
      await b.getByText('第 2 页，共 2 页').waitFor();
      expect(await shown()).toEqual(expected.slice(50));
      expect(await b.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
      await h.screenshot(b, 'center-queue-page-2');
      await b.getByRole('button', { name: '上一页' }).click();
      await b.getByText('第 1 页，共 2 页').waitFor();
      expect(await shown()).toEqual(first);

      // A status filter (the rejected case is not in the default queue) starts again at page 1.
      await b.getByRole('button', { name: '下一页' }).click();
      await b.getByText('第 2 页，共 2 页').waitFor();
      await b.getByLabel('状态').selectOption('REJECTED');
      await b.getByText('共 1 件').waitFor();
      expect(await shown()).toEqual([created[3].caseNumber]);
      expect(await b.getByTestId('queue-page').count()).toBe(0);

      // Newest receipt first, on request (once the status filter is cleared: its navigation must
      // land before the next change, which builds on the current search).
      await b.getByLabel('状态').selectOption('');
      await b.getByTestId('queue-count').filter({ hasText: '共 51 件' }).waitFor();
      await b.getByLabel('排序').selectOption('RECEIVED_AT_DESC');
      await b.getByText('按接收时间排列').waitFor();
      await rows.filter({ hasText: created[51].caseNumber }).first().waitFor();
      const byReceipt = await apiOrder({ f: { statuses: ['REGISTERED', 'ACCEPTED', 'ASSIGNED', 'CLOSED', 'FEEDBACK_GIVEN'] }, o: 'RECEIVED_AT_DESC' });
      expect(await shown()).toEqual(byReceipt.slice(0, 50));
      expect(new URL(b.url()).searchParams.get('order')).toBe('RECEIVED_AT_DESC');

      // Only the cases the operator took first (首问): one the city center registered is left out.
      await h.t.ok(
        REGISTER,
        { i: { type: 'COMPLAINT', channel: 'PHONE', subject: '市中心登记', description: '详情', complainantName: '周九', complainantPhone: '13600003333', orgUnitId: f.units.countyB } },
        f.tokens.operatorCity,
      );
      await b.reload();
      await b.getByTestId('queue-count').filter({ hasText: '共 52 件' }).waitFor();
      await b.getByLabel('只看我首问的').check();
      await b.getByTestId('queue-count').filter({ hasText: '共 51 件' }).waitFor();
      expect(new URL(b.url()).searchParams.get('mine')).toBe('1');
      expect(await rows.filter({ hasText: '市中心登记' }).count()).toBe(0);
    } finally {
      await b.close();
    }
  });
});
