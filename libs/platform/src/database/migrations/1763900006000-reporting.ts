import { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTables, runAll } from './sql';

/** Reporting (issue 8): consumer alerts (消费警示/提示) and stored periodic reports. */
export class Reporting1763900006000 implements MigrationInterface {
  name = 'Reporting1763900006000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE TABLE "consumer_alerts" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "org_unit_id" uuid NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "drafted_by" uuid NOT NULL, "decided_by" uuid, "rejection_reason" text, "published_at" TIMESTAMP WITH TIME ZONE, "rejected_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_16e8ed10299c307ba35844f9e46" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_consumer_alerts_status" ON "consumer_alerts"  ("tenant_id", "status") `,
      `CREATE INDEX "idx_consumer_alerts_unit_published" ON "consumer_alerts"  ("tenant_id", "org_unit_id", "published_at") `,
      `ALTER TABLE "consumer_alerts" ADD CONSTRAINT "FK_0822a3b916137f0fecb48efe201" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `CREATE TABLE "periodic_reports" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "org_unit_id" uuid NOT NULL, "kind" text NOT NULL, "period_from" date NOT NULL, "period_to" date NOT NULL, "figures" jsonb NOT NULL, "generated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_periodic_reports_period" UNIQUE ("tenant_id", "org_unit_id", "kind", "period_from"), CONSTRAINT "PK_e2e3c5a4e14e0f0d8060324284b" PRIMARY KEY ("tenant_id", "id"))`,
      `ALTER TABLE "periodic_reports" ADD CONSTRAINT "FK_98ffff2714f0f6a02f2f6dc9945" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      ...protectTenantTables('consumer_alerts', 'periodic_reports'),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `ALTER TABLE "periodic_reports" DROP CONSTRAINT "FK_98ffff2714f0f6a02f2f6dc9945"`,
      `DROP TABLE "periodic_reports"`,
      `ALTER TABLE "consumer_alerts" DROP CONSTRAINT "FK_0822a3b916137f0fecb48efe201"`,
      `DROP INDEX "public"."idx_consumer_alerts_unit_published"`,
      `DROP INDEX "public"."idx_consumer_alerts_status"`,
      `DROP TABLE "consumer_alerts"`,
    ]);
  }
}
