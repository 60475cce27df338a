import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CenterCase } from './center-case.entity';

/**
 * A deadline a case should have but could not get yet: a case move (or the escalation creating
 * the case) started it while the working-day calendar of the year it reaches was not published
 * (the case is never refused or held back for that; see deferDeadlines). The deadline sweeper's
 * job starts it as soon as the tenant (or the national data) covers the year, or drops the row
 * once the case has left the phase the deadline times (PENDING_PHASES). Written only on that path.
 */
@Entity('pending_deadlines')
export class PendingDeadline {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid', { name: 'case_id' })
  caseId: string;

  /** DeadlineKind. */
  @PrimaryColumn('text')
  kind: string;

  /** The starting event (the period counts from the next day). */
  @Column('timestamptz', { name: 'start_at' })
  startAt: Date;

  /** When the case was received: picks the rulebook version in force. */
  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => CenterCase, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'case_id', referencedColumnName: 'id' },
  ])
  case?: CenterCase;
}
