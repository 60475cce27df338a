import { PlatformError } from '@app/platform';
import { DisputeStatus } from './entities/dispute.entity';

export type DisputeAction = 'settle' | 'decline' | 'withdraw' | 'escalate';

const MOVES: Record<DisputeAction, { from: DisputeStatus[]; to: DisputeStatus }> = {
  settle: { from: [DisputeStatus.OPEN], to: DisputeStatus.SETTLED },
  decline: { from: [DisputeStatus.OPEN], to: DisputeStatus.DECLINED },
  withdraw: { from: [DisputeStatus.OPEN], to: DisputeStatus.WITHDRAWN },
  escalate: { from: [DisputeStatus.OPEN], to: DisputeStatus.ESCALATING },
};

/** The status after `action`, or INVALID_TRANSITION. (ESCALATING → ESCALATED belongs to the center issue.) */
export function nextDisputeStatus(from: DisputeStatus, action: DisputeAction): DisputeStatus {
  const move = MOVES[action];
  if (!move || !move.from.includes(from)) throw PlatformError.invalidTransition(from, action);
  return move.to;
}
