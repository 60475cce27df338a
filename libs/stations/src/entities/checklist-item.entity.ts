import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * One line of the tenant's inspection checklist template. Items are never deleted (past
 * inspections keep a snapshot of what they checked); an item leaves the template by `active = false`.
 */
@Entity('station_checklist_items')
@Unique('uq_station_checklist_items_code', ['tenantId', 'code'])
export class ChecklistItem {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  code: string;

  @Column('text')
  title: string;

  @Column('integer', { name: 'sort_order' })
  sortOrder: number;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
