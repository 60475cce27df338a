import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrgUnit } from '@app/identity';

export enum ConsumerAlertKind {
  /** 消费警示 */
  WARNING = 'WARNING',
  /** 消费提示 */
  TIP = 'TIP',
}

export enum ConsumerAlertStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
}

/**
 * A consumer alert (消费警示/提示, DOMAIN.md "Statistics and reports"): drafted by a
 * CENTER_OPERATOR in the name of a unit, published only on approval by an OFFICER of that unit
 * or above, to the unit's jurisdiction (the unit and its subtree).
 */
@Entity('consumer_alerts')
@Index('idx_consumer_alerts_unit_published', ['tenantId', 'orgUnitId', 'publishedAt'])
@Index('idx_consumer_alerts_status', ['tenantId', 'status'])
export class ConsumerAlert {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_unit_id' })
  orgUnitId: string;

  @Column('text')
  kind: ConsumerAlertKind;

  @Column('text')
  status: ConsumerAlertStatus;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @Column('uuid', { name: 'drafted_by' })
  draftedBy: string;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column('text', { name: 'rejection_reason', nullable: true })
  rejectionReason: string | null;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @Column('timestamptz', { name: 'rejected_at', nullable: true })
  rejectedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'org_unit_id', referencedColumnName: 'id' },
  ])
  orgUnit?: OrgUnit;
}
