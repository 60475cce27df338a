import { readFileSync } from 'fs';
import type { Page } from 'playwright-core';
import { PeriodicReportsService } from '@app/reporting';
import { ConsoleHarness, startConsoleHarness, TABLET } from '../support/browser';
import { createTenantFixture, TenantFixture } from '../support/fixtures';
import { addStationStaff, createStation } from '../support/stations';

type D = Record<string, any>;

const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const SETTLE = `mutation($id: ID!, $i: SettleDisputeInput!) { settleDispute(id: $id, input: $i) { id } }`;
const REGISTER = `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`;
const ACCEPT = `mutation($id: ID!) { acceptCase(id: $id) { id } }`;
const ASSIGN = `mutation($id: ID!, $u: ID!) { assignCase(id: $id, orgUnitId: $u) { id } }`;
const CLOSE = `mutation($id: ID!, $i: CloseCaseInput!) { closeCase(id: $id, input: $i) { id } }`;
const STATS = `query($p: PeriodInput!) { statistics(period: $p) { from to consultations complaints reports accepted closed closureRate stationDisputes stationSettled settlementRate amountRecovered } }`;

/** An instant given as China local time (UTC+8). */
const cn = (local: string) => new Date(`${local}+08:00`).toISOString();

/** The statistics page (issue 10, point 7): period picker, figures, charts, hot spots, exports. */
describe('console: statistics', () => {
  let h: ConsoleHarness;
  let f: TenantFixture;
  let phoneSeq = 0;
  const phone = () => `137${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;

  /** Opens a dispute (settled when asked), then moves its times into the past (owner SQL, as test/reporting.e2e.spec.ts). */
  const dispute = async (station: string, staff: string, o: { openedAt: string; issueType: string; settle?: { at: string; amount: string } }) => {
    const i = { stationId: station, consumerName: '李四', consumerPhone: phone(), subject: '商品质量问题', description: '购买后发现质量问题', claimType: 'REFUND', issueType: o.issueType };
    const { id } = (await h.t.ok<D>(OPEN, { i }, staff)).openDispute;
    if (o.settle) await h.t.ok(SETTLE, { id, i: { agreement: '商家退款', amountRecovered: o.settle.amount } }, staff);
    await h.t.sql(`UPDATE disputes SET opened_at = $2, settle_by = $2::timestamptz + interval '7 days', settled_at = CASE WHEN settled_at IS NULL THEN NULL ELSE $3::timestamptz END WHERE id = $1`, [
      id,
      o.openedAt,
      o.settle?.at ?? null,
    ]);
  };

  /** Registers a center case at county A, optionally accepts and closes it, then moves its times. */
  const centerCase = async (o: { type: string; channel: string; receivedAt: string; respondentName: string; acceptedAt?: string; close?: { at: string; amount: string } }) => {
    const token = f.tokens.operatorCity;
    const i = { type: o.type, channel: o.channel, subject: '投诉商家', description: '商家拒绝退款', complainantName: '王五', complainantPhone: phone(), orgUnitId: f.units.countyA, respondentName: o.respondentName };
    const { id } = (await h.t.ok<D>(REGISTER, { i }, token)).registerCase;
    if (o.acceptedAt) await h.t.ok(ACCEPT, { id }, token);
    if (o.close) {
      await h.t.ok(ASSIGN, { id, u: f.units.countyA }, token);
      await h.t.ok(CLOSE, { id, i: { outcome: 'MEDIATED', amountRecovered: o.close.amount, note: '调解成功' } }, token);
    }
    await h.t.sql(`UPDATE center_cases SET received_at = $2, accepted_at = $3, closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE $4::timestamptz END WHERE id = $1`, [
      id,
      o.receivedAt,
      o.acceptedAt ?? null,
      o.close?.at ?? null,
    ]);
  };

  beforeAll(async () => {
    h = await startConsoleHarness();
    f = await createTenantFixture(h.t, 'wst');
    const [mall, market] = await Promise.all([
      createStation(h.t, f, { orgUnitId: f.units.countyA, category: 'MALL', name: '惠友商场消费维权服务站' }),
      createStation(h.t, f, { orgUnitId: f.units.countyB, category: 'SUPERMARKET', name: '顺尧超市消费维权服务站' }),
    ]);
    const [staffMall, staffMarket] = await Promise.all([addStationStaff(h.t, f, mall, 'staff-mall'), addStationStaff(h.t, f, market, 'staff-market')]);
    // March 2026 (China time): three station disputes, two settled; one February dispute outside the month.
    await dispute(mall, staffMall, { openedAt: cn('2026-03-02T09:00:00'), issueType: 'QUALITY', settle: { at: cn('2026-03-03T10:00:00'), amount: '100.00' } });
    await dispute(mall, staffMall, { openedAt: cn('2026-03-10T09:00:00'), issueType: 'PRICE' });
    await dispute(market, staffMarket, { openedAt: cn('2026-03-15T09:00:00'), issueType: 'QUALITY', settle: { at: cn('2026-03-16T10:00:00'), amount: '50.50' } });
    await dispute(mall, staffMall, { openedAt: cn('2026-02-20T09:00:00'), issueType: 'FOOD_SAFETY', settle: { at: cn('2026-02-21T10:00:00'), amount: '999.00' } });
    // Center cases in March: a consultation, a complaint accepted and closed with 200 yuan recovered, a report.
    await centerCase({ type: 'CONSULTATION', channel: 'PHONE', receivedAt: cn('2026-03-05T09:00:00'), respondentName: '某家电商行' });
    await centerCase({
      type: 'COMPLAINT',
      channel: 'PHONE',
      receivedAt: cn('2026-03-06T09:00:00'),
      respondentName: '某家电商行',
      acceptedAt: cn('2026-03-06T10:00:00'),
      close: { at: cn('2026-03-20T10:00:00'), amount: '200.00' },
    });
    await centerCase({ type: 'REPORT', channel: 'WEB', receivedAt: cn('2026-03-07T09:00:00'), respondentName: '某餐馆' });
  });
  afterAll(() => h?.close());

  const figure = async (page: Page, name: string) => (await page.locator(`[data-figure="${name}"] dd`).innerText()).trim();
  const range = (page: Page) => page.locator('.period-range');

  it('an operator picks a month and sees its figures, a chart and the hot spots; exports the figures', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'operator-city', f.code);
    await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '统计' }).click();
    await page.getByLabel('周期', { exact: true }).waitFor();
    expect(await page.getByLabel('周期', { exact: true }).inputValue()).toBe('MONTH');
    await page.getByLabel('年度', { exact: true }).selectOption('2026');
    await page.getByLabel('月份', { exact: true }).selectOption('3');
    await range(page).filter({ hasText: '2026年3月1日 – 2026年3月31日' }).waitFor();
    // Wait for the figures of the chosen month (the previous view may still be shown until they arrive).
    await page.locator('[data-figure="服务站纠纷"] dd', { hasText: /^3$/ }).waitFor();

    const expected: Record<string, string> = {
      咨询: '1',
      投诉: '1',
      举报: '1',
      受理: '1',
      办结: '1',
      办结率: '33.33%', // of the three received in March, the complaint is closed
      服务站纠纷: '3',
      和解: '2',
      和解率: '66.67%',
      挽回经济损失: '¥350.50',
    };
    for (const [name, value] of Object.entries(expected)) expect([name, await figure(page, name)]).toEqual([name, value]);
    // The same figures as the API's statistics query for that month.
    const api = (await h.t.ok<D>(STATS, { p: { kind: 'MONTH', anchor: '2026-03-15' } }, f.tokens.operatorCity)).statistics;
    expect(api).toMatchObject({ from: '2026-03-01', to: '2026-03-31', consultations: 1, complaints: 1, reports: 1, stationDisputes: 3, stationSettled: 2, amountRecovered: '350.50' });

    // The category chart is drawn (SVG: its labels are text) with the month's counts.
    const chart = page.locator('figure[data-chart="服务站纠纷 · 按站点类别"]');
    await chart.locator('svg').waitFor();
    const svgText = await chart.locator('svg').textContent();
    expect(svgText).toContain('商场');
    expect(svgText).toContain('超市');
    const described = await chart.locator('[role="img"]').getAttribute('aria-label');
    expect(described).toContain('商场 2 件');
    expect(described).toContain('超市 1 件');
    // Its figures as a table, for keyboard and screen-reader users.
    await chart.locator('summary').click();
    expect(await chart.locator('tbody tr', { hasText: '商场' }).innerText()).toContain('2');

    // Hot spots: quality twice this month, none in February.
    const hot = page.getByRole('table', { name: '热点问题类别' });
    const quality = (await hot.locator('tbody tr', { hasText: '质量' }).innerText()).split('\t').map((s) => s.trim());
    expect(quality.slice(0, 3)).toEqual(['质量', '2', '0']);
    expect(await page.getByRole('table', { name: '热点被投诉方' }).innerText()).toContain('某家电商行');
    await h.screenshot(page);

    // Export the figures as shown (fetch with the bearer token, saved from a blob).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出统计（CSV）' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^统计数据_.*2026-03-01_2026-03-31\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('服务站纠纷');
    expect(csv).toContain('350.50');
    await page.getByText(/已下载 统计数据_/).waitFor();
    const [ledger] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出投诉受理台账（CSV）' }).click()]);
    const ledgerCsv = readFileSync((await ledger.path())!, 'utf8');
    expect(ledgerCsv).toContain('某家电商行');
    expect(ledgerCsv.trim().split(/\r?\n/)).toHaveLength(1 + 3); // header + the three March cases

    // The stored monthly reports, with their due times: March's by 10:00 of April 1 (a working day).
    await h.t.app.get(PeriodicReportsService).generate(new Date('2026-04-01T00:10:00+08:00'));
    await page.reload();
    const reports = page.getByRole('table', { name: '定期报告' });
    const march = reports.locator('tbody tr', { hasText: '2026年3月1日 – 2026年3月31日' });
    await march.waitFor();
    const cells = (await march.innerText()).split('\t').map((c) => c.trim());
    expect(cells[2]).toBe('2026年4月1日 10:00');
    expect(cells.slice(3, 6)).toEqual(['1', '1', '33.33%']);
    await page.close();
  });

  it('quarter, half year (Dec–May) and year (Dec–Nov) at tablet width, keyboard only', async () => {
    const page = await h.newPage(TABLET);
    await h.signIn(page, 'officer-city', f.code);
    await page.goto(`${h.baseUrl}/statistics?period=MONTH&date=2026-03-01`);
    await range(page).filter({ hasText: '2026年3月1日 – 2026年3月31日' }).waitFor();

    // The picker is reachable and operable from the keyboard.
    await page.getByLabel('周期', { exact: true }).focus();
    await page.keyboard.press('ArrowDown'); // 月 → 季度
    await range(page).filter({ hasText: '2026年1月1日 – 2026年3月31日' }).waitFor();
    await page.keyboard.press('ArrowDown'); // → 半年: the half containing March is Dec 1 – May 31
    await range(page).filter({ hasText: '2025年12月1日 – 2026年5月31日' }).waitFor();
    expect(await page.getByLabel('半年', { exact: true }).inputValue()).toBe('1');
    await page.getByLabel('半年', { exact: true }).selectOption('2');
    await range(page).filter({ hasText: '2026年6月1日 – 2026年11月30日' }).waitFor();
    await page.getByLabel('周期', { exact: true }).selectOption('YEAR');
    await range(page).filter({ hasText: '2025年12月1日 – 2026年11月30日' }).waitFor();
    // The year's figures include February's dispute: four station disputes, three settled.
    await page.locator('[data-figure="服务站纠纷"] dd', { hasText: /^4$/ }).waitFor();
    expect(await figure(page, '和解率')).toBe('75.00%');
    expect(await figure(page, '挽回经济损失')).toBe('¥1,349.50');

    // County A alone: county B's supermarket drops out.
    await page.getByLabel('单位', { exact: true }).selectOption(f.units.countyA);
    await page.locator('[data-figure="服务站纠纷"] dd', { hasText: /^3$/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('orgUnitId')).toBe(f.units.countyA);
    await page.locator('figure[data-chart="服务站纠纷 · 按站点类别"] svg').waitFor();
    await h.screenshot(page);
    await page.close();
  });
});
