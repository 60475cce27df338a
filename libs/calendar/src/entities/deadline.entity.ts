import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DayUnit, RuleKey } from '@app/platform';

/** Contract `DeadlineKind`: the deadlines a center case carries. */
export enum DeadlineKind {
  ACCEPTANCE = 'ACCEPTANCE',
  ROUTING = 'ROUTING',
  HANDLING = 'HANDLING',
  FEEDBACK = 'FEEDBACK',
  CASE_DECISION = 'CASE_DECISION',
  CASE_CLOSURE = 'CASE_CLOSURE',
  /** An urged (催办) case: the responsible unit's first reply (1 working day). */
  URGED_FIRST_FEEDBACK = 'URGED_FIRST_FEEDBACK',
  /** An urged case: done (7 working days). */
  URGED_DONE = 'URGED_DONE',
}
export const DEADLINE_KINDS: readonly DeadlineKind[] = Object.values(DeadlineKind);

/**
 * One deadline of one case (DESIGN.md "Deadlines"). `due_at` is the end of the last day,
 * 23:59:59.999 Asia/Shanghai. The rule's timing is copied onto the row when the deadline
 * starts, so a later rulebook change never moves a running deadline and `extend` needs no
 * rulebook lookup.
 *
 * `case_id` references center_cases (tenant_id, id): the constraint is added by the center lib's
 * migration and declared here by entity name, so this lib does not import the center lib.
 *
 * Indexes:
 * - idx_deadlines_open_due: open (unmet, not yet breached) deadlines by due time, per tenant.
 *   The breach sweeper's `due_at < now` range scan reads only deadlines past due, so its cost
 *   grows with the number of breaches, not with the table. tenant_id leads because every
 *   query runs under row-level security (`tenant_id = app_current_tenant()`). case_id follows
 *   due_at for the center queue (below).
 * - idx_deadlines_open_breached: open deadlines already breached (the overdue ones), same keys.
 *   With idx_deadlines_open_due it holds every open deadline exactly once by (due_at, case_id):
 *   the center queue in deadline order (centerCases orderBy DEADLINE_ASC) merges the two range
 *   scans from its cursor and stops after a page. Two disjoint indexes rather than one over all
 *   open deadlines, so the sweeper's query has only its own index to use.
 * - uq_deadlines_open_kind: at most one unmet deadline of a kind per case.
 * - idx_deadlines_case: a case's deadlines (the Deadline list of CenterCase, batched).
 */
@Entity('deadlines')
@Index('idx_deadlines_open_due', ['tenantId', 'dueAt', 'caseId'], { where: '"met_at" IS NULL AND NOT "breached"' })
@Index('idx_deadlines_open_breached', ['tenantId', 'dueAt', 'caseId'], { where: '"met_at" IS NULL AND "breached"' })
@Index('uq_deadlines_open_kind', ['tenantId', 'caseId', 'kind'], { unique: true, where: '"met_at" IS NULL' })
@Index('idx_deadlines_case', ['tenantId', 'caseId'])
@Index('idx_deadlines_breached', ['tenantId', 'caseId'], { where: '"breached"' })
@Check('ck_deadlines_kind', `"kind" IN ('ACCEPTANCE', 'ROUTING', 'HANDLING', 'FEEDBACK', 'CASE_DECISION', 'CASE_CLOSURE', 'URGED_FIRST_FEEDBACK', 'URGED_DONE')`)
// Declared by name: the center lib (which owns CenterCase) depends on this one, not the reverse.
@ForeignKey('CenterCase', ['tenantId', 'caseId'], ['tenantId', 'id'], { name: 'fk_deadlines_case', onDelete: 'RESTRICT' })
@Check('ck_deadlines_unit', `"unit" IN ('WORKING', 'CALENDAR')`)
export class Deadline {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @Column('text')
  kind: DeadlineKind;

  /** The rulebook rule the deadline follows (RuleKey). */
  @Column('text', { name: 'rule_key' })
  ruleKey: RuleKey;

  /** The rulebook version in force when the case was received; null = the default (SEED). */
  @Column('uuid', { name: 'rulebook_version_id', nullable: true })
  rulebookVersionId: string | null;

  /** Snapshot of the rule's timing. */
  @Column('text')
  unit: DayUnit;

  @Column('int')
  days: number;

  @Column('int', { name: 'extension_days', nullable: true })
  extensionDays: number | null;

  /** Business date of the starting event; counting starts the day after. */
  @Column('date', { name: 'start_date' })
  startDate: string;

  /** Business date of the last day. */
  @Column('date', { name: 'due_date' })
  dueDate: string;

  /** End of the last day, 23:59:59.999 Asia/Shanghai. */
  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  @Column('timestamptz', { name: 'met_at', nullable: true })
  metAt: Date | null;

  /** Set by the breach sweeper, or when a deadline is met after its due time. Never reset. */
  @Column('boolean', { default: false })
  breached: boolean;

  @Column('timestamptz', { name: 'breached_at', nullable: true })
  breachedAt: Date | null;

  /** The one allowed extension was used. */
  @Column('boolean', { default: false })
  extended: boolean;

  @Column('timestamptz', { name: 'extended_at', nullable: true })
  extendedAt: Date | null;

  /** Last time the responsible unit was urged about this deadline (set by the center lib). */
  @Column('timestamptz', { name: 'urged_at', nullable: true })
  urgedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
