import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Inspection } from './inspection.entity';
import { Station } from './station.entity';

/** Something an inspection told the station to put right by a date; closed at follow-up. */
@Entity('station_rectifications')
@Index('idx_station_rectifications_station', ['tenantId', 'stationId'])
@Index('idx_station_rectifications_inspection', ['tenantId', 'inspectionId'])
@Index('idx_station_rectifications_due', ['tenantId', 'dueOn'])
export class Rectification {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'inspection_id' })
  inspectionId: string;

  @Column('uuid', { name: 'station_id' })
  stationId: string;

  @Column('text')
  description: string;

  @Column('integer', { name: 'working_days' })
  workingDays: number;

  @Column('date', { name: 'due_on' })
  dueOn: string;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column('uuid', { name: 'closed_by_id', nullable: true })
  closedById: string | null;

  @Column('text', { name: 'closing_note', nullable: true })
  closingNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'inspection_id', referencedColumnName: 'id' },
  ])
  inspection?: Inspection;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'station_id', referencedColumnName: 'id' },
  ])
  station?: Station;
}
