import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OrgUnit } from '@app/identity';
import { Dispute, NonAcceptanceGround } from '@app/disputes';
import { Station } from '@app/stations';

export enum CaseType {
  CONSULTATION = 'CONSULTATION',
  COMPLAINT = 'COMPLAINT',
  REPORT = 'REPORT',
}

export enum CaseChannel {
  STATION = 'STATION',
  PHONE = 'PHONE',
  WEB = 'WEB',
  LETTER = 'LETTER',
  VISIT = 'VISIT',
  FAX = 'FAX',
  TRANSFER = 'TRANSFER',
}

export enum CenterCaseStatus {
  REGISTERED = 'REGISTERED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  ASSIGNED = 'ASSIGNED',
  CLOSED = 'CLOSED',
  FEEDBACK_GIVEN = 'FEEDBACK_GIVEN',
  ARCHIVED = 'ARCHIVED',
}

export enum CaseOutcome {
  MEDIATED = 'MEDIATED',
  NOT_MEDIATED = 'NOT_MEDIATED',
  TERMINATED = 'TERMINATED',
  CASE_OPENED = 'CASE_OPENED',
  NO_CASE_OPENED = 'NO_CASE_OPENED',
  ANSWERED = 'ANSWERED',
}

/**
 * A case of the 12315 center (DOMAIN.md "12315 center handling"): registered directly at the
 * center or escalated from a station's counter dispute. The complainant's (or reporter's) name
 * and phone are stored only encrypted. `uq_center_cases_source_dispute` is what guarantees one
 * case per escalated dispute however often the escalation job runs.
 *
 * Indexes: received order (lists), open work per unit (registered/assigned subtree filters go
 * through the org unit join), closed month (call-backs).
 */
@Entity('center_cases')
@Unique('uq_center_cases_case_number', ['tenantId', 'caseNumber'])
@Unique('uq_center_cases_source_dispute', ['tenantId', 'sourceDisputeId'])
@Index('idx_center_cases_received', ['tenantId', 'receivedAt', 'id'])
@Index('idx_center_cases_station', ['tenantId', 'sourceStationId'])
@Index('idx_center_cases_closed', ['tenantId', 'closedAt'])
// Statistics (libs/reporting, migration ReportingIndexes): per unit (registered, assigned) and received
// time, carrying what is counted so a period is read index-only. TypeORM cannot declare INCLUDE:
// these are created by the migration (synchronize: false).
@Index('idx_center_cases_registered_unit', ['tenantId', 'registeredUnitId', 'receivedAt'], { synchronize: false } as never)
@Index('idx_center_cases_assigned_unit', ['tenantId', 'assignedUnitId', 'receivedAt'], { synchronize: false } as never)
// Accepted (like received and closed) by time for the whole tenant: the statistics rollups rebuild
// a day from these three (migration StatisticsRollups dropped the per-unit accepted/closed ones).
@Index('idx_center_cases_accepted', ['tenantId', 'acceptedAt'])
export class CenterCase {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'case_number' })
  caseNumber: string;

  @Column('text')
  type: CaseType;

  @Column('text')
  channel: CaseChannel;

  @Column('text')
  status: CenterCaseStatus;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;

  @Column('text')
  subject: string;

  @Column('text')
  description: string;

  @Column('text', { name: 'complainant_name_enc' })
  complainantNameEnc: string;

  @Column('text', { name: 'complainant_phone_enc' })
  complainantPhoneEnc: string;

  @Column('text', { name: 'complainant_phone_hash' })
  complainantPhoneHash: string;

  @Column('text', { name: 'respondent_name', nullable: true })
  respondentName: string | null;

  @Column('text', { name: 'respondent_credit_code', nullable: true })
  respondentCreditCode: string | null;

  @Column('bigint', { name: 'amount_claimed_fen', nullable: true })
  amountClaimedFen: string | null;

  /** The center unit that registered the case (for escalations: the station's supervising unit). */
  @Column('uuid', { name: 'registered_unit_id' })
  registeredUnitId: string;

  @Column('uuid', { name: 'assigned_unit_id', nullable: true })
  assignedUnitId: string | null;

  @Column('uuid', { name: 'source_dispute_id', nullable: true })
  sourceDisputeId: string | null;

  @Column('uuid', { name: 'source_station_id', nullable: true })
  sourceStationId: string | null;

  @Column('timestamptz', { name: 'accepted_at', nullable: true })
  acceptedAt: Date | null;

  @Column('text', { name: 'rejection_ground', nullable: true })
  rejectionGround: NonAcceptanceGround | null;

  @Column('text', { name: 'rejection_note', nullable: true })
  rejectionNote: string | null;

  @Column('timestamptz', { name: 'rejected_at', nullable: true })
  rejectedAt: Date | null;

  /** When the complainant was told of the non-acceptance (and its ground). */
  @Column('timestamptz', { name: 'complainant_notified_at', nullable: true })
  complainantNotifiedAt: Date | null;

  @Column('timestamptz', { name: 'assigned_at', nullable: true })
  assignedAt: Date | null;

  @Column('text', { name: 'return_reason', nullable: true })
  returnReason: string | null;

  @Column('timestamptz', { name: 'extended_at', nullable: true })
  extendedAt: Date | null;

  @Column('int', { name: 'urge_count', default: 0 })
  urgeCount: number;

  @Column('text', { nullable: true })
  outcome: CaseOutcome | null;

  @Column('bigint', { name: 'amount_recovered_fen', nullable: true })
  amountRecoveredFen: string | null;

  @Column('text', { name: 'close_note', nullable: true })
  closeNote: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column('uuid', { name: 'closed_by', nullable: true })
  closedBy: string | null;

  /** The second officer named on closing (001 第十四条). */
  @Column('uuid', { name: 'co_handler', nullable: true })
  coHandler: string | null;

  @Column('text', { name: 'feedback_note', nullable: true })
  feedbackNote: string | null;

  @Column('timestamptz', { name: 'feedback_at', nullable: true })
  feedbackAt: Date | null;

  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt: Date | null;

  @Column('uuid', { name: 'registered_by', nullable: true })
  registeredBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'registered_unit_id', referencedColumnName: 'id' },
  ])
  registeredUnit?: OrgUnit;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'assigned_unit_id', referencedColumnName: 'id' },
  ])
  assignedUnit?: OrgUnit | null;

  @ManyToOne(() => Dispute, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'source_dispute_id', referencedColumnName: 'id' },
  ])
  sourceDispute?: Dispute | null;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'source_station_id', referencedColumnName: 'id' },
  ])
  sourceStation?: Station | null;
}
