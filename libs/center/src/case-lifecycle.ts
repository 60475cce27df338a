import { PlatformError } from '@app/platform';
import { CASE_ACTION_LABELS, CASE_STATUS_LABELS } from './case-labels';
import { CaseOutcome, CaseType, CenterCaseStatus as S } from './entities/center-case.entity';

export type CaseAction =
  | 'accept'
  | 'reject'
  | 'assign'
  | 'return'
  | 'extend'
  | 'urge'
  | 'respond'
  | 'close'
  | 'feedback'
  | 'callback'
  | 'archive';

/**
 * The center's state machine (DOMAIN.md: receive → register → accept or not → route → handle →
 * feed back → archive). A CONSULTATION is answered and closed directly, and archived from CLOSED;
 * complaints and reports go through acceptance, routing and feedback. `null` = stays put.
 */
const MOVES: Record<CaseAction, { types: CaseType[]; from: S[]; to: S | null }> = {
  accept: { types: [CaseType.COMPLAINT, CaseType.REPORT], from: [S.REGISTERED], to: S.ACCEPTED },
  reject: { types: [CaseType.COMPLAINT, CaseType.REPORT], from: [S.REGISTERED], to: S.REJECTED },
  assign: { types: [CaseType.COMPLAINT, CaseType.REPORT], from: [S.ACCEPTED], to: S.ASSIGNED },
  return: { types: [CaseType.COMPLAINT, CaseType.REPORT], from: [S.ASSIGNED], to: S.ACCEPTED },
  extend: { types: [CaseType.COMPLAINT, CaseType.REPORT], from: [S.REGISTERED, S.ACCEPTED, S.ASSIGNED], to: null },
  // Urging (催办) presses a case still in handling; a closed (answered), rejected or archived case
  // has nothing left to press. A breached feedback deadline after closing is urged by the sweeper.
  urge: { types: [CaseType.CONSULTATION, CaseType.COMPLAINT, CaseType.REPORT], from: [S.REGISTERED, S.ACCEPTED, S.ASSIGNED], to: null },
  // The reply to an urge, while the case is still being handled.
  respond: { types: [CaseType.CONSULTATION, CaseType.COMPLAINT, CaseType.REPORT], from: [S.REGISTERED, S.ACCEPTED, S.ASSIGNED], to: null },
  close: { types: [CaseType.COMPLAINT, CaseType.REPORT], from: [S.ASSIGNED], to: S.CLOSED },
  feedback: { types: [CaseType.COMPLAINT, CaseType.REPORT], from: [S.CLOSED], to: S.FEEDBACK_GIVEN },
  callback: { types: [CaseType.COMPLAINT, CaseType.REPORT], from: [S.CLOSED, S.FEEDBACK_GIVEN], to: null },
  archive: { types: [CaseType.COMPLAINT, CaseType.REPORT], from: [S.FEEDBACK_GIVEN], to: S.ARCHIVED },
};

/** Consultations: answered and closed directly, then archived. */
const CONSULTATION_MOVES: Partial<Record<CaseAction, { from: S[]; to: S }>> = {
  close: { from: [S.REGISTERED], to: S.CLOSED },
  archive: { from: [S.CLOSED], to: S.ARCHIVED },
};

/** INVALID_TRANSITION for `action` on a case in `from`, with the Chinese labels in the message. */
export const refused = (from: S, action: CaseAction) =>
  PlatformError.invalidTransition(from, action, { from: CASE_STATUS_LABELS[from], action: CASE_ACTION_LABELS[action] });

/** The status after `action` on a case of `type` in `from` (unchanged for extend/urge/callback), or INVALID_TRANSITION. */
export function nextCaseStatus(type: CaseType, from: S, action: CaseAction): S {
  const special = type === CaseType.CONSULTATION ? CONSULTATION_MOVES[action] : undefined;
  if (special) {
    if (!special.from.includes(from)) throw refused(from, action);
    return special.to;
  }
  const move = MOVES[action];
  if (!move || !move.types.includes(type) || !move.from.includes(from)) throw refused(from, action);
  return move.to ?? from;
}

/** The outcomes a case of each type may close with. */
export const OUTCOMES_BY_TYPE: Readonly<Record<CaseType, readonly CaseOutcome[]>> = {
  [CaseType.CONSULTATION]: [CaseOutcome.ANSWERED],
  [CaseType.COMPLAINT]: [CaseOutcome.MEDIATED, CaseOutcome.NOT_MEDIATED, CaseOutcome.TERMINATED],
  [CaseType.REPORT]: [CaseOutcome.CASE_OPENED, CaseOutcome.NO_CASE_OPENED],
};
