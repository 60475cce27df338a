import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Append-only: the runtime role may INSERT and SELECT, never UPDATE or DELETE (migration grants). */
@Entity('audit_events')
@Index('idx_audit_events_entity', ['tenantId', 'entity', 'entityId'])
export class AuditEvent {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_name', nullable: true })
  actorName: string | null;

  @Column('text')
  action: string;

  @Column('text')
  entity: string;

  @Column('text', { name: 'entity_id' })
  entityId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column('jsonb', { default: () => "'{}'" })
  details: Record<string, unknown>;
}
