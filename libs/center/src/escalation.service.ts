import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarNotPublishedError, Deadline, DeadlineKind, DeadlinesService } from '@app/calendar';
import { Dispute, DisputeStatus, nextDisputeStatus, OUTBOX_TOPICS, OutboxMessage, OutboxStatus } from '@app/disputes';
import { AuditEntry, AuditService, JobName, JobPayloads, newId, TenantDb } from '@app/platform';
import { Station } from '@app/stations';
import { formatCenterCaseNumber } from './center.service';
import { CaseChannel, CaseType, CenterCase, CenterCaseStatus } from './entities/center-case.entity';

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
    return this.db.asTenant(job.tenantId, async (em) => {
      // The outbox row lock serialises duplicate jobs of the same row.
      const [outbox] = await em.query(`SELECT status FROM outbox WHERE id = $1 FOR UPDATE`, [job.outboxId]);
      if (!outbox) return 'missing';
      if (outbox.status === OutboxStatus.DONE) return 'already-done';
      const dispute = await em
        .createQueryBuilder(Dispute, 'd')
        .where('d.id = :id', { id: job.disputeId })
        .setLock('pessimistic_write')
        .getOne();
      if (!dispute) {
        // Nothing to escalate (should not happen: the dispute and its outbox row are written
        // together). Close the row so the relay stops re-sending it, and leave a trace.
        await em.query(`UPDATE outbox SET status = $2, done_at = now() WHERE id = $1`, [job.outboxId, OutboxStatus.DONE]);
        await this.audit.record(em, { action: 'outbox.orphan', entity: 'Outbox', entityId: job.outboxId, actor: SYSTEM_ACTOR, details: { disputeId: job.disputeId } });
        return 'missing';
      }
      const now = new Date();
      let result: EscalationResult = 'existing';
      let caseId = (await em.findOne(CenterCase, { where: { sourceDisputeId: dispute.id }, select: { tenantId: true, id: true } }))?.id;
      if (!caseId) {
        caseId = await this.createCase(em, dispute, now);
        result = 'created';
      }
      if (dispute.status === DisputeStatus.ESCALATING) {
        await em.update(Dispute, { tenantId: dispute.tenantId, id: dispute.id }, { status: DisputeStatus.ESCALATED });
        await this.audit.record(em, {
          action: 'dispute.escalated',
          entity: 'Dispute',
          entityId: dispute.id,
          actor: SYSTEM_ACTOR,
          details: { from: DisputeStatus.ESCALATING, to: DisputeStatus.ESCALATED, centerCaseId: caseId, outboxId: job.outboxId },
        });
      }
      await em.update(OutboxMessage, { tenantId: job.tenantId, id: job.outboxId }, { status: OutboxStatus.DONE, doneAt: now });
      return result;
    });
  }

  private async createCase(em: EntityManager, dispute: Dispute, now: Date): Promise<string> {
    const station = await em.findOneOrFail(Station, { where: { id: dispute.stationId }, select: { tenantId: true, id: true, orgUnitId: true } });
    const receivedAt = dispute.escalatedAt ?? now;
    const [{ seq }] = await em.query(`SELECT nextval('center_case_number_seq') AS seq`);
    const id = newId();
    const caseNumber = formatCenterCaseNumber(receivedAt, seq);
    const res = await em
      .createQueryBuilder()
      .insert()
      .into(CenterCase)
      .values({
        tenantId: dispute.tenantId,
        id,
        caseNumber,
        type: CaseType.COMPLAINT,
        channel: CaseChannel.STATION,
        status: CenterCaseStatus.REGISTERED,
        receivedAt,
        subject: dispute.subject,
        description: dispute.description,
        complainantNameEnc: dispute.consumerNameEnc,
        complainantPhoneEnc: dispute.consumerPhoneEnc,
        complainantPhoneHash: dispute.consumerPhoneHash,
        respondentName: null,
        respondentCreditCode: null,
        amountClaimedFen: dispute.amountClaimedFen,
        registeredUnitId: station.orgUnitId,
        sourceDisputeId: dispute.id,
        sourceStationId: dispute.stationId,
        urgeCount: 0,
      } as never)
      .orIgnore()
      .returning(['id'])
      .execute();
    if (!(res.raw as unknown[]).length) {
      // The unique key (tenant_id, source_dispute_id) held: another transaction created it.
      return (await em.findOneOrFail(CenterCase, { where: { sourceDisputeId: dispute.id }, select: { tenantId: true, id: true } })).id;
    }
    try {
      await this.deadlines.start(em, { caseId: id, kind: DeadlineKind.ACCEPTANCE, startDate: receivedAt, receivedAt });
    } catch (e) {
      // Never strand a case because next year's calendar is not yet published: the case exists, its
      // acceptance deadline is started by hand.
      if (!(e instanceof CalendarNotPublishedError)) throw e;
      this.logger.warn(`Case ${caseNumber}: acceptance deadline not started (${e.message})`);
    }
    await this.audit.record(em, {
      action: 'centerCase.register',
      entity: 'CenterCase',
      entityId: id,
      actor: SYSTEM_ACTOR,
      details: { caseNumber, type: CaseType.COMPLAINT, channel: CaseChannel.STATION, orgUnitId: station.orgUnitId, sourceDisputeId: dispute.id, receivedAt: receivedAt.toISOString() },
    });
    return id;
  }

  /**
   * Escalates OPEN disputes past settle_by in every tenant (reason 逾期未和解), like escalateDispute
   * does: ESCALATING plus an outbox row, in one transaction per dispute. Idempotent: a dispute no
   * longer OPEN (or no longer overdue) when locked is skipped. Returns how many were escalated.
   */
  async autoEscalate(limit = 500): Promise<number> {
    let escalated = 0;
    for (;;) {
      const due: { tenant_id: string; id: string }[] = await this.db.dataSource.query(`SELECT * FROM app_overdue_disputes($1)`, [limit]);
      let round = 0;
      for (const row of due) if (await this.escalateOverdue(row.tenant_id, row.id)) round++;
      escalated += round;
      // Stop when the batch was short, or nothing moved (e.g. this clock lags the database's).
      if (due.length < limit || round === 0) return escalated;
    }
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
    for (const { tenant_id: tenantId } of tenants) {
      for (;;) {
        const n = await this.db.asTenant(tenantId, async (em) => {
          const found = await this.deadlines.findBreaches(em, now, batch);
          const marked = new Set(await this.deadlines.markBreached(em, found.map((d) => d.id), now));
          const hits = found.filter((d) => marked.has(d.id));
          for (const d of hits) await this.urgeForBreach(em, d, now);
          return { found: found.length, urged: hits.length };
        });
        urged += n.urged;
        if (n.found < batch) break;
      }
    }
    return urged;
  }

  private async urgeForBreach(em: EntityManager, d: Deadline, now: Date): Promise<void> {
    // UPDATE ... RETURNING through em.query yields [rows, affected].
    const [rows]: [{ urge_count: number; unit_id: string }[], number] = await em.query(
      `UPDATE center_cases SET urge_count = urge_count + 1, updated_at = now() WHERE id = $1
       RETURNING urge_count, coalesce(assigned_unit_id, registered_unit_id) AS unit_id`,
      [d.caseId],
    );
    await em.update(Deadline, { tenantId: d.tenantId, id: d.id }, { urgedAt: now });
    await this.audit.record(em, {
      action: 'centerCase.urge',
      entity: 'CenterCase',
      entityId: d.caseId,
      actor: SYSTEM_ACTOR,
      details: { automatic: true, deadlineId: d.id, kind: d.kind, dueAt: d.dueAt.toISOString(), unitId: rows[0]?.unit_id ?? null, urgeCount: rows[0]?.urge_count ?? null },
    });
  }
}
