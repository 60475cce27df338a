import type { DisputeStatus } from '../../gql/enums';
import { DISPUTE_STATUS_LABELS } from '../../app/labels';
import { Badge } from '../../ui/common';

const TONES: Record<DisputeStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  OPEN: 'warning',
  SETTLED: 'success',
  DECLINED: 'neutral',
  WITHDRAWN: 'neutral',
  ESCALATING: 'info',
  ESCALATED: 'info',
};

export function DisputeStatusBadge({ status }: { status: DisputeStatus }) {
  return <Badge tone={TONES[status]}>{DISPUTE_STATUS_LABELS[status]}</Badge>;
}
