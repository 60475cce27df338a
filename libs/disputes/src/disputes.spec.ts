import { ErrorCode } from '@app/platform';
import { nextDisputeStatus } from './dispute-lifecycle';
import { formatCaseNumber } from './disputes.service';
import { DisputeStatus, NonAcceptanceGround } from './entities/dispute.entity';
import { applicableGrounds } from './intake';

describe('disputes pure rules', () => {
  it('applicable grounds follow explicit answers only', () => {
    expect(applicableGrounds(null)).toEqual([]);
    expect(applicableGrounds({})).toEqual([]);
    expect(applicableGrounds({ hasProof: true, withinWarrantyOrShelfLife: true, beforeCourtOrOtherAuthority: false, respondentIdentified: true })).toEqual([]);
    expect(applicableGrounds({ respondentIdentified: false, hasProof: false })).toEqual([
      NonAcceptanceGround.NO_IDENTIFIABLE_RESPONDENT,
      NonAcceptanceGround.INSUFFICIENT_EVIDENCE,
    ]);
  });

  it('only OPEN moves', () => {
    expect(nextDisputeStatus(DisputeStatus.OPEN, 'escalate')).toBe(DisputeStatus.ESCALATING);
    for (const from of Object.values(DisputeStatus).filter((s) => s !== DisputeStatus.OPEN)) {
      for (const action of ['settle', 'decline', 'withdraw', 'escalate'] as const) {
        expect(() => nextDisputeStatus(from, action)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_TRANSITION, details: { from, action } }));
        expect(() => nextDisputeStatus(from, action)).toThrow(/^当前状态「[^A-Za-z」]+」不能[^A-Za-z]+$/);
      }
    }
  });

  it('case number uses the China date of opening', () => {
    expect(formatCaseNumber(new Date('2025-12-31T16:30:00Z'), 42)).toBe('JF-20260101-000042');
  });
});
