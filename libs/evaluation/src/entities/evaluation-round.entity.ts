import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OrgUnit } from '@app/identity';

export enum RoundPhase {
  APPLICATION = 'APPLICATION',
  COUNTY_REVIEW = 'COUNTY_REVIEW',
  CITY_REVIEW = 'CITY_REVIEW',
  PUBLIC_NOTICE = 'PUBLIC_NOTICE',
  SCORING = 'SCORING',
  SPOT_CHECK = 'SPOT_CHECK',
  PUBLISHED = 'PUBLISHED',
}

/** The phases in order; a round moves one step forward at a time. */
export const PHASE_ORDER: readonly RoundPhase[] = [
  RoundPhase.APPLICATION,
  RoundPhase.COUNTY_REVIEW,
  RoundPhase.CITY_REVIEW,
  RoundPhase.PUBLIC_NOTICE,
  RoundPhase.SCORING,
  RoundPhase.SPOT_CHECK,
  RoundPhase.PUBLISHED,
];

export const PHASE_LABELS: Record<RoundPhase, string> = {
  APPLICATION: '申报',
  COUNTY_REVIEW: '县级查验推荐',
  CITY_REVIEW: '市级审核',
  PUBLIC_NOTICE: '公示',
  SCORING: '测评',
  SPOT_CHECK: '抽查',
  PUBLISHED: '已公布',
};

/**
 * One city's yearly provincial model-station round (省级示范服务站评选). `selected_at` is set
 * when a selection is stored (leaving SCORING needs it); the spot-check seed and size are
 * stored when the sample is drawn, so anyone can re-draw it (selection.ts drawSample).
 */
@Entity('evaluation_rounds')
@Unique('uq_evaluation_rounds_city_year', ['tenantId', 'orgUnitId', 'year'])
export class EvaluationRound {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('integer')
  year: number;

  @Column('uuid', { name: 'org_unit_id' })
  orgUnitId: string;

  @Column('text')
  phase: RoundPhase;

  @Column('integer')
  quota: number;

  @Column('integer', { name: 'max_per_category', nullable: true })
  maxPerCategory: number | null;

  @Column('timestamptz', { name: 'selected_at', nullable: true })
  selectedAt: Date | null;

  @Column('text', { name: 'spot_check_seed', nullable: true })
  spotCheckSeed: string | null;

  @Column('integer', { name: 'spot_check_size', nullable: true })
  spotCheckSize: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'org_unit_id', referencedColumnName: 'id' },
  ])
  orgUnit?: OrgUnit;
}

/** One line of the round's standard (标准): max points and a weight; weights sum to 1. */
@Entity('evaluation_criteria')
@Unique('uq_evaluation_criteria_code', ['tenantId', 'roundId', 'code'])
@Index('idx_evaluation_criteria_round', ['tenantId', 'roundId', 'sortOrder'])
export class EvaluationCriterion {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'round_id' })
  roundId: string;

  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('integer', { name: 'max_points' })
  maxPoints: number;

  @Column('double precision')
  weight: number;

  @Column('integer', { name: 'sort_order' })
  sortOrder: number;

  @ManyToOne(() => EvaluationRound, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'round_id', referencedColumnName: 'id' },
  ])
  round?: EvaluationRound;
}
