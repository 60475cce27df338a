import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseChannel, CaseType, Satisfaction } from '@app/center';
import { DisputeIssueType, DisputeStatus } from '@app/disputes';
import { AccessService, OrgUnitsService, pathWithin } from '@app/identity';
import { addCalendarDays, formatFen, isValidDateString, PlatformError, Principal, Role, startOfChinaDay, TenantDb, UNPREPARED } from '@app/platform';
import { StationCategory } from '@app/stations';
import { PeriodInput } from './dto/reporting.input';
import { HotSpotsModel, StatisticsModel } from './dto/reporting.model';
import { PeriodKind, periodRange, PeriodRange, previousPeriod } from './period';
import { ReportingError } from './reporting.errors';
import { dayRuns, DISPUTE_LATE_SQL, Metric, MetricRow, NOT_COUNTED_SQL, TENANT_WIDE } from './statistics-rollups';

/** Roles whose scope is their org unit's subtree (TENANT_ADMIN: the tenant). */
const UNIT_ROLES = [Role.TENANT_ADMIN, Role.OFFICER, Role.CENTER_OPERATOR, Role.EVALUATOR];
const HOT_SPOTS_MAX = 50;

/** What the figures cover: a unit subtree (null: the whole tenant) or one station. */
export interface ReportScope {
  unitPath: string | null;
  /** The unit at unitPath (its rollup rows); absent with a null path: the tenant. */
  unitId?: string | null;
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

interface LiveSql {
  /** The `units` CTE (with its trailing comma) when the scope is a unit subtree. */
  units: string;
  params: unknown[];
  caseBranches: string[];
  stationsOf: string;
  callbackCase: string | null;
}

/** The Statistics object from metric rows (rollups and live counts summed per metric and key). */
export function toStatistics(period: PeriodRange, rows: MetricRow[]): StatisticsModel {
  const by = new Map<Metric, Map<string, { n: number; fen: bigint }>>();
  for (const r of rows) {
    const m = by.get(r.metric) ?? new Map<string, { n: number; fen: bigint }>();
    const cur = m.get(r.key) ?? { n: 0, fen: 0n };
    m.set(r.key, { n: cur.n + Number(r.n), fen: cur.fen + BigInt(r.fen ?? 0) });
    by.set(r.metric, m);
  }
  const keys = (metric: Metric) => by.get(metric) ?? new Map<string, { n: number; fen: bigint }>();
  const n = (metric: Metric, key = '') => keys(metric).get(key)?.n ?? 0;
  const fen = (metric: Metric) => [...keys(metric).values()].reduce((a, v) => a + v.fen, 0n);
  const received = [...keys(Metric.RECEIVED)].map(([k, v]) => ({ type: k.split('|')[0] as CaseType, channel: k.split('|')[1] as CaseChannel, n: v.n }));
  const count = <K>(pick: (r: (typeof received)[number]) => K, k: K) => received.filter((r) => pick(r) === k).reduce((a, r) => a + r.n, 0);
  const sat = (k: Satisfaction) => n(Metric.CALLBACK, k);
  const callbacks = [...keys(Metric.CALLBACK).values()].reduce((a, v) => a + v.n, 0);
  const accepted = n(Metric.ACCEPTED);
  const closed = n(Metric.CLOSED);
  const stationDisputes = n(Metric.OPENED);
  const settled = n(Metric.SETTLED);
  const unassigned = n(Metric.OPENED_BY_ISSUE, '');
  return {
    from: period.from,
    to: period.to,
    consultations: count((r) => r.type, CaseType.CONSULTATION),
    complaints: count((r) => r.type, CaseType.COMPLAINT),
    reports: count((r) => r.type, CaseType.REPORT),
    accepted,
    closed,
    // 办结率 as the centers report it (003: 受理…3401件…办结率95.71%): of the cases received in the
    // period and not refused, the share closed by now; within one group, so never above 1.
    closureRate: ratio(n(Metric.RECEIVED_CLOSED), received.reduce((a, r) => a + r.n, 0) - n(Metric.RECEIVED_REJECTED)),
    stationDisputes,
    stationSettled: settled,
    // 和解率 (001: 受理投诉4起…全部和解，和解率100%): of the disputes opened in the period, the share settled.
    settlementRate: ratio(n(Metric.OPENED_SETTLED), stationDisputes),
    amountRecovered: formatFen((fen(Metric.CLOSED) + fen(Metric.SETTLED)).toString()),
    byCategory: Object.values(StationCategory).map((category) => ({ category, count: n(Metric.OPENED_BY_CATEGORY, category) })),
    byChannel: Object.values(CaseChannel).map((channel) => ({ channel, count: count((r) => r.channel, channel) })),
    byGoodsCategory: [...keys(Metric.OPENED_BY_GOODS)]
      .map(([k, v]) => ({ category: k === '' ? null : k, count: v.n }))
      .sort((a, b) => b.count - a.count || (a.category === null ? 1 : b.category === null ? -1 : a.category < b.category ? -1 : a.category > b.category ? 1 : 0)),
    byIssueType: [
      ...Object.values(DisputeIssueType).map((issueType) => ({ issueType, count: n(Metric.OPENED_BY_ISSUE, issueType) })),
      ...(unassigned ? [{ issueType: null, count: unassigned }] : []),
    ],
    overdueCases: n(Metric.CASES_OVERDUE),
    overdueDisputes: n(Metric.OPENED_SETTLED_LATE) + n(Metric.OPENED_OPEN_OVERDUE),
    callbacks,
    bySatisfaction: Object.values(Satisfaction).map((satisfaction) => ({ satisfaction, count: sat(satisfaction) })),
    satisfactionRate: ratio(sat(Satisfaction.VERY_SATISFIED) + sat(Satisfaction.SATISFIED), callbacks - sat(Satisfaction.UNREACHABLE)),
  };
}

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
        return { unitPath: unit.path, unitId: unit.id, stationId: null };
      }
      if (this.access.has(p, Role.TENANT_ADMIN)) return { unitPath: p.orgUnitPath ?? null, unitId: p.orgUnitPath ? p.orgUnitId : null, stationId: null };
      if (!p.orgUnitPath) throw PlatformError.forbidden();
      return { unitPath: p.orgUnitPath, unitId: p.orgUnitId, stationId: null };
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

  /**
   * The figures of a scope and period (no access check: callers check). A unit's (or the
   * tenant's) figures come from the daily rollups (StatisticsRollups: one indexed read of the
   * unit's rows of the period, whatever the history), except the days marked dirty, which are
   * counted live from the source tables, and the disputes OPEN past their deadline, counted live
   * because they change with the clock; the rollup read and the dirty days are one statement (one
   * snapshot). A station's figures are counted live (a station's rows are few).
   */
  async compute(em: EntityManager, scope: ReportScope, period: PeriodRange): Promise<StatisticsModel> {
    return toStatistics(period, await this.figures(em, scope, period));
  }

  private async figures(em: EntityManager, scope: ReportScope, period: PeriodRange): Promise<MetricRow[]> {
    const live = this.liveSql(scope);
    const openOverdue = await this.openOverdue(em, live, period.start, period.end);
    // A station, or a unit named by path alone: counted live.
    if (scope.stationId || (scope.unitPath && !scope.unitId)) return [...(await this.liveRows(em, live, period.start, period.end)), ...openOverdue];
    const toDay = addCalendarDays(period.to, 1);
    // The dirty days as one array (an InitPlan): the rollup read is a range scan of the unit's
    // rows with a filter, whatever the planner thinks of stats_dirty (a churning table).
    const [r]: { allDays: boolean; dirty: string[]; rows: MetricRow[] }[] = await em.query(
      `${UNPREPARED}WITH dirty AS MATERIALIZED (
         SELECT coalesce(bool_or(day IS NULL), false) AS all_days, coalesce(array_agg(DISTINCT day) FILTER (WHERE day IS NOT NULL), '{}') AS days
           FROM stats_dirty WHERE day IS NULL OR (day >= $2 AND day < $3))
       SELECT (SELECT all_days FROM dirty) AS "allDays",
              (SELECT to_json(array(SELECT to_char(d, 'YYYY-MM-DD') FROM unnest(days) d)) FROM dirty) AS dirty,
              (SELECT coalesce(json_agg(x), '[]') FROM (
                 SELECT s.metric, s.key, sum(s.n)::int AS n, sum(s.fen)::text AS fen FROM stats_daily s
                  WHERE s.org_unit_id = $1 AND s.day >= $2 AND s.day < $3 AND s.day <> ALL(CAST((SELECT days FROM dirty) AS date[]))
                  GROUP BY 1, 2) x) AS rows`,
      [scope.unitId ?? TENANT_WIDE, period.from, toDay],
    );
    if (r.allDays) return [...(await this.liveRows(em, live, period.start, period.end)), ...openOverdue];
    const rows = [...r.rows, ...openOverdue];
    for (const [from, to] of dayRuns(r.dirty)) rows.push(...(await this.liveRows(em, live, startOfChinaDay(from), startOfChinaDay(to))));
    return rows;
  }

  /** The scope as SQL over center_cases `c`, stations `s` and call-backs' cases; parameters from $3. */
  private liveSql(scope: ReportScope): LiveSql {
    if (scope.stationId) {
      return { units: '', params: [scope.stationId], caseBranches: ['c.source_station_id = $3'], stationsOf: 's.id = $3', callbackCase: 'c.source_station_id = $3' };
    }
    // A tenant has one root unit: its subtree (or no unit at all) holds everything, nothing to
    // filter, and each source is read by time alone (the tenant-wide time indexes).
    if (!scope.unitPath || !scope.unitPath.includes('.')) return { units: '', params: [], caseBranches: ['TRUE'], stationsOf: 'TRUE', callbackCase: null };
    const units = `units AS (SELECT coalesce(array_agg(u.id), '{}') AS ids FROM org_units u WHERE u.path <@ CAST($3 AS ltree)), `;
    // An expression, not ANY(subquery): evaluated once, then an index condition of each range scan.
    const inUnits = (col: string) => `${col} = ANY(CAST((SELECT ids FROM units) AS uuid[]))`;
    return {
      units,
      params: [scope.unitPath],
      caseBranches: [inUnits('c.registered_unit_id'), `${inUnits('c.assigned_unit_id')} AND NOT ${inUnits('c.registered_unit_id')}`],
      stationsOf: inUnits('s.org_unit_id'),
      callbackCase: `${inUnits('c.registered_unit_id')} OR ${inUnits('c.assigned_unit_id')}`,
    };
  }

  /** Station disputes OPEN and past settle_by now, opened in [start, end) (the partial index of OPEN disputes). */
  private async openOverdue(em: EntityManager, q: LiveSql, start: Date, end: Date): Promise<MetricRow[]> {
    const [{ n }] = await em.query(
      `${UNPREPARED}WITH ${q.units} x AS (SELECT 1)
       SELECT count(*)::int AS n FROM disputes d JOIN stations s ON s.tenant_id = d.tenant_id AND s.id = d.station_id
        WHERE d.status = '${DisputeStatus.OPEN}' AND ${inRange('d.opened_at')} AND d.settle_by < now() AND ${q.stationsOf}`,
      [start, end, ...q.params],
    );
    return n ? [{ metric: Metric.OPENED_OPEN_OVERDUE, key: '', n, fen: '0' }] : [];
  }

  /**
   * The figures of [start, end) counted from the source tables, in one statement (one round
   * trip, one plan), as metric rows (the rollups' definitions, REBUILD_SQL, row for row): center
   * cases in scope (registered there, plus those only assigned there: two disjoint branches) by
   * received, accepted and closed time; station disputes by opened time (every breakdown from one
   * pass: grouping sets) and by settled time; call-backs by call time, each checked against its
   * case's scope (one index lookup).
   */
  private async liveRows(em: EntityManager, q: LiveSql, start: Date, end: Date): Promise<MetricRow[]> {
    const cases = (columns: string, at: string) => q.caseBranches.map((b) => `SELECT ${columns} FROM center_cases c WHERE ${inRange(at)} AND ${b}`).join(' UNION ALL ');
    const row = (metric: Metric, key: string, n: string, fen = '0') => `SELECT '${metric}' AS metric, ${key} AS key, ${n} AS n, ${fen} AS fen`;
    return em.query(
      `${UNPREPARED}WITH ${q.units}
       received AS (
         SELECT c.type, c.channel, count(*)::int AS n,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deadlines dl WHERE dl.case_id = c.id AND dl.breached))::int AS overdue,
                count(*) FILTER (WHERE c.closed_at IS NOT NULL)::int AS closed, count(*) FILTER (WHERE c.rejected_at IS NOT NULL)::int AS rejected
         FROM (${cases('c.id, c.type, c.channel, c.closed_at, c.rejected_at', 'c.received_at')}) c
         GROUP BY 1, 2),
       -- Station disputes opened in the period: the total and each breakdown from one scan;
       -- g = GROUPING(category, goods, issue): 7 total, 3 category, 5 goods, 6 issue.
       opened AS (
         SELECT GROUPING(s.category, d.goods_or_service_category, d.issue_type)::int AS g, s.category, d.goods_or_service_category AS goods, d.issue_type AS issue,
                count(*)::int AS n, count(*) FILTER (WHERE ${DISPUTE_LATE_SQL})::int AS late, count(*) FILTER (WHERE d.settled_at IS NOT NULL)::int AS settled
         FROM stations s JOIN disputes d ON d.tenant_id = s.tenant_id AND d.station_id = s.id
         WHERE ${q.stationsOf} AND ${inRange('d.opened_at')} AND d.status NOT IN ${NOT_COUNTED_SQL}
         GROUP BY GROUPING SETS ((), (s.category), (d.goods_or_service_category), (d.issue_type)))
       SELECT metric, key, n::int, fen::text FROM (
         ${row(Metric.RECEIVED, "type || '|' || channel", 'n')} FROM received
         UNION ALL ${row(Metric.CASES_OVERDUE, "''", 'sum(overdue)')} FROM received
         UNION ALL ${row(Metric.RECEIVED_CLOSED, "''", 'sum(closed)')} FROM received
         UNION ALL ${row(Metric.RECEIVED_REJECTED, "''", 'sum(rejected)')} FROM received
         UNION ALL ${row(Metric.ACCEPTED, "''", 'count(*)')} FROM (${cases('1', 'c.accepted_at')}) a
         UNION ALL ${row(Metric.CLOSED, "''", 'count(*)', 'coalesce(sum(x.amount_recovered_fen), 0)')} FROM (${cases('c.amount_recovered_fen', 'c.closed_at')}) x
         UNION ALL ${row(Metric.SETTLED, "''", 'count(*)', 'coalesce(sum(d.amount_recovered_fen), 0)')}
            FROM stations s JOIN disputes d ON d.tenant_id = s.tenant_id AND d.station_id = s.id WHERE ${q.stationsOf} AND ${inRange('d.settled_at')}
         UNION ALL ${row(Metric.OPENED, "''", 'n')} FROM opened WHERE g = 7
         UNION ALL ${row(Metric.OPENED_SETTLED_LATE, "''", 'late')} FROM opened WHERE g = 7
         UNION ALL ${row(Metric.OPENED_SETTLED, "''", 'settled')} FROM opened WHERE g = 7
         UNION ALL ${row(Metric.OPENED_BY_CATEGORY, 'category', 'n')} FROM opened WHERE g = 3
         UNION ALL ${row(Metric.OPENED_BY_GOODS, "coalesce(goods, '')", 'n')} FROM opened WHERE g = 5
         UNION ALL ${row(Metric.OPENED_BY_ISSUE, "coalesce(issue, '')", 'n')} FROM opened WHERE g = 6
         UNION ALL ${row(Metric.CALLBACK, 'cb.satisfaction', 'count(*)')} FROM case_callbacks cb
            WHERE ${inRange('cb.called_at')}${q.callbackCase ? ` AND coalesce((SELECT ${q.callbackCase} FROM center_cases c WHERE c.id = cb.case_id), false)` : ''}
            GROUP BY cb.satisfaction
       ) r WHERE n > 0`,
      [start, end, ...q.params],
    );
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
        `${UNPREPARED}SELECT d.issue_type AS k, count(*) FILTER (WHERE ${inRange('d.opened_at')})::int AS cur, count(*) FILTER (WHERE ${prevRange('d.opened_at')})::int AS prev
         FROM disputes d
         WHERE ${sc.disputes} AND d.opened_at >= $${p} AND d.opened_at < $2 AND d.status NOT IN ${NOT_COUNTED_SQL}
         GROUP BY 1 HAVING count(*) FILTER (WHERE ${inRange('d.opened_at')}) > 0
         ORDER BY 2 DESC, 1 ASC NULLS LAST LIMIT $${p + 1}`,
        params,
      );
      const respondents: { code: string | null; name: string | null; cur: number; prev: number }[] = await em.query(
        `${UNPREPARED}SELECT max(c.respondent_credit_code) AS code,
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
