import { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTables, runAll } from './sql';

/** Counter disputes and on-site settlement (issue 4): disputes, their case number sequence, the outbox. */
export class Disputes1763900003000 implements MigrationInterface {
  name = 'Disputes1763900003000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      // Case numbers come from one sequence: never reused, unique per tenant, and no row lock
      // that would serialise every opening of a tenant (gaps are fine, duplicates are not).
      `CREATE SEQUENCE "dispute_case_number_seq"`,
      `CREATE TABLE "disputes" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "case_number" text NOT NULL, "station_id" uuid NOT NULL, "status" text NOT NULL, "consumer_name_enc" text NOT NULL, "consumer_phone_enc" text NOT NULL, "consumer_phone_hash" text NOT NULL, "subject" text NOT NULL, "description" text NOT NULL, "claim_type" text NOT NULL, "amount_claimed_fen" bigint, "purchased_on" date, "product_name" text, "brand_model" text, "purchase_place" text, "goods_or_service_category" text, "issue_type" text, "intake_checklist" jsonb, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "settle_by" TIMESTAMP WITH TIME ZONE NOT NULL, "settled_at" TIMESTAMP WITH TIME ZONE, "amount_recovered_fen" bigint, "agreement" text, "consumer_signed" boolean, "decline_ground" text, "decline_note" text, "declined_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, "escalation_reason" text, "duplicate_of" uuid, "opened_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_disputes_case_number" UNIQUE ("tenant_id", "case_number"), CONSTRAINT "PK_d2078a2502886c5f830d8ef3bdf" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_disputes_station_opened" ON "disputes"  ("tenant_id", "station_id", "opened_at") `,
      `CREATE INDEX "idx_disputes_opened" ON "disputes"  ("tenant_id", "opened_at", "id") `,
      `CREATE INDEX "idx_disputes_phone" ON "disputes"  ("tenant_id", "station_id", "consumer_phone_hash", "opened_at") `,
      `CREATE TABLE "outbox" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "topic" text NOT NULL, "aggregate_id" uuid NOT NULL, "payload" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e73f4dc2914267eb47f48ea28aa" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_outbox_status_created" ON "outbox"  ("status", "created_at") `,
      `ALTER TABLE "disputes" ADD CONSTRAINT "FK_8f9f3d52383eca099844558808a" FOREIGN KEY ("tenant_id", "station_id") REFERENCES "stations"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      ...protectTenantTables('disputes', 'outbox'),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `ALTER TABLE "disputes" DROP CONSTRAINT "FK_8f9f3d52383eca099844558808a"`,
      `DROP INDEX "public"."idx_outbox_status_created"`,
      `DROP TABLE "outbox"`,
      `DROP INDEX "public"."idx_disputes_phone"`,
      `DROP INDEX "public"."idx_disputes_opened"`,
      `DROP INDEX "public"."idx_disputes_station_opened"`,
      `DROP TABLE "disputes"`,
      `DROP SEQUENCE "dispute_case_number_seq"`,
    ]);
  }
}
