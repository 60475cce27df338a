import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PresetId, RuleOverrides } from '@app/platform';

/**
 * The tenant's deadline rulebook, versioned (issue 5 item 4). The version in force at an
 * instant is the one with the latest `effective_from` not after it; with none, the SEED
 * preset. Every change (switch preset, override a rule) appends a version effective from
 * the moment it is made, so a case received earlier keeps the rules of its received date.
 * Rows are never updated.
 */
@Entity('rulebook_versions')
@Index('idx_rulebook_versions_effective', ['tenantId', 'effectiveFrom'])
export class RulebookVersionEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  preset: PresetId;

  /** Single-rule overrides on top of the preset (resolveRules). */
  @Column('jsonb', { default: () => "'{}'" })
  overrides: RuleOverrides;

  @Column('timestamptz', { name: 'effective_from' })
  effectiveFrom: Date;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
