import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccessService, assertId, OrgUnitsService } from '@app/identity';
import { AuditService, ConnectionShape, decodeCursor, newId, pageSize, PlatformError, Principal, Role, TenantDb, toConnection } from '@app/platform';
import { DraftConsumerAlertInput } from './dto/alert.input';
import { ConsumerAlertModel } from './dto/alert.model';
import { ConsumerAlert, ConsumerAlertStatus } from './entities/consumer-alert.entity';
import { AlertError } from './reporting.errors';

const REASON_MAX = 2000;

/** Chinese labels for messages (the codes stay in the error's extensions). */
const ALERT_STATUS_LABELS: Record<ConsumerAlertStatus, string> = {
  [ConsumerAlertStatus.DRAFT]: '草稿',
  [ConsumerAlertStatus.PUBLISHED]: '已发布',
  [ConsumerAlertStatus.REJECTED]: '已退回',
};
const ALERT_ACTION_LABELS: Record<'approve' | 'reject', string> = { approve: '审核通过', reject: '退回' };
type AlertRow = ConsumerAlert & { orgUnit: { path: string } };

function toModel(a: AlertRow): ConsumerAlertModel {
  return {
    id: a.id,
    orgUnitId: a.orgUnitId,
    kind: a.kind,
    status: a.status,
    title: a.title,
    body: a.body,
    rejectionReason: a.rejectionReason,
    publishedAt: a.publishedAt,
    createdAt: a.createdAt,
    orgUnitPath: a.orgUnit.path,
  };
}

/**
 * Consumer alerts (消费警示/提示, DOMAIN.md: published only after approval, in the name of the
 * bureau, to its own jurisdiction). CENTER_OPERATOR drafts for a unit in scope; an OFFICER whose
 * scope contains the unit (same unit or above) approves, which publishes, or rejects.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly orgUnits: OrgUnitsService,
  ) {}

  private load(em: EntityManager, id: string): Promise<AlertRow | null> {
    return em
      .createQueryBuilder(ConsumerAlert, 'a')
      .innerJoin('a.orgUnit', 'o')
      .addSelect(['o.tenantId', 'o.id', 'o.path'])
      .where('a.id = :id', { id })
      .getOne() as Promise<AlertRow | null>;
  }

  async draft(input: DraftConsumerAlertInput): Promise<ConsumerAlertModel> {
    const p = this.access.requireRole(Role.CENTER_OPERATOR);
    const unit = await this.orgUnits.get(input.orgUnitId, 'orgUnitId');
    this.access.requireScope(p, unit.path);
    const title = input.title?.trim();
    const body = input.body?.trim();
    if (!title) throw AlertError.blank('title');
    if (!body) throw AlertError.blank('body');
    return this.db.tx(async (em) => {
      const id = newId();
      await em.insert(ConsumerAlert, {
        tenantId: this.db.tenantId,
        id,
        orgUnitId: unit.id,
        kind: input.kind,
        status: ConsumerAlertStatus.DRAFT,
        title,
        body,
        draftedBy: p.id,
      } as never);
      await this.audit.record(em, { action: 'consumerAlert.draft', entity: 'ConsumerAlert', entityId: id, details: { orgUnitId: unit.id, kind: input.kind, title } });
      return toModel((await this.load(em, id))!);
    });
  }

  approve(id: string): Promise<ConsumerAlertModel> {
    return this.decide(id, 'approve', (now) => ({ status: ConsumerAlertStatus.PUBLISHED, publishedAt: now }));
  }

  reject(id: string, reason: string): Promise<ConsumerAlertModel> {
    const why = typeof reason === 'string' ? reason.trim() : '';
    if (!why) throw AlertError.blank('reason');
    if (why.length > REASON_MAX) throw PlatformError.badInput('reason', `退回理由不能超过 ${REASON_MAX} 个字`);
    return this.decide(id, 'reject', (now) => ({ status: ConsumerAlertStatus.REJECTED, rejectedAt: now, rejectionReason: why }));
  }

  private async decide(id: string, action: 'approve' | 'reject', changes: (now: Date) => Partial<ConsumerAlert>): Promise<ConsumerAlertModel> {
    const p = this.access.requireRole(Role.OFFICER);
    const alertId = assertId(id, 'id');
    return this.db.tx(async (em) => {
      const a = await em
        .createQueryBuilder(ConsumerAlert, 'a')
        .innerJoin('a.orgUnit', 'o')
        .addSelect(['o.tenantId', 'o.id', 'o.path'])
        .where('a.id = :id', { id: alertId })
        .setLock('pessimistic_write', undefined, ['a'])
        .getOne();
      if (!a) throw AlertError.notFound();
      this.access.requireScope(p, (a as AlertRow).orgUnit.path);
      if (a.status !== ConsumerAlertStatus.DRAFT) throw PlatformError.invalidTransition(a.status, action, { from: ALERT_STATUS_LABELS[a.status], action: ALERT_ACTION_LABELS[action] });
      // Published only after approval (001 信息发布): by someone other than its author, also when
      // one account holds both roles.
      if (action === 'approve' && a.draftedBy === p.id) throw AlertError.ownDraft();
      const c = { ...changes(new Date()), decidedBy: p.id };
      await em.update(ConsumerAlert, { tenantId: a.tenantId, id: a.id }, c as never);
      await this.audit.record(em, { action: `consumerAlert.${action}`, entity: 'ConsumerAlert', entityId: a.id, details: { status: c.status, reason: c.rejectionReason ?? undefined } });
      return toModel((await this.load(em, a.id))!);
    });
  }

  /**
   * Alerts in force in a unit's jurisdiction: those published by the unit or any unit above it,
   * newest first. Any signed-in tenant user (published alerts are public); the unit defaults to
   * the caller's (station staff: their station's unit).
   */
  async published(orgUnitId: string | null | undefined, first?: number | null, after?: string | null): Promise<ConnectionShape<ConsumerAlertModel>> {
    const p = this.access.requireTenantUser();
    const limit = pageSize(first);
    const cursor = this.cursorOf(after);
    const path = orgUnitId ? (await this.orgUnits.get(orgUnitId, 'orgUnitId')).path : await this.ownPath(p);
    return this.db.tx(async (em) => {
      const qb = em
        .createQueryBuilder(ConsumerAlert, 'a')
        .innerJoin('a.orgUnit', 'o')
        .addSelect(['o.tenantId', 'o.id', 'o.path'])
        .where('a.status = :published', { published: ConsumerAlertStatus.PUBLISHED })
        .andWhere('o.path @> CAST(:path AS ltree)', { path });
      return this.page(qb, limit, cursor, (q) => q.orderBy('a.published_at', 'DESC').addOrderBy('a.id', 'DESC'), 'a.published_at', (r) => r.publishedAt!);
    });
  }

  /** Drafts awaiting approval in the caller's scope (CENTER_OPERATOR, OFFICER), newest first. */
  async drafts(first?: number | null, after?: string | null): Promise<ConnectionShape<ConsumerAlertModel>> {
    const p = this.access.requireRole(Role.CENTER_OPERATOR, Role.OFFICER);
    const limit = pageSize(first);
    const cursor = this.cursorOf(after);
    const scopePath = this.access.scopePath(p);
    return this.db.tx(async (em) => {
      const qb = em
        .createQueryBuilder(ConsumerAlert, 'a')
        .innerJoin('a.orgUnit', 'o')
        .addSelect(['o.tenantId', 'o.id', 'o.path'])
        .where('a.status = :draft', { draft: ConsumerAlertStatus.DRAFT });
      if (scopePath) qb.andWhere('o.path <@ CAST(:scopePath AS ltree)', { scopePath });
      return this.page(qb, limit, cursor, (q) => q.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC'), 'a.created_at', (r) => r.createdAt);
    });
  }

  private async ownPath(p: Principal): Promise<string> {
    if (p.orgUnitPath) return p.orgUnitPath;
    if (!p.stationId) throw PlatformError.forbidden();
    const rows: { path: string }[] = await this.db.tx((em) =>
      em.query(`SELECT o.path FROM stations s JOIN org_units o ON o.tenant_id = s.tenant_id AND o.id = s.org_unit_id WHERE s.id = $1`, [p.stationId]),
    );
    if (!rows.length) throw PlatformError.forbidden();
    return rows[0].path;
  }

  private cursorOf(after?: string | null): (string | number | null)[] | null {
    const cursor = decodeCursor(after, 2);
    if (cursor && (typeof cursor[0] !== 'string' || Number.isNaN(Date.parse(cursor[0])) || typeof cursor[1] !== 'string')) {
      throw PlatformError.badInput('after', '分页游标无效');
    }
    return cursor;
  }

  private async page(
    qb: SelectQueryBuilder<ConsumerAlert>,
    limit: number,
    cursor: (string | number | null)[] | null,
    order: (q: SelectQueryBuilder<ConsumerAlert>) => SelectQueryBuilder<ConsumerAlert>,
    col: string,
    key: (r: ConsumerAlert) => Date,
  ): Promise<ConnectionShape<ConsumerAlertModel>> {
    const total = await qb.getCount();
    if (cursor) qb.andWhere(`(${col}, a.id) < (CAST(:cAt AS timestamptz), CAST(:cId AS uuid))`, { cAt: cursor[0], cId: cursor[1] });
    const rows = (await order(qb).limit(limit + 1).getMany()) as AlertRow[];
    return toConnection(rows, limit, total, (r) => [key(r).toISOString(), r.id], !!cursor, (r) => toModel(r));
  }
}
