import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, QueryRunner } from 'typeorm';
import { DisputeStatus } from '@app/disputes';
import { addCalendarDays, chinaToday, dayNumberOf, startOfChinaDay, TenantDb, UNPREPARED } from '@app/platform';

/** org_unit_id of the rollup rows covering the whole tenant. */
export const TENANT_WIDE = '00000000-0000-0000-0000-000000000000';

/**
 * The figures as rows (metric, key, n, fen): what the rollups store per unit and day and what the
 * live statements return, so both paths feed one function building the Statistics object.
 */
export enum Metric {
  /** Center cases received, key `type|channel`. */
  RECEIVED = 'received',
  /** Center cases received with a breached deadline. */
  CASES_OVERDUE = 'cases_overdue',
  /** Of the cases received, those closed since (any later day): the closure rate's numerator. */
  RECEIVED_CLOSED = 'received_closed',
  /** Of the cases received, those not accepted (rejected): outside the closure rate. */
  RECEIVED_REJECTED = 'received_rejected',
  ACCEPTED = 'accepted',
  /** Center cases closed; fen: amount recovered. */
  CLOSED = 'closed',
  /** Station disputes settled; fen: amount recovered. */
  SETTLED = 'settled',
  /** Station disputes opened (not DECLINED or WITHDRAWN): total, by station category, goods/service category, issue type. */
  OPENED = 'opened',
  OPENED_BY_CATEGORY = 'opened_category',
  OPENED_BY_GOODS = 'opened_goods',
  OPENED_BY_ISSUE = 'opened_issue',
  /** Of those, settled after settle_by, or escalated after it (DISPUTE_LATE_SQL). */
  OPENED_SETTLED_LATE = 'opened_late',
  /** Of those, settled (any later day): the settlement rate's numerator. */
  OPENED_SETTLED = 'opened_settled',
  /** Of those, still OPEN and past settle_by: depends on the clock, so always counted live. */
  OPENED_OPEN_OVERDUE = 'open_overdue',
  /** Call-backs made, key satisfaction. */
  CALLBACK = 'callback',
}

export interface MetricRow {
  metric: Metric;
  key: string;
  n: number;
  /** Amount in fen (bigint as text). */
  fen: string;
}

/** Disputes that count as station disputes (stationDisputes). */
export const NOT_COUNTED = [DisputeStatus.DECLINED, DisputeStatus.WITHDRAWN];
export const NOT_COUNTED_SQL = `('${NOT_COUNTED.join("','")}')`;
/**
 * A counted dispute (alias d) the station did not finish within its settlement window: settled
 * or escalated after settle_by (escalated late includes the auto-escalation of one left open).
 * Those still open past it are counted live (they change with the clock).
 */
export const DISPUTE_LATE_SQL = '(d.settled_at > d.settle_by OR d.escalated_at > d.settle_by)';

/** The China day of a timestamptz expression. */
const day = (col: string) => `(${col} AT TIME ZONE 'Asia/Shanghai')::date`;
const inWindow = (col: string) => `(${col} >= $1 AND ${col} < $2)`;

/**
 * The rollup rows of the current tenant for the China days in [$1, $2) (timestamps of their
 * starts), inserted once the old rows of those days are deleted (a separate statement: a CTE's
 * delete does not free the keys for the same statement's insert): every unit's subtree figures (a case counts once for
 * each ancestor of its registered or assigned unit; a dispute for each ancestor of its station's
 * unit; everything for the tenant) from the source rows with an event in the window, read
 * through the per-event time indexes. The definitions are those of ReportingService.liveRows.
 */
export const REBUILD_SQL = `${UNPREPARED}
WITH ua AS (
  SELECT u.id AS unit_id, a.id AS anc FROM org_units u JOIN org_units a ON a.path @> u.path
  UNION ALL SELECT u.id, '${TENANT_WIDE}'::uuid FROM org_units u),
cases AS (
  SELECT c.id, c.type, c.channel, c.received_at AS t, c.registered_unit_id AS ru, c.assigned_unit_id AS au, NULL::bigint AS fen, 'r' AS ev,
         c.closed_at IS NOT NULL AS closed, c.rejected_at IS NOT NULL AS rejected
    FROM center_cases c WHERE ${inWindow('c.received_at')}
  UNION ALL
  SELECT c.id, NULL, NULL, c.accepted_at, c.registered_unit_id, c.assigned_unit_id, NULL, 'a', NULL, NULL FROM center_cases c WHERE ${inWindow('c.accepted_at')}
  UNION ALL
  SELECT c.id, NULL, NULL, c.closed_at, c.registered_unit_id, c.assigned_unit_id, c.amount_recovered_fen, 'c', NULL, NULL FROM center_cases c WHERE ${inWindow('c.closed_at')}),
case_units AS (
  SELECT x.id, x.ev, ua.anc FROM cases x JOIN ua ON ua.unit_id = x.ru
  UNION
  SELECT x.id, x.ev, ua.anc FROM cases x JOIN ua ON ua.unit_id = x.au),
case_rows AS (
  SELECT cu.anc, ${day('x.t')} AS day,
         CASE x.ev WHEN 'r' THEN '${Metric.RECEIVED}' WHEN 'a' THEN '${Metric.ACCEPTED}' ELSE '${Metric.CLOSED}' END AS metric,
         CASE x.ev WHEN 'r' THEN x.type || '|' || x.channel ELSE '' END AS key,
         count(*)::int AS n, coalesce(sum(x.fen), 0)::bigint AS fen
    FROM cases x JOIN case_units cu ON cu.id = x.id AND cu.ev = x.ev
   GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT cu.anc, ${day('x.t')}, '${Metric.CASES_OVERDUE}', '', count(*)::int, 0
    FROM cases x JOIN case_units cu ON cu.id = x.id AND cu.ev = x.ev
   WHERE x.ev = 'r' AND EXISTS (SELECT 1 FROM deadlines dl WHERE dl.case_id = x.id AND dl.breached)
   GROUP BY 1, 2
  UNION ALL
  SELECT cu.anc, ${day('x.t')}, '${Metric.RECEIVED_CLOSED}', '', count(*)::int, 0
    FROM cases x JOIN case_units cu ON cu.id = x.id AND cu.ev = x.ev
   WHERE x.ev = 'r' AND x.closed
   GROUP BY 1, 2
  UNION ALL
  SELECT cu.anc, ${day('x.t')}, '${Metric.RECEIVED_REJECTED}', '', count(*)::int, 0
    FROM cases x JOIN case_units cu ON cu.id = x.id AND cu.ev = x.ev
   WHERE x.ev = 'r' AND x.rejected
   GROUP BY 1, 2),
disputes_opened AS (
  SELECT ua.anc, ${day('d.opened_at')} AS day, GROUPING(s.category, d.goods_or_service_category, d.issue_type)::int AS g,
         s.category, d.goods_or_service_category AS goods, d.issue_type AS issue,
         count(*)::int AS n, count(*) FILTER (WHERE ${DISPUTE_LATE_SQL})::int AS late, count(*) FILTER (WHERE d.settled_at IS NOT NULL)::int AS settled
    FROM disputes d JOIN stations s ON s.id = d.station_id JOIN ua ON ua.unit_id = s.org_unit_id
   WHERE ${inWindow('d.opened_at')} AND d.status NOT IN ${NOT_COUNTED_SQL}
   GROUP BY ua.anc, ${day('d.opened_at')}, GROUPING SETS ((), (s.category), (d.goods_or_service_category), (d.issue_type))),
dispute_rows AS (
  SELECT anc, day,
         CASE g WHEN 7 THEN '${Metric.OPENED}' WHEN 3 THEN '${Metric.OPENED_BY_CATEGORY}' WHEN 5 THEN '${Metric.OPENED_BY_GOODS}' ELSE '${Metric.OPENED_BY_ISSUE}' END AS metric,
         coalesce(CASE g WHEN 3 THEN category WHEN 5 THEN goods WHEN 6 THEN issue END, '') AS key, n, 0::bigint AS fen
    FROM disputes_opened
  UNION ALL
  SELECT anc, day, '${Metric.OPENED_SETTLED_LATE}', '', late, 0 FROM disputes_opened WHERE g = 7 AND late > 0
  UNION ALL
  SELECT anc, day, '${Metric.OPENED_SETTLED}', '', settled, 0 FROM disputes_opened WHERE g = 7 AND settled > 0
  UNION ALL
  SELECT ua.anc, ${day('d.settled_at')}, '${Metric.SETTLED}', '', count(*)::int, coalesce(sum(d.amount_recovered_fen), 0)::bigint
    FROM disputes d JOIN stations s ON s.id = d.station_id JOIN ua ON ua.unit_id = s.org_unit_id
   WHERE ${inWindow('d.settled_at')}
   GROUP BY 1, 2),
callbacks AS (
  SELECT cb.id, cb.satisfaction, cb.called_at, c.registered_unit_id AS ru, c.assigned_unit_id AS au
    FROM case_callbacks cb JOIN center_cases c ON c.id = cb.case_id
   WHERE ${inWindow('cb.called_at')}),
callback_rows AS (
  SELECT x.anc, ${day('x.called_at')} AS day, '${Metric.CALLBACK}' AS metric, x.satisfaction AS key, count(*)::int AS n, 0::bigint AS fen
    FROM (SELECT cb.id, cb.satisfaction, cb.called_at, ua.anc FROM callbacks cb JOIN ua ON ua.unit_id = cb.ru
          UNION
          SELECT cb.id, cb.satisfaction, cb.called_at, ua.anc FROM callbacks cb JOIN ua ON ua.unit_id = cb.au) x
   GROUP BY 1, 2, 4)
INSERT INTO stats_daily (tenant_id, org_unit_id, day, metric, key, n, fen)
SELECT (SELECT app_current_tenant()), r.anc, r.day, r.metric, r.key, r.n, r.fen
  FROM (SELECT * FROM case_rows UNION ALL SELECT * FROM dispute_rows UNION ALL SELECT * FROM callback_rows) r
 WHERE r.n > 0`;

/** Days one refresh run rebuilds per tenant at most (a month: seconds even for a province). */
const MAX_DAYS_PER_RUN = 31;

/** Consecutive runs [from, to) of sorted distinct day strings. */
export function dayRuns(days: string[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const d of [...new Set(days)].sort()) {
    const last = runs[runs.length - 1];
    if (last && last[1] === d) last[1] = addCalendarDays(d, 1);
    else runs.push([d, addCalendarDays(d, 1)]);
  }
  return runs;
}

/**
 * The statistics rollups (issue 8): keeps `stats_daily` in line with the source tables. The
 * worker's repeatable job calls `refresh()`; reads never wait for it (ReportingService counts
 * dirty days live), so it only decides how much is read from rollups.
 *
 * Per tenant, under a session advisory lock (one refresher per tenant), in one REPEATABLE READ
 * transaction: read the marks, rebuild up to MAX_DAYS_PER_RUN of their days (newest first) from
 * that same snapshot, delete exactly the marks read for those days. A change committed after the
 * snapshot left its own mark, which stays. A NULL mark (the tenant's structure changed, or a
 * tenant that existed before the rollups) becomes a mark for every day from the tenant's first
 * event to today, rebuilt by the following runs: the supervision queue is never held for long.
 */
@Injectable()
export class StatisticsRollups {
  private readonly logger = new Logger('StatisticsRollups');

  constructor(private readonly db: TenantDb) {}

  /**
   * One round over every tenant with marks (what the repeatable job runs): per tenant at most
   * MAX_DAYS_PER_RUN days rebuilt, newest first, so a run stays short however much is marked;
   * returns the days rebuilt or newly marked (0: nothing was left to do).
   */
  async refresh(): Promise<number> {
    const tenants: { tenant_id: string }[] = await this.db.dataSource.query(`SELECT tenant_id FROM app_stats_dirty_tenants()`);
    let days = 0;
    for (const { tenant_id } of tenants) days += await this.refreshTenant(tenant_id);
    if (days) this.logger.log(`Refreshed ${days} day(s) of statistics in ${tenants.length} tenant(s)`);
    return days;
  }

  /** Rounds of refresh() until nothing is marked (tests, benchmarks, an operator catching up). */
  async refreshAll(): Promise<number> {
    let total = 0;
    for (let n = await this.refresh(); n > 0; n = await this.refresh()) total += n;
    return total;
  }

  /**
   * Refreshes one tenant; 0 when nothing is marked or another process holds the tenant.
   * `afterSnapshot` runs once the marks are read (tests commit a concurrent change there).
   */
  async refreshTenant(tenantId: string, afterSnapshot?: () => Promise<void>): Promise<number> {
    const qr = this.db.dataSource.createQueryRunner();
    await qr.connect();
    try {
      const [{ locked }] = await qr.query(`SELECT pg_try_advisory_lock(hashtext('stats_rollup'), hashtext($1)) AS locked`, [tenantId]);
      if (!locked) return 0;
      try {
        return await this.rebuildMarked(qr, tenantId, afterSnapshot);
      } finally {
        await qr.query(`SELECT pg_advisory_unlock(hashtext('stats_rollup'), hashtext($1))`, [tenantId]);
      }
    } finally {
      await qr.release();
    }
  }

  private async rebuildMarked(qr: QueryRunner, tenantId: string, afterSnapshot?: () => Promise<void>): Promise<number> {
    await qr.query(`START TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
    try {
      await qr.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const marks: { id: string; day: string | null }[] = await qr.query(`SELECT id, to_char(day, 'YYYY-MM-DD') AS day FROM stats_dirty`);
      await afterSnapshot?.();
      let work = 0;
      const whole = marks.filter((m) => m.day === null);
      if (whole.length) {
        // The whole tenant: drop its rollups and mark each of its days instead (reads count them
        // live meanwhile); the next runs rebuild them MAX_DAYS_PER_RUN at a time.
        work = await this.markWholeTenant(qr.manager);
        await qr.query(`DELETE FROM stats_dirty WHERE id = ANY($1::bigint[])`, [whole.map((m) => m.id)]);
      } else if (marks.length) {
        // Hash joins whatever the estimates: right after a burst (autovacuum has not analysed the
        // new rows yet) the planner took a busy day for a few rows and joined its cases with
        // nested loops: 44 s for a day of 10,000 cases instead of 0.13 s. (JIT, which the
        // resulting cost estimate would trigger, is off for application connections.)
        await qr.query(`SET LOCAL enable_nestloop = off`);
        const days = [...new Set(marks.map((m) => m.day!))].sort().reverse().slice(0, MAX_DAYS_PER_RUN);
        for (const [from, to] of dayRuns(days)) {
          await qr.query(`DELETE FROM stats_daily WHERE day >= $1 AND day < $2`, [from, to]);
          await qr.query(REBUILD_SQL, [startOfChinaDay(from), startOfChinaDay(to)]);
        }
        const done = new Set(days);
        await qr.query(`DELETE FROM stats_dirty WHERE id = ANY($1::bigint[])`, [marks.filter((m) => done.has(m.day!)).map((m) => m.id)]);
        work = days.length;
      }
      await qr.query('COMMIT');
      return work;
    } catch (e) {
      await qr.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /**
   * Drops the tenant's rollups and marks every day from its first event (a dispute opened, a
   * case received: every later event follows one) to the later of today and its last event.
   * Returns the number of days marked.
   */
  private async markWholeTenant(em: EntityManager): Promise<number> {
    await em.query(`DELETE FROM stats_daily`);
    const [{ first, last }] = await em.query(
      `SELECT to_char(least((SELECT min(opened_at) FROM disputes), (SELECT min(received_at) FROM center_cases)) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS first,
              to_char(greatest((SELECT max(opened_at) FROM disputes), (SELECT max(received_at) FROM center_cases), (SELECT max(accepted_at) FROM center_cases),
                               (SELECT max(closed_at) FROM center_cases), (SELECT max(called_at) FROM case_callbacks)) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS last`,
    );
    if (!first) return 0;
    const today = chinaToday();
    const lastDay = last > today ? last : today;
    await em.query(
      `INSERT INTO stats_dirty (tenant_id, day) SELECT (SELECT app_current_tenant()), d::date FROM generate_series($1::date, $2::date, interval '1 day') d`,
      [first, lastDay],
    );
    return dayNumberOf(lastDay) - dayNumberOf(first) + 1;
  }
}
