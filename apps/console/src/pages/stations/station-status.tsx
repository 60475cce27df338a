import type { InspectionResult, StationStatus } from '../../gql/enums';
import { INSPECTION_RESULT_LABELS, STATION_STATUS_LABELS } from '../../app/labels';
import { Badge } from '../../ui/common';

const TONES: Record<StationStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  PENDING: 'warning',
  ACTIVE: 'success',
  SUSPENDED: 'danger',
  REVOKED: 'neutral',
};

export function StationStatusBadge({ status }: { status: StationStatus }) {
  return <Badge tone={TONES[status]}>{STATION_STATUS_LABELS[status]}</Badge>;
}

const RESULT_TONES: Record<InspectionResult, 'success' | 'warning' | 'danger'> = {
  PASSED: 'success',
  RECTIFICATION_REQUIRED: 'warning',
  FAILED: 'danger',
};

export function InspectionResultBadge({ result }: { result: InspectionResult }) {
  return <Badge tone={RESULT_TONES[result]}>{INSPECTION_RESULT_LABELS[result]}</Badge>;
}
