import { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTables, runAll, tenantsWithRowsFunction } from './sql';

/**
 * Deadlines waiting for a calendar year (PendingDeadline): an escalated case whose acceptance
 * deadline reaches a year not yet published is created without it, and a row here lets the
 * deadline sweeper start it once the year is covered. `app_tenants_with_pending_deadlines()`
 * is the sweeper's cross-tenant entry point (ids only), like those of the center migration.
 */
export class PendingDeadlines1763900011000 implements MigrationInterface {
  name = 'PendingDeadlines1763900011000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE TABLE "pending_deadlines" ("tenant_id" uuid NOT NULL, "case_id" uuid NOT NULL, "kind" text NOT NULL, "start_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_14dc749512d486dc9e3143c9936" PRIMARY KEY ("tenant_id", "case_id", "kind"))`,
      `ALTER TABLE "pending_deadlines" ADD CONSTRAINT "FK_6247fc097352ebaf717065d8f94" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "center_cases"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      ...protectTenantTables('pending_deadlines'),
      `DO $$ BEGIN EXECUTE format('CREATE POLICY system_jobs ON pending_deadlines TO %I USING (true)', current_user); END $$`,
      ...tenantsWithRowsFunction('app_tenants_with_pending_deadlines', 'pending_deadlines'),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP FUNCTION app_tenants_with_pending_deadlines()`,
      `ALTER TABLE "pending_deadlines" DROP CONSTRAINT "FK_6247fc097352ebaf717065d8f94"`,
      `DROP TABLE "pending_deadlines"`,
    ]);
  }
}
