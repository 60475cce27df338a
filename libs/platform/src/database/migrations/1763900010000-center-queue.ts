import { MigrationInterface, QueryRunner } from 'typeorm';
import { runAll } from './sql';

/**
 * The center queue in deadline order (centerCases orderBy DEADLINE_ASC: the nearest unmet
 * deadline first, overdue ones included). Every open (unmet) deadline is now in exactly one of
 * two partial indexes keyed (tenant_id, due_at, case_id):
 *
 * - `idx_deadlines_open_due` (not yet breached): the breach sweeper's index, unchanged for it
 *   (same leading keys and predicate), with case_id added so a queue page can start exactly
 *   after its cursor's (due_at, case_id);
 * - `idx_deadlines_open_breached` (new, small: the overdue ones).
 *
 * A page merges the two range scans from its cursor and stops when it is full, so it costs what
 * it shows, not the history. Not one index over all open deadlines: the sweeper's query could
 * then use it too, and would read the breached ones it must skip.
 */
export class CenterQueue1763900010000 implements MigrationInterface {
  name = 'CenterQueue1763900010000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP INDEX "public"."idx_deadlines_open_due"`,
      `CREATE INDEX "idx_deadlines_open_due" ON "deadlines"  ("tenant_id", "due_at", "case_id") WHERE "met_at" IS NULL AND NOT "breached"`,
      `CREATE INDEX "idx_deadlines_open_breached" ON "deadlines"  ("tenant_id", "due_at", "case_id") WHERE "met_at" IS NULL AND "breached"`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP INDEX "public"."idx_deadlines_open_breached"`,
      `DROP INDEX "public"."idx_deadlines_open_due"`,
      `CREATE INDEX "idx_deadlines_open_due" ON "deadlines" ("tenant_id", "due_at") WHERE "met_at" IS NULL AND NOT "breached"`,
    ]);
  }
}
