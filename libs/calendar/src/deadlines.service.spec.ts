// Integration: DeadlinesService and RulebookService against the real (migrated) database,
// inside tenant contexts, as the center and disputes libs will call them.
import { EntityManager } from 'typeorm';
import { newId, TenantDb } from '@app/platform';
import { startTestApp, TestApp } from '../../../test/support/app';
import { createTenantFixture, TenantFixture } from '../../../test/support/fixtures';
import { DeadlinesService } from './deadlines.service';
import { DeadlineKind } from './entities/deadline.entity';
import { RulebookService } from './rulebook.service';

const SET = `mutation($date: Date!, $kind: CalendarDayKind!) { setCalendarOverride(date: $date, kind: $kind) { date } }`;
const REMOVE = `mutation($date: Date!) { removeCalendarOverride(date: $date) { date } }`;
const SWITCH = `mutation($preset: RulebookPresetId!) { switchRulebookPreset(preset: $preset) { versionId } }`;

/** An instant given in China time. */
const cst = (s: string) => new Date(`${s}+08:00`);

describe('DeadlinesService (integration)', () => {
  let t: TestApp;
  let db: TenantDb;
  let deadlines: DeadlinesService;
  let rulebook: RulebookService;
  let a: TenantFixture;
  let b: TenantFixture;
  let c: TenantFixture;
  let tenantA: string;
  let tenantB: string;
  let tenantC: string;

  const inA = <T>(fn: (em: EntityManager) => Promise<T>) => db.asTenant(tenantA, fn);
  /** Deadlines belong to a center case (foreign key): a bare case row for the id. */
  const bareCase = async (em: EntityManager, caseId: string) => {
    const [unit] = await em.query(`select id from org_units order by path limit 1`);
    await em.query(
      `insert into center_cases (tenant_id, id, case_number, type, channel, status, received_at, subject, description,
         complainant_name_enc, complainant_phone_enc, complainant_phone_hash, registered_unit_id)
       values (app_current_tenant(), $1::uuid, $3, 'COMPLAINT', 'PHONE', 'REGISTERED', now(), 's', 'd', 'x', 'x', 'x', $2)
       on conflict do nothing`,
      [caseId, unit.id, `T-${caseId}`],
    );
  };
  const startFor: DeadlinesService['start'] = async (em, input) => {
    if (/^[0-9a-f-]{36}$/.test(input.caseId)) await bareCase(em, input.caseId);
    return deadlines.start(em, input);
  };
  const rows = (caseId: string) => t.sql(`select kind, extended, met_at, breached, due_date::text due_date from deadlines where case_id = $1 order by created_at, id`, [caseId]);
  const tenantIdOf = async (code: string) => (await t.sql<{ id: string }>(`select id from tenants where code = $1`, [code]))[0].id;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(TenantDb);
    deadlines = t.app.get(DeadlinesService);
    rulebook = t.app.get(RulebookService);
    // National calendar only: A's tests expect 2027 to be refused (unpublished year).
    a = await createTenantFixture(t, 'a', { publishCalendarYears: false });
    b = await createTenantFixture(t, 'b');
    c = await createTenantFixture(t, 'c');
    [tenantA, tenantB, tenantC] = await Promise.all([a, b, c].map((f) => tenantIdOf(f.code)));
  });
  afterAll(() => t?.close());

  describe('start', () => {
    it('computes due_at at 23:59:59.999 China time of the last working day, with the SEED rules by default', async () => {
      const caseId = newId();
      const d = await inA((em) => startFor(em, { caseId, kind: DeadlineKind.ACCEPTANCE, startDate: cst('2025-01-24T10:00:00'), receivedAt: cst('2025-01-24T10:00:00') }));
      // 1 working day after Friday 01-24: Sunday 01-26 was a make-up working day.
      expect(d).toMatchObject({ tenantId: tenantA, caseId, kind: 'ACCEPTANCE', ruleKey: 'ACCEPTANCE', unit: 'WORKING', days: 1, extensionDays: null, startDate: '2025-01-24', dueDate: '2025-01-26', rulebookVersionId: null, metAt: null, breached: false, extended: false });
      expect(d.dueAt.toISOString()).toBe('2025-01-26T15:59:59.999Z');
      expect(await rows(caseId)).toHaveLength(1);
    });

    it('takes a business date or an instant late in the China day; calendar-day rules count calendar days', async () => {
      const caseId = newId();
      const handling = await inA((em) => startFor(em, { caseId, kind: DeadlineKind.HANDLING, startDate: '2025-09-30', receivedAt: cst('2025-09-29T09:00:00') }));
      expect(handling).toMatchObject({ dueDate: '2025-10-16', days: 7, extensionDays: 5 });
      // 23:30 on 09-30 in China is still 09-30 (15:30 UTC).
      const routing = await inA((em) => startFor(em, { caseId, kind: DeadlineKind.ROUTING, startDate: new Date('2025-09-30T15:30:00Z'), receivedAt: cst('2025-09-29T09:00:00') }));
      expect(routing.dueDate).toBe('2025-10-09');
      const closure = await inA((em) => startFor(em, { caseId, kind: DeadlineKind.CASE_CLOSURE, startDate: '2025-01-01', receivedAt: cst('2025-01-01T09:00:00') }));
      expect(closure).toMatchObject({ unit: 'CALENDAR', days: 90, dueDate: '2025-04-01' });
    });

    it('follows an explicit rule key', async () => {
      const d = await inA((em) => startFor(em, { caseId: newId(), kind: DeadlineKind.FEEDBACK, ruleKey: 'REPORTER_NOTICE' as never, startDate: '2025-09-30', receivedAt: cst('2025-09-01T09:00:00') }));
      expect(d).toMatchObject({ ruleKey: 'REPORTER_NOTICE', days: 3, dueDate: '2025-10-11' }); // Saturday 10-11 was worked
    });

    it('refuses a second running deadline of a kind (CONFLICT), bad input naming the field, and an unpublished year; writing nothing', async () => {
      const caseId = newId();
      const input = { caseId, kind: DeadlineKind.ACCEPTANCE, startDate: '2025-03-03', receivedAt: cst('2025-03-03T09:00:00') };
      await inA((em) => startFor(em, input));
      await expect(inA((em) => startFor(em, input))).rejects.toMatchObject({ code: 'CONFLICT', field: 'kind' });
      await expect(inA((em) => startFor(em, { ...input, caseId: 'nope' }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'caseId' });
      await expect(inA((em) => startFor(em, { ...input, kind: 'LATER' as never }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
      await expect(inA((em) => startFor(em, { ...input, ruleKey: 'NOPE' as never }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'ruleKey' });
      await expect(inA((em) => startFor(em, { ...input, caseId: newId(), startDate: '2025-02-30' }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'startDate' });
      await expect(inA((em) => startFor(em, { ...input, caseId: newId(), receivedAt: new Date('x') }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'receivedAt' });
      const late = newId();
      await expect(
        inA((em) => startFor(em, { caseId: late, kind: DeadlineKind.HANDLING, startDate: '2026-12-28', receivedAt: cst('2026-12-28T09:00:00') })),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', year: 2027, message: '2027年节假日安排尚未发布，无法计算工作日' });
      expect(await rows(caseId)).toHaveLength(1);
      expect(await rows(late)).toHaveLength(0);
    });

    it("uses the tenant's calendar overrides", async () => {
      await t.ok(SET, { date: '2025-10-13', kind: 'HOLIDAY' }, a.tokens.tenantAdmin);
      try {
        const d = await inA((em) => startFor(em, { caseId: newId(), kind: DeadlineKind.HANDLING, startDate: '2025-09-30', receivedAt: cst('2025-09-30T09:00:00') }));
        expect(d.dueDate).toBe('2025-10-17');
        const other = await db.asTenant(tenantB, (em) => startFor(em, { caseId: newId(), kind: DeadlineKind.HANDLING, startDate: '2025-09-30', receivedAt: cst('2025-09-30T09:00:00') }));
        expect(other.dueDate).toBe('2025-10-16');
      } finally {
        await t.ok(REMOVE, { date: '2025-10-13' }, a.tokens.tenantAdmin);
      }
    });
  });

  describe('rulebook versions by received date', () => {
    it('a preset switched now applies to cases received afterwards, not to earlier ones', async () => {
      const versionId = (await t.ok(SWITCH, { preset: 'SAMR_ORDER_20' }, b.tokens.tenantAdmin)).switchRulebookPreset.versionId;
      const inB = <T>(fn: (em: EntityManager) => Promise<T>) => db.asTenant(tenantB, fn);
      const earlier = await inB((em) => startFor(em, { caseId: newId(), kind: DeadlineKind.ACCEPTANCE, startDate: '2025-09-30', receivedAt: cst('2025-09-30T09:00:00') }));
      expect(earlier).toMatchObject({ days: 1, dueDate: '2025-10-09', rulebookVersionId: null });
      const received = new Date();
      const later = await inB((em) => startFor(em, { caseId: newId(), kind: DeadlineKind.ACCEPTANCE, startDate: '2025-09-30', receivedAt: received }));
      expect(later).toMatchObject({ days: 7, dueDate: '2025-10-16', rulebookVersionId: versionId });
      expect((await db.asTenant(tenantB, () => rulebook.effectiveAt(cst('2025-01-01T00:00:00')))).rules.ACCEPTANCE.days).toBe(1);
      expect((await db.asTenant(tenantB, () => rulebook.effectiveAt(received))).rules.ACCEPTANCE.days).toBe(7);
      // Tenant A never switched.
      expect((await inA(() => rulebook.effectiveAt(received))).rules.ACCEPTANCE.days).toBe(1);
    });

    it('startMany: one lookup when the batch falls under one version, each its own version when a switch falls inside', async () => {
      // Tenant B switched to SAMR_ORDER_20 (ACCEPTANCE 7 days) in the first test of this block.
      const inB = <T>(fn: (em: EntityManager) => Promise<T>) => db.asTenant(tenantB, fn);
      const early = cst('2025-09-30T09:00:00');
      const now = new Date();
      const span = await inB((em) => rulebook.effectiveWithCalendar(early, em, now));
      expect(span).toMatchObject({ version: null, sameUntil: false });
      expect((await inB((em) => rulebook.effectiveWithCalendar(early, em, cst('2025-09-30T18:00:00')))).sameUntil).toBe(true);
      const started = await inB(async (em) => {
        const ids = [newId(), newId(), newId()];
        for (const id of ids) await bareCase(em, id);
        return deadlines.startMany(em, [
          { caseId: ids[0], kind: DeadlineKind.ACCEPTANCE, startDate: '2025-09-30', receivedAt: early },
          { caseId: ids[1], kind: DeadlineKind.ACCEPTANCE, startDate: '2025-09-30', receivedAt: now },
          { caseId: ids[2], kind: DeadlineKind.ACCEPTANCE, startDate: '2025-09-30', receivedAt: cst('2025-09-30T10:00:00') },
        ]);
      });
      expect(started.map((d) => (d instanceof Error ? d.message : [d.days, d.dueDate, d.rulebookVersionId === null]))).toEqual([
        [1, '2025-10-09', true],
        [7, '2025-10-16', false],
        [1, '2025-10-09', true],
      ]);
    });

    it('settleByFor: the station settlement window, 3 working days by default', async () => {
      const by = await inA(() => rulebook.settleByFor(cst('2025-01-24T10:00:00')));
      // Sunday 01-26 worked, Spring Festival 01-28..02-04 off: 01-26, 01-27, 02-05.
      expect(by.toISOString()).toBe('2025-02-05T15:59:59.999Z');
    });

    it('effectiveWithCalendar: the version in force and the tenant calendar in one statement; a calendar change is seen at once', async () => {
      const inC = <T>(fn: (em: EntityManager) => Promise<T>) => db.asTenant(tenantC, fn);
      const logger = t.app.get(TenantDb).dataSource.logger as { logQuery: (q: string) => void };
      const original = logger.logQuery;
      const statements: string[] = [];
      const read = async () => {
        statements.length = 0;
        logger.logQuery = (q: string) => void statements.push(q);
        try {
          return await inC((em) => rulebook.effectiveWithCalendar(new Date(), em));
        } finally {
          logger.logQuery = original;
        }
      };
      await read(); // warms this process's calendar cache for C
      const warm = await read();
      expect(warm).toMatchObject({ version: null, preset: 'SEED' });
      expect(warm.calendar.isWorkingDay('2025-10-13')).toBe(true);
      // START TRANSACTION + tenant, the one lookup, COMMIT.
      expect(statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s))).toHaveLength(1);
      await t.ok(SET, { date: '2025-10-13', kind: 'HOLIDAY' }, c.tokens.tenantAdmin);
      try {
        const versionId = (await t.ok(SWITCH, { preset: 'SAMR_ORDER_20' }, c.tokens.tenantAdmin)).switchRulebookPreset.versionId;
        const changed = await read();
        expect(changed.calendar.isWorkingDay('2025-10-13')).toBe(false);
        expect(changed).toMatchObject({ version: { id: versionId, tenantId: tenantC, preset: 'SAMR_ORDER_20' }, preset: 'SAMR_ORDER_20' });
        expect(changed.version!.effectiveFrom).toBeInstanceOf(Date);
        expect(changed.rules.ACCEPTANCE.days).toBe(7);
        // An instant before the switch still gets the earlier rules, with the same calendar.
        const before = await inC((em) => rulebook.effectiveWithCalendar(cst('2025-01-01T00:00:00'), em));
        expect(before).toMatchObject({ version: null, preset: 'SEED' });
        expect(before.calendar.isWorkingDay('2025-10-13')).toBe(false);
      } finally {
        await t.ok(REMOVE, { date: '2025-10-13' }, c.tokens.tenantAdmin);
      }
      expect((await read()).calendar.isWorkingDay('2025-10-13')).toBe(true);
    });
  });

  describe('meet', () => {
    it('meets on time; a second meet is INVALID_TRANSITION; a late meet counts as breached; a new one may then start', async () => {
      const caseId = newId();
      await inA((em) => startFor(em, { caseId, kind: DeadlineKind.ACCEPTANCE, startDate: '2025-03-03', receivedAt: cst('2025-03-03T09:00:00') }));
      const met = await inA((em) => deadlines.meet(em, caseId, DeadlineKind.ACCEPTANCE, cst('2025-03-04T18:00:00')));
      expect(met).toMatchObject({ breached: false, breachedAt: null });
      expect(met.metAt!.toISOString()).toBe('2025-03-04T10:00:00.000Z');
      await expect(inA((em) => deadlines.meet(em, caseId, DeadlineKind.ACCEPTANCE))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      await expect(inA((em) => deadlines.meet(em, caseId, DeadlineKind.ROUTING))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

      await inA((em) => startFor(em, { caseId, kind: DeadlineKind.ROUTING, startDate: '2025-03-04', receivedAt: cst('2025-03-03T09:00:00') }));
      const late = await inA((em) => deadlines.meet(em, caseId, DeadlineKind.ROUTING, cst('2025-03-06T00:00:01')));
      expect(late).toMatchObject({ breached: true });
      expect(late.breachedAt!.toISOString()).toBe(cst('2025-03-06T00:00:01').toISOString());

      // Met deadlines do not block a new one of the same kind (e.g. handling after a return).
      await inA((em) => startFor(em, { caseId, kind: DeadlineKind.ACCEPTANCE, startDate: '2025-03-10', receivedAt: cst('2025-03-03T09:00:00') }));
      expect((await rows(caseId)).map((r) => r.kind)).toEqual(['ACCEPTANCE', 'ROUTING', 'ACCEPTANCE']);
    });

    it("cannot reach another tenant's deadline", async () => {
      const caseId = newId();
      await inA((em) => startFor(em, { caseId, kind: DeadlineKind.ACCEPTANCE, startDate: '2025-03-03', receivedAt: cst('2025-03-03T09:00:00') }));
      await expect(db.asTenant(tenantB, (em) => deadlines.meet(em, caseId, DeadlineKind.ACCEPTANCE))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      await expect(db.asTenant(tenantB, (em) => deadlines.extend(em, caseId, DeadlineKind.ACCEPTANCE))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      expect((await db.asTenant(tenantB, () => deadlines.forCases([caseId])))[0]).toEqual([]);
      expect((await rows(caseId))[0]).toMatchObject({ met_at: null, extended: false });
    });
  });

  describe('extend', () => {
    it("extends once by the rule's extension days, counted from the original start", async () => {
      const caseId = newId();
      await inA((em) => startFor(em, { caseId, kind: DeadlineKind.HANDLING, startDate: '2025-09-30', receivedAt: cst('2025-09-29T09:00:00') }));
      const d = await inA((em) => deadlines.extend(em, caseId, DeadlineKind.HANDLING, cst('2025-10-10T12:00:00')));
      // 7 + 5 working days after 09-30: 10-23.
      expect(d).toMatchObject({ extended: true, dueDate: '2025-10-23' });
      expect(d.dueAt.toISOString()).toBe('2025-10-23T15:59:59.999Z');
      await expect(inA((em) => deadlines.extend(em, caseId, DeadlineKind.HANDLING, cst('2025-10-11T12:00:00')))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      expect((await rows(caseId))[0]).toMatchObject({ due_date: '2025-10-23', extended: true });
    });

    it('refuses a rule without extension (BAD_USER_INPUT), a past-due deadline and a missing one (INVALID_TRANSITION)', async () => {
      const caseId = newId();
      await inA((em) => startFor(em, { caseId, kind: DeadlineKind.ACCEPTANCE, startDate: '2025-03-03', receivedAt: cst('2025-03-03T09:00:00') }));
      await expect(inA((em) => deadlines.extend(em, caseId, DeadlineKind.ACCEPTANCE, cst('2025-03-03T12:00:00')))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
      await inA((em) => startFor(em, { caseId, kind: DeadlineKind.HANDLING, startDate: '2025-03-03', receivedAt: cst('2025-03-03T09:00:00') }));
      // Due 03-12 23:59:59.999; asking on 03-13 is too late.
      await expect(inA((em) => deadlines.extend(em, caseId, DeadlineKind.HANDLING, cst('2025-03-13T00:00:00')))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      await expect(inA((em) => deadlines.extend(em, caseId, DeadlineKind.FEEDBACK))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      expect((await rows(caseId)).map((r) => [r.kind, r.extended, r.due_date])).toEqual([
        ['ACCEPTANCE', false, '2025-03-04'],
        ['HANDLING', false, '2025-03-12'],
      ]);
    });
  });

  describe('findBreaches and markBreached', () => {
    const inC = <T>(fn: (em: EntityManager) => Promise<T>) => db.asTenant(tenantC, fn);

    it('finds open deadlines past due, earliest first, marks each once, only in the current tenant', async () => {
      const start = (date: string) =>
        inC(async (em) => (await startFor(em, { caseId: newId(), kind: DeadlineKind.ACCEPTANCE, startDate: date, receivedAt: cst(`${date}T09:00:00`) })));
      const d1 = await start('2025-03-03'); // due 03-04
      const d2 = await start('2025-03-04'); // due 03-05
      const d3 = await start('2025-03-05'); // due 03-06
      const metOnTime = await start('2025-03-03');
      await inC((em) => deadlines.meet(em, metOnTime.caseId, DeadlineKind.ACCEPTANCE, cst('2025-03-04T09:00:00')));

      const now = cst('2025-03-06T00:00:00');
      const found = await inC((em) => deadlines.findBreaches(em, now));
      expect(found.map((d) => d.id)).toEqual([d1.id, d2.id]);
      expect((await inC((em) => deadlines.findBreaches(em, now, 1))).map((d) => d.id)).toEqual([d1.id]);
      // Exactly at the due instant it is not yet breached.
      expect((await inC((em) => deadlines.findBreaches(em, d2.dueAt))).map((d) => d.id)).toEqual([d1.id]);

      // Another tenant's sweep sees none of them, and cannot mark them.
      expect((await db.asTenant(tenantB, (em) => deadlines.findBreaches(em, cst('2030-01-01T00:00:00'), 1000))).map((d) => d.id)).not.toContain(d1.id);
      expect(await db.asTenant(tenantB, (em) => deadlines.markBreached(em, [d1.id], now))).toEqual([]);

      // d3 is not yet due at `now`: not marked even when asked.
      const marked = await inC((em) => deadlines.markBreached(em, [d1.id, d2.id, d3.id], now));
      expect(marked.sort()).toEqual([d1.id, d2.id].sort());
      expect(await inC((em) => deadlines.markBreached(em, [d1.id, d2.id], now))).toEqual([]);
      expect(await inC((em) => deadlines.findBreaches(em, now))).toEqual([]);
      const [r1] = await t.sql(`select breached, breached_at, met_at from deadlines where id = $1`, [d1.id]);
      expect(r1).toMatchObject({ breached: true, met_at: null });
      expect(r1.breached_at.toISOString()).toBe(now.toISOString());

      // A breached deadline met later stays breached.
      const met = await inC((em) => deadlines.meet(em, d1.caseId, DeadlineKind.ACCEPTANCE, cst('2025-03-07T09:00:00')));
      expect(met).toMatchObject({ breached: true });
      expect(met.breachedAt!.toISOString()).toBe(now.toISOString());
      await expect(inC((em) => deadlines.findBreaches(em, now, 0))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    });

    it('uses the partial index on open deadlines', async () => {
      const plan = await inC(async (em) => {
        await em.query('SET LOCAL enable_seqscan = off');
        return em.query(
          `EXPLAIN SELECT id FROM deadlines d WHERE d.met_at IS NULL AND NOT d.breached AND d.due_at < $1 ORDER BY d.due_at LIMIT 500`,
          [new Date()],
        );
      });
      expect(plan.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')).toMatch(/idx_deadlines_open_due/);
    });
  });

  describe('forCases and forCase', () => {
    it('returns each case’s deadlines aligned with the ids, oldest first', async () => {
      const x = newId();
      const y = newId();
      const z = newId();
      await inA(async (em) => {
        await startFor(em, { caseId: x, kind: DeadlineKind.ACCEPTANCE, startDate: '2025-03-03', receivedAt: cst('2025-03-03T09:00:00') });
        await startFor(em, { caseId: x, kind: DeadlineKind.CASE_DECISION, startDate: '2025-03-03', receivedAt: cst('2025-03-03T09:00:00') });
        await startFor(em, { caseId: y, kind: DeadlineKind.ACCEPTANCE, startDate: '2025-03-04', receivedAt: cst('2025-03-04T09:00:00') });
      });
      const got = await inA(() => deadlines.forCases([y, z, x]));
      expect(got.map((list) => list.map((d) => `${d.caseId === x ? 'x' : 'y'}:${d.kind}`))).toEqual([['y:ACCEPTANCE'], [], ['x:ACCEPTANCE', 'x:CASE_DECISION']]);
      const [one, two] = await inA(() => Promise.all([deadlines.forCase(x), deadlines.forCase(y)]));
      expect(one.map((d) => d.kind)).toEqual(['ACCEPTANCE', 'CASE_DECISION']);
      expect(two.map((d) => d.kind)).toEqual(['ACCEPTANCE']);
      expect(await db.asTenant(tenantB, () => deadlines.forCases([x, y]))).toEqual([[], []]);
    });
  });
});
