import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { OrgUnit } from '@app/identity';

/**
 * A period's figures of one org unit, stored once after the period ends (issue 8 "Periodic
 * reports"); `uq_periodic_reports_period` makes generation idempotent. `figures` is the
 * Statistics object as computed at generation time (later corrections do not change it).
 */
@Entity('periodic_reports')
@Unique('uq_periodic_reports_period', ['tenantId', 'orgUnitId', 'kind', 'periodFrom'])
export class PeriodicReport {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_unit_id' })
  orgUnitId: string;

  /** PeriodKind: MONTH, QUARTER, HALF_YEAR or YEAR. */
  @Column('text')
  kind: string;

  @Column('date', { name: 'period_from' })
  periodFrom: string;

  @Column('date', { name: 'period_to' })
  periodTo: string;

  @Column('jsonb')
  figures: Record<string, unknown>;

  @CreateDateColumn({ name: 'generated_at', type: 'timestamptz' })
  generatedAt: Date;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'org_unit_id', referencedColumnName: 'id' },
  ])
  orgUnit?: OrgUnit;
}
