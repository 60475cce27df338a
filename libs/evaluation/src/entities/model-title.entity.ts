import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { Station } from '@app/stations';
import { EvaluationRound } from './evaluation-round.entity';

/** A provincial model-station title for one year (at most one per station and year); 撤牌 sets revoked_*. */
@Entity('model_titles')
@Unique('uq_model_titles_station_year', ['tenantId', 'stationId', 'year'])
@Index('idx_model_titles_year', ['tenantId', 'year'])
export class ModelTitle {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'station_id' })
  stationId: string;

  @Column('integer')
  year: number;

  @Column('uuid', { name: 'round_id' })
  roundId: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @CreateDateColumn({ name: 'granted_at', type: 'timestamptz' })
  grantedAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('text', { name: 'revoked_reason', nullable: true })
  revokedReason: string | null;

  @Column('uuid', { name: 'revoked_by', nullable: true })
  revokedBy: string | null;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'station_id', referencedColumnName: 'id' },
  ])
  station?: Station;

  @ManyToOne(() => EvaluationRound, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'round_id', referencedColumnName: 'id' },
  ])
  round?: EvaluationRound;
}
