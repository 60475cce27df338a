import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Station } from './station.entity';

/** Hours are kept to one decimal (half hours and the like), exactly. */
const hoursTransformer = {
  to: (v: number | null) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** One staff member's attendance at a training (001 培训制度: at least once per half-year). */
@Entity('station_trainings')
@Index('idx_station_trainings_station', ['tenantId', 'stationId', 'trainedOn'])
export class TrainingRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'station_id' })
  stationId: string;

  @Column('text', { name: 'trainee_name' })
  traineeName: string;

  @Column('date', { name: 'trained_on' })
  trainedOn: string;

  @Column('numeric', { precision: 5, scale: 1, transformer: hoursTransformer })
  hours: number;

  @Column('text')
  topic: string;

  @Column('text')
  organizer: string;

  @Column('uuid', { name: 'recorded_by_id', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'station_id', referencedColumnName: 'id' },
  ])
  station?: Station;
}
