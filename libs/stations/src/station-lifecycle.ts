import { PlatformError } from '@app/platform';
import { StationStatus } from './entities/station.entity';

export type StationAction = 'approve' | 'suspend' | 'revoke';

/** PENDING → ACTIVE ⇄ SUSPENDED; any → REVOKED, which is final. */
const MOVES: Record<StationAction, Partial<Record<StationStatus, StationStatus>>> = {
  approve: { [StationStatus.PENDING]: StationStatus.ACTIVE, [StationStatus.SUSPENDED]: StationStatus.ACTIVE },
  suspend: { [StationStatus.ACTIVE]: StationStatus.SUSPENDED },
  revoke: {
    [StationStatus.PENDING]: StationStatus.REVOKED,
    [StationStatus.ACTIVE]: StationStatus.REVOKED,
    [StationStatus.SUSPENDED]: StationStatus.REVOKED,
  },
};

export const ACTION_LABELS: Record<StationAction, string> = { approve: '启用', suspend: '暂停', revoke: '撤销' };

/** Chinese labels for messages (the codes stay in the error's extensions); as the console shows them. */
export const STATION_STATUS_LABELS: Record<StationStatus, string> = {
  [StationStatus.PENDING]: '待审批',
  [StationStatus.ACTIVE]: '正常',
  [StationStatus.SUSPENDED]: '已暂停',
  [StationStatus.REVOKED]: '已撤销',
};

/** The status after `action`, or INVALID_TRANSITION. */
export function nextStatus(from: StationStatus, action: StationAction): StationStatus {
  const to = MOVES[action][from];
  if (!to) throw PlatformError.invalidTransition(from, action, { from: STATION_STATUS_LABELS[from], action: ACTION_LABELS[action] });
  return to;
}
