import { PlatformError } from '@app/platform';
import { DisputeStatus } from './entities/dispute.entity';

export type DisputeAction = 'settle' | 'decline' | 'withdraw' | 'escalate';

const MOVES: Record<DisputeAction, { from: DisputeStatus[]; to: DisputeStatus }> = {
  settle: { from: [DisputeStatus.OPEN], to: DisputeStatus.SETTLED },
  decline: { from: [DisputeStatus.OPEN], to: DisputeStatus.DECLINED },
  withdraw: { from: [DisputeStatus.OPEN], to: DisputeStatus.WITHDRAWN },
  escalate: { from: [DisputeStatus.OPEN], to: DisputeStatus.ESCALATING },
};

/** Chinese labels for messages (the codes stay in the error's extensions); as the console shows them. */
export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  [DisputeStatus.OPEN]: '受理中',
  [DisputeStatus.SETTLED]: '已和解',
  [DisputeStatus.DECLINED]: '不予受理',
  [DisputeStatus.WITHDRAWN]: '消费者撤回',
  [DisputeStatus.ESCALATING]: '正在提交中心',
  [DisputeStatus.ESCALATED]: '已提交中心',
};

export const DISPUTE_ACTION_LABELS: Record<DisputeAction, string> = {
  settle: '和解',
  decline: '不予受理',
  withdraw: '撤回',
  escalate: '提交中心',
};

/** The status after `action`, or INVALID_TRANSITION. (ESCALATING → ESCALATED belongs to the center issue.) */
export function nextDisputeStatus(from: DisputeStatus, action: DisputeAction): DisputeStatus {
  const move = MOVES[action];
  if (!move || !move.from.includes(from)) throw PlatformError.invalidTransition(from, action, { from: DISPUTE_STATUS_LABELS[from], action: DISPUTE_ACTION_LABELS[action] });
  return move.to;
}
