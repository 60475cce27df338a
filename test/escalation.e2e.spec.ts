import { Client } from 'pg';
import { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { EscalationService } from '@app/center';
import { RulebookService } from '@app/calendar';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName, RuleKey, TenantDb } from '@app/platform';
import { startTestApp, TestApp } from './support/app';
import { runEscalationChaos } from './support/escalation-chaos';
import { createTenantFixture, TenantFixture } from './support/fixtures';
import { addStationStaff, createStation } from './support/stations';
import { OutboxRelay } from '../apps/worker/src/outbox-relay';

const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id status } }`;
const DISPUTE = `query($id: ID!) { dispute(id: $id) { id status centerCase { id type channel status registeredUnit { id } } } }`;

type D = Record<string, any>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('escalation pipeline (issue 6)', () => {
  let t: TestApp;
  let worker: INestApplication;
  let relay: OutboxRelay;
  let queue: Queue;
  let fx: TenantFixture;
  let station: string;
  let staff: string;
  let seq = 0;

  const open = async (): Promise<string> =>
    (
      await t.ok<D>(
        OPEN,
        { i: { stationId: station, consumerName: '周九', consumerPhone: `136${String(10_000_000 + ++seq * 131).slice(-8)}`, subject: '空调不制冷', description: '安装后不制冷', claimType: 'REPAIR' } },
        staff,
      )
    ).openDispute.id;
  const state = async (disputeId: string) => {
    const [r] = await t.sql<D>(
      `SELECT d.status AS dispute, o.status AS outbox, o.attempts, (SELECT count(*)::int FROM center_cases c WHERE c.source_dispute_id = d.id) AS cases
         FROM disputes d JOIN outbox o ON o.aggregate_id = d.id WHERE d.id = $1`,
      [disputeId],
    );
    return r;
  };
  const waitFor = async (disputeId: string, timeoutMs = 15_000) => {
    const until = Date.now() + timeoutMs;
    let s = await state(disputeId);
    while (s?.outbox !== 'DONE' && Date.now() < until) {
      await sleep(50);
      s = await state(disputeId);
    }
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp();
    process.env.OUTBOX_REDISPATCH_AFTER_MS = '1500';
    process.env.SUPERVISION_EVERY_MS = '3600000';
    const { createWorkerApp } = await import('../apps/worker/src/bootstrap');
    worker = await createWorkerApp({ logger: false });
    await worker.init();
    relay = worker.get(OutboxRelay);
    queue = worker.get<Queue>(getQueueToken(QueueName.ESCALATION));
    fx = await createTenantFixture(t, 'esc');
    station = await createStation(t, fx, { orgUnitId: fx.units.countyA, category: 'MALL' });
    staff = await addStationStaff(t, fx, station, 'esc-staff');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('escalate → one center case at the supervising unit, dispute ESCALATED, outbox DONE', async () => {
    const id = await open();
    expect((await t.ok<D>(ESCALATE, { id, r: '商家拒绝维修' }, staff)).escalateDispute.status).toBe('ESCALATING');
    expect(await waitFor(id)).toMatchObject({ dispute: 'ESCALATED', outbox: 'DONE', cases: 1 });
    const d = (await t.ok<D>(DISPUTE, { id }, fx.tokens.operatorCountyA)).dispute;
    expect(d.centerCase).toMatchObject({ type: 'COMPLAINT', channel: 'STATION', status: 'REGISTERED', registeredUnit: { id: fx.units.countyA } });
    const [row] = await t.sql<D>(`SELECT c.complainant_name_enc = d.consumer_name_enc AS same_name FROM center_cases c JOIN disputes d ON d.id = c.source_dispute_id WHERE d.id = $1`, [id]);
    expect(row.same_name).toBe(true);
  });

  it('station staff follow the escalated case, never the complainant contact details (also not via sourceDispute)', async () => {
    const id = await open();
    await t.ok(ESCALATE, { id, r: '和解不成' }, staff);
    await waitFor(id);
    const q = `query($id: ID!) { dispute(id: $id) { consumerPhone centerCase { id status complainantPhone sourceDispute { consumerName consumerPhone } } } }`;
    const seen = (await t.ok<D>(q, { id }, staff)).dispute;
    expect(seen.centerCase.status).toBe('REGISTERED');
    expect(seen.centerCase.complainantPhone).toBeNull();
    expect(seen.centerCase.sourceDispute).toEqual({ consumerName: '***', consumerPhone: '***' });
    const op = (await t.ok<D>(q, { id }, fx.tokens.operatorCountyA)).dispute;
    expect(op.centerCase.sourceDispute.consumerPhone).toBe(op.consumerPhone);
  });

  it('a duplicate or retried job finds the work done: still one case', async () => {
    const id = await open();
    await t.ok(ESCALATE, { id, r: '和解不成' }, staff);
    await waitFor(id);
    const [outbox] = await t.sql<D>(`SELECT id, tenant_id FROM outbox WHERE aggregate_id = $1`, [id]);
    const data = { tenantId: outbox.tenant_id, outboxId: outbox.id, disputeId: id, stationId: station };
    // A second job for the same row (another id, so BullMQ cannot de-duplicate it).
    const dup = await queue.add(JobName.ESCALATE_DISPUTE, data, { ...DEFAULT_JOB_OPTIONS, jobId: `dup-${outbox.id}` });
    for (let i = 0; i < 100 && !(await dup.isCompleted()); i++) await sleep(50);
    expect((await queue.getJob(dup.id!))!.returnvalue).toEqual({ result: 'already-done' });
    // The row back to DISPATCHED (as if DONE was lost): the job finds the case and just marks DONE.
    await t.sql(`UPDATE outbox SET status = 'DISPATCHED', done_at = NULL WHERE id = $1`, [outbox.id]);
    const again = await queue.add(JobName.ESCALATE_DISPUTE, data, { ...DEFAULT_JOB_OPTIONS, jobId: `again-${outbox.id}` });
    for (let i = 0; i < 100 && !(await again.isCompleted()); i++) await sleep(50);
    expect((await queue.getJob(again.id!))!.returnvalue).toEqual({ result: 'existing' });
    expect(await state(id)).toMatchObject({ dispute: 'ESCALATED', outbox: 'DONE', cases: 1 });
  });

  it('a DISPATCHED row whose job was lost is re-sent after the timeout', async () => {
    await relay.stop();
    const id = await open();
    await t.ok(ESCALATE, { id, r: '和解不成' }, staff);
    // Claimed a while ago, but Redis never got (or lost) the job.
    await t.sql(`UPDATE outbox SET status = 'DISPATCHED', dispatched_at = now() - interval '1 minute', attempts = 1 WHERE aggregate_id = $1`, [id]);
    expect(await state(id)).toMatchObject({ dispute: 'ESCALATING', outbox: 'DISPATCHED', cases: 0 });
    relay.start();
    expect(await waitFor(id)).toMatchObject({ dispute: 'ESCALATED', outbox: 'DONE', cases: 1, attempts: 2 });
  });

  it('a re-send is not swallowed by the completed job of a commit the database lost (failover, restore)', async () => {
    const id = await open();
    await t.ok(ESCALATE, { id, r: '和解不成' }, staff);
    expect(await waitFor(id)).toMatchObject({ dispute: 'ESCALATED', outbox: 'DONE', cases: 1 });
    const [{ id: outboxId }] = await t.sql<D>(`SELECT id FROM outbox WHERE aggregate_id = $1`, [id]);
    expect(await (await queue.getJob(outboxId))!.getState()).toBe('completed');
    await relay.stop();
    // The database as a replica that missed the escalation's commit: no case, the row DISPATCHED.
    await t.sql(`DELETE FROM deadlines WHERE case_id IN (SELECT id FROM center_cases WHERE source_dispute_id = $1)`, [id]);
    await t.sql(`DELETE FROM center_cases WHERE source_dispute_id = $1`, [id]);
    await t.sql(`UPDATE disputes SET status = 'ESCALATING' WHERE id = $1`, [id]);
    await t.sql(`UPDATE outbox SET status = 'DISPATCHED', done_at = NULL, dispatched_at = now() - interval '1 minute' WHERE id = $1`, [outboxId]);
    relay.start();
    expect(await waitFor(id)).toMatchObject({ dispute: 'ESCALATED', outbox: 'DONE', cases: 1 });
  });

  it('a row dispatched recently is not re-sent before the timeout', async () => {
    await relay.stop();
    const id = await open();
    await t.ok(ESCALATE, { id, r: '和解不成' }, staff);
    await t.sql(`UPDATE outbox SET status = 'DISPATCHED', dispatched_at = now(), attempts = 1 WHERE aggregate_id = $1`, [id]);
    expect(await relay.tick()).toEqual([]);
    relay.start();
    const s = await waitFor(id, 10_000);
    expect(s).toMatchObject({ outbox: 'DONE', cases: 1, attempts: 2 });
  });

  it('a claim takes stale re-sends first (oldest dispatch first), then the oldest PENDING rows, never more than its limit', async () => {
    await relay.stop();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await open());
      await t.ok(ESCALATE, { id: ids[i], r: '和解不成' }, staff);
    }
    const outboxOf = async (disputeId: string) => (await t.sql<D>(`SELECT id FROM outbox WHERE aggregate_id = $1`, [disputeId]))[0].id as string;
    const rows = await Promise.all(ids.map(outboxOf));
    // ids[3] was dispatched longest ago, then ids[4]; ids[0..2] wait PENDING in that order.
    await t.sql(`UPDATE outbox SET status = 'DISPATCHED', dispatched_at = now() - interval '2 minutes', attempts = 1 WHERE id = $1`, [rows[3]]);
    await t.sql(`UPDATE outbox SET status = 'DISPATCHED', dispatched_at = now() - interval '1 minute', attempts = 1 WHERE id = $1`, [rows[4]]);
    const claim = async (limit: number) => {
      let seen: string[] = [];
      // A send that fails rolls the claim back: the rows stay as they were for the next claim.
      await expect(
        worker.get(EscalationService).claimOutbox(limit, 1500, async (claimed) => {
          seen = claimed.map((r) => r.id);
          throw new Error('not now');
        }),
      ).rejects.toThrow('not now');
      return seen;
    };
    expect(await claim(3)).toEqual([rows[3], rows[4], rows[0]]);
    expect(await claim(1)).toEqual([rows[3]]);
    expect(await claim(10)).toEqual([rows[3], rows[4], rows[0], rows[1], rows[2]]);
    relay.start();
    for (const id of ids) expect(await waitFor(id)).toMatchObject({ dispute: 'ESCALATED', outbox: 'DONE', cases: 1 });
  });

  describe('wake-up and batches', () => {
    const OVERRIDE = `mutation($key: DeadlineRuleKey!, $days: Int!, $unit: DayUnit!) { overrideRule(key: $key, days: $days, unit: $unit) { versionId } }`;
    const jobOf = async (disputeId: string) => {
      const [o] = await t.sql<D>(`SELECT id, tenant_id, payload FROM outbox WHERE aggregate_id = $1`, [disputeId]);
      return { tenantId: o.tenant_id as string, outboxId: o.id as string, disputeId, stationId: o.payload.stationId as string };
    };
    const escalated = async () => {
      const id = await open();
      await t.ok(ESCALATE, { id, r: '和解不成' }, staff);
      return id;
    };
    const deadline = async (disputeId: string) =>
      (
        await t.sql<D>(
          `SELECT dl.kind, dl.days, dl.unit, dl.rulebook_version_id, dl.due_at, dl.start_date::text AS start_date, c.received_at
             FROM deadlines dl JOIN center_cases c ON c.tenant_id = dl.tenant_id AND c.id = dl.case_id WHERE c.source_dispute_id = $1`,
          [disputeId],
        )
      )[0];
    afterEach(() => relay.start());

    it('the relay wakes on the outbox NOTIFY, not on its next poll', async () => {
      await relay.stop();
      const interval = relay.options.intervalMs;
      relay.options.intervalMs = 3_600_000; // polling alone would not come back during this test
      try {
        relay.start();
        for (let i = 0; i < 400 && !(relay.isListening() && relay.isSleeping()); i++) await sleep(25);
        expect(relay.isListening()).toBe(true);
        expect(relay.isSleeping()).toBe(true);
        const id = await escalated();
        expect(await waitFor(id)).toMatchObject({ dispute: 'ESCALATED', outbox: 'DONE', cases: 1 });
      } finally {
        await relay.stop();
        relay.options.intervalMs = interval;
      }
    });

    it('a batch: one transaction per tenant, each job its own result, one case per dispute, deadlines by the rulebook in force', async () => {
      await relay.stop();
      const esc = worker.get(EscalationService);
      const fx2 = await createTenantFixture(t, 'escb');
      const station2 = await createStation(t, fx2, { orgUnitId: fx2.units.countyB, category: 'MARKET' });
      const staff2 = await addStationStaff(t, fx2, station2, 'escb-staff');
      const open2 = async () => {
        const id = (
          await t.ok<D>(
            OPEN,
            { i: { stationId: station2, consumerName: '吴十', consumerPhone: `139${String(10_000_000 + ++seq * 173).slice(-8)}`, subject: '手机黑屏', description: '开机黑屏', claimType: 'REPAIR' } },
            staff2,
          )
        ).openDispute.id;
        await t.ok(ESCALATE, { id, r: '和解不成' }, staff2);
        return id;
      };
      const done = await escalated();
      expect(await esc.processEscalation(await jobOf(done))).toBe('created');
      const [d1, d2] = [await escalated(), await escalated()];
      // Tenant 2: one dispute received before a rulebook change, one after.
      const before = await open2();
      await t.ok(OVERRIDE, { key: 'ACCEPTANCE', days: 9, unit: 'WORKING' }, fx2.tokens.tenantAdmin);
      const after = await open2();
      const [j1, j2, jDone, jBefore, jAfter] = await Promise.all([d1, d2, done, before, after].map(jobOf));
      const ghost = { ...j1, outboxId: '00000000-0000-7000-8000-000000000000' };
      const auditBefore = (await t.sql<{ n: number }>(`SELECT count(*)::int n FROM audit_events`))[0].n;

      const results = await esc.processEscalations([j1, j2, j1, jBefore, jDone, ghost, jAfter]);
      expect(results).toEqual(['created', 'created', 'already-done', 'created', 'already-done', 'missing', 'created']);
      for (const id of [d1, d2, done, before, after]) expect(await state(id)).toMatchObject({ dispute: 'ESCALATED', outbox: 'DONE', cases: 1 });
      // Per new case: centerCase.register and dispute.escalated.
      expect((await t.sql<{ n: number }>(`SELECT count(*)::int n FROM audit_events`))[0].n - auditBefore).toBe(8);
      const [c1, c2] = await t.sql<D>(`SELECT case_number, registered_unit_id FROM center_cases WHERE source_dispute_id = ANY($1) ORDER BY case_number`, [[d1, d2]]);
      expect(c1.case_number).not.toBe(c2.case_number);
      expect(c1.registered_unit_id).toBe(fx.units.countyA);
      // The acceptance deadline as DeadlinesService.start would set it: the rulebook version in force at receipt.
      const [dl1, dlBefore, dlAfter] = [await deadline(d1), await deadline(before), await deadline(after)];
      expect(dl1).toMatchObject({ kind: 'ACCEPTANCE', rulebook_version_id: null });
      expect(dlBefore).toMatchObject({ kind: 'ACCEPTANCE', rulebook_version_id: null, days: dl1.days });
      expect(dlAfter).toMatchObject({ kind: 'ACCEPTANCE', days: 9, unit: 'WORKING' });
      expect(dlAfter.rulebook_version_id).toBeTruthy();
      const rulebook = worker.get(RulebookService);
      const db = worker.get(TenantDb);
      for (const [id, dl] of [[d1, dl1], [before, dlBefore], [after, dlAfter]] as const) {
        const j = await jobOf(id);
        const due = await db.asTenant(j.tenantId, (em) => rulebook.dueFor(RuleKey.ACCEPTANCE, dl.received_at, { receivedAt: dl.received_at, em }));
        expect(new Date(dl.due_at).toISOString()).toBe(due.dueAt.toISOString());
      }
    });

    it('a job that breaks its batch fails alone; the others go through, and the relay delivers it later', async () => {
      await relay.stop();
      const esc = worker.get(EscalationService);
      const [g1, g2, g3] = [await escalated(), await escalated(), await escalated()];
      const [j1, j2, j3] = await Promise.all([g1, g2, g3].map(jobOf));
      const results = await esc.processEscalations([j1, { ...j3, disputeId: 'not-a-uuid' }, j2]);
      expect(results[0]).toBe('created');
      expect(results[1]).toBeInstanceOf(Error);
      expect(results[2]).toBe('created');
      expect(await state(g3)).toMatchObject({ dispute: 'ESCALATING', cases: 0 });
      relay.start();
      expect(await waitFor(g3)).toMatchObject({ dispute: 'ESCALATED', outbox: 'DONE', cases: 1 });
    });

    it('a case whose acceptance deadline reaches an unpublished year is created; the deadline starts once the year is published', async () => {
      await relay.stop();
      const esc = worker.get(EscalationService);
      const [late, moot] = [await escalated(), await escalated()];
      // Escalated on 2099-12-30 (a year neither the national data nor the tenant covers).
      await t.sql(`UPDATE disputes SET escalated_at = '2099-12-30T02:00:00Z' WHERE id = ANY($1)`, [[late, moot]]);
      expect(await esc.processEscalations([await jobOf(late), await jobOf(moot)])).toEqual(['created', 'created']);
      for (const id of [late, moot]) expect(await state(id)).toMatchObject({ dispute: 'ESCALATED', outbox: 'DONE', cases: 1 });
      expect(await deadline(late)).toBeUndefined();
      const pending = () => t.sql<D>(`SELECT p.kind, c.source_dispute_id FROM pending_deadlines p JOIN center_cases c ON c.id = p.case_id ORDER BY 2`);
      expect((await pending()).map((r) => [r.source_dispute_id, r.kind]).sort()).toEqual([[late, 'ACCEPTANCE'], [moot, 'ACCEPTANCE']].sort());
      // Still unpublished: nothing starts, nothing is dropped.
      expect(await esc.startPendingDeadlines()).toBe(0);
      expect(await pending()).toHaveLength(2);
      // One case is accepted meanwhile (its acceptance deadline is moot); then the tenant publishes 2099 and 2100.
      const [mootCase] = await t.sql<D>(`SELECT id FROM center_cases WHERE source_dispute_id = $1`, [moot]);
      await t.sql(`UPDATE center_cases SET status = 'ACCEPTED', accepted_at = now() WHERE id = $1`, [mootCase.id]);
      for (const year of [2099, 2100]) {
        await t.ok(`mutation($d: Date!) { setCalendarOverride(date: $d, kind: HOLIDAY, note: "元旦") { date } }`, { d: `${year}-01-01` }, fx.tokens.tenantAdmin);
        await t.ok(`mutation($y: Int!) { publishCalendarYear(year: $y) { lastCoveredYear } }`, { y: year }, fx.tokens.tenantAdmin);
      }
      // A case locked elsewhere (e.g. being accepted right now) is skipped with its row, not given a deadline on a stale status.
      const [lateCase] = await t.sql<D>(`SELECT id FROM center_cases WHERE source_dispute_id = $1`, [late]);
      const locker = new Client({ connectionString: t.db.url });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query(`SELECT 1 FROM center_cases WHERE id = $1 FOR UPDATE`, [lateCase.id]);
        expect(await esc.startPendingDeadlines()).toBe(0);
        expect((await pending()).map((r) => r.source_dispute_id)).toEqual([late]); // the moot one was dropped
        expect(await deadline(late)).toBeUndefined();
        await locker.query('ROLLBACK');
      } finally {
        await locker.end();
      }
      expect(await esc.startPendingDeadlines()).toBe(1);
      expect(await pending()).toEqual([]);
      const dl = await deadline(late);
      expect(dl).toMatchObject({ kind: 'ACCEPTANCE', start_date: '2099-12-30' });
      expect(new Date(dl.received_at).toISOString()).toBe('2099-12-30T02:00:00.000Z');
      expect(await deadline(moot)).toBeUndefined();
      const [audit] = await t.sql<D>(`SELECT details FROM audit_events WHERE action = 'deadline.start' AND entity_id = (SELECT id::text FROM center_cases WHERE source_dispute_id = $1)`, [late]);
      expect(audit.details).toMatchObject({ kind: 'ACCEPTANCE', waitedFor: 'calendar' });
      expect(await esc.startPendingDeadlines()).toBe(0);
    });
  });

  it('no loss, no doubles: 200 escalations while workers are SIGKILLed twice and Redis restarts once', async () => {
    await relay.stop(); // the child workers do the work
    const r = await runEscalationChaos(t, { disputes: 200, kills: 2, redisRestarts: 1, workers: 2, redispatchAfterMs: 2_000, settleTimeoutMs: 60_000, log: (l) => process.stdout.write(`[chaos] ${l}\n`) });
    expect(r).toMatchObject({ disputes: 200, cases: 200, distinctDisputes: 200, escalated: 200, outboxDone: 200, kills: 2, redisRestarts: 1 });
  }, 120_000);
});
