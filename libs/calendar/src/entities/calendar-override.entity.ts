import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { CalendarOverrideKind } from '@app/platform';

/**
 * A tenant's correction of one day of the national calendar (issue 5 item 1): a local
 * holiday, or next year's State Council notice loaded before the `chinese-days` package
 * carries it. One row per tenant and date; setting a date again replaces its kind and note.
 */
@Entity('calendar_overrides')
@Unique('uq_calendar_overrides_date', ['tenantId', 'date'])
@Check('ck_calendar_overrides_kind', `"kind" IN ('HOLIDAY', 'WORKDAY')`)
export class CalendarOverrideEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** Business date 'YYYY-MM-DD'. */
  @Column('date')
  date: string;

  @Column('text')
  kind: CalendarOverrideKind;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
