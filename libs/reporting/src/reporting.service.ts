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

  /**
   * The figures of a scope and period (no access check: callers check), in one statement (one
   * round trip, one plan). Each source is read through an index led by the scope and then the
   * event's time (see the ReportingIndexes migration), so the cost follows the rows of the scope
   * and period, not the history, and the reads are index-only: center cases registered in the
   * scope plus those only assigned to it (two disjoint branches, one index each) by received,
   * accepted and closed time; station disputes per station by opened time (every breakdown from
   * one pass: grouping sets) and by settled time; call-backs by call time, each checked against
   * its case's scope (one index lookup: never a scan of every case in scope).
   */
  async compute(em: EntityManager, scope: ReportScope, period: PeriodRange): Promise<StatisticsModel> {
    let caseBranches: string[];
    let stationsOf: string;
    let callbackCase: string | null;
    let units = '';
    const params: unknown[] = [period.start, period.end];
    if (scope.stationId) {
      params.push(scope.stationId);
      caseBranches = ['c.source_station_id = $3'];
      stationsOf = 's.id = $3';
      callbackCase = 'c.source_station_id = $3';
    } else {
      if (scope.unitPath) params.push(scope.unitPath);
      units = `units AS (SELECT coalesce(array_agg(u.id), '{}') AS ids FROM org_units u${scope.unitPath ? ' WHERE u.path <@ CAST($3 AS ltree)' : ''}), `;
      // An expression, not ANY(subquery): evaluated once, then an index condition of each range scan.
      const inUnits = (col: string) => `${col} = ANY(CAST((SELECT ids FROM units) AS uuid[]))`;
      caseBranches = [inUnits('c.registered_unit_id'), `${inUnits('c.assigned_unit_id')} AND NOT ${inUnits('c.registered_unit_id')}`];
      stationsOf = inUnits('s.org_unit_id');
      // A tenant has one root unit: its subtree (or no unit at all) holds every case, nothing to check.
      callbackCase = !scope.unitPath || !scope.unitPath.includes('.') ? null : `${inUnits('c.registered_unit_id')} OR ${inUnits('c.assigned_unit_id')}`;
    }
    const cases = (columns: string, at: string) => caseBranches.map((b) => `SELECT ${columns} FROM center_cases c WHERE ${inRange(at)} AND ${b}`).join(' UNION ALL ');
    const [row] = await em.query(
      `WITH ${units}
       received AS (
         SELECT c.type, c.channel, count(*)::int AS n,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deadlines dl WHERE dl.case_id = c.id AND dl.breached))::int AS overdue
         FROM (${cases('c.id, c.type, c.channel', 'c.received_at')}) c
         GROUP BY 1, 2),
       -- Station disputes opened in the period (the stationDisputes definition): the total and each
       -- breakdown from one scan; g = GROUPING(category, goods, issue): 7 total, 3 category, 5 goods, 6 issue.
       opened AS (
         SELECT GROUPING(s.category, d.goods_or_service_category, d.issue_type)::int AS g, s.category, d.goods_or_service_category AS goods, d.issue_type AS issue,
                count(*)::int AS n,
                count(*) FILTER (WHERE coalesce(d.settled_at, CASE WHEN d.status = '${DisputeStatus.OPEN}' THEN now() END) > d.settle_by)::int AS overdue
         FROM stations s JOIN disputes d ON d.tenant_id = s.tenant_id AND d.station_id = s.id
         WHERE ${stationsOf} AND ${inRange('d.opened_at')} AND d.status NOT IN ('${NOT_COUNTED.join("','")}')
         GROUP BY GROUPING SETS ((), (s.category), (d.goods_or_service_category), (d.issue_type)))
       SELECT
         (SELECT coalesce(json_agg(r), '[]') FROM received r) AS received,
         (SELECT count(*) FROM (${cases('1', 'c.accepted_at')}) a)::int AS accepted,
         (SELECT json_build_object('n', count(*)::int, 'fen', coalesce(sum(x.amount_recovered_fen), 0)::text)
            FROM (${cases('c.amount_recovered_fen', 'c.closed_at')}) x) AS closed,
         (SELECT json_build_object('n', count(*)::int, 'fen', coalesce(sum(d.amount_recovered_fen), 0)::text)
            FROM stations s JOIN disputes d ON d.tenant_id = s.tenant_id AND d.station_id = s.id
            WHERE ${stationsOf} AND ${inRange('d.settled_at')}) AS settled,
         (SELECT coalesce(json_agg(o ORDER BY o.g, o.n DESC, o.goods ASC NULLS LAST), '[]') FROM opened o) AS opened,
         (SELECT coalesce(json_object_agg(x.k, x.n), '{}') FROM (
            SELECT cb.satisfaction AS k, count(*)::int AS n FROM case_callbacks cb
            WHERE ${inRange('cb.called_at')}${callbackCase ? ` AND coalesce((SELECT ${callbackCase} FROM center_cases c WHERE c.id = cb.case_id), false)` : ''}
            GROUP BY 1) x) AS callbacks`,
      params,
    );
    const received: { type: CaseType; channel: CaseChannel; n: number; overdue: number }[] = row.received;
    const opened: { g: number; category: StationCategory | null; goods: string | null; issue: DisputeIssueType | null; n: number; overdue: number }[] = row.opened;
    const bySatisfaction = new Map(Object.entries(row.callbacks as Record<Satisfaction, number>)) as Map<Satisfaction, number>;
    const events = { accepted: row.accepted as number, closed: row.closed.n as number, recovered: row.closed.fen as string, settled: row.settled.n as number, settled_recovered: row.settled.fen as string };
    const sum = <K extends string>(key: (r: (typeof received)[number]) => K | null, v: (r: (typeof received)[number]) => number) => {
      const m = new Map<K | null, number>();
      for (const r of received) m.set(key(r), (m.get(key(r)) ?? 0) + v(r));
      return m;
    };
    const byType = sum((r) => r.type, (r) => r.n);
    const byChannel = sum((r) => r.channel, (r) => r.n);
    const overdueCases = received.reduce((a, r) => a + r.overdue, 0);
    const total = opened.find((r) => r.g === 7) ?? { n: 0, overdue: 0 };
    const byCategory = new Map(opened.filter((r) => r.g === 3).map((r) => [r.category, r.n]));
    const byIssue = new Map(opened.filter((r) => r.g === 6).map((r) => [r.issue, r.n]));
    const sat = (k: Satisfaction) => bySatisfaction.get(k) ?? 0;
    const callbacks = [...bySatisfaction.values()].reduce((a, b) => a + b, 0);
    const unassigned = byIssue.get(null);
    const accepted: number = events.accepted;
    return {
      from: period.from,
      to: period.to,
      consultations: byType.get(CaseType.CONSULTATION) ?? 0,
      complaints: byType.get(CaseType.COMPLAINT) ?? 0,
      reports: byType.get(CaseType.REPORT) ?? 0,
      accepted,
      closed: events.closed,
      closureRate: ratio(events.closed, accepted),
      stationDisputes: total.n,
      stationSettled: events.settled,
      settlementRate: ratio(events.settled, total.n),
      amountRecovered: formatFen((BigInt(events.recovered) + BigInt(events.settled_recovered)).toString()),
      byCategory: Object.values(StationCategory).map((category) => ({ category, count: byCategory.get(category) ?? 0 })),
      byChannel: Object.values(CaseChannel).map((channel) => ({ channel, count: byChannel.get(channel) ?? 0 })),
      byGoodsCategory: opened.filter((r) => r.g === 5).map((r) => ({ category: r.goods, count: r.n })),
      byIssueType: [
        ...Object.values(DisputeIssueType).map((issueType) => ({ issueType, count: byIssue.get(issueType) ?? 0 })),
        ...(unassigned ? [{ issueType: null, count: unassigned }] : []),
      ],
      overdueCases,
      overdueDisputes: total.overdue,
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
