import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Station } from '@app/stations';
import { EvaluationRound } from './evaluation-round.entity';

export enum ApplicationStatus {
  SUBMITTED = 'SUBMITTED',
  COUNTY_RECOMMENDED = 'COUNTY_RECOMMENDED',
  COUNTY_DECLINED = 'COUNTY_DECLINED',
  CITY_RECOMMENDED = 'CITY_RECOMMENDED',
  CITY_DECLINED = 'CITY_DECLINED',
  /** Removed from the candidates by an upheld public-notice objection (公示异议成立). */
  OBJECTION_UPHELD = 'OBJECTION_UPHELD',
  SELECTED = 'SELECTED',
  NOT_SELECTED = 'NOT_SELECTED',
  SPOT_CHECK_FAILED = 'SPOT_CHECK_FAILED',
  AWARDED = 'AWARDED',
  WITHDRAWN = 'WITHDRAWN',
}

/** Statuses of a candidate that is scored and takes part in the selection. */
export const CANDIDATE_STATUSES = [ApplicationStatus.CITY_RECOMMENDED, ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED];

/**
 * A station's application to one round. `category` is the station's category when it applied
 * (the selection balances categories on this snapshot). Scores, rank and `selected` are the
 * stored selection; `in_sample` marks the spot-check sample.
 */
@Entity('evaluation_applications')
@Unique('uq_evaluation_applications_station', ['tenantId', 'roundId', 'stationId'])
@Index('idx_evaluation_applications_round_rank', ['tenantId', 'roundId', 'rank'])
@Index('idx_evaluation_applications_station', ['tenantId', 'stationId'])
export class EvaluationApplication {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'round_id' })
  roundId: string;

  @Column('uuid', { name: 'station_id' })
  stationId: string;

  @Column('text')
  category: string;

  @Column('text')
  status: ApplicationStatus;

  @Column('text')
  statement: string;

  @Column('text', { name: 'county_note', nullable: true })
  countyNote: string | null;

  @Column('uuid', { name: 'county_reviewed_by', nullable: true })
  countyReviewedBy: string | null;

  @Column('timestamptz', { name: 'county_reviewed_at', nullable: true })
  countyReviewedAt: Date | null;

  @Column('text', { name: 'city_note', nullable: true })
  cityNote: string | null;

  @Column('uuid', { name: 'city_reviewed_by', nullable: true })
  cityReviewedBy: string | null;

  @Column('timestamptz', { name: 'city_reviewed_at', nullable: true })
  cityReviewedAt: Date | null;

  @Column('timestamptz', { name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;

  @Column('double precision', { name: 'final_score', nullable: true })
  finalScore: number | null;

  @Column('double precision', { name: 'raw_score', nullable: true })
  rawScore: number | null;

  @Column('integer', { nullable: true })
  rank: number | null;

  @Column('boolean', { default: false })
  selected: boolean;

  @Column('boolean', { name: 'in_sample', default: false })
  inSample: boolean;

  @Column('boolean', { name: 'spot_check_passed', nullable: true })
  spotCheckPassed: boolean | null;

  @Column('text', { name: 'spot_check_note', nullable: true })
  spotCheckNote: string | null;

  @Column('uuid', { name: 'spot_checked_by', nullable: true })
  spotCheckedBy: string | null;

  @Column('timestamptz', { name: 'spot_checked_at', nullable: true })
  spotCheckedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => EvaluationRound, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'round_id', referencedColumnName: 'id' },
  ])
  round?: EvaluationRound;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'station_id', referencedColumnName: 'id' },
  ])
  station?: Station;
}

/**
 * One evaluator's sheet for one application: either submitted points (locked once written)
 * or a declared conflict of interest (no points; the evaluator may not score it).
 */
@Entity('evaluation_score_sheets')
@Unique('uq_evaluation_score_sheets_evaluator', ['tenantId', 'applicationId', 'evaluatorId'])
@Index('idx_evaluation_score_sheets_round', ['tenantId', 'roundId'])
export class ScoreSheet {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'round_id' })
  roundId: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('uuid', { name: 'evaluator_id' })
  evaluatorId: string;

  @Column('boolean', { name: 'conflict_declared', default: false })
  conflictDeclared: boolean;

  /** criterion id → points; null for a declared conflict. */
  @Column('jsonb', { nullable: true })
  points: Record<string, number> | null;

  /** 0–100: 100 × Σ weight × points / maxPoints. */
  @Column('double precision', { nullable: true })
  weighted: number | null;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @ManyToOne(() => EvaluationApplication, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'application_id', referencedColumnName: 'id' },
  ])
  application?: EvaluationApplication;
}

/** A comment or objection on a candidate during public notice (公示), sent without signing in. */
@Entity('evaluation_public_comments')
@Index('idx_evaluation_public_comments_application', ['tenantId', 'applicationId', 'createdAt'])
export class PublicComment {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'round_id' })
  roundId: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('text', { name: 'name_enc' })
  nameEnc: string;

  @Column('text', { name: 'phone_enc' })
  phoneEnc: string;

  @Column('text', { name: 'phone_hash' })
  phoneHash: string;

  @Column('text')
  text: string;

  @Column('boolean')
  objection: boolean;

  /** UPHELD or DISMISSED once an officer resolved the objection. */
  @Column('text', { nullable: true })
  resolution: string | null;

  @Column('text', { name: 'resolution_note', nullable: true })
  resolutionNote: string | null;

  @Column('uuid', { name: 'resolved_by', nullable: true })
  resolvedBy: string | null;

  @Column('timestamptz', { name: 'resolved_at', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => EvaluationApplication, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'application_id', referencedColumnName: 'id' },
  ])
  application?: EvaluationApplication;
}
