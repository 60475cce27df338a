import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export enum OutboxStatus {
  PENDING = 'PENDING',
  DISPATCHED = 'DISPATCHED',
  DONE = 'DONE',
}

/** NOTIFY channel of the outbox: a trigger announces each committed insert (migration RequestPath1763900007500). */
export const OUTBOX_CHANNEL = 'outbox_pending';

/** Topics written by the disputes lib. */
export const OUTBOX_TOPICS = { DISPUTE_ESCALATED: 'dispute.escalated' } as const;

/** Payload of 'dispute.escalated': ids only, never personal data. */
export interface DisputeEscalatedPayload {
  tenantId: string;
  disputeId: string;
  stationId: string;
}

/**
 * Transactional outbox: a row written in the same transaction as the state change it announces;
 * a relay (the center issue) picks PENDING rows in created order and marks them DISPATCHED, then
 * DONE when the consumer has handled them.
 */
@Entity('outbox')
// The relay's claim reads each in order and stops at its limit (migration OutboxClaim1763900014000).
@Index('idx_outbox_pending', ['createdAt'], { where: `"status" = 'PENDING'` })
@Index('idx_outbox_dispatched', ['dispatchedAt'], { where: `"status" = 'DISPATCHED'` })
export class OutboxMessage {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  topic: string;

  @Column('uuid', { name: 'aggregate_id' })
  aggregateId: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('text', { default: OutboxStatus.PENDING })
  status: OutboxStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'dispatched_at', nullable: true })
  dispatchedAt: Date | null;

  @Column('timestamptz', { name: 'done_at', nullable: true })
  doneAt: Date | null;
}
