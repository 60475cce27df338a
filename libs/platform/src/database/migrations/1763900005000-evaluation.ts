import { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTables, runAll } from './sql';

/** The provincial model-station round (issue 7): rounds, criteria, applications, score sheets, public comments, titles. */
export class Evaluation1763900005000 implements MigrationInterface {
  name = 'Evaluation1763900005000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE TABLE "evaluation_rounds" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "year" integer NOT NULL, "org_unit_id" uuid NOT NULL, "phase" text NOT NULL, "quota" integer NOT NULL, "max_per_category" integer, "selected_at" TIMESTAMP WITH TIME ZONE, "spot_check_seed" text, "spot_check_size" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_evaluation_rounds_city_year" UNIQUE ("tenant_id", "org_unit_id", "year"), CONSTRAINT "PK_df8781d422a63ed49e066f32c9a" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE TABLE "evaluation_criteria" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "round_id" uuid NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "max_points" integer NOT NULL, "weight" double precision NOT NULL, "sort_order" integer NOT NULL, CONSTRAINT "uq_evaluation_criteria_code" UNIQUE ("tenant_id", "round_id", "code"), CONSTRAINT "PK_b0014dfae65277f1afb230c73fa" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_evaluation_criteria_round" ON "evaluation_criteria"  ("tenant_id", "round_id", "sort_order") `,
      `CREATE TABLE "evaluation_applications" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "round_id" uuid NOT NULL, "station_id" uuid NOT NULL, "category" text NOT NULL, "status" text NOT NULL, "statement" text NOT NULL, "county_note" text, "county_reviewed_by" uuid, "county_reviewed_at" TIMESTAMP WITH TIME ZONE, "city_note" text, "city_reviewed_by" uuid, "city_reviewed_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "final_score" double precision, "raw_score" double precision, "rank" integer, "selected" boolean NOT NULL DEFAULT false, "in_sample" boolean NOT NULL DEFAULT false, "spot_check_passed" boolean, "spot_check_note" text, "spot_checked_by" uuid, "spot_checked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_evaluation_applications_station" UNIQUE ("tenant_id", "round_id", "station_id"), CONSTRAINT "PK_f2832dfd726f8abdac2d857a777" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_evaluation_applications_station" ON "evaluation_applications"  ("tenant_id", "station_id") `,
      `CREATE INDEX "idx_evaluation_applications_round_rank" ON "evaluation_applications"  ("tenant_id", "round_id", "rank") `,
      `CREATE TABLE "evaluation_score_sheets" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "round_id" uuid NOT NULL, "application_id" uuid NOT NULL, "evaluator_id" uuid NOT NULL, "conflict_declared" boolean NOT NULL DEFAULT false, "points" jsonb, "weighted" double precision, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_evaluation_score_sheets_evaluator" UNIQUE ("tenant_id", "application_id", "evaluator_id"), CONSTRAINT "PK_ac2039c19c286659388d13648c2" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_evaluation_score_sheets_round" ON "evaluation_score_sheets"  ("tenant_id", "round_id") `,
      `CREATE TABLE "evaluation_public_comments" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "round_id" uuid NOT NULL, "application_id" uuid NOT NULL, "name_enc" text NOT NULL, "phone_enc" text NOT NULL, "phone_hash" text NOT NULL, "text" text NOT NULL, "objection" boolean NOT NULL, "resolution" text, "resolution_note" text, "resolved_by" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_98c0102b1dafb254cc7fb463cc3" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_evaluation_public_comments_application" ON "evaluation_public_comments"  ("tenant_id", "application_id", "created_at") `,
      `CREATE TABLE "model_titles" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "station_id" uuid NOT NULL, "year" integer NOT NULL, "round_id" uuid NOT NULL, "application_id" uuid NOT NULL, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, "revoked_by" uuid, CONSTRAINT "uq_model_titles_station_year" UNIQUE ("tenant_id", "station_id", "year"), CONSTRAINT "PK_e98dedb7016b528897d601b8d96" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_model_titles_year" ON "model_titles"  ("tenant_id", "year") `,
      `ALTER TABLE "evaluation_rounds" ADD CONSTRAINT "FK_e061c0e663d5242342a585662a7" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "evaluation_criteria" ADD CONSTRAINT "FK_1f907aa06153c6efbbe493fc155" FOREIGN KEY ("tenant_id", "round_id") REFERENCES "evaluation_rounds"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "evaluation_applications" ADD CONSTRAINT "FK_599a710c1824ce0c79057dfa73e" FOREIGN KEY ("tenant_id", "round_id") REFERENCES "evaluation_rounds"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "evaluation_applications" ADD CONSTRAINT "FK_80dfa9b94416a5b8bc8bd00b50e" FOREIGN KEY ("tenant_id", "station_id") REFERENCES "stations"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "evaluation_score_sheets" ADD CONSTRAINT "FK_0dd97280eeb9d14460ad35bc06a" FOREIGN KEY ("tenant_id", "application_id") REFERENCES "evaluation_applications"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "evaluation_public_comments" ADD CONSTRAINT "FK_8f366ceda496dd0dddb149eb51f" FOREIGN KEY ("tenant_id", "application_id") REFERENCES "evaluation_applications"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "model_titles" ADD CONSTRAINT "FK_0234d58220eac8a6a424bb60ed7" FOREIGN KEY ("tenant_id", "station_id") REFERENCES "stations"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "model_titles" ADD CONSTRAINT "FK_25e7347fd0eb37d5d6b7b8478b0" FOREIGN KEY ("tenant_id", "round_id") REFERENCES "evaluation_rounds"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      ...protectTenantTables('evaluation_rounds', 'evaluation_criteria', 'evaluation_applications', 'evaluation_score_sheets', 'evaluation_public_comments', 'model_titles'),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `ALTER TABLE "model_titles" DROP CONSTRAINT "FK_25e7347fd0eb37d5d6b7b8478b0"`,
      `ALTER TABLE "model_titles" DROP CONSTRAINT "FK_0234d58220eac8a6a424bb60ed7"`,
      `ALTER TABLE "evaluation_public_comments" DROP CONSTRAINT "FK_8f366ceda496dd0dddb149eb51f"`,
      `ALTER TABLE "evaluation_score_sheets" DROP CONSTRAINT "FK_0dd97280eeb9d14460ad35bc06a"`,
      `ALTER TABLE "evaluation_applications" DROP CONSTRAINT "FK_80dfa9b94416a5b8bc8bd00b50e"`,
      `ALTER TABLE "evaluation_applications" DROP CONSTRAINT "FK_599a710c1824ce0c79057dfa73e"`,
      `ALTER TABLE "evaluation_criteria" DROP CONSTRAINT "FK_1f907aa06153c6efbbe493fc155"`,
      `ALTER TABLE "evaluation_rounds" DROP CONSTRAINT "FK_e061c0e663d5242342a585662a7"`,
      `DROP INDEX "public"."idx_model_titles_year"`,
      `DROP TABLE "model_titles"`,
      `DROP INDEX "public"."idx_evaluation_public_comments_application"`,
      `DROP TABLE "evaluation_public_comments"`,
      `DROP INDEX "public"."idx_evaluation_score_sheets_round"`,
      `DROP TABLE "evaluation_score_sheets"`,
      `DROP INDEX "public"."idx_evaluation_applications_round_rank"`,
      `DROP INDEX "public"."idx_evaluation_applications_station"`,
      `DROP TABLE "evaluation_applications"`,
      `DROP INDEX "public"."idx_evaluation_criteria_round"`,
      `DROP TABLE "evaluation_criteria"`,
      `DROP TABLE "evaluation_rounds"`,
    ]);
  }
}
