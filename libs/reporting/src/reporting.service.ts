import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseChannel, CaseType, Satisfaction } from '@app/center';
import { DisputeIssueType, DisputeStatus } from '@app/disputes';
import { AccessService, OrgUnitsService, pathWithin } from '@app/identity';
import { formatFen, isValidDateString, PlatformError, Principal, Role, TenantDb } from '@app/platform';
import { StationCategory } from '@app/stations';
import { PeriodInput } from './dto/reporting.input';
import { HotSpotsModel, StatisticsModel } from './dto/reporting.model';
import { PeriodKind, periodRange, PeriodRange, previousPeriod } from './period';
import { ReportingError } from './reporting.errors';

/** Roles whose scope is their org unit's subtree (TENANT_ADMIN: the tenant). */
const UNIT_ROLES = [Role.TENANT_ADMIN, Role.OFFICER, Role.CENTER_OPERATOR, Role.EVALUATOR];
const HOT_SPOTS_MAX = 50;
/** Disputes that count as station disputes (stationDisputes). */
const NOT_COUNTED = [DisputeStatus.DECLINED, DisputeStatus.WITHDRAWN];

/** What the figures cover: a unit subtree (null: the whole tenant) or one station. */
export interface ReportScope {
  unitPath: string | null;
  stationId: string | null;
}

/** SQL fragments restricting center_cases `c` and disputes `d` to a scope, parameter $3 when needed. */
function scopeSql(s: ReportScope): { cases: string; disputes: string; params: unknown[] } {
  if (s.stationId) return { cases: 'c.source_station_id = $3', disputes: 'd.station_id = $3', params: [s.stationId] };
  if (s.unitPath) {
    const units = 'SELECT u.id FROM org_units u WHERE u.path <@ CAST($3 AS ltree)';
    return {
      cases: `(c.registered_unit_id IN (${units}) OR c.assigned_unit_id IN (${units}))`,
      disputes: `d.station_id IN (SELECT s.id FROM stations s WHERE s.org_unit_id IN (${units}))`,
      params: [s.unitPath],
    };
  }
  return { cases: 'TRUE', disputes: 'TRUE', params: [] };
}

export function ratio(n: number, d: number): number {
  return d > 0 ? Math.round((n / d) * 10_000) / 10_000 : 0;
}

const inRange = (col: string) => `(${col} >= $1 AND ${col} < $2)`;

@Injectable()
export class ReportingService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly orgUnits: OrgUnitsService,
  ) {}

  /** The period of an input (BAD_USER_INPUT naming kind or anchor). */
  period(input: PeriodInput): PeriodRange {
    if (!Object.values(PeriodKind).includes(input?.kind)) throw ReportingError.badKind();
    if (!isValidDateString(input.anchor)) throw ReportingError.badAnchor(input.anchor);
    return periodRange(input.kind, input.anchor);
  }

  /**
   * Any signed-in tenant user; the unit defaults to the caller's. A unit outside the caller's
   * scope: FORBIDDEN; another tenant's: NOT_FOUND (invisible through RLS). Station staff see
   * their station only (and may name a unit only when their station lies within it).
   */
  async scope(orgUnitId?: string | null): Promise<ReportScope> {
    const p = this.access.requireTenantUser();
    const unit = orgUnitId ? await this.orgUnits.get(orgUnitId, 'orgUnitId') : null;
    if (this.access.has(p, ...UNIT_ROLES)) {
      if (unit) {
        this.access.requireScope(p, unit.path);
        return { unitPath: unit.path, stationId: null };
      }
      if (this.access.has(p, Role.TENANT_ADMIN)) return { unitPath: p.orgUnitPath ?? null, stationId: null };
      if (!p.orgUnitPath) throw PlatformError.forbidden();
      return { unitPath: p.orgUnitPath, stationId: null };
    }
    return this.stationScope(p, unit?.path ?? null);
  }

  private async stationScope(p: Principal, unitPath: string | null): Promise<ReportScope> {
    if (!this.access.has(p, Role.STATION_STAFF) || !p.stationId) throw ReportingError.noStation();
    if (unitPath) {
      const rows: { path: string }[] = await this.db.tx((em) =>
        em.query(`SELECT o.path FROM stations s JOIN org_units o ON o.tenant_id = s.tenant_id AND o.id = s.org_unit_id WHERE s.id = $1`, [p.stationId]),
      );
      if (!rows.length || !pathWithin(rows[0].path, unitPath)) throw ReportingError.stationOutsideUnit();
    }
    return { unitPath: null, stationId: p.stationId };
  }

  async statistics(orgUnitId: string | null | undefined, input: PeriodInput): Promise<StatisticsModel> {
    const scope = await this.scope(orgUnitId);
    const period = this.period(input);
    return this.db.tx((em) => this.compute(em, scope, period));
  }

  /** The figures of a scope and period (no access check: callers check). */
  async compute(em: EntityManager, scope: ReportScope, period: PeriodRange): Promise<StatisticsModel> {
    const sc = scopeSql(scope);
    const params = [period.start, period.end, ...sc.params];
    const counted = `d.status NOT IN ('${NOT_COUNTED.join("','")}')`;
    const opened = `${inRange('d.opened_at')} AND ${counted}`;
    const [cases] = await em.query(
      `SELECT
         count(*) FILTER (WHERE ${inRange('c.received_at')} AND c.type = '${CaseType.CONSULTATION}')::int AS consultations,
         count(*) FILTER (WHERE ${inRange('c.received_at')} AND c.type = '${CaseType.COMPLAINT}')::int AS complaints,
         count(*) FILTER (WHERE ${inRange('c.received_at')} AND c.type = '${CaseType.REPORT}')::int AS reports,
         count(*) FILTER (WHERE ${inRange('c.accepted_at')})::int AS accepted,
         count(*) FILTER (WHERE ${inRange('c.closed_at')})::int AS closed,
         coalesce(sum(c.amount_recovered_fen) FILTER (WHERE ${inRange('c.closed_at')}), 0)::text AS recovered,
         count(*) FILTER (WHERE ${inRange('c.received_at')} AND EXISTS (
           SELECT 1 FROM deadlines dl WHERE dl.tenant_id = c.tenant_id AND dl.case_id = c.id AND dl.breached))::int AS overdue
       FROM center_cases c
       WHERE ${sc.cases} AND (${inRange('c.received_at')} OR ${inRange('c.accepted_at')} OR ${inRange('c.closed_at')})`,
      params,
    );
    const [disputes] = await em.query(
      `SELECT
         count(*) FILTER (WHERE ${opened})::int AS disputes,
         count(*) FILTER (WHERE ${inRange('d.settled_at')})::int AS settled,
         coalesce(sum(d.amount_recovered_fen) FILTER (WHERE ${inRange('d.settled_at')}), 0)::text AS recovered,
         count(*) FILTER (WHERE ${opened} AND coalesce(d.settled_at, CASE WHEN d.status = '${DisputeStatus.OPEN}' THEN now() END) > d.settle_by)::int AS overdue
       FROM disputes d
       WHERE ${sc.disputes} AND (${inRange('d.opened_at')} OR ${inRange('d.settled_at')})`,
      params,
    );
    const grouped = async <K extends string>(sql: string): Promise<Map<K | null, number>> => {
      const rows: { k: K | null; n: number }[] = await em.query(sql, params);
      return new Map(rows.map((r) => [r.k, r.n]));
    };
    const byStationCategory = await grouped<StationCategory>(
      `SELECT s.category AS k, count(*)::int AS n FROM disputes d JOIN stations s ON s.tenant_id = d.tenant_id AND s.id = d.station_id
       WHERE ${sc.disputes} AND ${opened} GROUP BY s.category`,
    );
    const byGoods: { k: string | null; n: number }[] = await em.query(
      `SELECT d.goods_or_service_category AS k, count(*)::int AS n FROM disputes d WHERE ${sc.disputes} AND ${opened}
       GROUP BY 1 ORDER BY 2 DESC, 1 ASC NULLS LAST`,
      params,
    );
    const byIssue = await grouped<DisputeIssueType>(`SELECT d.issue_type AS k, count(*)::int AS n FROM disputes d WHERE ${sc.disputes} AND ${opened} GROUP BY 1`);
    const byChannel = await grouped<CaseChannel>(
      `SELECT c.channel AS k, count(*)::int AS n FROM center_cases c WHERE ${sc.cases} AND ${inRange('c.received_at')} GROUP BY 1`,
    );
    const bySatisfaction = await grouped<Satisfaction>(
      `SELECT cb.satisfaction AS k, count(*)::int AS n FROM case_callbacks cb JOIN center_cases c ON c.tenant_id = cb.tenant_id AND c.id = cb.case_id
       WHERE ${sc.cases} AND ${inRange('cb.called_at')} GROUP BY 1`,
    );
    const sat = (s: Satisfaction) => bySatisfaction.get(s) ?? 0;
    const callbacks = [...bySatisfaction.values()].reduce((a, b) => a + b, 0);
    const unassigned = byIssue.get(null);
    return {
      from: period.from,
      to: period.to,
      consultations: cases.consultations,
      complaints: cases.complaints,
      reports: cases.reports,
      accepted: cases.accepted,
      closed: cases.closed,
      closureRate: ratio(cases.closed, cases.accepted),
      stationDisputes: disputes.disputes,
      stationSettled: disputes.settled,
      settlementRate: ratio(disputes.settled, disputes.disputes),
      amountRecovered: formatFen((BigInt(cases.recovered) + BigInt(disputes.recovered)).toString()),
      byCategory: Object.values(StationCategory).map((category) => ({ category, count: byStationCategory.get(category) ?? 0 })),
      byChannel: Object.values(CaseChannel).map((channel) => ({ channel, count: byChannel.get(channel) ?? 0 })),
      byGoodsCategory: byGoods.map((r) => ({ category: r.k, count: r.n })),
      byIssueType: [
        ...Object.values(DisputeIssueType).map((issueType) => ({ issueType, count: byIssue.get(issueType) ?? 0 })),
        ...(unassigned ? [{ issueType: null, count: unassigned }] : []),
      ],
      overdueCases: cases.overdue,
      overdueDisputes: disputes.overdue,
      callbacks,
      bySatisfaction: Object.values(Satisfaction).map((satisfaction) => ({ satisfaction, count: sat(satisfaction) })),
      satisfactionRate: ratio(sat(Satisfaction.VERY_SATISFIED) + sat(Satisfaction.SATISFIED), callbacks - sat(Satisfaction.UNREACHABLE)),
    };
  }

  /** Top issue types (station disputes) and respondents (complaint and report cases) with the change from the previous period. */
  async hotSpots(orgUnitId: string | null | undefined, input: PeriodInput, limit?: number | null): Promise<HotSpotsModel> {
    const scope = await this.scope(orgUnitId);
    const cur = this.period(input);
    const n = limit ?? 10;
    if (!Number.isInteger(n) || n < 1 || n > HOT_SPOTS_MAX) throw ReportingError.badLimit(HOT_SPOTS_MAX);
    const prev = previousPeriod(input.kind, cur);
    const sc = scopeSql(scope);
    // $1..$2: the current period, $3: scope (when any), then the previous period's start and the limit.
    const p = sc.params.length ? 4 : 3;
    const params = [cur.start, cur.end, ...sc.params, prev.start, n];
    const prevRange = (col: string) => `(${col} >= $${p} AND ${col} < $1)`;
    return this.db.tx(async (em) => {
      const issues: { k: DisputeIssueType | null; cur: number; prev: number }[] = await em.query(
        `SELECT d.issue_type AS k, count(*) FILTER (WHERE ${inRange('d.opened_at')})::int AS cur, count(*) FILTER (WHERE ${prevRange('d.opened_at')})::int AS prev
         FROM disputes d
         WHERE ${sc.disputes} AND d.opened_at >= $${p} AND d.opened_at < $2 AND d.status NOT IN ('${NOT_COUNTED.join("','")}')
         GROUP BY 1 HAVING count(*) FILTER (WHERE ${inRange('d.opened_at')}) > 0
         ORDER BY 2 DESC, 1 ASC NULLS LAST LIMIT $${p + 1}`,
        params,
      );
      const respondents: { code: string | null; name: string | null; cur: number; prev: number }[] = await em.query(
        `SELECT max(c.respondent_credit_code) AS code,
                mode() WITHIN GROUP (ORDER BY nullif(btrim(c.respondent_name), '')) FILTER (WHERE ${inRange('c.received_at')}) AS name,
                count(*) FILTER (WHERE ${inRange('c.received_at')})::int AS cur,
                count(*) FILTER (WHERE ${prevRange('c.received_at')})::int AS prev
         FROM center_cases c
         WHERE ${sc.cases} AND c.received_at >= $${p} AND c.received_at < $2
           AND c.type IN ('${CaseType.COMPLAINT}', '${CaseType.REPORT}')
           AND (c.respondent_credit_code IS NOT NULL OR nullif(btrim(c.respondent_name), '') IS NOT NULL)
         GROUP BY coalesce(c.respondent_credit_code, 'N:' || btrim(c.respondent_name))
         HAVING count(*) FILTER (WHERE ${inRange('c.received_at')}) > 0
         ORDER BY 3 DESC, 2 ASC LIMIT $${p + 1}`,
        params,
      );
      return {
        from: cur.from,
        to: cur.to,
        previousFrom: prev.from,
        previousTo: prev.to,
        issueTypes: issues.map((r) => ({ issueType: r.k, count: r.cur, previousCount: r.prev, change: r.cur - r.prev })),
        respondents: respondents.map((r) => ({ creditCode: r.code, name: r.name ?? r.code ?? '', count: r.cur, previousCount: r.prev, change: r.cur - r.prev })),
      };
    });
  }
}
