import { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTables, runAll, tenantsWithRowsFunction } from './sql';

/** The China calendar day of a timestamptz column expression. */
const day = (col: string) => `(${col} AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * Statement trigger function marking the China days touched by a statement on `table`
 * (issue 8, statistics at scale). `cols`: the event times whose days the statistics bucket
 * by; `watched`: the column expressions (prefixed with the row's alias) whose change alters a
 * figure (an update changing none marks nothing); `extra`: further (tenant_id, t) rows to mark on update, from `o`/`n` (old/new).
 */
function markFunction(table: string, cols: string[], watched: string[], extra = ''): string {
  const times = (alias: string) => cols.map((c) => `(${alias}.${c})`).join(', ');
  const tuple = (alias: string) => `(${watched.map((c) => `${alias}.${c}`).join(', ')})`;
  return `CREATE FUNCTION app_stats_mark_${table}() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO stats_dirty (tenant_id, day)
          SELECT DISTINCT n.tenant_id, ${day('v.t')} FROM new_rows n, LATERAL (VALUES ${times('n')}) v(t) WHERE v.t IS NOT NULL;
      ELSE
        INSERT INTO stats_dirty (tenant_id, day)
          SELECT DISTINCT x.tenant_id, ${day('x.t')} FROM (
            SELECT n.tenant_id, v.t
              FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id, LATERAL (VALUES ${times('o')}, ${times('n')}) v(t)
             WHERE ${tuple('o')} IS DISTINCT FROM ${tuple('n')}
            ${extra}) x
          WHERE x.t IS NOT NULL;
      END IF;
      RETURN NULL;
    END $$`;
}

function markTriggers(table: string): string[] {
  return [
    `CREATE TRIGGER stats_mark_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_stats_mark_${table}()`,
    `CREATE TRIGGER stats_mark_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_stats_mark_${table}()`,
  ];
}

const MARKED = ['disputes', 'center_cases', 'case_callbacks', 'deadlines'];

/**
 * Daily statistics rollups (issue 8: a province year over millions of rows in well under 100 ms).
 *
 * - `stats_daily`: per org unit (its whole subtree; the nil UUID: the tenant) and China day, the
 *   figures as (metric, key, n, fen) rows; derived data, rebuilt by the worker (StatisticsRollups).
 * - `stats_dirty`: days whose rollup may be stale. Statement triggers (transition tables, one
 *   insert per statement, not per row) on every source of a figure append the touched days in the
 *   writing transaction, so a mark commits exactly with its change: disputes (opened and settled
 *   day), center cases (received, accepted, closed day; on a unit change also the days of the
 *   case's call-backs), call-backs (call day), deadlines (the case's received day, when breached
 *   changes: "overdue cases"); a station changing category or unit marks its disputes' days; an
 *   org unit moving marks the whole tenant (NULL day). Reads count dirty days live, so a figure
 *   never waits for the job. Existing tenants start wholly dirty (the first run builds them).
 * - `idx_disputes_open`: OPEN disputes by opened time (partial, small): "overdue now" is the one
 *   figure that changes with the clock, so it is always counted live; also the auto-escalation
 *   scan's index. `idx_disputes_settled` (partial: settled only) and `idx_center_cases_accepted`:
 *   with the received, opened and closed ones, every event has a tenant-wide time index, so a
 *   rebuild, or a dirty day of the whole tenant counted live, reads a day's rows only. The
 *   per-unit accepted/closed indexes and the call-backs' scope-by-id index, which served only
 *   the live figures of long periods, go (five fewer index writes per center case).
 * - `app_stats_dirty_tenants()`: the tenants with marks, for the worker (ids only, like the
 *   other cross-tenant entry points of the center migration).
 */
export class StatisticsRollups1763900009000 implements MigrationInterface {
  name = 'StatisticsRollups1763900009000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE TABLE "stats_daily" ("tenant_id" uuid NOT NULL, "org_unit_id" uuid NOT NULL, "day" date NOT NULL, "metric" text NOT NULL, "key" text NOT NULL, "n" integer NOT NULL, "fen" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_0d62d2e51e6b07798ec69c6321f" PRIMARY KEY ("tenant_id", "org_unit_id", "day", "metric", "key"))`,
      `CREATE TABLE "stats_dirty" ("tenant_id" uuid NOT NULL, "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "day" date, CONSTRAINT "PK_4ccf6a8e17ec9acff59c3f2f375" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_stats_dirty_day" ON "stats_dirty"  ("tenant_id", "day") `,
      ...protectTenantTables('stats_daily', 'stats_dirty'),
      `DO $$ BEGIN EXECUTE format('CREATE POLICY system_jobs ON stats_dirty TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
      // Rollups rebuild a day from received, accepted and closed time over the tenant; the per-unit
      // accepted/closed indexes and the call-backs' scope-by-id index served only the live figures
      // of long periods: five fewer index writes per case (the escalation path).
      `DROP INDEX "public"."idx_center_cases_scope"`,
      `DROP INDEX "public"."idx_center_cases_registered_accepted"`,
      `DROP INDEX "public"."idx_center_cases_assigned_accepted"`,
      `DROP INDEX "public"."idx_center_cases_registered_closed"`,
      `DROP INDEX "public"."idx_center_cases_assigned_closed"`,
      `CREATE INDEX "idx_center_cases_accepted" ON "center_cases" ("tenant_id", "accepted_at") `,
      `CREATE INDEX "idx_disputes_open" ON "disputes" ("tenant_id", "opened_at") INCLUDE ("station_id", "settle_by") WHERE "status" = 'OPEN'`,
      `CREATE INDEX "idx_disputes_settled" ON "disputes" ("tenant_id", "settled_at") INCLUDE ("station_id", "amount_recovered_fen") WHERE "settled_at" IS NOT NULL`,

      // Of the status, the figures see only whether a dispute is DECLINED or WITHDRAWN (not
      // counted): OPEN → ESCALATING → ESCALATED marks nothing.
      markFunction('disputes', ['opened_at', 'settled_at'], ["status IN ('DECLINED', 'WITHDRAWN')", 'station_id', 'opened_at', 'settle_by', 'settled_at', 'amount_recovered_fen', 'issue_type', 'goods_or_service_category']),
      markFunction(
        'center_cases',
        ['received_at', 'accepted_at', 'closed_at'],
        ['type', 'channel', 'received_at', 'accepted_at', 'closed_at', 'amount_recovered_fen', 'registered_unit_id', 'assigned_unit_id'],
        // A case's call-backs count in the case's units.
        `UNION ALL
            SELECT cb.tenant_id, cb.called_at
              FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
              JOIN case_callbacks cb ON cb.tenant_id = n.tenant_id AND cb.case_id = n.id
             WHERE (o.registered_unit_id, o.assigned_unit_id) IS DISTINCT FROM (n.registered_unit_id, n.assigned_unit_id)`,
      ),
      markFunction('case_callbacks', ['called_at'], ['called_at', 'satisfaction', 'case_id']),
      // Deadlines: "overdue cases" counts cases received in the period with a breached deadline.
      `CREATE FUNCTION app_stats_mark_deadlines() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            INSERT INTO stats_dirty (tenant_id, day)
              SELECT DISTINCT c.tenant_id, ${day('c.received_at')} FROM (SELECT DISTINCT tenant_id, case_id FROM new_rows WHERE breached) n
                JOIN center_cases c ON c.tenant_id = n.tenant_id AND c.id = n.case_id;
          ELSE
            INSERT INTO stats_dirty (tenant_id, day)
              SELECT DISTINCT c.tenant_id, ${day('c.received_at')}
                FROM (SELECT DISTINCT n.tenant_id, n.case_id FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
                       WHERE o.breached IS DISTINCT FROM n.breached OR o.case_id IS DISTINCT FROM n.case_id) n
                JOIN center_cases c ON c.tenant_id = n.tenant_id AND c.id = n.case_id;
          END IF;
          RETURN NULL;
        END $$`,
      ...MARKED.flatMap(markTriggers),
      // A station's disputes count under its category and unit.
      `CREATE FUNCTION app_stats_mark_stations() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          INSERT INTO stats_dirty (tenant_id, day)
            SELECT DISTINCT x.tenant_id, ${day('x.t')} FROM (
              SELECT d.tenant_id, d.opened_at AS t FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
                JOIN disputes d ON d.tenant_id = n.tenant_id AND d.station_id = n.id
               WHERE (o.category, o.org_unit_id) IS DISTINCT FROM (n.category, n.org_unit_id)
              UNION ALL
              SELECT d.tenant_id, d.settled_at FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
                JOIN disputes d ON d.tenant_id = n.tenant_id AND d.station_id = n.id
               WHERE (o.category, o.org_unit_id) IS DISTINCT FROM (n.category, n.org_unit_id) AND d.settled_at IS NOT NULL) x;
          RETURN NULL;
        END $$`,
      `CREATE TRIGGER stats_mark_update AFTER UPDATE ON stations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_stats_mark_stations()`,
      // A unit moving changes every subtree above it: the whole tenant.
      `CREATE FUNCTION app_stats_mark_org_units() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          INSERT INTO stats_dirty (tenant_id, day)
            SELECT DISTINCT n.tenant_id, NULL::date FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
             WHERE o.path IS DISTINCT FROM n.path;
          RETURN NULL;
        END $$`,
      `CREATE TRIGGER stats_mark_update AFTER UPDATE ON org_units REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_stats_mark_org_units()`,

      ...tenantsWithRowsFunction('app_stats_dirty_tenants', 'stats_dirty'),
      // What exists before the rollups: every tenant wholly dirty, built by the worker's first run.
      `INSERT INTO stats_dirty (tenant_id, day) SELECT t.id, NULL FROM tenants t`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP FUNCTION app_stats_dirty_tenants()`,
      `DROP TRIGGER stats_mark_update ON org_units`,
      `DROP FUNCTION app_stats_mark_org_units()`,
      `DROP TRIGGER stats_mark_update ON stations`,
      `DROP FUNCTION app_stats_mark_stations()`,
      ...MARKED.flatMap((t) => [`DROP TRIGGER stats_mark_update ON ${t}`, `DROP TRIGGER stats_mark_insert ON ${t}`, `DROP FUNCTION app_stats_mark_${t}()`]),
      `DROP INDEX "public"."idx_disputes_settled"`,
      `DROP INDEX "public"."idx_disputes_open"`,
      `DROP INDEX "public"."idx_center_cases_accepted"`,
      `CREATE INDEX "idx_center_cases_registered_accepted" ON "center_cases"  ("tenant_id", "registered_unit_id", "accepted_at") `,
      `CREATE INDEX "idx_center_cases_assigned_accepted" ON "center_cases" ("tenant_id", "assigned_unit_id", "accepted_at") INCLUDE ("registered_unit_id")`,
      `CREATE INDEX "idx_center_cases_registered_closed" ON "center_cases" ("tenant_id", "registered_unit_id", "closed_at") INCLUDE ("amount_recovered_fen")`,
      `CREATE INDEX "idx_center_cases_assigned_closed" ON "center_cases" ("tenant_id", "assigned_unit_id", "closed_at") INCLUDE ("registered_unit_id", "amount_recovered_fen")`,
      `CREATE INDEX "idx_center_cases_scope" ON "center_cases" ("tenant_id", "id") INCLUDE ("registered_unit_id", "assigned_unit_id", "source_station_id")`,
      `DROP TABLE "stats_dirty"`,
      `DROP TABLE "stats_daily"`,
    ]);
  }
}
