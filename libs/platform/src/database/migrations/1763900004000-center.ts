import { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from '../runtime-role';
import { protectTenantTables, runAll } from './sql';

/**
 * 12315 center cases and call-backs (issue 6); the deadlines → center_cases foreign key; and the
 * three cross-tenant entry points of the worker. Row-level security hides other tenants' rows
 * from the runtime role, but the outbox relay, the auto-escalation job and the breach sweeper
 * must find work in every tenant: each is a SECURITY DEFINER function owned by the migrating
 * user, returning ids only (never personal data); the worker then re-enters each tenant with
 * TenantDb.asTenant for the actual work. The `system_jobs` policies let a non-superuser owner
 * (FORCE RLS binds owners too) see the rows inside those functions; the runtime role is not a
 * member of the owner, so they give it nothing.
 */
export class Center1763900004000 implements MigrationInterface {
  name = 'Center1763900004000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      // Case numbers: one sequence, unique per tenant by constraint (gaps are fine, duplicates are not).
      `CREATE SEQUENCE "center_case_number_seq"`,
      `CREATE TABLE "center_cases" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "case_number" text NOT NULL, "type" text NOT NULL, "channel" text NOT NULL, "status" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "subject" text NOT NULL, "description" text NOT NULL, "complainant_name_enc" text NOT NULL, "complainant_phone_enc" text NOT NULL, "complainant_phone_hash" text NOT NULL, "respondent_name" text, "respondent_credit_code" text, "amount_claimed_fen" bigint, "registered_unit_id" uuid NOT NULL, "assigned_unit_id" uuid, "source_dispute_id" uuid, "source_station_id" uuid, "accepted_at" TIMESTAMP WITH TIME ZONE, "rejection_ground" text, "rejection_note" text, "rejected_at" TIMESTAMP WITH TIME ZONE, "complainant_notified_at" TIMESTAMP WITH TIME ZONE, "assigned_at" TIMESTAMP WITH TIME ZONE, "return_reason" text, "extended_at" TIMESTAMP WITH TIME ZONE, "urge_count" integer NOT NULL DEFAULT '0', "outcome" text, "amount_recovered_fen" bigint, "close_note" text, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" uuid, "feedback_note" text, "feedback_at" TIMESTAMP WITH TIME ZONE, "archived_at" TIMESTAMP WITH TIME ZONE, "registered_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_center_cases_source_dispute" UNIQUE ("tenant_id", "source_dispute_id"), CONSTRAINT "uq_center_cases_case_number" UNIQUE ("tenant_id", "case_number"), CONSTRAINT "PK_e6943ade1210385fe3deb32fdf7" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_center_cases_closed" ON "center_cases"  ("tenant_id", "closed_at") `,
      `CREATE INDEX "idx_center_cases_station" ON "center_cases"  ("tenant_id", "source_station_id") `,
      `CREATE INDEX "idx_center_cases_assigned_unit" ON "center_cases"  ("tenant_id", "assigned_unit_id") `,
      `CREATE INDEX "idx_center_cases_registered_unit" ON "center_cases"  ("tenant_id", "registered_unit_id") `,
      `CREATE INDEX "idx_center_cases_received" ON "center_cases"  ("tenant_id", "received_at", "id") `,
      `CREATE TABLE "case_callbacks" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "case_id" uuid NOT NULL, "satisfaction" text NOT NULL, "comment" text, "called_at" TIMESTAMP WITH TIME ZONE NOT NULL, "called_by" uuid NOT NULL, CONSTRAINT "PK_21a41c927dfdabf867de9b73799" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_case_callbacks_case" ON "case_callbacks"  ("tenant_id", "case_id") `,
      `ALTER TABLE "deadlines" ADD CONSTRAINT "fk_deadlines_case" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "center_cases"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "center_cases" ADD CONSTRAINT "FK_7f82d624111906a44c99e969a5f" FOREIGN KEY ("tenant_id", "registered_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "center_cases" ADD CONSTRAINT "FK_2cd29279fa584d32a82cf7dc86f" FOREIGN KEY ("tenant_id", "assigned_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "center_cases" ADD CONSTRAINT "FK_9982a66bb3d6dbcbfe2342e6a69" FOREIGN KEY ("tenant_id", "source_dispute_id") REFERENCES "disputes"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "center_cases" ADD CONSTRAINT "FK_c7cadd8ad0e5834f64a5302db28" FOREIGN KEY ("tenant_id", "source_station_id") REFERENCES "stations"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "case_callbacks" ADD CONSTRAINT "FK_9baf4dcf49cffc043efd00d2f61" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "center_cases"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "case_callbacks" ADD CONSTRAINT "FK_f9b7e92666ead8efbd5ca960251" FOREIGN KEY ("tenant_id", "called_by") REFERENCES "users"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      ...protectTenantTables('center_cases', 'case_callbacks'),

      // Owner-only policies for the SECURITY DEFINER functions below (see the class comment).
      `DO $$ BEGIN
         EXECUTE format('CREATE POLICY system_jobs ON outbox TO %I USING (true) WITH CHECK (true)', current_user);
         EXECUTE format('CREATE POLICY system_jobs ON disputes TO %I USING (true)', current_user);
         EXECUTE format('CREATE POLICY system_jobs ON deadlines TO %I USING (true)', current_user);
       END $$`,

      // The relay's claim: PENDING rows, and DISPATCHED rows not DONE after redispatch_after (a
      // job Redis lost), oldest first, skipping rows another relay holds; marks them DISPATCHED.
      // By status, never "id > last seen" (ids commit out of order).
      `CREATE FUNCTION app_claim_outbox(max_rows int, redispatch_after interval)
         RETURNS TABLE (tenant_id uuid, id uuid, topic text, payload jsonb, attempts int)
         LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
           UPDATE public.outbox o
              SET status = 'DISPATCHED', dispatched_at = now(), attempts = o.attempts + 1
             FROM (SELECT c.tenant_id, c.id FROM public.outbox c
                    WHERE c.status = 'PENDING'
                       OR (c.status = 'DISPATCHED' AND c.dispatched_at < now() - redispatch_after)
                    ORDER BY c.created_at
                    LIMIT max_rows
                    FOR UPDATE SKIP LOCKED) picked
            WHERE o.tenant_id = picked.tenant_id AND o.id = picked.id
           RETURNING o.tenant_id, o.id, o.topic, o.payload, o.attempts
         $$`,
      // OPEN disputes past settle_by, for the auto-escalation job (ids only).
      `CREATE FUNCTION app_overdue_disputes(max_rows int)
         RETURNS TABLE (tenant_id uuid, id uuid)
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
           SELECT d.tenant_id, d.id FROM public.disputes d
            WHERE d.status = 'OPEN' AND d.settle_by < now()
            ORDER BY d.settle_by
            LIMIT max_rows
         $$`,
      // Tenants with open deadlines past due and not yet marked, for the breach sweeper.
      `CREATE FUNCTION app_tenants_with_breaches(at timestamptz)
         RETURNS TABLE (tenant_id uuid)
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
           SELECT DISTINCT d.tenant_id FROM public.deadlines d
            WHERE d.met_at IS NULL AND NOT d.breached AND d.due_at < at
         $$`,
      `REVOKE ALL ON FUNCTION app_claim_outbox(int, interval) FROM PUBLIC`,
      `REVOKE ALL ON FUNCTION app_overdue_disputes(int) FROM PUBLIC`,
      `REVOKE ALL ON FUNCTION app_tenants_with_breaches(timestamptz) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION app_claim_outbox(int, interval) TO ${RUNTIME_ROLE}`,
      `GRANT EXECUTE ON FUNCTION app_overdue_disputes(int) TO ${RUNTIME_ROLE}`,
      `GRANT EXECUTE ON FUNCTION app_tenants_with_breaches(timestamptz) TO ${RUNTIME_ROLE}`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP FUNCTION app_tenants_with_breaches(timestamptz)`,
      `DROP FUNCTION app_overdue_disputes(int)`,
      `DROP FUNCTION app_claim_outbox(int, interval)`,
      `DROP POLICY system_jobs ON deadlines`,
      `DROP POLICY system_jobs ON disputes`,
      `DROP POLICY system_jobs ON outbox`,
      `ALTER TABLE "case_callbacks" DROP CONSTRAINT "FK_f9b7e92666ead8efbd5ca960251"`,
      `ALTER TABLE "case_callbacks" DROP CONSTRAINT "FK_9baf4dcf49cffc043efd00d2f61"`,
      `ALTER TABLE "center_cases" DROP CONSTRAINT "FK_c7cadd8ad0e5834f64a5302db28"`,
      `ALTER TABLE "center_cases" DROP CONSTRAINT "FK_9982a66bb3d6dbcbfe2342e6a69"`,
      `ALTER TABLE "center_cases" DROP CONSTRAINT "FK_2cd29279fa584d32a82cf7dc86f"`,
      `ALTER TABLE "center_cases" DROP CONSTRAINT "FK_7f82d624111906a44c99e969a5f"`,
      `ALTER TABLE "deadlines" DROP CONSTRAINT "fk_deadlines_case"`,
      `DROP INDEX "public"."idx_case_callbacks_case"`,
      `DROP TABLE "case_callbacks"`,
      `DROP INDEX "public"."idx_center_cases_received"`,
      `DROP INDEX "public"."idx_center_cases_registered_unit"`,
      `DROP INDEX "public"."idx_center_cases_assigned_unit"`,
      `DROP INDEX "public"."idx_center_cases_station"`,
      `DROP INDEX "public"."idx_center_cases_closed"`,
      `DROP TABLE "center_cases"`,
      `DROP SEQUENCE "center_case_number_seq"`,
    ]);
  }
}
