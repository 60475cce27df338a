// The benchmark data generator (bench/seed.ts, issue 9 item 1) at a tiny scale on a test
// database: the source's station proportions, and the app's invariants on rows written by bulk
// SQL (personal data sealed with DATA_KEY, settle_by and deadlines per the calendar, case
// numbers, one case per escalated dispute, nothing left for the sweepers), read back through
// the real API.
import { apportionCategories, SOURCE_PROPORTIONS, seedBench, SeedSummary } from '../../bench/seed';
import { AppConfig, chinaDateOf, computeDueDate, endOfChinaDay, normalizePhone, PersonalDataCipher, resolveRules, RuleKey, WorkingDayCalendar } from '@app/platform';
import { startTestApp, TestApp, testEnv } from '../support/app';

type D = Record<string, any>;

describe('hardening: benchmark data generator (issue 9)', () => {
  let t: TestApp;
  let s: SeedSummary;
  const password = 'Seed-passw0rd-1';
  const dataKey = testEnv('', '').DATA_KEY;

  beforeAll(async () => {
    t = await startTestApp();
    // Enough direct cases (about 300 over the two years) that each type shows up whatever the
    // day: the seeded sequence depends on the weekdays of "now", and with 150 a year (about 15
    // cases) the 7 % of reports came out empty on many days (e.g. most weekends).
    s = await seedBench({ url: t.db.url, scale: 0.05, seed: 7, prefix: 'bs', password, dataKey, disputesPerStationYear: 6, casesPerCityYear: 3000 });
    // A second tenant, to show the rows carry the right tenant ids.
    await seedBench({ url: t.db.url, scale: 0.02, seed: 8, prefix: 'bt', password, dataKey, disputesPerStationYear: 6, casesPerCityYear: 50 });
  });
  afterAll(() => t?.close());

  it('apportions stations in the proportions of the source documents', () => {
    expect(apportionCategories(606)).toEqual(SOURCE_PROPORTIONS);
    expect(Object.values(apportionCategories(1212))).toEqual(Object.values(SOURCE_PROPORTIONS).map((n) => 2 * n));
    const small = apportionCategories(30);
    expect(Object.values(small).reduce((a, b) => a + b, 0)).toBe(30);
    for (const [cat, n] of Object.entries(SOURCE_PROPORTIONS)) expect(Math.abs(small[cat] - (30 * n) / 606)).toBeLessThan(1);
    expect(s.stationsByCategory).toEqual(Object.fromEntries(Object.entries(small).filter(([, n]) => n > 0)));
  });

  it('writes rows that keep the invariants', async () => {
    const [tenant] = await t.sql<D>(`SELECT id FROM tenants WHERE code = 'bs-p1'`);
    expect(s.tenants.map((x) => x.code)).toEqual(['bs-p1']);
    const disputes = await t.sql<D>(`SELECT * FROM disputes WHERE tenant_id = $1`, [tenant.id]);
    expect(disputes.length).toBeGreaterThan(50);
    const cipher = new PersonalDataCipher({ DATA_KEY: dataKey } as AppConfig);
    const rule = resolveRules('SEED', {})[RuleKey.STATION_SETTLEMENT];
    const calendar = WorkingDayCalendar.national();
    for (const d of disputes) {
      expect(d.settle_by).toEqual(endOfChinaDay(computeDueDate(calendar, chinaDateOf(d.opened_at), rule)));
      expect(d.case_number).toMatch(new RegExp(`^JF-${chinaDateOf(d.opened_at).replace(/-/g, '')}-\\d{6,}$`));
      const phone = cipher.decrypt(d.consumer_phone_enc);
      expect(cipher.hash(normalizePhone(phone))).toBe(d.consumer_phone_hash);
      expect(cipher.decrypt(d.consumer_name_enc)).toMatch(/^\p{Script=Han}{2,3}$/u);
    }
    // Several outcomes, and open ones only within their settlement window.
    expect([...new Set(disputes.map((d) => d.status))]).toEqual(expect.arrayContaining(['SETTLED', 'ESCALATED', 'DECLINED']));
    expect(disputes.filter((d) => d.status === 'OPEN' && d.settle_by < new Date())).toEqual([]);
    expect(disputes.filter((d) => d.status === 'ESCALATING')).toEqual([]);

    const [esc] = await t.sql<D>(
      `SELECT count(*)::int AS escalated,
              (SELECT count(*)::int FROM center_cases c WHERE c.tenant_id = $1 AND c.source_dispute_id IS NOT NULL) AS cases,
              (SELECT count(DISTINCT c.source_dispute_id)::int FROM center_cases c JOIN disputes d ON d.tenant_id = c.tenant_id AND d.id = c.source_dispute_id AND d.status = 'ESCALATED' WHERE c.tenant_id = $1) AS linked,
              (SELECT count(*)::int FROM outbox o JOIN disputes d ON d.tenant_id = o.tenant_id AND d.id = o.aggregate_id AND d.status = 'ESCALATED' WHERE o.tenant_id = $1 AND o.status = 'DONE') AS outbox_done,
              (SELECT count(*)::int FROM outbox o WHERE o.tenant_id = $1 AND o.status <> 'DONE') AS outbox_pending
         FROM disputes WHERE tenant_id = $1 AND status = 'ESCALATED'`,
      [tenant.id],
    );
    expect(esc.escalated).toBeGreaterThan(0);
    expect(esc).toEqual({ escalated: esc.escalated, cases: esc.escalated, linked: esc.escalated, outbox_done: esc.escalated, outbox_pending: 0 });

    const cases = await t.sql<D>(`SELECT * FROM center_cases WHERE tenant_id = $1`, [tenant.id]);
    for (const c of cases) {
      expect(c.case_number).toMatch(new RegExp(`^ZX-${chinaDateOf(c.received_at).replace(/-/g, '')}-\\d{6,}$`));
      expect(cipher.hash(normalizePhone(cipher.decrypt(c.complainant_phone_enc)))).toBe(c.complainant_phone_hash);
      if (['CLOSED', 'FEEDBACK_GIVEN', 'ARCHIVED'].includes(c.status)) expect(c.closed_at).not.toBeNull();
      if (c.status === 'ARCHIVED') expect(c.archived_at).not.toBeNull();
      if (c.type !== 'CONSULTATION' && ['FEEDBACK_GIVEN', 'ARCHIVED'].includes(c.status)) expect(c.feedback_at).not.toBeNull();
    }
    expect(new Set(cases.map((c) => c.type))).toEqual(new Set(['CONSULTATION', 'COMPLAINT', 'REPORT']));

    // Nothing for the sweepers: no open deadline past due unmarked, each breach urged once.
    const [dl] = await t.sql<D>(
      `SELECT (SELECT count(*)::int FROM deadlines WHERE tenant_id = $1 AND met_at IS NULL AND NOT breached AND due_at < now()) AS unswept,
              (SELECT count(*)::int FROM deadlines WHERE tenant_id = $1 AND breached) AS breached,
              (SELECT coalesce(sum(urge_count), 0)::int FROM center_cases WHERE tenant_id = $1) AS urges,
              (SELECT count(*)::int FROM deadlines WHERE tenant_id = $1) AS total`,
      [tenant.id],
    );
    expect(dl.unswept).toBe(0);
    expect(dl.urges).toBe(dl.breached);
    expect(dl.total).toBeGreaterThan(cases.length);
  });

  it('is served by the API like data written through it (logins, scope, decryption, statistics)', async () => {
    const operator = await t.login('operator-c1-1', password, 'bs-p1');
    const [counts] = await t.sql<D>(
      `SELECT (SELECT count(*)::int FROM center_cases c JOIN tenants tn ON tn.id = c.tenant_id WHERE tn.code = 'bs-p1') AS cases,
              (SELECT count(*)::int FROM disputes d JOIN tenants tn ON tn.id = d.tenant_id WHERE tn.code = 'bs-p1') AS disputes`,
    );
    const list = await t.ok<D>(`{ centerCases(first: 5) { totalCount edges { node { caseNumber complainantName } } } }`, {}, operator);
    expect(list.centerCases.totalCount).toBe(counts.cases);
    for (const e of list.centerCases.edges) expect(e.node.complainantName).toMatch(/^\p{Script=Han}{2,3}$/u);
    const disputes = await t.ok<D>(`{ disputes(first: 3) { totalCount edges { node { consumerPhone } } } }`, {}, operator);
    expect(disputes.disputes.totalCount).toBe(counts.disputes);
    for (const e of disputes.disputes.edges) expect(e.node.consumerPhone).toMatch(/^1\d{10}$/);

    // A station's staff member sees their station's disputes only.
    const [staff] = await t.sql<D>(
      `SELECT u.username, u.station_id, (SELECT count(*)::int FROM disputes d WHERE d.tenant_id = u.tenant_id AND d.station_id = u.station_id) AS n
         FROM users u JOIN tenants tn ON tn.id = u.tenant_id WHERE tn.code = 'bs-p1' AND 'STATION_STAFF' = ANY(u.roles) ORDER BY 3 DESC LIMIT 1`,
    );
    const staffToken = await t.login(staff.username, password, 'bs-p1');
    expect((await t.ok<D>(`{ disputes(first: 1) { totalCount } }`, {}, staffToken)).disputes.totalCount).toBe(staff.n);

    // The year of the newest case, not the current one: early in January the current year may
    // have no case yet.
    const [newest] = await t.sql<D>(`SELECT max(c.received_at) AS at FROM center_cases c JOIN tenants tn ON tn.id = c.tenant_id WHERE tn.code = 'bs-p1'`);
    const stats = await t.ok<D>(`query($p: PeriodInput!) { statistics(period: $p) { complaints consultations closed amountRecovered } }`, { p: { kind: 'YEAR', anchor: chinaDateOf(newest.at) } }, operator);
    expect(stats.statistics.complaints + stats.statistics.consultations).toBeGreaterThan(0);

    // Each tenant's rows stay its own (RLS by the tenant ids written): the other tenant's officer
    // sees its own stations only, and this tenant's station is not found.
    const [own] = await t.sql<D>(`SELECT count(*)::int AS n FROM stations s JOIN tenants tn ON tn.id = s.tenant_id WHERE tn.code = 'bt-p1'`);
    const [foreign] = await t.sql<D>(`SELECT s.id FROM stations s JOIN tenants tn ON tn.id = s.tenant_id WHERE tn.code = 'bs-p1' LIMIT 1`);
    const otherOfficer = await t.login('officer-c1-1', password, 'bt-p1');
    expect((await t.ok<D>(`{ stations(first: 1) { totalCount } }`, {}, otherOfficer)).stations.totalCount).toBe(own.n);
    const res = await t.gql(`query($id: ID!) { station(id: $id) { id } }`, { id: foreign.id }, otherOfficer);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
