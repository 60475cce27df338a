import { MigrationInterface, QueryRunner } from 'typeorm';
import { runAll } from './sql';

/**
 * Statistics indexes (issue 8; figures in bench/RESULTS.md, bench/reporting.ts). The figures of a
 * unit subtree and period read, for each event, one index led by the scope and then the event's
 * time, and find there what they count (INCLUDE), so the cost follows the rows of the scope and
 * period, not the history, and the reads are index-only:
 *
 * - center cases per registered unit and per assigned unit (the scope is either), by received
 *   (type, channel, id for the overdue check), accepted and closed (recovered amount) time; the
 *   two existing per-unit indexes become the "received" ones (same leading columns);
 * - a case's scope by id (registered and assigned unit, source station): the call-backs' check;
 * - station disputes per station by opened time (status, deadlines, categories: the existing
 *   index with INCLUDE) and by settled time (recovered amount);
 * - call-backs by call time (case, satisfaction); breached deadlines by case (partial, small).
 *
 * TypeORM cannot declare INCLUDE: the entities declare these with synchronize: false.
 */
export class ReportingIndexes1763900008000 implements MigrationInterface {
  name = 'ReportingIndexes1763900008000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP INDEX "public"."idx_center_cases_registered_unit"`,
      `CREATE INDEX "idx_center_cases_registered_unit" ON "center_cases" ("tenant_id", "registered_unit_id", "received_at") INCLUDE ("id", "type", "channel")`,
      `DROP INDEX "public"."idx_center_cases_assigned_unit"`,
      `CREATE INDEX "idx_center_cases_assigned_unit" ON "center_cases" ("tenant_id", "assigned_unit_id", "received_at") INCLUDE ("id", "registered_unit_id", "type", "channel")`,
      `CREATE INDEX "idx_center_cases_registered_accepted" ON "center_cases"  ("tenant_id", "registered_unit_id", "accepted_at") `,
      `CREATE INDEX "idx_center_cases_assigned_accepted" ON "center_cases" ("tenant_id", "assigned_unit_id", "accepted_at") INCLUDE ("registered_unit_id")`,
      `CREATE INDEX "idx_center_cases_registered_closed" ON "center_cases" ("tenant_id", "registered_unit_id", "closed_at") INCLUDE ("amount_recovered_fen")`,
      `CREATE INDEX "idx_center_cases_assigned_closed" ON "center_cases" ("tenant_id", "assigned_unit_id", "closed_at") INCLUDE ("registered_unit_id", "amount_recovered_fen")`,
      `CREATE INDEX "idx_center_cases_scope" ON "center_cases" ("tenant_id", "id") INCLUDE ("registered_unit_id", "assigned_unit_id", "source_station_id")`,
      `DROP INDEX "public"."idx_disputes_station_opened"`,
      `CREATE INDEX "idx_disputes_station_opened" ON "disputes" ("tenant_id", "station_id", "opened_at") INCLUDE ("status", "settle_by", "settled_at", "issue_type", "goods_or_service_category")`,
      `CREATE INDEX "idx_disputes_station_settled" ON "disputes" ("tenant_id", "station_id", "settled_at") INCLUDE ("amount_recovered_fen")`,
      `CREATE INDEX "idx_case_callbacks_called" ON "case_callbacks" ("tenant_id", "called_at") INCLUDE ("case_id", "satisfaction")`,
      `CREATE INDEX "idx_deadlines_breached" ON "deadlines"  ("tenant_id", "case_id") WHERE "breached"`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP INDEX "public"."idx_deadlines_breached"`,
      `DROP INDEX "public"."idx_case_callbacks_called"`,
      `DROP INDEX "public"."idx_disputes_station_settled"`,
      `DROP INDEX "public"."idx_disputes_station_opened"`,
      `CREATE INDEX "idx_disputes_station_opened" ON "disputes" ("tenant_id", "station_id", "opened_at")`,
      `DROP INDEX "public"."idx_center_cases_scope"`,
      `DROP INDEX "public"."idx_center_cases_assigned_closed"`,
      `DROP INDEX "public"."idx_center_cases_registered_closed"`,
      `DROP INDEX "public"."idx_center_cases_assigned_accepted"`,
      `DROP INDEX "public"."idx_center_cases_registered_accepted"`,
      `DROP INDEX "public"."idx_center_cases_assigned_unit"`,
      `CREATE INDEX "idx_center_cases_assigned_unit" ON "center_cases" ("tenant_id", "assigned_unit_id")`,
      `DROP INDEX "public"."idx_center_cases_registered_unit"`,
      `CREATE INDEX "idx_center_cases_registered_unit" ON "center_cases" ("tenant_id", "registered_unit_id")`,
    ]);
  }
}
