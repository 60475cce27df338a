import { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from '../runtime-role';
import { protectTenantTables, runAll } from './sql';

/**
 * Working-day calendar overrides, the versioned deadline rulebook and deadline rows (issue 5,
 * libs/calendar). deadlines.case_id has no foreign key yet: center_cases comes with the center
 * lib, whose migration adds (tenant_id, case_id) -> center_cases (tenant_id, id).
 */
export class Calendar1763900002000 implements MigrationInterface {
  name = 'Calendar1763900002000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE TABLE "calendar_overrides" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "date" date NOT NULL, "kind" text NOT NULL, "note" text, "created_by" uuid, "updated_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_calendar_overrides_date" UNIQUE ("tenant_id", "date"), CONSTRAINT "ck_calendar_overrides_kind" CHECK ("kind" IN ('HOLIDAY', 'WORKDAY')), CONSTRAINT "PK_d7483627143494a7955428adbcd" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE TABLE "calendar_revisions" ("tenant_id" uuid NOT NULL, "revision" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dfa1f633c281416621dd0477a38" PRIMARY KEY ("tenant_id"))`,
      `CREATE TABLE "calendar_years" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "year" integer NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_calendar_years_year" UNIQUE ("tenant_id", "year"), CONSTRAINT "ck_calendar_years_year" CHECK ("year" BETWEEN 1 AND 9999), CONSTRAINT "PK_5d727bd06b9cba82d7eea7c0a70" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE TABLE "deadlines" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "case_id" uuid NOT NULL, "kind" text NOT NULL, "rule_key" text NOT NULL, "rulebook_version_id" uuid, "unit" text NOT NULL, "days" integer NOT NULL, "extension_days" integer, "start_date" date NOT NULL, "due_date" date NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "met_at" TIMESTAMP WITH TIME ZONE, "breached" boolean NOT NULL DEFAULT false, "breached_at" TIMESTAMP WITH TIME ZONE, "extended" boolean NOT NULL DEFAULT false, "extended_at" TIMESTAMP WITH TIME ZONE, "urged_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_deadlines_unit" CHECK ("unit" IN ('WORKING', 'CALENDAR')), CONSTRAINT "ck_deadlines_kind" CHECK ("kind" IN ('ACCEPTANCE', 'ROUTING', 'HANDLING', 'FEEDBACK', 'CASE_DECISION', 'CASE_CLOSURE')), CONSTRAINT "PK_008ed6677529d920cad91daaedf" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_deadlines_case" ON "deadlines" ("tenant_id", "case_id")`,
      `CREATE UNIQUE INDEX "uq_deadlines_open_kind" ON "deadlines" ("tenant_id", "case_id", "kind") WHERE "met_at" IS NULL`,
      // The breach sweeper's index: open deadlines by due time (O(breaches) range scan).
      `CREATE INDEX "idx_deadlines_open_due" ON "deadlines" ("tenant_id", "due_at") WHERE "met_at" IS NULL AND NOT "breached"`,
      `CREATE TABLE "rulebook_versions" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "preset" text NOT NULL, "overrides" jsonb NOT NULL DEFAULT '{}', "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fe2569dc783b78dd788e098f60f" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_rulebook_versions_effective" ON "rulebook_versions" ("tenant_id", "effective_from")`,

      ...protectTenantTables('calendar_overrides', 'calendar_revisions', 'calendar_years', 'deadlines', 'rulebook_versions'),
      // Rulebook versions are append-only: a case keeps the version of its received date.
      `REVOKE UPDATE, DELETE, TRUNCATE ON "rulebook_versions" FROM ${RUNTIME_ROLE}`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP TABLE "rulebook_versions"`,
      `DROP TABLE "deadlines"`,
      `DROP TABLE "calendar_years"`,
      `DROP TABLE "calendar_revisions"`,
      `DROP TABLE "calendar_overrides"`,
    ]);
  }
}
