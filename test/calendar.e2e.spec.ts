import { startTestApp, TestApp } from './support/app';
import { createTenantFixture, TenantFixture } from './support/fixtures';
import { expectAccessDenied, expectError } from './support/access';

const WDA = `query($from: Date!, $days: Int!) { workingDaysAfter(from: $from, days: $days) }`;
const COVERAGE = `{ calendarCoverage { nationalFirstYear nationalLastYear publishedYears lastCoveredYear } }`;
const LIST = `query($year: Int!) { calendarOverrides(year: $year) { date kind note updatedAt } }`;
const SET = `mutation($date: Date!, $kind: CalendarDayKind!, $note: String) { setCalendarOverride(date: $date, kind: $kind, note: $note) { date kind note } }`;
const REMOVE = `mutation($date: Date!) { removeCalendarOverride(date: $date) { date kind } }`;
const PUBLISH = `mutation($year: Int!) { publishCalendarYear(year: $year) { publishedYears lastCoveredYear } }`;
const UNPUBLISH = `mutation($year: Int!) { unpublishCalendarYear(year: $year) { publishedYears lastCoveredYear } }`;
const RULE_FIELDS = `key label startsOn unit days extensionDays verified summary source note overridden`;
const RULEBOOK = `query($at: DateTime) { rulebook(at: $at) { versionId preset presetName effectiveFrom rules { ${RULE_FIELDS} } } }`;
const PRESETS = `{ rulebookPresets { id name effectiveFrom effectiveTo note rules { ${RULE_FIELDS} } } }`;
const SWITCH = `mutation($preset: RulebookPresetId!) { switchRulebookPreset(preset: $preset) { versionId preset effectiveFrom rules { ${RULE_FIELDS} } } }`;
const OVERRIDE = `mutation($key: DeadlineRuleKey!, $days: Int!, $unit: DayUnit!, $ext: Int) { overrideRule(key: $key, days: $days, unit: $unit, extensionDays: $ext) { versionId preset rules { ${RULE_FIELDS} } } }`;

interface RuleView {
  key: string;
  days: number;
  unit: string;
  extensionDays: number | null;
  verified: boolean;
  summary: string;
  overridden: boolean;
}
const rule = (rules: RuleView[], key: string) => rules.find((r) => r.key === key)!;

describe('calendar (e2e)', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let tenantA: string;
  let tenantB: string;

  const wda = async (from: string, days: number, token: string) => (await t.ok<{ workingDaysAfter: string }>(WDA, { from, days }, token)).workingDaysAfter;
  const count = async (table: string, tenantId?: string) =>
    (await t.sql<{ n: number }>(`select count(*)::int n from ${table}${tenantId ? ' where tenant_id = $1' : ''}`, tenantId ? [tenantId] : []))[0].n;
  const audits = (action: string, tenantId: string) =>
    t.sql<{ entity_id: string; details: Record<string, unknown>; actor_name: string }>(
      `select entity_id, details, actor_name from audit_events where action = $1 and tenant_id = $2 order by at, id`,
      [action, tenantId],
    );
  const tenantIdOf = async (code: string) => (await t.sql<{ id: string }>(`select id from tenants where code = $1`, [code]))[0].id;

  beforeAll(async () => {
    t = await startTestApp();
    // National calendar only: these tests publish and withdraw 2027 themselves and check that
    // an undeclared year is refused.
    a = await createTenantFixture(t, 'a', { publishCalendarYears: false });
    b = await createTenantFixture(t, 'b', { publishCalendarYears: false });
    tenantA = await tenantIdOf(a.code);
    tenantB = await tenantIdOf(b.code);
  });
  afterAll(() => t?.close());

  describe('workingDaysAfter', () => {
    it('holds the examples of issue 5 for every signed-in user, the platform admin included', async () => {
      for (const token of [a.tokens.officerCountyA, a.tokens.operatorCity, a.tokens.evaluatorCity, a.tokens.tenantAdmin, await t.adminToken()]) {
        expect(await wda('2025-09-30', 7, token)).toBe('2025-10-16'); // National Day; Saturday 10-11 worked
        expect(await wda('2025-01-24', 2, token)).toBe('2025-01-27'); // Sunday 01-26 worked
      }
    });

    it('does not count the start day; 0 days returns from', async () => {
      expect(await wda('2025-10-15', 1, a.tokens.officerCity)).toBe('2025-10-16');
      expect(await wda('2025-10-04', 0, a.tokens.officerCity)).toBe('2025-10-04');
      expect(await wda('2025-10-04', 1, a.tokens.officerCity)).toBe('2025-10-09');
    });

    it('refuses negative, too large and malformed input naming the argument', async () => {
      expectError(await t.gql(WDA, { from: '2025-09-30', days: -1 }, a.tokens.officerCity), 'BAD_USER_INPUT', 'days');
      expectError(await t.gql(WDA, { from: '2025-09-30', days: 100000 }, a.tokens.officerCity), 'BAD_USER_INPUT', 'days');
      expectError(await t.gql(WDA, { from: '2025-02-30', days: 1 }, a.tokens.officerCity), 'BAD_USER_INPUT');
      expectError(await t.gql(WDA, { from: '2025/01/01', days: 1 }, a.tokens.officerCity), 'BAD_USER_INPUT');
      expectError(await t.gql(`{ workingDaysAfter(from: "2025-13-01", days: 1) }`, {}, a.tokens.officerCity), 'BAD_USER_INPUT');
    });

    it('refuses a result that needs an unpublished year, saying which', async () => {
      expect(await wda('2026-12-25', 4, a.tokens.officerCity)).toBe('2026-12-31');
      const res = await t.gql(WDA, { from: '2026-12-25', days: 5 }, a.tokens.officerCity);
      expectError(res, 'BAD_USER_INPUT', 'days');
      expect(res.errors![0].message).toBe('2027年节假日安排尚未发布，无法计算工作日');
      expect(res.errors![0].extensions!.year).toBe(2027);
      const fromUncovered = await t.gql(WDA, { from: '2030-03-01', days: 1 }, await t.adminToken());
      expectError(fromUncovered, 'BAD_USER_INPUT', 'from');
      expect(fromUncovered.errors![0].message).toMatch(/^2030年节假日安排尚未发布/);
    });

    it('requires signing in', async () => {
      expectError(await t.gql(WDA, { from: '2025-09-30', days: 7 }), 'UNAUTHENTICATED');
    });

    it("uses the caller's tenant overrides, never another tenant's, and sees changes at once", async () => {
      await t.ok(SET, { date: '2025-10-13', kind: 'HOLIDAY', note: '地方性假日' }, a.tokens.tenantAdmin);
      await t.ok(SET, { date: '2025-10-18', kind: 'WORKDAY', note: '补班' }, b.tokens.tenantAdmin);
      // A: Monday 10-13 off, so the 7th working day moves to Friday 10-17.
      expect(await wda('2025-09-30', 7, a.tokens.officerCity)).toBe('2025-10-17');
      expect(await wda('2025-09-30', 7, a.tokens.tenantAdmin)).toBe('2025-10-17');
      // B: unaffected by A's holiday; its Saturday 10-18 is a working day.
      expect(await wda('2025-09-30', 7, b.tokens.officerCity)).toBe('2025-10-16');
      expect(await wda('2025-10-17', 1, b.tokens.officerCity)).toBe('2025-10-18');
      expect(await wda('2025-10-17', 1, a.tokens.officerCity)).toBe('2025-10-20');
      // The platform admin: the national calendar.
      expect(await wda('2025-09-30', 7, await t.adminToken())).toBe('2025-10-16');
      // Changing a date back takes effect at once (cache invalidated by the revision).
      await t.ok(SET, { date: '2025-10-13', kind: 'WORKDAY' }, a.tokens.tenantAdmin);
      expect(await wda('2025-09-30', 7, a.tokens.officerCity)).toBe('2025-10-16');
      await t.ok(REMOVE, { date: '2025-10-13' }, a.tokens.tenantAdmin);
      await t.ok(REMOVE, { date: '2025-10-18' }, b.tokens.tenantAdmin);
      expect(await wda('2025-10-17', 1, b.tokens.officerCity)).toBe('2025-10-20');
    });
  });

  describe('setCalendarOverride', () => {
    it('sets a day, replaces it when set again, audited each time', async () => {
      const res = await t.ok(SET, { date: '2025-05-06', kind: 'HOLIDAY', note: '  本地庙会  ' }, a.tokens.tenantAdmin);
      expect(res.setCalendarOverride).toEqual({ date: '2025-05-06', kind: 'HOLIDAY', note: '本地庙会' });
      const again = await t.ok(SET, { date: '2025-05-06', kind: 'WORKDAY', note: null }, a.tokens.tenantAdmin);
      expect(again.setCalendarOverride).toEqual({ date: '2025-05-06', kind: 'WORKDAY', note: null });
      const rows = await t.sql(`select id, kind, note, tenant_id from calendar_overrides where date = '2025-05-06'`);
      expect(rows).toEqual([{ id: expect.any(String), kind: 'WORKDAY', note: null, tenant_id: tenantA }]);
      const audit = (await audits('calendar.setOverride', tenantA)).filter((r) => r.details.date === '2025-05-06');
      expect(audit).toHaveLength(2);
      expect(audit[1]).toMatchObject({ entity_id: rows[0].id, actor_name: 'tadmin', details: { kind: 'WORKDAY', previous: { kind: 'HOLIDAY', note: '本地庙会' } } });
      await t.ok(REMOVE, { date: '2025-05-06' }, a.tokens.tenantAdmin);
    });

    it('refuses bad input naming the field, writing nothing', async () => {
      const before = [await count('calendar_overrides'), await count('audit_events')];
      expectError(await t.gql(SET, { date: '2025-05-06', kind: 'HOLIDAY', note: '长'.repeat(201) }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'note');
      expectError(await t.gql(SET, { date: '1999-05-06', kind: 'HOLIDAY' }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'date');
      expectError(await t.gql(SET, { date: '2025-02-29', kind: 'HOLIDAY' }, a.tokens.tenantAdmin), 'BAD_USER_INPUT');
      // Values the schema itself rejects (enum, Date scalar) fail variable coercion: BAD_USER_INPUT
      // with a Chinese message and the variable named in extensions.field.
      const coerced = await t.gql(SET, { date: '2025-05-06', kind: 'DAY_OFF' }, a.tokens.tenantAdmin);
      expectError(coerced, 'BAD_USER_INPUT', 'kind');
      expect(coerced.errors![0].message).toBe('取值无效');
      expect([await count('calendar_overrides'), await count('audit_events')]).toEqual(before);
    });

    it('is for the tenant admin only', async () => {
      await expectAccessDenied(t, {
        query: SET,
        variables: { date: '2025-05-07', kind: 'HOLIDAY' },
        forbidden: [a.tokens.officerCity, a.tokens.operatorCity, a.tokens.evaluatorCity, await t.adminToken()],
        unchanged: () => count('calendar_overrides'),
      });
    });
  });

  describe('calendarOverrides', () => {
    it("lists the year's overrides by date, never another tenant's", async () => {
      await t.ok(SET, { date: '2025-12-31', kind: 'HOLIDAY', note: 'A 年末' }, a.tokens.tenantAdmin);
      await t.ok(SET, { date: '2025-03-01', kind: 'WORKDAY', note: 'A 补班' }, a.tokens.tenantAdmin);
      await t.ok(SET, { date: '2026-01-05', kind: 'HOLIDAY' }, a.tokens.tenantAdmin);
      await t.ok(SET, { date: '2025-06-03', kind: 'HOLIDAY', note: 'B 的' }, b.tokens.tenantAdmin);
      const listA = (await t.ok(LIST, { year: 2025 }, a.tokens.tenantAdmin)).calendarOverrides;
      expect(listA.map((o: { date: string; kind: string }) => [o.date, o.kind])).toEqual([
        ['2025-03-01', 'WORKDAY'],
        ['2025-12-31', 'HOLIDAY'],
      ]);
      expect((await t.ok(LIST, { year: 2025 }, b.tokens.tenantAdmin)).calendarOverrides.map((o: { date: string }) => o.date)).toEqual(['2025-06-03']);
      expect((await t.ok(LIST, { year: 2024 }, a.tokens.tenantAdmin)).calendarOverrides).toEqual([]);
      for (const d of ['2025-12-31', '2025-03-01', '2026-01-05']) await t.ok(REMOVE, { date: d }, a.tokens.tenantAdmin);
      await t.ok(REMOVE, { date: '2025-06-03' }, b.tokens.tenantAdmin);
    });

    it('refuses a year out of range naming year', async () => {
      expectError(await t.gql(LIST, { year: 20255 }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'year');
    });

    it('is for the tenant admin only', async () => {
      await expectAccessDenied(t, { query: LIST, variables: { year: 2025 }, forbidden: [a.tokens.officerCity, a.tokens.operatorCountyA, await t.adminToken()] });
    });
  });

  describe('removeCalendarOverride', () => {
    it('removes the override, audited', async () => {
      await t.ok(SET, { date: '2025-08-08', kind: 'HOLIDAY' }, a.tokens.tenantAdmin);
      const res = await t.ok(REMOVE, { date: '2025-08-08' }, a.tokens.tenantAdmin);
      expect(res.removeCalendarOverride).toEqual({ date: '2025-08-08', kind: 'HOLIDAY' });
      expect(await t.sql(`select 1 from calendar_overrides where date = '2025-08-08'`)).toEqual([]);
      expect((await audits('calendar.removeOverride', tenantA)).filter((r) => r.details.date === '2025-08-08')).toHaveLength(1);
    });

    it('is NOT_FOUND for a date without override, and for a date only another tenant overrode', async () => {
      expectError(await t.gql(REMOVE, { date: '2025-08-09' }, a.tokens.tenantAdmin), 'NOT_FOUND', 'date');
      await t.ok(SET, { date: '2025-08-10', kind: 'WORKDAY' }, b.tokens.tenantAdmin);
      await expectAccessDenied(t, {
        query: REMOVE,
        variables: { date: '2025-08-10' },
        otherTenant: a.tokens.tenantAdmin,
        forbidden: [b.tokens.officerCity, b.tokens.evaluatorCity],
        unchanged: () => count('calendar_overrides', tenantB),
      });
      expect(await t.sql(`select tenant_id from calendar_overrides where date = '2025-08-10'`)).toEqual([{ tenant_id: tenantB }]);
      await t.ok(REMOVE, { date: '2025-08-10' }, b.tokens.tenantAdmin);
    });

    it('refuses a malformed date', async () => {
      expectError(await t.gql(REMOVE, { date: '2025-8-10' }, a.tokens.tenantAdmin), 'BAD_USER_INPUT');
    });
  });

  describe('publishCalendarYear, unpublishCalendarYear, calendarCoverage', () => {
    it('coverage: the national years for everyone, the platform admin included', async () => {
      const cov = (await t.ok(COVERAGE, {}, a.tokens.officerCity)).calendarCoverage;
      expect(cov).toEqual({ nationalFirstYear: 2004, nationalLastYear: 2026, publishedYears: [], lastCoveredYear: 2026 });
      expect((await t.ok(COVERAGE, {}, await t.adminToken())).calendarCoverage.lastCoveredYear).toBe(2026);
    });

    it("publishes next year once its holidays are loaded; only for that tenant; audited", async () => {
      expectError(await t.gql(WDA, { from: '2026-12-25', days: 10 }, a.tokens.officerCity), 'BAD_USER_INPUT', 'days');
      await t.ok(SET, { date: '2027-01-01', kind: 'HOLIDAY', note: '元旦' }, a.tokens.tenantAdmin);
      // Overrides alone do not publish a year.
      expectError(await t.gql(WDA, { from: '2026-12-25', days: 10 }, a.tokens.officerCity), 'BAD_USER_INPUT', 'days');
      const res = await t.ok(PUBLISH, { year: 2027 }, a.tokens.tenantAdmin);
      expect(res.publishCalendarYear).toEqual({ publishedYears: [2027], lastCoveredYear: 2027 });
      expect(await wda('2026-12-25', 10, a.tokens.officerCity)).toBe('2027-01-11');
      expectError(await t.gql(WDA, { from: '2026-12-25', days: 10 }, b.tokens.officerCity), 'BAD_USER_INPUT', 'days');
      expect((await t.ok(COVERAGE, {}, b.tokens.officerCity)).calendarCoverage.publishedYears).toEqual([]);
      expect(await audits('calendar.publishYear', tenantA)).toEqual([expect.objectContaining({ details: { year: 2027, holidayOverrides: 1 } })]);
    });

    it('refuses a covered, out-of-range, empty or already published year, writing nothing', async () => {
      const before = [await count('calendar_years'), await count('audit_events')];
      expectError(await t.gql(PUBLISH, { year: 2026 }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'year');
      expectError(await t.gql(PUBLISH, { year: 1999 }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'year');
      const empty = await t.gql(PUBLISH, { year: 2028 }, a.tokens.tenantAdmin);
      expectError(empty, 'BAD_USER_INPUT', 'year');
      expect(empty.errors![0].message).toMatch(/请先录入2028年的节假日/);
      expectError(await t.gql(PUBLISH, { year: 2027 }, a.tokens.tenantAdmin), 'CONFLICT', 'year');
      expect([await count('calendar_years'), await count('audit_events')]).toEqual(before);
    });

    it('publish is for the tenant admin only', async () => {
      await t.ok(SET, { date: '2028-01-01', kind: 'HOLIDAY' }, a.tokens.tenantAdmin);
      await expectAccessDenied(t, {
        query: PUBLISH,
        variables: { year: 2028 },
        forbidden: [a.tokens.officerCity, a.tokens.operatorCity, await t.adminToken()],
        unchanged: () => count('calendar_years'),
      });
      await t.ok(REMOVE, { date: '2028-01-01' }, a.tokens.tenantAdmin);
    });

    it('unpublish: NOT_FOUND for another tenant and an undeclared year, FORBIDDEN for other roles, then withdraws', async () => {
      await expectAccessDenied(t, {
        query: UNPUBLISH,
        variables: { year: 2027 },
        otherTenant: b.tokens.tenantAdmin,
        forbidden: [a.tokens.officerCity, a.tokens.evaluatorCity],
        unchanged: () => count('calendar_years'),
      });
      expectError(await t.gql(UNPUBLISH, { year: 2029 }, a.tokens.tenantAdmin), 'NOT_FOUND', 'year');
      expectError(await t.gql(UNPUBLISH, { year: 3000 }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'year');
      const res = await t.ok(UNPUBLISH, { year: 2027 }, a.tokens.tenantAdmin);
      expect(res.unpublishCalendarYear).toEqual({ publishedYears: [], lastCoveredYear: 2026 });
      expectError(await t.gql(WDA, { from: '2026-12-25', days: 10 }, a.tokens.officerCity), 'BAD_USER_INPUT', 'days');
      expect(await audits('calendar.unpublishYear', tenantA)).toHaveLength(1);
      await t.ok(REMOVE, { date: '2027-01-01' }, a.tokens.tenantAdmin);
    });
  });

  describe('rulebook', () => {
    it('defaults to the SEED preset (DOMAIN.md table) without any version', async () => {
      const rb = (await t.ok(RULEBOOK, {}, a.tokens.tenantAdmin)).rulebook;
      expect(rb).toMatchObject({ versionId: null, preset: 'SEED', effectiveFrom: null });
      expect(rb.rules).toHaveLength(11);
      expect(rule(rb.rules, 'ACCEPTANCE')).toMatchObject({ days: 1, unit: 'WORKING', extensionDays: null, verified: true, overridden: false });
      expect(rule(rb.rules, 'HANDLING')).toMatchObject({ days: 7, extensionDays: 5, summary: '7 个工作日（可延长 5 个工作日）' });
      expect(rule(rb.rules, 'CASE_CLOSURE')).toMatchObject({ days: 90, unit: 'CALENDAR' });
      expect(rule(rb.rules, 'STATION_SETTLEMENT')).toMatchObject({ days: 3, unit: 'WORKING', label: '服务站现场和解' } as never);
    });

    it('rulebookPresets: the three presets, unverified Order 121 values visibly marked', async () => {
      const presets = (await t.ok(PRESETS, {}, a.tokens.tenantAdmin)).rulebookPresets;
      expect(presets.map((p: { id: string }) => p.id)).toEqual(['SEED', 'SAMR_ORDER_20', 'SAMR_ORDER_121']);
      const o20 = presets[1];
      expect(o20).toMatchObject({ effectiveFrom: '2020-01-01', effectiveTo: '2026-04-14' });
      expect(rule(o20.rules, 'ACCEPTANCE')).toMatchObject({ days: 7, verified: true });
      expect(rule(o20.rules, 'CASE_DECISION')).toMatchObject({ days: 15, extensionDays: 15 });
      const o121 = presets[2];
      expect(o121.effectiveFrom).toBe('2026-04-15');
      const unverified = o121.rules.filter((r: RuleView) => !r.verified);
      expect(unverified.map((r: RuleView) => r.key).sort()).toEqual(['ACCEPTANCE', 'CASE_DECISION', 'HANDLING']);
      for (const r of unverified) expect(r.summary).toMatch(/（待核实）$/);
    });

    it('switchRulebookPreset: a new version from now; an earlier instant keeps the old rules; audited; other tenant untouched', async () => {
      const before = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      const res = (await t.ok(SWITCH, { preset: 'SAMR_ORDER_20' }, a.tokens.tenantAdmin)).switchRulebookPreset;
      expect(res).toMatchObject({ preset: 'SAMR_ORDER_20', versionId: expect.any(String) });
      expect(rule(res.rules, 'ACCEPTANCE').days).toBe(7);
      expect((await t.ok(RULEBOOK, {}, a.tokens.tenantAdmin)).rulebook).toMatchObject({ versionId: res.versionId, preset: 'SAMR_ORDER_20' });
      const earlier = (await t.ok(RULEBOOK, { at: before }, a.tokens.tenantAdmin)).rulebook;
      expect(earlier).toMatchObject({ versionId: null, preset: 'SEED' });
      expect(rule(earlier.rules, 'ACCEPTANCE').days).toBe(1);
      expect((await t.ok(RULEBOOK, {}, b.tokens.tenantAdmin)).rulebook).toMatchObject({ versionId: null, preset: 'SEED' });
      expect(await audits('rulebook.switchPreset', tenantA)).toEqual([
        expect.objectContaining({ entity_id: res.versionId, details: expect.objectContaining({ from: 'SEED', to: 'SAMR_ORDER_20' }) }),
      ]);
    });

    it('overrideRule: changes one rule from now on, keeping the preset, other rules and the earlier versions', async () => {
      const before = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      const res = (await t.ok(OVERRIDE, { key: 'HANDLING', days: 10, unit: 'WORKING', ext: 3 }, a.tokens.tenantAdmin)).overrideRule;
      expect(res.preset).toBe('SAMR_ORDER_20');
      expect(rule(res.rules, 'HANDLING')).toMatchObject({ days: 10, unit: 'WORKING', extensionDays: 3, overridden: true });
      expect(rule(res.rules, 'ACCEPTANCE')).toMatchObject({ days: 7, overridden: false });
      const second = (await t.ok(OVERRIDE, { key: 'FEEDBACK', days: 5, unit: 'CALENDAR', ext: null }, a.tokens.tenantAdmin)).overrideRule;
      expect(rule(second.rules, 'HANDLING')).toMatchObject({ days: 10, overridden: true });
      expect(rule(second.rules, 'FEEDBACK')).toMatchObject({ days: 5, unit: 'CALENDAR', extensionDays: null, summary: '5 日（自然日）' });
      const earlier = (await t.ok(RULEBOOK, { at: before }, a.tokens.tenantAdmin)).rulebook;
      expect(rule(earlier.rules, 'HANDLING')).toMatchObject({ days: 45, overridden: false });
      expect(await audits('rulebook.overrideRule', tenantA)).toHaveLength(2);
      expect(await count('rulebook_versions', tenantA)).toBe(3);
      // Another tenant's rulebook is untouched.
      const other = (await t.ok(RULEBOOK, {}, b.tokens.tenantAdmin)).rulebook;
      expect(other).toMatchObject({ versionId: null, preset: 'SEED' });
      expect(rule(other.rules, 'HANDLING')).toMatchObject({ days: 7, overridden: false });
    });

    it('rulebook(at) refuses a malformed or offset-less time naming the argument', async () => {
      for (const at of ['garbage', '2026-03-31T23:59:00']) expectError(await t.gql(RULEBOOK, { at }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'at');
    });

    it('refuses bad values naming the field, writing nothing', async () => {
      const before = [await count('rulebook_versions'), await count('audit_events')];
      expectError(await t.gql(OVERRIDE, { key: 'HANDLING', days: 0, unit: 'WORKING' }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'days');
      expectError(await t.gql(OVERRIDE, { key: 'HANDLING', days: 4000, unit: 'WORKING' }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'days');
      expectError(await t.gql(OVERRIDE, { key: 'HANDLING', days: 5, unit: 'WORKING', ext: 0 }, a.tokens.tenantAdmin), 'BAD_USER_INPUT', 'extensionDays');
      // Enum values outside the schema fail variable coercion (see setCalendarOverride).
      for (const [query, variables, name] of [
        [OVERRIDE, { key: 'NO_SUCH_RULE', days: 5, unit: 'WORKING' }, 'key'],
        [OVERRIDE, { key: 'HANDLING', days: 5, unit: 'HOURS' }, 'unit'],
        [SWITCH, { preset: 'SAMR_ORDER_99' }, 'preset'],
      ] as const) {
        const res = await t.gql(query, variables, a.tokens.tenantAdmin);
        expectError(res, 'BAD_USER_INPUT', name);
        expect(res.errors![0].message).toBe('取值无效');
      }
      expect([await count('rulebook_versions'), await count('audit_events')]).toEqual(before);
    });

    it('all rulebook operations are for the tenant admin only', async () => {
      const forbidden = [a.tokens.officerCity, a.tokens.operatorCity, a.tokens.evaluatorCity, await t.adminToken()];
      const unchanged = () => count('rulebook_versions');
      await expectAccessDenied(t, { query: RULEBOOK, variables: {}, forbidden });
      await expectAccessDenied(t, { query: PRESETS, forbidden });
      await expectAccessDenied(t, { query: SWITCH, variables: { preset: 'SEED' }, forbidden, unchanged });
      await expectAccessDenied(t, { query: OVERRIDE, variables: { key: 'ACCEPTANCE', days: 2, unit: 'WORKING' }, forbidden, unchanged });
    });

    it('switching back to a preset drops single-rule overrides', async () => {
      const res = (await t.ok(SWITCH, { preset: 'SEED' }, a.tokens.tenantAdmin)).switchRulebookPreset;
      expect(res.rules.every((r: RuleView) => !r.overridden)).toBe(true);
      expect(rule(res.rules, 'HANDLING')).toMatchObject({ days: 7, extensionDays: 5 });
    });
  });
});
