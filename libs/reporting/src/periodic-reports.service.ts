import { Injectable, Logger } from '@nestjs/common';
import { CalendarService } from '@app/calendar';
import { AccessService, OrgUnitsService } from '@app/identity';
import { chinaToday, ConnectionShape, decodeCursor, isValidDateString, newId, pageSize, PlatformError, Role, TenantDb, toConnection } from '@app/platform';
import { PeriodicReportModel } from './dto/periodic-report.model';
import { StatisticsModel } from './dto/reporting.model';
import { PeriodicReport } from './entities/periodic-report.entity';
import { PeriodKind, periodRange, previousPeriod, reportDueAt } from './period';
import { ReportingError } from './reporting.errors';
import { ReportingService } from './reporting.service';

/** The kinds stored as periodic reports (DOMAIN.md: monthly, quarterly, half-year and annual). */
export const PERIODIC_KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR, PeriodKind.YEAR];

/**
 * Schedule for the worker (SupervisionProcessor): every kind ends on a month end, so one job at 00:10
 * China time on the 1st of each month covers them all; generation skips what is stored.
 */
export const PERIODIC_REPORTS_CRON = { pattern: '10 0 1 * *', tz: 'Asia/Shanghai' };

@Injectable()
export class PeriodicReportsService {
  private readonly logger = new Logger('PeriodicReports');

  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly orgUnits: OrgUnitsService,
    private readonly reporting: ReportingService,
    private readonly calendar: CalendarService,
  ) {}

  /**
   * Stores, for every tenant and org unit, the report of the last ended month, quarter, half
   * year and year before `now` (China time). Idempotent: a stored (unit, kind, period) is skipped,
   * and the unique key settles races between workers. Returns the number of reports written.
   */
  async generate(now: Date = new Date()): Promise<number> {
    const today = chinaToday(now);
    const tenants: { id: string }[] = await this.db.dataSource.query(`SELECT id FROM tenants ORDER BY id`);
    let written = 0;
    for (const { id: tenantId } of tenants) {
      for (const kind of PERIODIC_KINDS) {
        const period = previousPeriod(kind, periodRange(kind, today));
        written += await this.db.asTenant(tenantId, async (em) => {
          const missing: { id: string; path: string }[] = await em.query(
            `SELECT u.id, u.path::text AS path FROM org_units u
             WHERE NOT EXISTS (SELECT 1 FROM periodic_reports r WHERE r.tenant_id = u.tenant_id AND r.org_unit_id = u.id AND r.kind = $1 AND r.period_from = $2)
             ORDER BY u.path`,
            [kind, period.from],
          );
          let n = 0;
          for (const unit of missing) {
            const figures = await this.reporting.compute(em, { unitPath: unit.path, unitId: unit.id, stationId: null }, period);
            const rows: unknown[] = await em.query(
              `INSERT INTO periodic_reports (tenant_id, id, org_unit_id, kind, period_from, period_to, figures) VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT ON CONSTRAINT uq_periodic_reports_period DO NOTHING RETURNING id`,
              [tenantId, newId(), unit.id, kind, period.from, period.to, JSON.stringify(figures)],
            );
            n += rows.length;
          }
          return n;
        });
      }
    }
    if (written) this.logger.log(`Stored ${written} periodic report(s) for ${today}`);
    return written;
  }

  /** periodicReports(orgUnitId, kind): newest first; unit defaults to the caller's; FORBIDDEN out of scope and for station staff. */
  async list(orgUnitId: string | null | undefined, kind: PeriodKind, first?: number | null, after?: string | null): Promise<ConnectionShape<PeriodicReportModel>> {
    const p = this.access.requireRole(Role.TENANT_ADMIN, Role.OFFICER, Role.CENTER_OPERATOR, Role.EVALUATOR);
    if (!PERIODIC_KINDS.includes(kind)) throw ReportingError.badKind();
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 1);
    if (cursor && !isValidDateString(cursor[0])) throw PlatformError.badInput('after', '分页游标无效');
    const unit = orgUnitId ? await this.orgUnits.get(orgUnitId, 'orgUnitId') : p.orgUnitId ? await this.orgUnits.get(p.orgUnitId, 'orgUnitId') : null;
    if (!unit) throw PlatformError.forbidden();
    this.access.requireScope(p, unit.path);
    return this.db.tx(async (em) => {
      const calendar = await this.calendar.current(em);
      const qb = em.createQueryBuilder(PeriodicReport, 'r').where('r.org_unit_id = :unitId AND r.kind = :kind', { unitId: unit.id, kind });
      const total = await qb.getCount();
      if (cursor) qb.andWhere('r.period_from < :cFrom', { cFrom: cursor[0] });
      const rows = await qb.orderBy('r.period_from', 'DESC').limit(limit + 1).getMany();
      return toConnection(rows, limit, total, (r) => [r.periodFrom], !!cursor, (r) => ({
        id: r.id,
        orgUnitId: r.orgUnitId,
        kind: r.kind as PeriodKind,
        from: r.periodFrom,
        to: r.periodTo,
        generatedAt: r.generatedAt,
        dueAt: reportDueAt(r.kind as PeriodKind, { from: r.periodFrom, to: r.periodTo }, calendar),
        statistics: r.figures as unknown as StatisticsModel,
      }));
    });
  }
}
