import { readFileSync } from 'fs';
import type { Page } from 'playwright-core';
import { CREDIT_CODE_ALPHABET } from '@app/platform';
import { ConsoleHarness, startConsoleHarness, TABLET } from '../support/browser';
import { createTenantFixture, TenantFixture } from '../support/fixtures';
import { createStation, INSPECTION_DATE, randomCreditCode } from '../support/stations';

type D = Record<string, any>;

/** A code with a wrong check character (the last one replaced by another of the alphabet). */
function badCreditCode(): string {
  const good = randomCreditCode();
  const other = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(good[17]) + 1) % CREDIT_CODE_ALPHABET.length];
  return good.slice(0, 17) + other;
}

/** The stations section (issue 10, point 4): an officer in the browser against the real API. */
describe('console: stations (officer)', () => {
  let h: ConsoleHarness;
  let f: TenantFixture;
  let page: Page;

  const stationRow = async (name: string) => (await h.t.sql<D>(`SELECT id, status, suspended_reason, revoked_reason FROM stations WHERE name = $1`, [name]))[0];
  const countStations = async () => (await h.t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM stations`))[0].n;
  const field = (p: Page, name: string) => p.locator(`[data-field="${name}"]`);
  const fillRegisterForm = async (p: Page, name: string, creditCode: string) => {
    await p.getByLabel('站点名称').fill(name);
    await p.getByLabel('类别').selectOption('SUPERMARKET');
    await p.getByLabel('建站企业').fill('望都县惠友商贸有限公司');
    await p.getByLabel('统一社会信用代码').fill(creditCode);
    await p.getByLabel('地址').fill('河北省保定市望都县中华大街 88 号');
    await p.getByLabel('联系人').fill('王经理');
    await p.getByLabel('联系电话').fill('0312-7721234');
  };

  beforeAll(async () => {
    h = await startConsoleHarness();
    f = await createTenantFixture(h.t, 'sta');
    page = await h.newPage();
    await h.signIn(page, 'officer-a', f.code);
  });
  afterAll(() => h?.close());

  it('an officer registers a station and approves it; the directory counts and finds it', async () => {
    await page.getByRole('link', { name: '站点', exact: true }).click();
    await page.getByRole('heading', { name: '站点名录' }).waitFor();
    await page.getByRole('link', { name: '登记站点' }).click();
    await fillRegisterForm(page, '惠友超市消费维权服务站', randomCreditCode());
    // The officer's own county is the default supervising unit.
    expect(await page.getByLabel('监管单位').inputValue()).toBe(f.units.countyA);
    await page.getByRole('button', { name: '登记', exact: true }).click();

    await page.getByRole('heading', { name: '惠友超市消费维权服务站' }).waitFor();
    await page.getByText('已登记，站点编号').waitFor();
    expect(await stationRow('惠友超市消费维权服务站')).toMatchObject({ status: 'PENDING' });
    // PENDING: approve or revoke; no suspend.
    expect(await page.getByRole('button', { name: '暂停' }).count()).toBe(0);

    await page.getByRole('button', { name: '批准' }).click();
    await page.getByRole('button', { name: '暂停' }).waitFor();
    expect(await page.locator('.page-header .badge').innerText()).toBe('正常');
    expect(await stationRow('惠友超市消费维权服务站')).toMatchObject({ status: 'ACTIVE' });
    await h.screenshot(page);

    // Directory: the count of active supermarkets, the search, the row.
    await page.getByRole('link', { name: '返回名录' }).click();
    const counts = page.getByTestId('category-counts');
    await counts.getByRole('button', { name: /超市\s*1/ }).waitFor();
    await page.getByLabel('搜索').fill('惠友');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/q=/);
    const rows = page.locator('table[aria-label="站点列表"] tbody tr');
    await rows.filter({ hasText: '惠友超市消费维权服务站' }).waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('望都县市场监督管理局');
    await h.screenshot(page, 'stations-directory');
  });

  it('a bad credit code shows the error beside its field and writes nothing (tablet width)', async () => {
    const tablet = await h.newPage(TABLET);
    try {
      await h.signIn(tablet, 'officer-a', f.code);
      await tablet.goto(`${h.baseUrl}/stations/new`);
      const before = await countStations();
      await fillRegisterForm(tablet, '伊祁山景区消费维权服务站', badCreditCode());
      await tablet.getByRole('button', { name: '登记', exact: true }).click();
      const error = field(tablet, 'hostCreditCode').locator('.field-error');
      await error.waitFor();
      expect(await error.innerText()).toContain('校验位');
      expect(await tablet.locator('.field-invalid').count()).toBe(1);
      expect(await field(tablet, 'hostCreditCode').locator('input').evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await countStations()).toBe(before);
      await h.screenshot(tablet);
    } finally {
      await tablet.close();
    }
  });

  it('inspection with a rectification order, its follow-up; suspend, resume and revoke', async () => {
    const id = await createStation(h.t, f, { orgUnitId: f.units.officeA, category: 'MARKET', name: '顺平北市场消费维权服务站' });
    await page.goto(`${h.baseUrl}/stations/${id}`);
    await page.getByRole('heading', { name: '顺平北市场消费维权服务站' }).waitFor();

    // Record an inspection: one item failed, one rectification order (first with a bad deadline).
    await page.getByRole('link', { name: '记录检查' }).click();
    await page.getByRole('radiogroup').first().waitFor();
    // A date inside the national calendar data: the order's deadline is counted on it.
    await page.getByLabel('检查日期').fill(INSPECTION_DATE);
    await page.getByRole('radiogroup').first().getByLabel('不合格').check();
    await page.getByRole('button', { name: '添加整改事项' }).click();
    await page.getByLabel('整改事项 1', { exact: true }).fill('补挂服务站标牌并公示 12315 电话');
    await page.getByLabel('期限（工作日）').fill('99');
    await page.getByRole('button', { name: '保存检查记录' }).click();
    const rowError = page.locator('.rectification-row .field-error');
    await rowError.waitFor();
    expect(await rowError.innerText()).toContain('最多 60 个工作日');
    expect(await h.t.sql(`SELECT 1 FROM station_inspections WHERE station_id = $1`, [id])).toHaveLength(0);
    await page.getByLabel('期限（工作日）').fill('5');
    await page.getByRole('button', { name: '保存检查记录' }).click();

    const open = page.getByTestId('open-rectifications');
    await open.getByText('补挂服务站标牌并公示 12315 电话').waitFor();
    const inspection = page.locator('article.inspection').first();
    expect(await inspection.innerText()).toContain('限期整改');
    expect(await inspection.innerText()).toContain('✗ 不合格：悬挂统一的服务站标牌');
    const [rect] = await h.t.sql<D>(`SELECT r.id, r.working_days, i.result FROM station_rectifications r JOIN station_inspections i ON i.id = r.inspection_id WHERE r.station_id = $1`, [id]);
    expect(rect).toMatchObject({ working_days: 5, result: 'RECTIFICATION_REQUIRED' });

    // Follow-up: the officer confirms the order was put right.
    await open.getByRole('button', { name: /^复查确认整改完毕/ }).click();
    await open.getByLabel('复查情况').fill('已复查，标牌已悬挂');
    await open.getByRole('button', { name: '确认整改完毕' }).click();
    await open.getByText('没有未完成的整改事项').waitFor();
    expect((await h.t.sql<D>(`SELECT closing_note FROM station_rectifications WHERE id = $1`, [rect.id]))[0].closing_note).toBe('已复查，标牌已悬挂');
    await inspection.getByText(/已于.*整改完毕/).waitFor();
    await h.screenshot(page, 'stations-inspection');

    // Suspend with a reason, resume, revoke.
    await page.getByRole('button', { name: '暂停' }).click();
    await page.getByLabel('暂停原因').fill('未按期上报投诉台账');
    await page.getByRole('button', { name: '确认暂停' }).click();
    await page.getByRole('button', { name: '恢复' }).waitFor();
    expect(await stationRow('顺平北市场消费维权服务站')).toMatchObject({ status: 'SUSPENDED', suspended_reason: '未按期上报投诉台账' });
    await page.getByRole('button', { name: '恢复' }).click();
    await page.getByRole('button', { name: '暂停' }).waitFor();
    expect((await stationRow('顺平北市场消费维权服务站')).status).toBe('ACTIVE');
    await page.getByRole('button', { name: '撤销' }).click();
    await page.getByLabel('撤销原因').fill('建站企业已注销');
    await page.getByRole('button', { name: '确认撤销' }).click();
    await page.getByText('本站点已撤销：建站企业已注销').waitFor();
    expect(await stationRow('顺平北市场消费维权服务站')).toMatchObject({ status: 'REVOKED', revoked_reason: '建站企业已注销' });
    expect(await page.getByRole('link', { name: '记录检查' }).count()).toBe(0);
    await h.screenshot(page);
  });

  it('CSV import lists every bad row and imports nothing; the corrected file imports; export downloads the directory', async () => {
    const header = '站点名称,类别,建站企业,统一社会信用代码,地址,联系人,联系电话,监管单位,设立日期';
    const a = randomCreditCode();
    const b = randomCreditCode();
    const bad = [
      header,
      `白银坨景区消费维权服务站,景区,白银坨旅游开发有限公司,${a},河北省保定市顺平县白银坨,赵六,13811112222,望都县市场监督管理局,2024-05-01`,
      `腰山王氏庄园景区消费维权服务站,景区,腰山旅游有限公司,${badCreditCode()},河北省保定市顺平县腰山镇,钱七,13822223333,,`,
      `顺尧超市消费维权服务站,超级,顺尧商贸有限公司,${b},河北省保定市望都县,孙八,13833334444,,`,
    ].join('\n');
    const before = await countStations();
    await page.goto(`${h.baseUrl}/stations`);
    await page.getByRole('link', { name: '导入 CSV' }).click();
    await page.getByLabel('选择 CSV 文件').setInputFiles({ name: 'stations.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await page.getByText('已读取 stations.csv，可在下方核对或修改。').waitFor();
    expect(await page.getByLabel('CSV 内容').inputValue()).toContain('白银坨景区');
    await page.getByLabel('默认监管单位').selectOption(f.units.countyA);
    await page.getByRole('button', { name: '导入', exact: true }).click();

    const table = page.getByTestId('row-errors');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(0, 2).join('|'))).toEqual(['第 3 行|统一社会信用代码', '第 4 行|类别']);
    expect(rows[0]).toContain('校验位');
    expect(await field(page, 'csv').locator('.field-error').innerText()).toContain('未导入任何站点');
    expect(await countStations()).toBe(before);
    await h.screenshot(page, 'stations-import-errors');

    const fixed = bad.replace(/(腰山旅游有限公司,)[^,]+/, `$1${randomCreditCode()}`).replace(',超级,', ',超市,');
    await page.getByLabel('CSV 内容').fill(fixed);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByText('已导入 3 个站点。').waitFor();
    expect(await page.getByTestId('row-errors').count()).toBe(0);
    const imported = await h.t.sql<D>(`SELECT name, status FROM stations WHERE name LIKE '%景区%' OR name LIKE '顺尧%' ORDER BY name`);
    expect(imported).toEqual([
      { name: '白银坨景区消费维权服务站', status: 'PENDING' },
      { name: '腰山王氏庄园景区消费维权服务站', status: 'PENDING' },
      { name: '顺尧超市消费维权服务站', status: 'PENDING' },
    ]);
    expect(await countStations()).toBe(before + 3);
    await h.screenshot(page);

    // Export of the filtered directory (pending scenic-area stations): the API's CSV, downloaded.
    await page.goto(`${h.baseUrl}/stations?category=SCENIC_AREA&status=PENDING`);
    await page.locator('table[aria-label="站点列表"] tbody tr').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^站点名录-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toContain('站点名称');
    expect(csv).toContain('白银坨景区消费维权服务站');
    expect(csv).toContain('腰山王氏庄园景区消费维权服务站');
    expect(csv).not.toContain('顺尧超市');
  });
});
