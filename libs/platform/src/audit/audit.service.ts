import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { EntityManager } from 'typeorm';
import { insertRows } from '../database/insert-rows';
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

  async recordMany(em: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    const principal = this.cls.isActive() ? this.cls.get('principal') : undefined;
    const tenantId = this.db.tenantId;
    await insertRows(
      em,
      AuditEvent,
      entries.map((e) => ({
        tenantId,
        id: uuidv7(),
        actorId: e.actor ? e.actor.id : principal?.kind === 'USER' ? principal.id : null,
        actorName: e.actor ? e.actor.name : principal ? principal.username : 'system',
        action: e.action,
        entity: e.entity,
        entityId: e.entityId,
        details: (e.details ?? {}) as never,
      })),
    );
  }
}
