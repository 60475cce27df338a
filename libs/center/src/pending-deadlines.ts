import { EntityManager } from 'typeorm';
import { DeadlineKind } from '@app/calendar';
import { CenterCaseStatus as S } from './entities/center-case.entity';

/**
 * The statuses in which a waiting deadline still times something: a case that has moved on
 * (accepted while its acceptance deadline waited) drops it instead of starting it late.
 */
export const PENDING_PHASES: Readonly<Record<DeadlineKind, readonly S[]>> = {
  [DeadlineKind.ACCEPTANCE]: [S.REGISTERED],
  [DeadlineKind.ROUTING]: [S.ACCEPTED],
  [DeadlineKind.HANDLING]: [S.ASSIGNED],
  [DeadlineKind.FEEDBACK]: [S.CLOSED],
  [DeadlineKind.CASE_DECISION]: [S.REGISTERED, S.ACCEPTED, S.ASSIGNED],
  [DeadlineKind.CASE_CLOSURE]: [S.CLOSED],
};

export interface DeferredDeadline {
  caseId: string;
  kind: DeadlineKind;
  /** The starting event (the period counts from the next day). */
  startAt: Date;
  /** When the case was received: picks the rulebook version in force. */
  receivedAt: Date;
}

/**
 * Keeps deadlines whose period reaches a year with no published calendar in pending_deadlines,
 * for the deadline sweeper's job to start once the year is covered (EscalationService
 * .startPendingDeadlines): a case is never refused or held back for a calendar. A later start of
 * the same kind (the clock restarted, e.g. routing again after a return) replaces the waiting one.
 */
export async function deferDeadlines(em: EntityManager, tenantId: string, rows: DeferredDeadline[]): Promise<void> {
  if (!rows.length) return;
  await em.query(
    `INSERT INTO pending_deadlines (tenant_id, case_id, kind, start_at, received_at)
     SELECT $1, x.case_id, x.kind, x.start_at, x.received_at FROM unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS x(case_id, kind, start_at, received_at)
     ON CONFLICT (tenant_id, case_id, kind) DO UPDATE SET start_at = excluded.start_at, received_at = excluded.received_at`,
    [tenantId, rows.map((r) => r.caseId), rows.map((r) => r.kind), rows.map((r) => r.startAt), rows.map((r) => r.receivedAt)],
  );
}
