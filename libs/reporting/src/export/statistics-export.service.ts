import { Injectable } from '@nestjs/common';
import { chinaToday, isValidDateString, PlatformError, TenantDb } from '@app/platform';
import { PeriodKind, periodRange } from '../period';
import { ReportingService, ReportScope } from '../reporting.service';
import { StatisticsFile } from './statistics-tables';

export interface StatisticsExportQuery {
  orgUnitId?: string;
  /** PeriodKind. */
  period?: string;
  /** Any day of the period (YYYY-MM-DD, China); default today. */
  date?: string;
}

/**
 * The statistics as a file: the same access rules, scope and figures as the `statistics` query
 * (it is the same service), with the query-string names in errors (period, date, orgUnitId).
 */
@Injectable()
export class StatisticsExportService {
  constructor(
    private readonly db: TenantDb,
    private readonly reporting: ReportingService,
  ) {}

  async open(q: StatisticsExportQuery): Promise<StatisticsFile> {
    const scope = await this.reporting.scope(q.orgUnitId || null);
    const kind = q.period as PeriodKind;
    if (!Object.values(PeriodKind).includes(kind)) {
      throw PlatformError.badInput('period', `统计周期无效（应为 ${Object.values(PeriodKind).join('、')} 之一）`);
    }
    const date = q.date == null || q.date === '' ? chinaToday() : q.date;
    if (!isValidDateString(date)) throw PlatformError.badInput('date', `日期须为有效的 YYYY-MM-DD 格式（${String(date)}）`);
    const range = periodRange(kind, date);
    return this.db.tx(async (em) => ({ scopeName: await this.scopeName(em, scope), kind, stats: await this.reporting.compute(em, scope, range) }));
  }

  private async scopeName(em: { query(sql: string, params?: unknown[]): Promise<{ name: string }[]> }, s: ReportScope): Promise<string> {
    const rows = s.stationId
      ? await em.query(`SELECT name FROM stations WHERE id = $1`, [s.stationId])
      : s.unitPath
        ? await em.query(`SELECT name FROM org_units WHERE path = CAST($1 AS ltree)`, [s.unitPath])
        : [];
    return rows[0]?.name ?? '全部单位';
  }
}
