import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One row per tenant whose calendar changed: `revision` is bumped in the same transaction as
 * every change of calendar_overrides / calendar_years. CalendarService keeps each tenant's
 * compiled WorkingDayCalendar in memory with the revision it was built from and reads this
 * single row (a primary-key lookup) to know whether the cached calendar is still current,
 * which stays correct with several API and worker processes.
 *
 * Deliberate exception to the "(tenant_id, id)" primary key: the tenant is the row's identity
 * (still a tenant-leading primary key, RLS as every tenant table).
 */
@Entity('calendar_revisions')
export class CalendarRevisionEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('int', { default: 0 })
  revision: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
