import type { Page } from 'playwright-core';
import { ConsoleHarness, startConsoleHarness, TABLET } from '../support/browser';
import { createTenantFixture, TenantFixture } from '../support/fixtures';
import { addStationStaff, createStation } from '../support/stations';

type D = Record<string, any>;
const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id caseNumber } }`;

/** The counter (issue 10, point 3): station staff in the browser against the real API. */
describe('console: the counter', () => {
  let h: ConsoleHarness;
  let f: TenantFixture;
  let station: string;
  let staffToken: string;
  let page: Page;

  const countDisputes = async () => (await h.t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM disputes WHERE station_id = $1`, [station]))[0].n;
  const field = (name: string) => page.locator(`[data-field="${name}"]`);
  const fillRequired = async () => {
    // By accessible name (a label's text also holds the required-field asterisk).
    await page.getByRole('textbox', { name: '姓名', exact: true }).fill('李四');
    await page.getByRole('textbox', { name: '联系电话', exact: true }).fill('13912345678');
    await page.getByRole('textbox', { name: '事由', exact: true }).fill('电饭煲内胆涂层脱落');
    await page.getByRole('textbox', { name: '详细情况', exact: true }).fill('购买两周后内胆涂层成片脱落，要求退货。');
    await page.getByRole('combobox', { name: '诉求', exact: true }).selectOption('REFUND');
  };

  beforeAll(async () => {
    h = await startConsoleHarness({ worker: true });
    f = await createTenantFixture(h.t, 'ctr');
    station = await createStation(h.t, f, { orgUnitId: f.units.countyA, category: 'SUPERMARKET', name: '顺尧超市消费维权服务站' });
    staffToken = await addStationStaff(h.t, f, station, 'counter-1');
    page = await h.newPage();
    await h.signIn(page, 'counter-1', f.code);
  });
  afterAll(() => h?.close());

  it('a staff member opens a dispute with the intake checklist and settles it; the agreement prints on A4', async () => {
    await page.getByRole('link', { name: '受理新纠纷' }).click();
    await fillRequired();
    await page.getByLabel('诉求金额（元）').fill('128.50');
    await page.getByLabel('商品或服务名称').fill('电饭煲');
    await page.getByLabel('购买日期').fill('2025-01-02');
    await page.getByRole('group', { name: '有明确的被投诉方' }).getByLabel('否').check();
    await page.getByRole('group', { name: '有购货凭证或其他证据' }).getByLabel('是').check();
    await page.getByRole('button', { name: '受理', exact: true }).click();

    // The dispute page: the ground the API derived from the checklist, the time left to settleBy.
    await page.getByRole('heading', { name: /^纠纷 JF-/ }).waitFor();
    const grounds = page.getByTestId('applicable-grounds');
    await grounds.waitFor();
    expect(await grounds.innerText()).toContain('没有明确的被投诉方');
    expect(await page.locator('.deadline-left').first().innerText()).toMatch(/^剩 /);
    const id = page.url().split('/').pop()!;
    const [opened] = await h.t.sql<D>(`SELECT status, amount_claimed_fen::text AS fen, intake_checklist AS c FROM disputes WHERE id = $1`, [id]);
    expect(opened).toMatchObject({ status: 'OPEN', fen: '12850', c: { respondentIdentified: false, hasProof: true } });

    await page.getByRole('button', { name: '现场和解' }).click();
    await page.getByLabel('和解协议内容').fill('经营者为消费者办理退货，退还货款 128.50 元。');
    await page.getByLabel('挽回经济损失（元）').fill('128.50');
    await page.getByLabel('消费者已签字确认').check();
    await page.getByRole('button', { name: '确认和解' }).click();
    await page.getByRole('heading', { name: '和解结果' }).waitFor();
    expect(await page.getByTestId('outcome').innerText()).toContain('¥128.50');
    const [settled] = await h.t.sql<D>(`SELECT status, amount_recovered_fen::text AS fen, consumer_signed FROM disputes WHERE id = $1`, [id]);
    expect(settled).toEqual({ status: 'SETTLED', fen: '12850', consumer_signed: true });
    await h.screenshot(page, 'counter-settled');

    // The settlement agreement: the agreement text, the amounts, signature lines, A4 when printed.
    await page.getByRole('link', { name: '打印和解协议书' }).click();
    const sheet = page.getByRole('article', { name: '和解协议书' });
    await sheet.waitFor();
    const text = await sheet.innerText();
    for (const s of ['和解协议书', '经营者为消费者办理退货', '¥128.50', '李四', '甲方（签字）', '乙方（签字或盖章）', '调解人员（签字）']) expect(text).toContain(s);
    expect(await page.locator('.signature-line .line').count()).toBeGreaterThanOrEqual(6);
    const pageSize = await page.evaluate(() =>
      [...document.styleSheets].flatMap((s) => [...s.cssRules]).find((r): r is CSSPageRule => r instanceof CSSPageRule)?.style.getPropertyValue('size'),
    );
    expect(pageSize?.toLowerCase()).toBe('a4');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    await h.screenshot(page);
    await page.emulateMedia({ media: 'screen' });

    // The complaint registration form of the same dispute.
    await page.goto(`${h.baseUrl}/counter/${id}/print/registration`);
    const form = page.getByRole('article', { name: '投诉登记表' });
    await form.waitFor();
    const reg = await form.innerText();
    for (const s of ['消费者投诉登记表', '电饭煲', '2025年1月2日', '有明确的被投诉方：否', '投诉人（签字）', '登记人（签字）']) expect(reg).toContain(s);
    await h.screenshot(page, 'counter-registration-form');
  });

  it('a bad amount (12.345) shows the error beside the amount field and writes nothing (tablet width)', async () => {
    const tablet = await h.newPage(TABLET);
    await h.signIn(tablet, 'counter-1', f.code);
    const before = await countDisputes();
    const previous = page;
    page = tablet;
    try {
      await page.goto(`${h.baseUrl}/counter/new`);
      await fillRequired();
      await page.getByLabel('诉求金额（元）').fill('12.345');
      await page.getByRole('button', { name: '受理', exact: true }).click();
      const error = field('amountClaimed').locator('.field-error');
      await error.waitFor();
      expect(await error.innerText()).toMatch(/金额|两位小数|amountClaimed/);
      expect(await field('amountClaimed').locator('input').getAttribute('aria-invalid')).toBe('true');
      // Beside its field only: no banner, no other field marked; the field has the focus.
      expect(await page.locator('.error-banner').count()).toBe(0);
      expect(await page.locator('.field-invalid').count()).toBe(1);
      expect(await field('amountClaimed').locator('input').evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await countDisputes()).toBe(before);
      await h.screenshot(page);

      // Corrected, it goes through.
      await page.getByLabel('诉求金额（元）').fill('12.35');
      await page.getByRole('button', { name: '受理', exact: true }).click();
      await page.getByRole('heading', { name: /^纠纷 JF-/ }).waitFor();
      expect(await countDisputes()).toBe(before + 1);
    } finally {
      page = previous;
      await tablet.close();
    }
  });

  it('the list marks near and overdue settleBy; decline with a ground, withdraw, escalate and follow the center case', async () => {
    const open = async (subject: string) =>
      (
        await h.t.ok<D>(
          OPEN,
          { i: { stationId: station, consumerName: '王五', consumerPhone: '13700001111', subject, description: '详情', claimType: 'REPAIR' } },
          staffToken,
        )
      ).openDispute as { id: string; caseNumber: string };
    const near = await open('洗衣机漏水');
    const overdue = await open('冰箱不制冷');
    const toWithdraw = await open('会员卡余额不退');
    const toEscalate = await open('手机屏幕碎裂');
    // settleBy as the supervision would find it: 5 hours left, and 2 hours past.
    // Its window also reached a year whose holidays are unpublished: provisional.
    await h.t.sql(`UPDATE disputes SET settle_by = now() + interval '5 hours', settle_by_provisional = true WHERE id = $1`, [near.id]);
    await h.t.sql(`UPDATE disputes SET settle_by = now() - interval '2 hours' WHERE id = $1`, [overdue.id]);

    await page.goto(`${h.baseUrl}/counter`);
    const row = (caseNumber: string) => page.locator('tbody tr', { hasText: caseNumber });
    await row(overdue.caseNumber).waitFor();
    expect(await row(near.caseNumber).getAttribute('class')).toBe('row-near');
    expect(await row(near.caseNumber).locator('.deadline-left').innerText()).toMatch(/^剩 [45] 小时/);
    expect(await row(overdue.caseNumber).getAttribute('class')).toBe('row-overdue');
    expect(await row(overdue.caseNumber).locator('.deadline-left').innerText()).toContain('已超期');
    expect(await row(toEscalate.caseNumber).getAttribute('class')).toBeNull();
    expect(await row(near.caseNumber).locator('.deadline .badge').allInnerTexts()).toEqual(['暂定']);
    expect(await row(overdue.caseNumber).locator('.deadline .badge').count()).toBe(0);
    await h.screenshot(page, 'counter-list');

    // Decline with a ground.
    await row(overdue.caseNumber).getByRole('link').click();
    await page.getByRole('button', { name: '不予受理' }).click();
    await page.getByLabel('不予受理情形').selectOption('OUTSIDE_JURISDICTION');
    await page.getByLabel('说明').fill('经营者不在本站所在商场');
    await page.getByRole('button', { name: '确认不予受理' }).click();
    await page.getByRole('heading', { name: '不予受理', exact: true }).waitFor();
    expect(await page.getByTestId('outcome').innerText()).toContain('不属于本机构管辖');

    // Withdraw.
    await page.goto(`${h.baseUrl}/counter`);
    await row(toWithdraw.caseNumber).getByRole('link').click();
    await page.getByRole('button', { name: '消费者撤回' }).click();
    await page.getByRole('button', { name: '确认撤回' }).click();
    await page.getByRole('heading', { name: '消费者撤回', exact: true }).waitFor();

    // Escalate: the worker creates the center case; the page shows its status.
    await page.goto(`${h.baseUrl}/counter`);
    await row(toEscalate.caseNumber).getByRole('link').click();
    await page.getByRole('button', { name: '提交 12315 中心' }).click();
    await page.getByLabel('提交原因').fill('经调解双方未达成一致');
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.getByRole('heading', { name: '已提交 12315 中心' }).waitFor();
    await page.getByRole('heading', { name: /^中心案件 / }).waitFor({ timeout: 30_000 });
    const outcome = await page.getByTestId('outcome').innerText();
    expect(outcome).toContain('已登记');
    expect(outcome).toContain('望都县市场监督管理局');
    await h.screenshot(page);

    const statuses = await h.t.sql<D>(`SELECT id, status FROM disputes WHERE id = ANY($1) ORDER BY id`, [[overdue.id, toWithdraw.id, toEscalate.id]]);
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [overdue.id]: 'DECLINED', [toWithdraw.id]: 'WITHDRAWN', [toEscalate.id]: 'ESCALATED' });
  });
});
