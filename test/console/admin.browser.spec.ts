import type { Page } from 'playwright-core';
import { ConsoleHarness, startConsoleHarness } from '../support/browser';
import { createTenantFixture, PASSWORD, TenantFixture } from '../support/fixtures';
import { expectError } from '../support/access';
import { createStation } from '../support/stations';

type D = Record<string, any>;
const ME = `{ me { username roles } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;

/** User administration: the tenant admin in the browser against the real API. */
describe('console: users (tenant admin)', () => {
  let h: ConsoleHarness;
  let f: TenantFixture;
  let page: Page;

  const userRow = async (username: string) => (await h.t.sql<D>(`SELECT id, display_name, roles, org_unit_id, disabled FROM users WHERE username = $1`, [username]))[0];
  const row = (username: string) => page.locator(`table[aria-label="用户"] tbody tr[data-user="${username}"]`);
  const shownUsers = () => page.locator('table[aria-label="用户"] tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.user));

  beforeAll(async () => {
    h = await startConsoleHarness();
    f = await createTenantFixture(h.t, 'adm');
    page = await h.newPage();
    await h.signIn(page, 'tadmin', f.code);
    await page.getByRole('link', { name: '用户', exact: true }).click();
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
  });
  afterAll(() => h?.close());

  it('lists the accounts by username and filters them by text, role and unit', async () => {
    await row('officer-a').waitFor();
    const all = await shownUsers();
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['tadmin', 'officer-a', 'operator-a', 'evaluator-city']));
    await page.getByLabel('角色').selectOption('CENTER_OPERATOR');
    await row('officer-a').waitFor({ state: 'detached' });
    expect(await shownUsers()).toEqual(expect.arrayContaining(['operator-a', 'operator-city']));
    expect((await shownUsers()).every((u) => u?.startsWith('operator-'))).toBe(true);
    await page.getByLabel('单位').selectOption(f.units.countyA);
    await row('operator-city').waitFor({ state: 'detached' });
    expect(await shownUsers()).toEqual(['operator-a']);
    await page.getByLabel('角色').selectOption('');
    await page.getByLabel('单位').selectOption('');
    await page.getByLabel('用户名或姓名').fill('officer-');
    await page.getByLabel('用户名或姓名').press('Enter');
    await row('tadmin').waitFor({ state: 'detached' });
    expect(await shownUsers()).toEqual(['officer-a', 'officer-b', 'officer-city']);
    await page.getByLabel('用户名或姓名').fill('');
    await page.getByLabel('用户名或姓名').press('Enter');
    await row('tadmin').waitFor();
  });

  it('creates an account (a weak password said beside its field), which then signs in', async () => {
    await page.getByRole('button', { name: '新建用户' }).click();
    const form = page.getByRole('form', { name: '新建用户' });
    await form.getByLabel('用户名').fill('new-officer');
    await form.getByLabel('姓名').fill('新来的执法人员');
    await form.getByLabel('初始密码').fill('short');
    await form.getByLabel('所属单位').selectOption(f.units.countyB);
    await form.getByRole('button', { name: '创建' }).click();
    await form.locator('[data-field="password"] .field-error').waitFor();
    expect(await userRow('new-officer')).toBeUndefined();
    await form.getByLabel('初始密码').fill('Welcome-2026a');
    await form.getByRole('button', { name: '创建' }).click();
    await page.getByText('已新建用户 new-officer').waitFor();
    expect(await userRow('new-officer')).toMatchObject({ display_name: '新来的执法人员', roles: ['OFFICER'], org_unit_id: f.units.countyB, disabled: false });
    expect((await h.t.ok<D>(ME, {}, await h.t.login('new-officer', 'Welcome-2026a', f.code))).me.username).toBe('new-officer');
    await h.screenshot(page, 'admin-users-created');
  });

  it('edits roles and unit, resets a password and disables an account, whose token then stops', async () => {
    const token = await f.addUser('to-manage', ['OFFICER'], { orgUnitId: f.units.countyA });
    await page.reload();
    await row('to-manage').waitFor();

    await row('to-manage').getByRole('button', { name: '编辑' }).click();
    const edit = page.getByRole('form', { name: '编辑用户' });
    await edit.getByLabel('12315 中心人员').check();
    await edit.getByLabel('所属单位').selectOption(f.units.city);
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存 to-manage').waitFor();
    expect(await userRow('to-manage')).toMatchObject({ roles: ['OFFICER', 'CENTER_OPERATOR'], org_unit_id: f.units.city });
    expect((await h.t.ok<D>(ME, {}, token)).me.roles).toEqual(['OFFICER', 'CENTER_OPERATOR']);

    await row('to-manage').getByRole('button', { name: '重设密码' }).click();
    const reset = page.getByRole('form', { name: '重设密码' });
    await reset.getByLabel('新密码').fill('Reset-Passw0rd');
    await reset.getByRole('button', { name: '重设密码' }).click();
    await page.getByText('已为 to-manage 重设密码').waitFor();
    expectError(await h.t.gql(LOGIN, { i: { tenantCode: f.code, username: 'to-manage', password: PASSWORD } }), 'UNAUTHENTICATED');

    await row('to-manage').getByRole('button', { name: '停用' }).click();
    await page.getByRole('form', { name: '停用用户' }).getByRole('button', { name: '确认停用' }).click();
    await page.getByText('已停用 to-manage').waitFor();
    await row('to-manage').getByText('已停用').waitFor();
    expect((await userRow('to-manage')).disabled).toBe(true);
    expectError(await h.t.gql(ME, {}, token), 'UNAUTHENTICATED');
    // The admin's own row offers no 停用.
    expect(await row('tadmin').getByRole('button', { name: '停用' }).count()).toBe(0);

    await row('to-manage').getByRole('button', { name: '启用' }).click();
    await page.getByText('已启用 to-manage').waitFor();
    expect((await userRow('to-manage')).disabled).toBe(false);
    await h.screenshot(page, 'admin-users-managed');
  });

  it('gives a station its staff accounts from the station page; the new account signs in to the counter', async () => {
    const station = await createStation(h.t, f, { orgUnitId: f.units.countyA, category: 'SUPERMARKET', name: '顺尧超市消费维权服务站' });
    await page.goto(`${h.baseUrl}/stations/${station}`);
    await page.getByRole('heading', { name: '顺尧超市消费维权服务站' }).waitFor();
    const panel = page.getByTestId('station-staff');
    await panel.getByText('还没有工作人员账号。').waitFor();
    const form = panel.getByRole('form', { name: '添加工作人员账号' });
    await form.getByLabel('用户名').fill('shunyao-1');
    await form.getByLabel('姓名').fill('柜台值班员');
    await form.getByLabel('初始密码').fill('weak');
    await form.getByRole('button', { name: '添加' }).click();
    await form.locator('[data-field="password"] .field-error').waitFor();
    await form.getByLabel('初始密码').fill('Counter-2026a');
    await form.getByRole('button', { name: '添加' }).click();
    await panel.getByRole('list', { name: '工作人员账号' }).getByText('柜台值班员（shunyao-1）').waitFor();
    expect(await userRow('shunyao-1')).toMatchObject({ roles: ['STATION_STAFF'], org_unit_id: f.units.countyA, disabled: false });
    const me = (await h.t.ok<D>(`{ me { username roles station { id } } }`, {}, await h.t.login('shunyao-1', 'Counter-2026a', f.code))).me;
    expect(me).toEqual({ username: 'shunyao-1', roles: ['STATION_STAFF'], station: { id: station } });
    await h.screenshot(page, 'admin-station-staff');
  });
});
