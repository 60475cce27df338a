import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { Station } from './station.entity';

/** The yearly line-by-line check of the directory (003: 逐条对照核查): one row per station and year. */
@Entity('station_verifications')
@Unique('uq_station_verifications_year', ['tenantId', 'stationId', 'year'])
export class StationVerification {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'station_id' })
  stationId: string;

  @Column('integer')
  year: number;

  @Column('date', { name: 'verified_on' })
  verifiedOn: string;

  @Column('uuid', { name: 'verified_by_id', nullable: true })
  verifiedById: string | null;

  @Column('text', { name: 'verified_by_name' })
  verifiedByName: string;

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
