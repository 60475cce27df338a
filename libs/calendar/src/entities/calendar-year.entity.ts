import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * A year the tenant declared published beyond the `chinese-days` data: the tenant loaded that
 * year's State Council notice as overrides, so ordinary weeks of the year are trustworthy and
 * computations reaching into it are no longer refused (WorkingDayCalendar `declaredYears`).
 */
@Entity('calendar_years')
@Unique('uq_calendar_years_year', ['tenantId', 'year'])
@Check('ck_calendar_years_year', `"year" BETWEEN 1 AND 9999`)
export class CalendarYearEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('int')
  year: number;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
