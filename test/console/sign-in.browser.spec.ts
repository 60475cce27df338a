import type { Page } from 'playwright-core';
import { ConsoleHarness, startConsoleHarness, TABLET } from '../support/browser';
import { createTenantFixture, PASSWORD, TenantFixture } from '../support/fixtures';
import { addStationStaff, createStation } from '../support/stations';
import { TEST_ADMIN_PASSWORD } from '../support/app';
import { chinaToday, nationalLastCoveredYear } from '@app/platform';

/** Sign-in shows each role its own sections and nothing else (issue 10, point 2). */
describe('console: sign-in and the sections of each role', () => {
  let h: ConsoleHarness;
  let f: TenantFixture;

  beforeAll(async () => {
    h = await startConsoleHarness();
    f = await createTenantFixture(h.t, 'web');
    const station = await createStation(h.t, f, { orgUnitId: f.units.countyA, category: 'SUPERMARKET', name: '顺尧超市消费维权服务站' });
    await addStationStaff(h.t, f, station, 'staff-1');
  });
  afterAll(() => h?.close());

  const isFocused = (page: Page, label: string) => page.getByLabel(label).evaluate((el) => el === document.activeElement);
  const navOf = async (page: Page) => page.getByRole('navigation', { name: '栏目' }).getByRole('link').allInnerTexts();

  it.each([
    ['staff-1', ['柜台'], '/counter', ['/stations', '/center', '/evaluation', '/statistics', '/admin']],
    ['officer-a', ['站点', '12315中心', '示范站评选', '统计'], '/stations', ['/counter', '/admin']],
    ['operator-city', ['12315中心', '统计'], '/center', ['/counter', '/stations', '/evaluation', '/admin']],
    ['evaluator-city', ['示范站评选'], '/evaluation', ['/counter', '/stations', '/center', '/statistics', '/admin']],
    ['tadmin', ['站点', '示范站评选', '统计', '用户'], '/stations', ['/counter', '/center']],
  ])('%s sees only their sections', async (username, sections, home, unreachable) => {
    const page = await h.newPage();
    await h.signIn(page, username, f.code);
    expect(await navOf(page)).toEqual(sections);
    // The landing page is the role's first section.
    await page.waitForURL((u) => u.pathname === home);
    const who = await page.locator('.who').innerText();
    expect(who).toContain(username);
    expect(who).toContain(`租户 ${f.code}`);
    await h.screenshot(page, `sign-in-${username}`);
    // Another role's section is not reachable by URL either.
    for (const path of unreachable) {
      await page.goto(`${h.baseUrl}${path}`);
      await page.getByRole('heading', { name: '页面不存在' }).waitFor();
    }
    await page.close();
  });

  it('the platform administrator has no sections; sign-out returns to the sign-in page', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'admin', null, TEST_ADMIN_PASSWORD);
    expect(await navOf(page)).toEqual([]);
    await page.getByText('平台管理员通过 API 创建租户').waitFor();
    await h.screenshot(page);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    // Signed out, a deep link leads to the sign-in page and back after signing in.
    await page.goto(`${h.baseUrl}/counter`);
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/counter');
    await page.close();
  });

  it('a wrong password shows the API message and code; keyboard only, at tablet width', async () => {
    const page = await h.newPage(TABLET);
    await page.goto(`${h.baseUrl}/sign-in`);
    // Keyboard: Tab moves through the labelled fields in order, Enter submits.
    await page.getByLabel('租户代码').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(f.code);
    await page.keyboard.press('Tab');
    expect(await isFocused(page, '用户名')).toBe(true);
    await page.keyboard.type('staff-1');
    await page.keyboard.press('Tab');
    expect(await isFocused(page, '密码')).toBe(true);
    await page.keyboard.type(`${PASSWORD}-wrong`);
    await page.keyboard.press('Enter');
    const alert = page.locator('.error-banner');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('UNAUTHENTICATED');
    await h.screenshot(page);
    // Then the right password signs in, still by keyboard.
    await page.getByLabel('密码').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    expect(await navOf(page)).toEqual(['柜台']);
    await h.screenshot(page, 'sign-in-tablet-staff');
    await page.close();
  });

  it('warns every user while the calendar year that deadlines reach is not published, and tells the tenant admin what to do', async () => {
    // The year needed now: this one, and from November on the next (as the console computes it).
    const today = chinaToday();
    const needed = Number(today.slice(5, 7)) >= 11 ? Number(today.slice(0, 4)) + 1 : Number(today.slice(0, 4));
    const bare = await createTenantFixture(h.t, 'webcal', { publishCalendarYears: false });
    const noticeOf = async (username: string, code: string) => {
      const page = await h.newPage();
      await h.signIn(page, username, code);
      await page.getByRole('navigation', { name: '栏目' }).waitFor();
      // The coverage query runs with the shell; give it the time of a round trip.
      await page.waitForLoadState('networkidle');
      const notice = page.getByTestId('calendar-notice');
      const text = (await notice.count()) ? await notice.innerText() : null;
      if (text) await h.screenshot(page, `calendar-notice-${username}`);
      await page.close();
      return text;
    };
    // A tenant that declared the years beyond the national data: no notice.
    expect(await noticeOf('tadmin', f.code)).toBeNull();
    // A tenant with the national data only: a notice exactly while that data stops short of the year needed.
    const missing = nationalLastCoveredYear() < needed;
    const admin = await noticeOf('tadmin', bare.code);
    const officer = await noticeOf('officer-a', bare.code);
    if (missing) {
      expect(admin).toContain(`${needed}年节假日安排尚未录入`);
      expect(admin).toContain('publishCalendarYear');
      expect(officer).toContain('请联系租户管理员');
    } else {
      expect([admin, officer]).toEqual([null, null]);
    }
  });
});
