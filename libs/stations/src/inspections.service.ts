import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarService } from '@app/calendar';
import { AccessService, assertId } from '@app/identity';
import {
  AuditService,
  CalendarNotPublishedError,
  chinaToday,
  DataLoaderFactory,
  newId,
  PlatformError,
  Role,
  TenantDb,
  WorkingDayCalendar,
} from '@app/platform';
import { ChecklistItemInput, RecordInspectionInput } from './dto/inspection.input';
import { ChecklistItemModel, InspectionModel, RectificationModel } from './dto/inspection.model';
import { ChecklistItem } from './entities/checklist-item.entity';
import { Inspection, InspectionItemRecord, InspectionResult } from './entities/inspection.entity';
import { Rectification } from './entities/rectification.entity';
import { STATION_MANAGERS, StationsService } from './stations.service';
import { StationsError } from './stations.errors';

/**
 * What a station must show an inspecting officer (001 第五篇 "六个规范、五个统一", 八个基本条件,
 * 索证索票, 不合格商品退市, 服务质量承诺; 000 回访). Seeded into a tenant's template on first use.
 */
export const DEFAULT_CHECKLIST: readonly { code: string; title: string }[] = [
  { code: 'SIGNBOARD', title: '悬挂统一的服务站标牌，公示 12315 投诉举报电话' },
  { code: 'RULES_ON_WALL', title: '工作制度、受理流程上墙公示' },
  { code: 'COMPLAINT_LEDGER', title: '投诉登记簿（台账）完整规范' },
  { code: 'SETTLEMENT_FORMS', title: '备有和解协议书等调解文书' },
  { code: 'TRAINED_STAFF', title: '经培训的工作人员在岗' },
  { code: 'CALLBACK_RECORDS', title: '投诉处理回访记录完整' },
  { code: 'SUPPLIER_CHECKS', title: '落实索证索票制度，查验供货商证照和发票' },
  { code: 'NONCONFORMING_WITHDRAWAL', title: '落实不合格商品退市制度' },
  { code: 'SERVICE_PLEDGE', title: '公开服务质量承诺' },
];

function toChecklistModel(i: ChecklistItem): ChecklistItemModel {
  return { id: i.id, code: i.code, title: i.title, sortOrder: i.sortOrder, active: i.active };
}

export function toRectificationModel(r: Rectification, today = chinaToday()): RectificationModel {
  return {
    id: r.id,
    inspectionId: r.inspectionId,
    stationId: r.stationId,
    description: r.description,
    workingDays: r.workingDays,
    dueOn: r.dueOn,
    closedAt: r.closedAt,
    closingNote: r.closingNote,
    overdue: !r.closedAt && r.dueOn < today,
  };
}

/** Overall result from the findings: rectification ordered → RECTIFICATION_REQUIRED; failures without one → FAILED. */
export function inspectionResult(items: readonly { passed: boolean }[], rectifications: number): InspectionResult {
  if (rectifications > 0) return InspectionResult.RECTIFICATION_REQUIRED;
  return items.every((i) => i.passed) ? InspectionResult.PASSED : InspectionResult.FAILED;
}

/** Last day to put a finding right: `workingDays` working days counted from the day after the inspection. */
export function rectificationDueOn(calendar: WorkingDayCalendar, inspectedOn: string, workingDays: number): string {
  try {
    return calendar.workingDaysAfter(inspectedOn, workingDays);
  } catch (e) {
    // A due date in a year whose holidays are not yet published is refused, never guessed.
    if (e instanceof CalendarNotPublishedError) throw new CalendarNotPublishedError(e.year, 'rectifications');
    throw e;
  }
}

@Injectable()
export class InspectionsService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly stations: StationsService,
    private readonly loaders: DataLoaderFactory,
    private readonly calendar: CalendarService,
  ) {}

  // ---------- checklist template ----------

  /** The tenant's template, seeded with DEFAULT_CHECKLIST the first time anyone needs it. */
  async checklist(): Promise<ChecklistItemModel[]> {
    this.access.requireTenantUser();
    return this.db.tx(async (em) => (await this.template(em)).map(toChecklistModel));
  }

  /** Adds an item, or changes the one with this code (TENANT_ADMIN). */
  async saveChecklistItem(input: ChecklistItemInput): Promise<ChecklistItemModel> {
    this.access.requireRole(Role.TENANT_ADMIN);
    return this.db.tx(async (em) => {
      await this.template(em);
      const existing = await em.findOne(ChecklistItem, { where: { code: input.code }, lock: { mode: 'pessimistic_write' } });
      const item = existing ?? em.create(ChecklistItem, { tenantId: this.db.tenantId, id: newId(), code: input.code });
      Object.assign(item, { title: input.title, sortOrder: input.sortOrder, active: input.active });
      await em.save(ChecklistItem, item);
      await this.audit.record(em, {
        action: existing ? 'checklistItem.update' : 'checklistItem.create',
        entity: 'ChecklistItem',
        entityId: item.id,
        details: { code: item.code, title: item.title, sortOrder: item.sortOrder, active: item.active },
      });
      return toChecklistModel(item);
    });
  }

  private async template(em: EntityManager): Promise<ChecklistItem[]> {
    const items = await em.find(ChecklistItem, { order: { sortOrder: 'ASC', code: 'ASC' } });
    if (items.length) return items;
    // Two first calls at once both insert: the unique code keeps one of each.
    await em
      .createQueryBuilder()
      .insert()
      .into(ChecklistItem)
      .values(DEFAULT_CHECKLIST.map((d, i) => ({ tenantId: this.db.tenantId, id: newId(), code: d.code, title: d.title, sortOrder: (i + 1) * 10, active: true })))
      .orIgnore()
      .execute();
    return em.find(ChecklistItem, { order: { sortOrder: 'ASC', code: 'ASC' } });
  }

  // ---------- inspections ----------

  async record(input: RecordInspectionInput): Promise<InspectionModel> {
    const { p, station } = await this.stations.getManaged(input.stationId, 'stationId');
    const today = chinaToday();
    const inspectedOn = input.inspectedOn ?? today;
    if (inspectedOn > today) throw StationsError.dateInFuture('inspectedOn');

    return this.db.tx(async (em) => {
      // The tenant's calendar (national data, its overrides and the years it declared published).
      const calendar = input.rectifications?.length ? await this.calendar.current(em) : null;
      const orders = (input.rectifications ?? []).map((r) => ({ ...r, dueOn: rectificationDueOn(calendar!, inspectedOn, r.workingDays) }));
      await this.stations.holdUnrevoked(em, station.id, '检查');
      const items = this.findings(await this.template(em), input.items);
      const inspection = em.create(Inspection, {
        tenantId: this.db.tenantId,
        id: newId(),
        stationId: station.id,
        inspectedOn,
        inspectorId: p.id,
        inspectorName: p.displayName,
        result: inspectionResult(items, orders.length),
        items,
        note: input.note || null,
      });
      await em.insert(Inspection, inspection);
      const rectifications = orders.map((o) =>
        em.create(Rectification, {
          tenantId: this.db.tenantId,
          id: newId(),
          inspectionId: inspection.id,
          stationId: station.id,
          description: o.description,
          workingDays: o.workingDays,
          dueOn: o.dueOn,
          closedAt: null,
          closedById: null,
          closingNote: null,
        }),
      );
      if (rectifications.length) await em.insert(Rectification, rectifications);
      await this.audit.record(em, {
        action: 'inspection.record',
        entity: 'Inspection',
        entityId: inspection.id,
        details: { stationId: station.id, inspectedOn, result: inspection.result, failed: items.filter((i) => !i.passed).map((i) => i.code), rectifications: rectifications.length },
      });
      return this.toModel(inspection, rectifications, today);
    });
  }

  /** One finding per active template item, each exactly once; titles are snapshotted. */
  private findings(template: ChecklistItem[], given: RecordInspectionInput['items']): InspectionItemRecord[] {
    const active = template.filter((t) => t.active);
    const byCode = new Map(given.map((g) => [g.code, g]));
    if (byCode.size !== given.length) throw StationsError.checklistMismatch('检查项目重复');
    const unknown = given.filter((g) => !active.some((t) => t.code === g.code)).map((g) => g.code);
    if (unknown.length) throw StationsError.checklistMismatch(`检查表中没有这些项目：${unknown.join('、')}`);
    const missing = active.filter((t) => !byCode.has(t.code));
    if (missing.length) throw StationsError.checklistMismatch(`缺少检查项目：${missing.map((m) => m.title).join('、')}`);
    return active.map((t) => {
      const g = byCode.get(t.code)!;
      return { code: t.code, title: t.title, passed: g.passed, note: g.note || null };
    });
  }

  /** A station's inspections, newest first (any role that can see the station). */
  async listForStation(stationId: string): Promise<InspectionModel[]> {
    const station = await this.stations.getVisible(stationId, 'stationId');
    return this.db.tx(async (em) => {
      const inspections = await em.find(Inspection, { where: { stationId: station.id }, order: { inspectedOn: 'DESC', id: 'DESC' } });
      const rects = inspections.length
        ? await em.createQueryBuilder(Rectification, 'r').where('r.inspectionId = ANY(:ids)', { ids: inspections.map((i) => i.id) }).orderBy('r.dueOn').getMany()
        : [];
      const today = chinaToday();
      return inspections.map((i) => this.toModel(i, rects.filter((r) => r.inspectionId === i.id), today));
    });
  }

  /** Follow-up: the officer confirms a finding was put right. */
  async closeRectification(id: string, note: string): Promise<RectificationModel> {
    const p = this.access.requireRole(...STATION_MANAGERS);
    const rid = assertId(id);
    return this.db.tx(async (em) => {
      const r = await em.findOne(Rectification, { where: { id: rid }, lock: { mode: 'pessimistic_write' } });
      if (!r) throw StationsError.rectificationNotFound();
      const station = await this.stations.get(r.stationId, 'id');
      this.access.requireScope(p, station.orgUnitPath);
      const why = note?.trim();
      if (!why) throw StationsError.reasonRequired('note');
      if (r.closedAt) throw PlatformError.invalidTransition('CLOSED', '关闭整改事项', { from: '已关闭' });
      Object.assign(r, { closedAt: new Date(), closedById: p.id, closingNote: why });
      await em.update(Rectification, { tenantId: r.tenantId, id: r.id }, { closedAt: r.closedAt, closedById: r.closedById, closingNote: r.closingNote });
      await this.audit.record(em, { action: 'rectification.close', entity: 'Rectification', entityId: r.id, details: { stationId: r.stationId, dueOn: r.dueOn, note: why } });
      return toRectificationModel(r);
    });
  }

  /** Open rectifications of a station, batched per request (Station.openRectifications). */
  openRectifications(stationId: string): Promise<RectificationModel[]> {
    return this.loaders
      .get<string, RectificationModel[]>('stations.openRectifications', (ids) =>
        this.db.tx(async (em) => {
          const rows = await em
            .createQueryBuilder(Rectification, 'r')
            .where('r.stationId = ANY(:ids)', { ids: [...ids] })
            .andWhere('r.closedAt IS NULL')
            .orderBy('r.dueOn')
            .getMany();
          const today = chinaToday();
          return ids.map((id) => rows.filter((r) => r.stationId === id).map((r) => toRectificationModel(r, today)));
        }),
      )
      .load(stationId);
  }

  private toModel(i: Inspection, rects: Rectification[], today: string): InspectionModel {
    return {
      id: i.id,
      stationId: i.stationId,
      inspectedOn: i.inspectedOn,
      inspectorName: i.inspectorName,
      result: i.result,
      items: i.items,
      note: i.note,
      rectifications: rects.map((r) => toRectificationModel(r, today)),
    };
  }
}
