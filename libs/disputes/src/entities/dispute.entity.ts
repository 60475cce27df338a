import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Station } from '@app/stations';

export enum DisputeStatus {
  OPEN = 'OPEN',
  SETTLED = 'SETTLED',
  DECLINED = 'DECLINED',
  ESCALATING = 'ESCALATING',
  ESCALATED = 'ESCALATED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum ClaimType {
  REFUND = 'REFUND',
  EXCHANGE = 'EXCHANGE',
  REPAIR = 'REPAIR',
  COMPENSATION = 'COMPENSATION',
  OTHER = 'OTHER',
}

/** Statutory grounds for not accepting a complaint (DOMAIN.md; 001 不受理范围). */
export enum NonAcceptanceGround {
  NO_IDENTIFIABLE_RESPONDENT = 'NO_IDENTIFIABLE_RESPONDENT',
  BEYOND_WARRANTY_OR_SHELF_LIFE = 'BEYOND_WARRANTY_OR_SHELF_LIFE',
  SETTLED_WITHOUT_NEW_FACTS = 'SETTLED_WITHOUT_NEW_FACTS',
  BEFORE_COURT_OR_OTHER_AUTHORITY = 'BEFORE_COURT_OR_OTHER_AUTHORITY',
  TIME_BARRED = 'TIME_BARRED',
  NOT_COVERED_BY_LAW = 'NOT_COVERED_BY_LAW',
  OUTSIDE_JURISDICTION = 'OUTSIDE_JURISDICTION',
  NOT_A_CONSUMER_DISPUTE = 'NOT_A_CONSUMER_DISPUTE',
  INSUFFICIENT_EVIDENCE = 'INSUFFICIENT_EVIDENCE',
}

/** Issue type of a consumer dispute (classification used by the bureaus' statistics). */
export enum DisputeIssueType {
  QUALITY = 'QUALITY',
  AFTER_SALES = 'AFTER_SALES',
  CONTRACT = 'CONTRACT',
  FALSE_ADVERTISING = 'FALSE_ADVERTISING',
  PRICE = 'PRICE',
  MEASUREMENT = 'MEASUREMENT',
  SAFETY = 'SAFETY',
  FOOD_SAFETY = 'FOOD_SAFETY',
  OTHER = 'OTHER',
}

/** The counter's intake questions (受理规范用语); every answer optional. */
export interface IntakeChecklist {
  hasProof?: boolean | null;
  withinWarrantyOrShelfLife?: boolean | null;
  alreadyNegotiated?: boolean | null;
  beforeCourtOrOtherAuthority?: boolean | null;
  respondentIdentified?: boolean | null;
}

/**
 * A consumer dispute brought to a station's counter (on-site settlement, DOMAIN.md). The
 * consumer's name and phone are stored only encrypted; `consumer_phone_hash` (keyed HMAC of the
 * normalised phone) finds earlier disputes of the same consumer at the same station.
 */
@Entity('disputes')
@Unique('uq_disputes_case_number', ['tenantId', 'caseNumber'])
@Index('idx_disputes_phone', ['tenantId', 'stationId', 'consumerPhoneHash', 'openedAt'])
@Index('idx_disputes_opened', ['tenantId', 'openedAt', 'id'])
// Per station by opened and settled time, carrying what the statistics count (INCLUDE, created by the
// reporting migration, which TypeORM cannot declare: synchronize: false).
@Index('idx_disputes_station_opened', ['tenantId', 'stationId', 'openedAt'], { synchronize: false } as never)
@Index('idx_disputes_station_settled', ['tenantId', 'stationId', 'settledAt'], { synchronize: false } as never)
// OPEN disputes by opened time (partial, small): the statistics' live "overdue now" count and the
// auto-escalation scan; INCLUDE (station_id, settle_by), created by the rollups migration.
@Index('idx_disputes_open', ['tenantId', 'openedAt'], { synchronize: false } as never)
// Settled disputes by settled time for the whole tenant (partial: written at settlement only): a
// tenant-wide day of statistics counted live, and the rollups' rebuild of a day.
@Index('idx_disputes_settled', ['tenantId', 'settledAt'], { synchronize: false } as never)
// The few disputes the auto-escalation job re-times once their year is published (ProvisionalSettleBy1763900015000).
@Index('idx_disputes_provisional', ['tenantId', 'openedAt'], { where: '"settle_by_provisional"' })
export class Dispute {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'case_number' })
  caseNumber: string;

  @Column('uuid', { name: 'station_id' })
  stationId: string;

  @Column('text')
  status: DisputeStatus;

  @Column('text', { name: 'consumer_name_enc' })
  consumerNameEnc: string;

  @Column('text', { name: 'consumer_phone_enc' })
  consumerPhoneEnc: string;

  @Column('text', { name: 'consumer_phone_hash' })
  consumerPhoneHash: string;

  @Column('text')
  subject: string;

  @Column('text')
  description: string;

  @Column('text', { name: 'claim_type' })
  claimType: ClaimType;

  @Column('bigint', { name: 'amount_claimed_fen', nullable: true })
  amountClaimedFen: string | null;

  @Column('date', { name: 'purchased_on', nullable: true })
  purchasedOn: string | null;

  @Column('text', { name: 'product_name', nullable: true })
  productName: string | null;

  @Column('text', { name: 'brand_model', nullable: true })
  brandModel: string | null;

  @Column('text', { name: 'purchase_place', nullable: true })
  purchasePlace: string | null;

  @Column('text', { name: 'goods_or_service_category', nullable: true })
  goodsOrServiceCategory: string | null;

  @Column('text', { name: 'issue_type', nullable: true })
  issueType: DisputeIssueType | null;

  @Column('jsonb', { name: 'intake_checklist', nullable: true })
  intakeChecklist: IntakeChecklist | null;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt: Date;

  @Column('timestamptz', { name: 'settle_by' })
  settleBy: Date;

  /** settle_by is provisional: the window reaches a year whose holidays were not yet published. */
  @Column('boolean', { name: 'settle_by_provisional', default: false })
  settleByProvisional: boolean;

  @Column('timestamptz', { name: 'settled_at', nullable: true })
  settledAt: Date | null;

  @Column('bigint', { name: 'amount_recovered_fen', nullable: true })
  amountRecoveredFen: string | null;

  @Column('text', { nullable: true })
  agreement: string | null;

  @Column('boolean', { name: 'consumer_signed', nullable: true })
  consumerSigned: boolean | null;

  @Column('text', { name: 'decline_ground', nullable: true })
  declineGround: NonAcceptanceGround | null;

  @Column('text', { name: 'decline_note', nullable: true })
  declineNote: string | null;

  @Column('timestamptz', { name: 'declined_at', nullable: true })
  declinedAt: Date | null;

  @Column('timestamptz', { name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;

  @Column('timestamptz', { name: 'escalated_at', nullable: true })
  escalatedAt: Date | null;

  @Column('text', { name: 'escalation_reason', nullable: true })
  escalationReason: string | null;

  /** An earlier dispute of the same consumer phone at the same station within 30 days. */
  @Column('uuid', { name: 'duplicate_of', nullable: true })
  duplicateOf: string | null;

  @Column('uuid', { name: 'opened_by', nullable: true })
  openedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'station_id', referencedColumnName: 'id' },
  ])
  station?: Station;
}
