import { IntakeChecklist, NonAcceptanceGround } from './entities/dispute.entity';

/**
 * The statutory non-acceptance grounds the counter's intake answers point to (DOMAIN.md,
 * 001 不受理范围). Only an explicit answer counts: an unanswered question suggests nothing.
 */
export function applicableGrounds(c: IntakeChecklist | null | undefined): NonAcceptanceGround[] {
  if (!c) return [];
  const out: NonAcceptanceGround[] = [];
  if (c.respondentIdentified === false) out.push(NonAcceptanceGround.NO_IDENTIFIABLE_RESPONDENT);
  if (c.withinWarrantyOrShelfLife === false) out.push(NonAcceptanceGround.BEYOND_WARRANTY_OR_SHELF_LIFE);
  if (c.beforeCourtOrOtherAuthority === true) out.push(NonAcceptanceGround.BEFORE_COURT_OR_OTHER_AUTHORITY);
  if (c.hasProof === false) out.push(NonAcceptanceGround.INSUFFICIENT_EVIDENCE);
  return out;
}
