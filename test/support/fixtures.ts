import { randomBytes } from 'crypto';
import { TestApp } from './app';

export const PASSWORD = 'Passw0rd-test';

export interface TenantFixture {
  code: string;
  units: { province: string; city: string; countyA: string; countyB: string; officeA: string };
  tokens: {
    tenantAdmin: string;
    officerCity: string;
    officerCountyA: string;
    officerCountyB: string;
    operatorCity: string;
    operatorCountyA: string;
    operatorCountyB: string;
    evaluatorCity: string;
  };
  userIds: Record<string, string>;
  /** Creates a user and returns its token. */
  addUser(username: string, roles: string[], opts?: { orgUnitId?: string; stationId?: string }): Promise<string>;
}

const CREATE_UNIT = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`;
const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;

/**
 * A tenant with a province → city → two counties (→ an office) tree and a user of every
 * role (station staff come with the stations fixtures). Each test makes its own.
 */
export async function createTenantFixture(t: TestApp, label = 'p'): Promise<TenantFixture> {
  const code = `${label}-${randomBytes(3).toString('hex')}`;
  const admin = await t.adminToken();
  await t.ok(
    `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`,
    { i: { code, name: `${label} 省市场监督管理局`, rootOrgUnitName: '河北省市场监督管理局', rootLevel: 'PROVINCE', regionCode: '130000', adminUsername: 'tadmin', adminPassword: PASSWORD } },
    admin,
  );
  const tenantAdmin = await t.login('tadmin', PASSWORD, code);
  const me = await t.ok<{ me: { orgUnit: { id: string } } }>(`{ me { orgUnit { id } } }`, {}, tenantAdmin);
  const province = me.me.orgUnit.id;
  const unit = async (parentId: string, name: string, level: string, regionCode: string) =>
    (await t.ok<{ createOrgUnit: { id: string } }>(CREATE_UNIT, { i: { parentId, name, level, regionCode } }, tenantAdmin)).createOrgUnit.id;
  const city = await unit(province, '保定市市场监督管理局', 'CITY', '130600');
  const countyA = await unit(city, '望都县市场监督管理局', 'COUNTY', '130631');
  const countyB = await unit(city, '顺平县市场监督管理局', 'COUNTY', '130636');
  const officeA = await unit(countyA, '望都县城关市场监管所', 'OFFICE', '130631');
  const userIds: Record<string, string> = {};
  const addUser: TenantFixture['addUser'] = async (username, roles, opts = {}) => {
    const res = await t.ok<{ createUser: { id: string } }>(
      CREATE_USER,
      { i: { username, password: PASSWORD, displayName: username, roles, ...opts } },
      tenantAdmin,
    );
    userIds[username] = res.createUser.id;
    return t.login(username, PASSWORD, code);
  };
  const tokens = {
    tenantAdmin,
    officerCity: await addUser('officer-city', ['OFFICER'], { orgUnitId: city }),
    officerCountyA: await addUser('officer-a', ['OFFICER'], { orgUnitId: countyA }),
    officerCountyB: await addUser('officer-b', ['OFFICER'], { orgUnitId: countyB }),
    operatorCity: await addUser('operator-city', ['CENTER_OPERATOR'], { orgUnitId: city }),
    operatorCountyA: await addUser('operator-a', ['CENTER_OPERATOR'], { orgUnitId: countyA }),
    operatorCountyB: await addUser('operator-b', ['CENTER_OPERATOR'], { orgUnitId: countyB }),
    evaluatorCity: await addUser('evaluator-city', ['EVALUATOR'], { orgUnitId: city }),
  };
  return { code, units: { province, city, countyA, countyB, officeA }, tokens, userIds, addUser };
}
