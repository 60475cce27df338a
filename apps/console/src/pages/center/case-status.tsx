import type { CenterCaseStatus } from '../../gql/enums';
import { CENTER_CASE_STATUS_LABELS } from '../../app/labels';
import { Badge } from '../../ui/common';

const TONES: Record<CenterCaseStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  REGISTERED: 'warning',
  ACCEPTED: 'info',
  ASSIGNED: 'info',
  REJECTED: 'neutral',
  CLOSED: 'success',
  FEEDBACK_GIVEN: 'success',
  ARCHIVED: 'neutral',
};

export function CaseStatusBadge({ status }: { status: CenterCaseStatus }) {
  return <Badge tone={TONES[status]}>{CENTER_CASE_STATUS_LABELS[status]}</Badge>;
}
