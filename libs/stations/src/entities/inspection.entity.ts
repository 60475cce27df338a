import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Station } from './station.entity';

export enum InspectionResult {
  PASSED = 'PASSED',
  RECTIFICATION_REQUIRED = 'RECTIFICATION_REQUIRED',
  FAILED = 'FAILED',
}

/** One checklist line as the inspector found it; title is a snapshot of the template. */
export interface InspectionItemRecord {
  code: string;
  title: string;
  passed: boolean;
  note: string | null;
}

/** An officer's on-site inspection of a station (004: 加强对服务站点的联系和工作指导). */
@Entity('station_inspections')
@Index('idx_station_inspections_station', ['tenantId', 'stationId', 'inspectedOn'])
export class Inspection {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'station_id' })
  stationId: string;

  @Column('date', { name: 'inspected_on' })
  inspectedOn: string;

  @Column('uuid', { name: 'inspector_id', nullable: true })
  inspectorId: string | null;

  @Column('text', { name: 'inspector_name' })
  inspectorName: string;

  @Column('text')
  result: InspectionResult;

  @Column('jsonb')
  items: InspectionItemRecord[];

  @Column('text', { nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'station_id', referencedColumnName: 'id' },
  ])
  station?: Station;
}
