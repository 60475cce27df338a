import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { EntityManager } from 'typeorm';
import { newId as uuidv7 } from '../ids/new-id';
import { AppClsStore } from '../tenancy/cls-store';
import { TenantDb } from '../tenancy/tenant-db';
import { AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  details?: Record<string, unknown>;
  /** Defaults to the signed-in principal; `null` for the system (sweepers, relays). */
  actor?: { id: string | null; name: string | null };
}

/** The one helper every mutation writes its audit record through, inside its own transaction. */
@Injectable()
export class AuditService {
  constructor(
    private readonly db: TenantDb,
    private readonly cls: ClsService<AppClsStore>,
  ) {}

  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    await this.recordMany(em, [entry]);
  }

  /**
   * The records are written with the transaction's COMMIT (TenantDb.insertAtCommit: one round trip
   * less per mutation), or at once when `em` is not a transaction of TenantDb.tx. Either way they
   * commit or roll back with the change they record.
   */
  async recordMany(em: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    const principal = this.cls.isActive() ? this.cls.get('principal') : undefined;
    const tenantId = this.db.tenantId;
    const rows: Partial<AuditEvent>[] = entries.map((e) => ({
      tenantId,
      id: uuidv7(),
      actorId: e.actor ? e.actor.id : principal?.kind === 'USER' ? principal.id : null,
      actorName: e.actor ? e.actor.name : principal ? principal.username : 'system',
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      details: (e.details ?? {}) as never,
    }));
    await this.db.insertAtCommit(em, AuditEvent, rows);
  }
}
