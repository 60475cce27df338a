import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@app/identity';
import {
  AuditService,
  CalendarNotPublishedError,
  CalendarOverrideKind,
  nationalFirstCoveredYear,
  nationalLastCoveredYear,
  newId,
  Role,
  TenantDb,
  WorkingDayCalendar,
} from '@app/platform';
import { CalendarError } from './calendar.errors';
import { CalendarOverrideEntity } from './entities/calendar-override.entity';
import { CalendarRevisionEntity } from './entities/calendar-revision.entity';
import { CalendarYearEntity } from './entities/calendar-year.entity';

/** Years a tenant may correct or declare (keeps typos like 20255 out). */
export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;
/** Upper bound of `days` in workingDaysAfter (ten years of working days is far beyond any rule). */
export const MAX_WORKING_DAYS = 3650;
export const MAX_NOTE_LENGTH = 200;

export interface CalendarCoverage {
  nationalFirstYear: number;
  nationalLastYear: number;
  /** Years the tenant declared published beyond the national data. */
  publishedYears: number[];
  /** The highest year a computation may reach. */
  lastCoveredYear: number;
}

function assertYear(year: number, field = 'year'): void {
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) throw CalendarError.badYear(field);
}

function yearOf(date: string): number {
  return +date.slice(0, 4);
}

/**
 * The working-day calendar of the current tenant: the national calendar (`chinese-days`)
 * plus the tenant's overrides and declared years (issue 5 item 1).
 *
 * Each tenant's compiled WorkingDayCalendar is cached in memory together with the tenant's
 * calendar revision (calendar_revisions, bumped in the transaction of every change). A lookup
 * reads that one row by primary key and rebuilds only when the revision moved, so a change
 * made through any process is seen by every process from its next transaction on.
 */
@Injectable()
export class CalendarService {
  private readonly cache = new Map<string, { revision: number; calendar: WorkingDayCalendar }>();

  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The current tenant's calendar; the national calendar when there is no tenant context (the
   * platform admin). Pass the caller's transaction as `em` to read inside it; without it a
   * transaction of the current tenant is used (joining an outer one).
   */
  async current(em?: EntityManager): Promise<WorkingDayCalendar> {
    if (!this.db.hasTenant()) return WorkingDayCalendar.national();
    const tenantId = this.db.tenantId;
    return em ? this.load(em, tenantId) : this.db.tx((m) => this.load(m, tenantId));
  }

  /**
   * The current tenant's calendar at `revision` (its calendar_revisions value, 0 without a row),
   * read by the caller in a statement of its own transaction `em`: no lookup of the revision.
   */
  async atRevision(em: EntityManager, revision: number): Promise<WorkingDayCalendar> {
    return this.load(em, this.db.tenantId, revision);
  }

  private async load(em: EntityManager, tenantId: string, known?: number): Promise<WorkingDayCalendar> {
    const revision = known ?? (await em.findOne(CalendarRevisionEntity, { where: { tenantId }, select: { tenantId: true, revision: true } }))?.revision ?? 0;
    const hit = this.cache.get(tenantId);
    if (hit && hit.revision === revision) return hit.calendar;
    const overrides = await em.find(CalendarOverrideEntity, { where: { tenantId }, select: { date: true, kind: true, tenantId: true, id: true } });
    const years = await em.find(CalendarYearEntity, { where: { tenantId }, select: { year: true, tenantId: true, id: true } });
    const calendar = new WorkingDayCalendar({
      overrides: overrides.map((o) => ({ date: o.date, kind: o.kind })),
      declaredYears: years.map((y) => y.year),
    });
    // A transaction with an older snapshot must not replace a newer entry.
    const now = this.cache.get(tenantId);
    if (!now || now.revision <= revision) this.cache.set(tenantId, { revision, calendar });
    return calendar;
  }

  /** Drops the in-memory calendars (tests, or after a package update). */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * Contract `workingDaysAfter`: any signed-in user, with the caller's tenant calendar (the
   * platform admin: the national one). Counting starts the day after `from`; 0 returns `from`.
   */
  async workingDaysAfter(from: string, days: number): Promise<string> {
    this.access.principal();
    if (!Number.isInteger(days) || days < 0) throw CalendarError.badDays('工作日数须为非负整数');
    if (days > MAX_WORKING_DAYS) throw CalendarError.badDays(`工作日数不能超过 ${MAX_WORKING_DAYS}`);
    const calendar = await this.current();
    try {
      return calendar.workingDaysAfter(from, days);
    } catch (e) {
      if (e instanceof RangeError) throw CalendarError.badDeadlineInput('from', e.message);
      if (e instanceof CalendarNotPublishedError) {
        throw new CalendarNotPublishedError(e.year, calendar.isYearCovered(yearOf(from)) ? 'days' : 'from');
      }
      throw e;
    }
  }

  async coverage(): Promise<CalendarCoverage> {
    this.access.principal();
    const calendar = await this.current();
    return {
      nationalFirstYear: nationalFirstCoveredYear(),
      nationalLastYear: nationalLastCoveredYear(),
      publishedYears: calendar.declaredYears,
      lastCoveredYear: calendar.lastCoveredYear,
    };
  }

  /** The tenant's overrides in `year`, by date (TENANT_ADMIN). */
  async listOverrides(year: number): Promise<CalendarOverrideEntity[]> {
    this.access.requireRole(Role.TENANT_ADMIN);
    assertYear(year);
    return this.db.tx((em) =>
      em
        .createQueryBuilder(CalendarOverrideEntity, 'o')
        .where('o.date BETWEEN :from AND :to', { from: `${year}-01-01`, to: `${year}-12-31` })
        .orderBy('o.date')
        .getMany(),
    );
  }

  /** Sets `date` to a holiday or a working day, replacing an earlier override of the date (TENANT_ADMIN). */
  async setOverride(date: string, kind: CalendarOverrideKind, note?: string | null): Promise<CalendarOverrideEntity> {
    const p = this.access.requireRole(Role.TENANT_ADMIN);
    assertYear(yearOf(date), 'date');
    if (kind !== 'HOLIDAY' && kind !== 'WORKDAY') throw CalendarError.badRuleValue('kind', '日历调整类型无效');
    const cleanNote = note?.trim() || null;
    if (cleanNote && cleanNote.length > MAX_NOTE_LENGTH) throw CalendarError.badRuleValue('note', `备注不能超过 ${MAX_NOTE_LENGTH} 个字`);
    return this.db.tx(async (em) => {
      const previous = await em.findOne(CalendarOverrideEntity, { where: { date }, lock: { mode: 'pessimistic_write' } });
      const [row] = (await em.query(
        `INSERT INTO calendar_overrides (tenant_id, id, date, kind, note, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (tenant_id, date) DO UPDATE SET kind = excluded.kind, note = excluded.note, updated_by = excluded.updated_by, updated_at = now()
         RETURNING id`,
        [this.db.tenantId, newId(), date, kind, cleanNote, p.id],
      )) as { id: string }[];
      await this.bumpRevision(em);
      await this.audit.record(em, {
        action: 'calendar.setOverride',
        entity: 'CalendarOverride',
        entityId: row.id,
        details: { date, kind, note: cleanNote, previous: previous ? { kind: previous.kind, note: previous.note } : null },
      });
      return em.findOneByOrFail(CalendarOverrideEntity, { id: row.id });
    });
  }

  /** Removes the override of `date`; NOT_FOUND when the tenant has none (TENANT_ADMIN). */
  async removeOverride(date: string): Promise<CalendarOverrideEntity> {
    this.access.requireRole(Role.TENANT_ADMIN);
    return this.db.tx(async (em) => {
      const row = await em.findOne(CalendarOverrideEntity, { where: { date }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw CalendarError.overrideNotFound(date);
      await em.delete(CalendarOverrideEntity, { tenantId: row.tenantId, id: row.id });
      await this.bumpRevision(em);
      await this.audit.record(em, { action: 'calendar.removeOverride', entity: 'CalendarOverride', entityId: row.id, details: { date, kind: row.kind, note: row.note } });
      return row;
    });
  }

  /**
   * Declares `year` published for the tenant (TENANT_ADMIN): its holidays and make-up days were
   * loaded as overrides, so computations may now reach into it. Refused for a year the national
   * data already covers, and for a year without a single holiday override (every notice has
   * 元旦 at least): declaring an empty year would be exactly the silent guess DESIGN.md forbids.
   */
  async publishYear(year: number): Promise<CalendarCoverage> {
    this.access.requireRole(Role.TENANT_ADMIN);
    assertYear(year);
    if (WorkingDayCalendar.national().isYearCovered(year)) throw CalendarError.yearNationallyCovered(year);
    await this.db.tx(async (em) => {
      await this.lockCalendar(em);
      if (await em.exists(CalendarYearEntity, { where: { year } })) throw CalendarError.yearAlreadyPublished(year);
      const holidays = await em
        .createQueryBuilder(CalendarOverrideEntity, 'o')
        .where('o.date BETWEEN :from AND :to', { from: `${year}-01-01`, to: `${year}-12-31` })
        .andWhere(`o.kind = 'HOLIDAY'`)
        .getCount();
      if (holidays === 0) {
        throw CalendarError.badRuleValue('year', `请先录入${year}年的节假日（国务院办公厅通知）再声明发布`);
      }
      const id = newId();
      await em.insert(CalendarYearEntity, { tenantId: this.db.tenantId, id, year, createdBy: this.access.principal().id });
      await this.bumpRevision(em);
      await this.audit.record(em, { action: 'calendar.publishYear', entity: 'CalendarYear', entityId: id, details: { year, holidayOverrides: holidays } });
    });
    return this.coverage();
  }

  /** Withdraws a year declared by mistake (TENANT_ADMIN); NOT_FOUND when not declared. */
  async unpublishYear(year: number): Promise<CalendarCoverage> {
    this.access.requireRole(Role.TENANT_ADMIN);
    assertYear(year);
    await this.db.tx(async (em) => {
      await this.lockCalendar(em);
      const row = await em.findOne(CalendarYearEntity, { where: { year } });
      if (!row) throw CalendarError.yearNotPublished(year);
      await em.delete(CalendarYearEntity, { tenantId: row.tenantId, id: row.id });
      await this.bumpRevision(em);
      await this.audit.record(em, { action: 'calendar.unpublishYear', entity: 'CalendarYear', entityId: row.id, details: { year } });
    });
    return this.coverage();
  }

  /** Serialises calendar changes of the tenant (the revision row is the lock). */
  private async lockCalendar(em: EntityManager): Promise<void> {
    await em.query(
      `INSERT INTO calendar_revisions (tenant_id, revision) VALUES ($1, 0)
       ON CONFLICT (tenant_id) DO UPDATE SET revision = calendar_revisions.revision`,
      [this.db.tenantId],
    );
  }

  private async bumpRevision(em: EntityManager): Promise<void> {
    await em.query(
      `INSERT INTO calendar_revisions (tenant_id, revision, updated_at) VALUES ($1, 1, now())
       ON CONFLICT (tenant_id) DO UPDATE SET revision = calendar_revisions.revision + 1, updated_at = now()`,
      [this.db.tenantId],
    );
  }
}
