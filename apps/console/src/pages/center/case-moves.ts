import type { CaseOutcome, CaseType, CenterCaseStatus, DeadlineKind, Role } from '../../gql/enums';

/**
 * Which moves the console offers for a case. Mirrors the API's state machine
 * (libs/center/src/case-lifecycle.ts) so only valid moves are shown; the API still decides and
 * answers INVALID_TRANSITION or FORBIDDEN when the page is out of date.
 */
export type CaseMove = 'accept' | 'reject' | 'assign' | 'return' | 'extend' | 'urge' | 'respond' | 'close' | 'feedback' | 'callback' | 'archive';

export const MOVE_LABELS: Record<CaseMove, string> = {
  accept: '受理',
  reject: '不予受理',
  assign: '分流转办',
  return: '退回',
  extend: '延长时限',
  urge: '催办',
  respond: '回复催办',
  close: '办结',
  feedback: '反馈结果',
  callback: '回访',
  archive: '归档',
};

/** Display order of the buttons. */
export const MOVE_ORDER: CaseMove[] = ['accept', 'reject', 'assign', 'close', 'respond', 'return', 'extend', 'urge', 'feedback', 'callback', 'archive'];

const ALL_STATES: Record<CaseMove, CenterCaseStatus[]> = {
  accept: ['REGISTERED'],
  reject: ['REGISTERED'],
  assign: ['ACCEPTED'],
  return: ['ASSIGNED'],
  extend: ['REGISTERED', 'ACCEPTED', 'ASSIGNED'],
  urge: ['REGISTERED', 'ACCEPTED', 'ASSIGNED'],
  respond: ['REGISTERED', 'ACCEPTED', 'ASSIGNED'],
  close: ['ASSIGNED'],
  feedback: ['CLOSED'],
  callback: ['CLOSED', 'FEEDBACK_GIVEN'],
  archive: ['FEEDBACK_GIVEN'],
};

/** A consultation is answered and closed directly, then archived (it may be urged while open). */
const CONSULTATION_STATES: Partial<Record<CaseMove, CenterCaseStatus[]>> = {
  close: ['REGISTERED'],
  archive: ['CLOSED'],
  urge: ['REGISTERED', 'ACCEPTED'],
  respond: ['REGISTERED'],
};

/** returnCase, closeCase and respondToUrge are open to the handling unit's officers; every move to center operators. */
const OFFICER_MOVES: CaseMove[] = ['return', 'close', 'respond'];

export interface MoveCase {
  type: CaseType;
  status: CenterCaseStatus;
  registeredUnit?: { id: string } | null;
  assignedUnit?: { id: string } | null;
  /** Deadlines waiting for a calendar year (they still time their step). */
  waitingDeadlines?: readonly DeadlineKind[];
  extendedAt?: string | null;
  /** End of the assigned unit's window to return the case; after it only the routing center may. */
  returnBy?: string | null;
  /** The user who closed the case: they may not call it back (cross call-back). */
  closedBy?: { id: string } | null;
  /** The co-handler named on closing: neither may call the case back. */
  coHandler?: { id: string } | null;
  deadlines: { kind: DeadlineKind; metAt?: string | null; breached: boolean }[];
}

/** Whether the user handled the case (closed it or co-handled it): they may not record its call-back (the API answers FORBIDDEN), so it is not offered. */
export function handledBy(c: Pick<MoveCase, 'closedBy' | 'coHandler'>, userId: string): boolean {
  return c.closedBy?.id === userId || c.coHandler?.id === userId;
}

/** The clock extendCase lengthens: a report's case decision, otherwise the handling period. */
export function extendedKind(type: CaseType): DeadlineKind {
  return type === 'REPORT' ? 'CASE_DECISION' : 'HANDLING';
}

/**
 * `inScope`: whether a unit is in the caller's scope (their orgUnits). The API lets an officer
 * (without CENTER_OPERATOR) act only as the unit handling the case, and extend only an operator of
 * the routing center (the registering unit); after `returnBy` only the routing center returns.
 */
export function validMoves(c: MoveCase, roles: readonly Role[], userId: string, inScope: (unitId: string) => boolean = () => true, now: Date = new Date()): CaseMove[] {
  const operator = roles.includes('CENTER_OPERATOR');
  const officer = roles.includes('OFFICER');
  const handlingOfficer = officer && !!c.assignedUnit && inScope(c.assignedUnit.id);
  const table = c.type === 'CONSULTATION' ? CONSULTATION_STATES : ALL_STATES;
  return MOVE_ORDER.filter((m) => {
    if (!(table[m] ?? []).includes(c.status)) return false;
    if (!operator && !(handlingOfficer && OFFICER_MOVES.includes(m))) return false;
    if (m === 'callback' && handledBy(c, userId)) return false;
    // Only while an urge awaits its first reply (running, or waiting for its calendar year).
    if (m === 'respond') return c.deadlines.some((d) => d.kind === 'URGED_FIRST_FEEDBACK' && !d.metAt) || !!c.waitingDeadlines?.includes('URGED_FIRST_FEEDBACK');
    const routingCenter = operator && !!c.registeredUnit && inScope(c.registeredUnit.id);
    if (m === 'return' && !routingCenter && c.returnBy && now.getTime() > Date.parse(c.returnBy)) return false;
    if (m === 'extend' && !routingCenter) return false;
    if (m === 'extend') {
      // Once only, and only while the clock it lengthens runs and is not yet breached.
      if (c.extendedAt) return false;
      const kind = extendedKind(c.type);
      return c.deadlines.some((d) => d.kind === kind && !d.metAt && !d.breached);
    }
    return true;
  });
}

/** The outcomes a case of each type may close with (OUTCOMES_BY_TYPE in the API). */
export const OUTCOMES_BY_TYPE: Record<CaseType, CaseOutcome[]> = {
  CONSULTATION: ['ANSWERED'],
  COMPLAINT: ['MEDIATED', 'NOT_MEDIATED', 'TERMINATED'],
  REPORT: ['CASE_OPENED', 'NO_CASE_OPENED'],
};

/** The nearest deadline still running (metAt empty), by the dueAt the API returned. */
export function nearestOpenDeadline<D extends { dueAt: string; metAt?: string | null }>(deadlines: readonly D[]): D | null {
  let best: D | null = null;
  for (const d of deadlines) if (!d.metAt && (!best || Date.parse(d.dueAt) < Date.parse(best.dueAt))) best = d;
  return best;
}
