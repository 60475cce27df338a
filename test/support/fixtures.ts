import { randomBytes } from 'crypto';
import { CalendarOverride, chinaToday, nationalLastCoveredYear, WorkingDayCalendar } from '@app/platform';
import { TestApp } from './app';

export const PASSWORD = 'Passw0rd-test';

/**
 * Calendar years every tenant fixture declares published (publishCalendarYear), beyond the
 * national data of the `chinese-days` package (1.5.7 ends with 2026): each year after the
 * package's last one up to and including next year (China time).
 *
 * Why: tests open disputes and register center cases "now", and their working-day deadlines
 * (3 working days to settle, 7 + 5 of handling, 45 under Order 20, an acceptance rule of 9 …)
 * reach into next year from mid-December on. The product rightly refuses such a deadline
 * (CalendarNotPublishedError) unless the tenant declared the year, so without this the suite
 * fails depending on the day it runs. Covering this year and the next keeps any deadline up
 * to a year from "now" computable, e.g. 2026-12-29 + 3 working days or 2027-11-20 + 60 days.
 * When the package covers next year, nothing is declared.
 */
export function fixtureCalendarYears(today: string = chinaToday()): number[] {
  const years: number[] = [];
  for (let y = nationalLastCoveredYear() + 1; y <= Number(today.slice(0, 4)) + 1; y++) years.push(y);
  return years;
}

/**
 * The overrides a tenant fixture loads for each declared year. ASSUMPTION (test data, not the
 * State Council's notice): in such a year every Monday to Friday is a working day except New
 * Year's Day, the one holiday publishCalendarYear insists on. Tests need a computable deadline
 * there, not the true one; compute expected values with fixtureCalendar().
 */
export function fixtureCalendarOverrides(years: readonly number[] = fixtureCalendarYears()): CalendarOverride[] {
  return years.map((y) => ({ date: `${y}-01-01`, kind: 'HOLIDAY' as const, note: '测试假设：元旦' }));
}

/** The working-day calendar of a tenant fixture (national data + the declared years above). */
export function fixtureCalendar(): WorkingDayCalendar {
  const years = fixtureCalendarYears();
  return new WorkingDayCalendar({ overrides: fixtureCalendarOverrides(years), declaredYears: years });
}

export interface TenantFixtureOptions {
  /**
   * Declare fixtureCalendarYears() published (default true). false leaves the tenant with the
   * national calendar only, for tests of the refusal of an unpublished year.
   */
  publishCalendarYears?: boolean;
}

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
const SET_OVERRIDE = `mutation($date: Date!, $kind: CalendarDayKind!, $note: String) { setCalendarOverride(date: $date, kind: $kind, note: $note) { date } }`;
const PUBLISH_YEAR = `mutation($year: Int!) { publishCalendarYear(year: $year) { lastCoveredYear } }`;

/**
 * A tenant with a province → city → two counties (→ an office) tree and a user of every
 * role (station staff come with the stations fixtures), its calendar published through next
 * year (see fixtureCalendarYears). Each test makes its own.
 */
export async function createTenantFixture(t: TestApp, label = 'p', options: TenantFixtureOptions = {}): Promise<TenantFixture> {
  const code = `${label}-${randomBytes(3).toString('hex')}`;
  const admin = await t.adminToken();
  await t.ok(
    `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`,
    { i: { code, name: `${label} 省市场监督管理局`, rootOrgUnitName: '河北省市场监督管理局', rootLevel: 'PROVINCE', regionCode: '130000', adminUsername: 'tadmin', adminPassword: PASSWORD } },
    admin,
  );
  const tenantAdmin = await t.login('tadmin', PASSWORD, code);
  if (options.publishCalendarYears ?? true) {
    const years = fixtureCalendarYears();
    for (const o of fixtureCalendarOverrides(years)) await t.ok(SET_OVERRIDE, { ...o }, tenantAdmin);
    for (const year of years) await t.ok(PUBLISH_YEAR, { year }, tenantAdmin);
  }
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
