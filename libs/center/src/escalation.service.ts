import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarNotPublishedError, Deadline, DeadlineKind, DeadlinesService, RulebookService } from '@app/calendar';
import { Dispute, DisputeStatus, nextDisputeStatus, OUTBOX_TOPICS, OutboxMessage, OutboxStatus } from '@app/disputes';
import { AuditEntry, AuditService, insertRows, JobName, JobPayloads, newId, TenantDb } from '@app/platform';
import { formatCenterCaseNumber } from './center.service';
import { CaseChannel, CaseType, CenterCase, CenterCaseStatus } from './entities/center-case.entity';
import { deferDeadlines, PENDING_PHASES, startUrgedDeadlines } from './pending-deadlines';

/** The actor of sweepers and relays in the audit trail. */
export const SYSTEM_ACTOR: NonNullable<AuditEntry['actor']> = { id: null, name: 'system' };
/** Reason recorded when a dispute passes settle_by without settlement. */
export const AUTO_ESCALATION_REASON = '逾期未和解';

/** A claimed outbox row (app_claim_outbox). */
export interface ClaimedOutboxRow {
  tenantId: string;
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  /** How many times the row was claimed, this claim included: > 1 is a re-send. */
  attempts: number;
}

export type EscalationJob = JobPayloads[JobName.ESCALATE_DISPUTE];
export type EscalationResult = 'created' | 'existing' | 'already-done' | 'missing';
/** A job's result in a batch, or the error that failed it. */
export type EscalationOutcome = EscalationResult | Error;

/** A dispute row as the escalation locks it (snake_case: a raw query). */
interface LockedDispute {
  id: string;
  status: DisputeStatus;
  station_id: string;
  subject: string;
  description: string;
  consumer_name_enc: string;
  consumer_phone_enc: string;
  consumer_phone_hash: string;
  amount_claimed_fen: string | null;
  escalated_at: Date | null;
  org_unit_id: string | null;
  case_id: string | null;
  seq: string | null;
}

/**
 * After a sweep went through every tenant (or dispute): when some failed, one error naming them,
 * so the job is marked failed and retried, while the work of the others stands.
 */
function failedAfterAll(what: string, failures: string[], done: number): void {
  if (!failures.length) return;
  throw new Error(`${what}: ${failures.length} failed (${failures.slice(0, 5).join('; ')}${failures.length > 5 ? '; …' : ''}); ${done} done`);
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * The escalation pipeline's database side (DESIGN.md "Escalation"), used by the worker: claiming
 * outbox rows across tenants, turning one into a center case exactly once, escalating overdue
 * disputes, and the breach sweeper. Cross-tenant discovery goes through SECURITY DEFINER
 * functions that return ids only; all work on rows happens inside TenantDb.asTenant.
 */
@Injectable()
export class EscalationService {
  private readonly logger = new Logger('Escalation');

  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly deadlines: DeadlinesService,
    private readonly rulebook: RulebookService,
  ) {}

  /**
   * Claims up to `limit` outbox rows (PENDING, or DISPATCHED longer than `redispatchAfterMs` ago and
   * not DONE) with FOR UPDATE SKIP LOCKED, marks them DISPATCHED and hands them to `send` before the
   * claim commits: when `send` throws (Redis down), the claim rolls back and the rows stay as they were.
   */
  async claimOutbox(limit: number, redispatchAfterMs: number, send: (rows: ClaimedOutboxRow[]) => Promise<void>): Promise<ClaimedOutboxRow[]> {
    const qr = this.db.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const raw: { tenant_id: string; id: string; topic: string; payload: Record<string, unknown>; attempts: number }[] = await qr.query(
        `SELECT * FROM app_claim_outbox($1, make_interval(secs => $2::double precision / 1000))`,
        [limit, redispatchAfterMs],
      );
      const rows = raw.map((r) => ({ tenantId: r.tenant_id, id: r.id, topic: r.topic, payload: r.payload, attempts: r.attempts }));
      if (rows.length) await send(rows);
      await qr.commitTransaction();
      return rows;
    } catch (e) {
      await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }

  /** The job for a claimed row, or null for a topic this pipeline does not handle. */
  jobFor(row: ClaimedOutboxRow): EscalationJob | null {
    if (row.topic !== OUTBOX_TOPICS.DISPUTE_ESCALATED) return null;
    const p = row.payload as { disputeId?: string; stationId?: string };
    return { tenantId: row.tenantId, outboxId: row.id, disputeId: String(p.disputeId), stationId: String(p.stationId) };
  }

  /**
   * One escalation, in one transaction of the dispute's tenant: creates the center case (type
   * COMPLAINT, channel STATION, registered at the station's supervising unit, the complainant
   * copied encrypted) under the unique key (tenant_id, source_dispute_id), sets the dispute
   * ESCALATED and marks the outbox row DONE. A retried or duplicate job finds the row DONE or
   * the case existing and only makes sure of the rest.
   */
  processEscalation(job: EscalationJob): Promise<EscalationResult> {
    return this.db.asTenant(job.tenantId, async (em) => (await this.escalateInTx(em, job.tenantId, [job]))[0]);
  }

  /**
   * Many escalations at once (the worker batches the jobs it holds): one transaction per tenant
   * does for every job what processEscalation does for one, in a dozen statements whatever the
   * number of jobs, so each case, its dispute's ESCALATED and its outbox row's DONE still commit
   * together. Returns per job its result, or the error that failed it: when a tenant's batch
   * fails, each of its jobs is retried on its own, so one bad job cannot hold the others back.
   */
  async processEscalations(jobs: EscalationJob[]): Promise<EscalationOutcome[]> {
    const out: EscalationOutcome[] = new Array(jobs.length);
    const byTenant = new Map<string, number[]>();
    jobs.forEach((j, i) => {
      const list = byTenant.get(j.tenantId);
      if (list) list.push(i);
      else byTenant.set(j.tenantId, [i]);
    });
    await Promise.all(
      [...byTenant].map(async ([tenantId, idx]) => {
        try {
          const res = await this.db.asTenant(tenantId, (em) => this.escalateInTx(em, tenantId, idx.map((i) => jobs[i])));
          idx.forEach((i, k) => (out[i] = res[k]));
        } catch (e) {
          if (idx.length > 1) this.logger.warn(`Batch of ${idx.length} escalations failed (${(e as Error).message}); processing them one by one`);
          for (const i of idx) {
            try {
              out[i] = idx.length > 1 ? await this.processEscalation(jobs[i]) : asError(e);
            } catch (e2) {
              out[i] = asError(e2);
            }
          }
        }
      }),
    );
    return out;
  }

  /** The work of `jobs` (one tenant) inside the caller's transaction; results in job order. */
  private async escalateInTx(em: EntityManager, tenantId: string, jobs: EscalationJob[]): Promise<EscalationResult[]> {
    const firstOf = new Map<string, EscalationJob>();
    for (const j of jobs) if (!firstOf.has(j.outboxId)) firstOf.set(j.outboxId, j);
    // The outbox row locks serialise duplicate jobs of the same row; taken in id order, so
    // overlapping batches wait for each other instead of deadlocking.
    const locked: { id: string; status: OutboxStatus }[] = await em.query(
      `SELECT id, status FROM outbox WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [tenantId, [...firstOf.keys()]],
    );
    const statusOf = new Map(locked.map((r) => [r.id, r.status]));
    const results = new Map<string, EscalationResult>();
    const todo: EscalationJob[] = [];
    for (const [id, job] of firstOf) {
      const status = statusOf.get(id);
      if (!status) results.set(id, 'missing');
      else if (status === OutboxStatus.DONE) results.set(id, 'already-done');
      else todo.push(job);
    }
    if (todo.length) await this.escalateLocked(em, tenantId, todo, results);
    const seen = new Set<string>();
    return jobs.map((j) => {
      const r = results.get(j.outboxId)!;
      // A second job of the same row in this batch finds it done.
      if (seen.has(j.outboxId)) return r === 'missing' ? 'missing' : 'already-done';
      seen.add(j.outboxId);
      return r;
    });
  }

  /** Cases, deadlines, audit, ESCALATED and DONE for outbox rows locked and not yet DONE. */
  private async escalateLocked(em: EntityManager, tenantId: string, todo: EscalationJob[], results: Map<string, EscalationResult>): Promise<void> {
    // Disputes locked in id order, with their station's unit, any existing case, and a case
    // number drawn for each dispute without one (a number drawn but not used is a gap).
    const rows: LockedDispute[] = await em.query(
      `SELECT d.id, d.status, d.station_id, d.subject, d.description, d.consumer_name_enc, d.consumer_phone_enc,
              d.consumer_phone_hash, d.amount_claimed_fen, d.escalated_at, s.org_unit_id, c.id AS case_id,
              CASE WHEN c.id IS NULL THEN nextval('center_case_number_seq') END AS seq
         FROM disputes d
         LEFT JOIN stations s ON s.tenant_id = d.tenant_id AND s.id = d.station_id
         LEFT JOIN center_cases c ON c.tenant_id = d.tenant_id AND c.source_dispute_id = d.id
        WHERE d.tenant_id = $1 AND d.id = ANY($2::uuid[])
        ORDER BY d.id
          FOR UPDATE OF d`,
      [tenantId, [...new Set(todo.map((j) => j.disputeId))]],
    );
    const disputes = new Map(rows.map((r) => [r.id, r]));
    const now = new Date();
    const audit: AuditEntry[] = [];
    const caseOf = new Map<string, string>(rows.filter((r) => r.case_id).map((r) => [r.id, r.case_id!]));
    const created = new Map<string, { id: string; caseNumber: string; receivedAt: Date; unitId: string }>();

    const toCreate = rows.filter((r) => !r.case_id);
    if (toCreate.length) {
      const values = toCreate.map((d) => {
        // Should not happen (a foreign key holds): fail the transaction rather than guess a unit.
        if (!d.org_unit_id) throw new Error(`Station ${d.station_id} of dispute ${d.id} not found`);
        const receivedAt = d.escalated_at ?? now;
        const id = newId();
        created.set(d.id, { id, caseNumber: formatCenterCaseNumber(receivedAt, d.seq!), receivedAt, unitId: d.org_unit_id });
        return {
          tenantId,
          id,
          caseNumber: created.get(d.id)!.caseNumber,
          type: CaseType.COMPLAINT,
          channel: CaseChannel.STATION,
          status: CenterCaseStatus.REGISTERED,
          receivedAt,
          subject: d.subject,
          description: d.description,
          complainantNameEnc: d.consumer_name_enc,
          complainantPhoneEnc: d.consumer_phone_enc,
          complainantPhoneHash: d.consumer_phone_hash,
          respondentName: null,
          respondentCreditCode: null,
          amountClaimedFen: d.amount_claimed_fen,
          registeredUnitId: d.org_unit_id,
          sourceDisputeId: d.id,
          sourceStationId: d.station_id,
          urgeCount: 0,
        };
      });
      const res = await insertRows(em, CenterCase, values as Partial<CenterCase>[], { onConflictDoNothing: true, returning: ['source_dispute_id'] });
      const inserted = new Set(res.map((r) => r.source_dispute_id as string));
      const lost = toCreate.filter((d) => !inserted.has(d.id)).map((d) => d.id);
      if (lost.length) {
        // The unique key (tenant_id, source_dispute_id) held: another transaction created them.
        const found: { id: string; source_dispute_id: string }[] = await em.query(
          `SELECT id, source_dispute_id FROM center_cases WHERE tenant_id = $1 AND source_dispute_id = ANY($2::uuid[])`,
          [tenantId, lost],
        );
        const byDispute = new Map(found.map((f) => [f.source_dispute_id, f.id]));
        for (const disputeId of lost) {
          const caseId = byDispute.get(disputeId);
          if (!caseId) throw new Error(`Center case of dispute ${disputeId} neither inserted nor found`);
          created.delete(disputeId);
          caseOf.set(disputeId, caseId);
        }
      }
      for (const [disputeId, c] of created) caseOf.set(disputeId, c.id);
      const fresh = [...created.values()];
      const deadlines = await this.deadlines.startMany(
        em,
        fresh.map((c) => ({ caseId: c.id, kind: DeadlineKind.ACCEPTANCE, startDate: c.receivedAt, receivedAt: c.receivedAt })),
      );
      // Never strand a case because next year's calendar is not yet published: the case exists,
      // and its acceptance deadline waits in pending_deadlines until the year is covered
      // (startPendingDeadlines, run by the deadline sweeper's job).
      const waiting = fresh.filter((c, k) => {
        const d = deadlines[k];
        if (d instanceof CalendarNotPublishedError) this.logger.warn(`Case ${c.caseNumber}: acceptance deadline waits for the ${d.year} calendar (${d.message})`);
        return d instanceof CalendarNotPublishedError;
      });
      await deferDeadlines(
        em,
        tenantId,
        waiting.map((c) => ({ caseId: c.id, kind: DeadlineKind.ACCEPTANCE, startAt: c.receivedAt, receivedAt: c.receivedAt })),
      );
    }

    const escalated: string[] = [];
    const claimedBy = new Map<string, string>();
    for (const job of todo) {
      const d = disputes.get(job.disputeId);
      if (!d) {
        // Nothing to escalate (should not happen: the dispute and its outbox row are written
        // together). Close the row so the relay stops re-sending it, and leave a trace.
        audit.push({ action: 'outbox.orphan', entity: 'Outbox', entityId: job.outboxId, actor: SYSTEM_ACTOR, details: { disputeId: job.disputeId } });
        results.set(job.outboxId, 'missing');
        continue;
      }
      const c = created.get(d.id);
      const first = !claimedBy.has(d.id);
      if (first) claimedBy.set(d.id, job.outboxId);
      results.set(job.outboxId, c && first ? 'created' : 'existing');
      if (!first) continue;
      if (c) {
        audit.push({
          action: 'centerCase.register',
          entity: 'CenterCase',
          entityId: c.id,
          actor: SYSTEM_ACTOR,
          details: { caseNumber: c.caseNumber, type: CaseType.COMPLAINT, channel: CaseChannel.STATION, orgUnitId: c.unitId, sourceDisputeId: d.id, receivedAt: c.receivedAt.toISOString() },
        });
      }
      if (d.status === DisputeStatus.ESCALATING) {
        escalated.push(d.id);
        audit.push({
          action: 'dispute.escalated',
          entity: 'Dispute',
          entityId: d.id,
          actor: SYSTEM_ACTOR,
          details: { from: DisputeStatus.ESCALATING, to: DisputeStatus.ESCALATED, centerCaseId: caseOf.get(d.id), outboxId: job.outboxId },
        });
      }
    }
    await this.audit.recordMany(em, audit);
    // The last statement before the COMMIT message (which carries the audit rows): done_at is
    // (nearly) the instant the escalation commits.
    await em.query(
      `WITH escalated AS (
         UPDATE disputes SET status = $4, updated_at = now() WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND status = $5 RETURNING id
       )
       UPDATE outbox SET status = $6, done_at = clock_timestamp() WHERE tenant_id = $1 AND id = ANY($3::uuid[])`,
      [tenantId, escalated, todo.map((j) => j.outboxId), DisputeStatus.ESCALATED, DisputeStatus.ESCALATING, OutboxStatus.DONE],
    );
  }

  /**
   * Escalates OPEN disputes past settle_by in every tenant (reason 逾期未和解), like escalateDispute
   * does: ESCALATING plus an outbox row, in one transaction per dispute. Idempotent: a dispute no
   * longer OPEN (or no longer overdue) when locked is skipped. Returns how many were escalated.
   */
  async autoEscalate(limit = 500): Promise<number> {
    let escalated = 0;
    const failures: string[] = [];
    for (;;) {
      const due: { tenant_id: string; id: string }[] = await this.db.dataSource.query(`SELECT * FROM app_overdue_disputes($1)`, [limit]);
      let round = 0;
      for (const row of due) {
        // One dispute that fails (its tenant's data, a lock timeout) does not hold back the others.
        const ok = await this.escalateOverdue(row.tenant_id, row.id).catch((e: Error) => {
          failures.push(`dispute ${row.id}: ${e.message}`);
          return false;
        });
        if (ok) round++;
      }
      escalated += round;
      // Stop when the batch was short, or nothing moved (e.g. this clock lags the database's).
      if (due.length < limit || round === 0) break;
    }
    failedAfterAll('auto-escalation', failures, escalated);
    return escalated;
  }

  /**
   * Gives the disputes opened with a provisional settle_by (their window reached a year whose
   * holidays were not yet published) the final one, in every tenant, once that year is covered:
   * the STATION_SETTLEMENT window of the rules in force at the opening, on the tenant's calendar
   * (RulebookService.settleByFor), audited. Whatever the dispute's status: the statistics judge
   * "settled in time" by it. Still unpublished: left provisional for the next run. Runs before
   * the auto-escalation, so an overdue check uses the final date as soon as there is one.
   * Returns how many were re-timed.
   */
  confirmProvisionalSettleBy(batch = 500): Promise<number> {
    return this.inEachTenant('provisional settle_by', `SELECT * FROM app_tenants_with_provisional_settle_by()`, async (em) => {
      const rows: { id: string; opened_at: Date; settle_by: Date }[] = await em.query(
        `SELECT id, opened_at, settle_by FROM disputes WHERE settle_by_provisional ORDER BY opened_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      const audit: AuditEntry[] = [];
      for (const r of rows) {
        const settleBy = await this.rulebook.settleByFor(r.opened_at, em).catch((e: Error) => {
          if (e instanceof CalendarNotPublishedError) return null;
          throw e;
        });
        if (!settleBy) continue;
        await em.query(`UPDATE disputes SET settle_by = $2, settle_by_provisional = false, updated_at = now() WHERE id = $1`, [r.id, settleBy]);
        audit.push({
          action: 'dispute.settleByConfirmed',
          entity: 'Dispute',
          entityId: r.id,
          actor: SYSTEM_ACTOR,
          details: { provisional: r.settle_by.toISOString(), settleBy: settleBy.toISOString() },
        });
      }
      await this.audit.recordMany(em, audit);
      return audit.length;
    });
  }

  /**
   * Runs `work` in one transaction of each tenant `tenantsSql` names (a cross-tenant entry point
   * returning tenant_id): one tenant's failure does not keep the others from their turn; the
   * sweep fails afterwards naming them (failedAfterAll). Returns the sum of `work`'s counts.
   */
  private async inEachTenant(what: string, tenantsSql: string, work: (em: EntityManager) => Promise<number>): Promise<number> {
    const tenants: { tenant_id: string }[] = await this.db.dataSource.query(tenantsSql);
    let done = 0;
    const failures: string[] = [];
    for (const { tenant_id: tenantId } of tenants) {
      done += await this.db.asTenant(tenantId, work).catch((e: Error) => {
        failures.push(`tenant ${tenantId}: ${e.message}`);
        return 0;
      });
    }
    failedAfterAll(what, failures, done);
    return done;
  }

  private escalateOverdue(tenantId: string, disputeId: string): Promise<boolean> {
    return this.db.asTenant(tenantId, async (em) => {
      const d = await em.createQueryBuilder(Dispute, 'd').where('d.id = :id', { id: disputeId }).setLock('pessimistic_write').getOne();
      const now = new Date();
      if (!d || d.status !== DisputeStatus.OPEN || d.settleBy.getTime() >= now.getTime()) return false;
      const to = nextDisputeStatus(d.status, 'escalate');
      await em.update(Dispute, { tenantId, id: d.id }, { status: to, escalatedAt: now, escalationReason: AUTO_ESCALATION_REASON });
      await this.audit.record(em, {
        action: 'dispute.escalate',
        entity: 'Dispute',
        entityId: d.id,
        actor: SYSTEM_ACTOR,
        details: { from: d.status, to, reason: AUTO_ESCALATION_REASON, automatic: true, settleBy: d.settleBy.toISOString() },
      });
      await em.insert(OutboxMessage, {
        tenantId,
        id: newId(),
        topic: OUTBOX_TOPICS.DISPUTE_ESCALATED,
        aggregateId: d.id,
        payload: { tenantId, disputeId: d.id, stationId: d.stationId } as never,
        status: OutboxStatus.PENDING,
        attempts: 0,
      });
      return true;
    });
  }

  /**
   * The supervision sweep: in every tenant with breaches, marks open deadlines past due as
   * breached and urges the responsible unit (the assigned unit, else the registering center)
   * once per breach: urge_count + 1, the deadline's urged_at, an audit record by the system.
   * markBreached only returns deadlines this call marked, so concurrent sweeps urge once.
   * Returns how many breaches were urged.
   */
  async sweepDeadlines(now: Date = new Date(), batch = 500): Promise<number> {
    const tenants: { tenant_id: string }[] = await this.db.dataSource.query(`SELECT * FROM app_tenants_with_breaches($1)`, [now]);
    let urged = 0;
    const failures: string[] = [];
    for (const { tenant_id: tenantId } of tenants) {
      try {
        for (;;) {
          const n = await this.db.asTenant(tenantId, async (em) => {
            const found = await this.deadlines.findBreaches(em, now, batch);
            // The cases first, as every case move takes them (the case, then its deadlines): the
            // other order could deadlock with an operator's move. A case busy now is swept next time.
            const caseIds = [...new Set(found.map((d) => d.caseId))];
            const locked: { id: string }[] = caseIds.length
              ? await em.query(`SELECT id FROM center_cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED`, [caseIds])
              : [];
            const free = new Set(locked.map((r) => r.id));
            const marked = new Set(await this.deadlines.markBreached(em, found.filter((d) => free.has(d.caseId)).map((d) => d.id), now));
            const hits = found.filter((d) => marked.has(d.id));
            for (const d of hits) await this.urgeForBreach(em, d, now);
            return { found: found.length, urged: hits.length };
          });
          urged += n.urged;
          if (n.found < batch || n.urged === 0) break;
        }
      } catch (e) {
        // One tenant's failure does not leave the tenants after it unswept.
        failures.push(`tenant ${tenantId}: ${(e as Error).message}`);
      }
    }
    failedAfterAll('deadline sweep', failures, urged);
    return urged;
  }

  /**
   * Starts the deadlines that waited for a calendar year (pending_deadlines) in every tenant,
   * now that the year is covered; drops those that became moot (a deadline of the kind is running,
   * or the case left the phase it times). Rows whose year is still unpublished stay. Returns how many started.
   * Locks the case with its row (skipping both when either is busy): a case accepted meanwhile
   * is seen ACCEPTED and not given an acceptance deadline nobody would meet.
   */
  async startPendingDeadlines(batch = 500): Promise<number> {
    const started = await this.inEachTenant('pending deadlines', `SELECT * FROM app_tenants_with_pending_deadlines()`, async (em) => {
      const rows: { case_id: string; kind: DeadlineKind; start_at: Date; received_at: Date; status: CenterCaseStatus; has: boolean }[] = await em.query(
        `SELECT p.case_id, p.kind, p.start_at, p.received_at, c.status,
                EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = p.case_id AND d.kind = p.kind AND d.met_at IS NULL) AS has
           FROM pending_deadlines p JOIN center_cases c ON c.tenant_id = p.tenant_id AND c.id = p.case_id
          ORDER BY p.created_at, p.case_id LIMIT $1 FOR UPDATE OF p, c SKIP LOCKED`,
        [batch],
      );
      const due = rows.filter((r) => !r.has && PENDING_PHASES[r.kind]?.includes(r.status));
      const results = await this.deadlines.startMany(
        em,
        due.map((r) => ({ caseId: r.case_id, kind: r.kind, startDate: r.start_at, receivedAt: r.received_at })),
      );
      const begun = due.flatMap((r, k) => (results[k] instanceof Error ? [] : [{ ...r, deadline: results[k] as Deadline }]));
      const settled = [...rows.filter((r) => !due.includes(r)), ...begun];
      if (settled.length) {
        await em.query(`DELETE FROM pending_deadlines WHERE (case_id, kind) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`, [settled.map((r) => r.case_id), settled.map((r) => r.kind)]);
      }
      await this.audit.recordMany(
        em,
        begun.map((r) => ({
          action: 'deadline.start',
          entity: 'CenterCase',
          entityId: r.case_id,
          actor: SYSTEM_ACTOR,
          details: { kind: r.kind, deadlineId: r.deadline.id, dueAt: r.deadline.dueAt.toISOString(), waitedFor: 'calendar' },
        })),
      );
      return begun.length;
    });
    if (started) this.logger.log(`Started ${started} deadline(s) that waited for a calendar year`);
    return started;
  }

  private async urgeForBreach(em: EntityManager, d: Deadline, now: Date): Promise<void> {
    // UPDATE ... RETURNING through em.query yields [rows, affected].
    const [rows]: [{ urge_count: number; unit_id: string; status: CenterCaseStatus; received_at: Date }[], number] = await em.query(
      `UPDATE center_cases SET urge_count = urge_count + 1, updated_at = now() WHERE id = $1
       RETURNING urge_count, coalesce(assigned_unit_id, registered_unit_id) AS unit_id, status, received_at`,
      [d.caseId],
    );
    await em.update(Deadline, { tenantId: d.tenantId, id: d.id }, { urgedAt: now });
    // A system urge is an urge: a case still being handled owes the urged reply and completion.
    if (rows[0]) await startUrgedDeadlines(this.deadlines, em, d.tenantId, { id: d.caseId, status: rows[0].status, receivedAt: rows[0].received_at }, now);
    await this.audit.record(em, {
      action: 'centerCase.urge',
      entity: 'CenterCase',
      entityId: d.caseId,
      actor: SYSTEM_ACTOR,
      details: { automatic: true, deadlineId: d.id, kind: d.kind, dueAt: d.dueAt.toISOString(), unitId: rows[0]?.unit_id ?? null, urgeCount: rows[0]?.urge_count ?? null },
    });
  }
}
