import { EntityManager } from 'typeorm';
import { startOfChinaDay } from '@app/platform';
import { CalendarNotPublishedError, DeadlineKind, DeadlinesService, StartDeadlineInput } from '@app/calendar';
import { CenterCaseStatus as S } from './entities/center-case.entity';

/** The statuses of a case still being handled, which urging (催办) presses (case-lifecycle: urge). */
export const URGEABLE: readonly S[] = [S.REGISTERED, S.ACCEPTED, S.ASSIGNED];

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
  [DeadlineKind.URGED_FIRST_FEEDBACK]: URGEABLE,
  [DeadlineKind.URGED_DONE]: URGEABLE,
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

/** Kinds of the case's deadlines waiting for a calendar year. */
export async function waitingKinds(em: EntityManager, caseId: string): Promise<DeadlineKind[]> {
  const rows: { kind: DeadlineKind }[] = await em.query(`SELECT kind FROM pending_deadlines WHERE case_id = $1 ORDER BY kind`, [caseId]);
  return rows.map((r) => r.kind);
}

/**
 * Drops the case's waiting deadlines of `kinds`: the move they time happened before they could
 * start (e.g. the reply to an urge whose reply deadline waits). Returns the kinds dropped.
 */
export async function dropWaiting(em: EntityManager, caseId: string, kinds: readonly DeadlineKind[]): Promise<DeadlineKind[]> {
  const [rows]: [{ kind: DeadlineKind }[], number] = await em.query(`DELETE FROM pending_deadlines WHERE case_id = $1 AND kind = ANY($2::text[]) RETURNING kind`, [caseId, [...kinds]]);
  return rows.map((r) => r.kind);
}

/**
 * Starts a deadline, or when its period reaches a year whose working-day calendar is not published
 * yet (chinese-days and the tenant's overrides stop there: late December), keeps it in
 * pending_deadlines: the case move that started it still happens. Returns the year waited for,
 * or null when the deadline started.
 */
export async function startOrDefer(deadlines: DeadlinesService, em: EntityManager, tenantId: string, input: StartDeadlineInput): Promise<number | null> {
  try {
    await deadlines.start(em, input);
    return null;
  } catch (e) {
    if (!(e instanceof CalendarNotPublishedError)) throw e;
    const start = await deadlines.startEventOf(em, input);
    const startAt = typeof start === 'string' ? startOfChinaDay(start) : start;
    await deferDeadlines(em, tenantId, [{ caseId: input.caseId, kind: input.kind, startAt, receivedAt: input.receivedAt }]);
    return e.year;
  }
}

/**
 * 001 限时办结制: an urged (催办) case still being handled owes a first reply within 1 working day
 * and completion within 7 (URGED_FIRST_FEEDBACK, URGED_DONE). A deadline of either kind still
 * running (or waiting for its calendar year) keeps going: urging again does not restart the clock.
 */
export async function startUrgedDeadlines(deadlines: DeadlinesService, em: EntityManager, tenantId: string, c: { id: string; status: S; receivedAt: Date }, now: Date): Promise<void> {
  if (!URGEABLE.includes(c.status)) return;
  const waiting = await waitingKinds(em, c.id);
  for (const kind of [DeadlineKind.URGED_FIRST_FEEDBACK, DeadlineKind.URGED_DONE]) {
    if (waiting.includes(kind) || (await deadlines.open(em, c.id, kind))) continue;
    await startOrDefer(deadlines, em, tenantId, { caseId: c.id, kind, startDate: now, receivedAt: c.receivedAt });
  }
}
