import { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from '../runtime-role';
import { protectTenantTables, runAll } from './sql';

/** Station registry (issue 3): host enterprises, stations, inspections, training, yearly verification. */
export class Stations1763900001000 implements MigrationInterface {
  name = 'Stations1763900001000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE TABLE "station_checklist_items" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "code" text NOT NULL, "title" text NOT NULL, "sort_order" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_station_checklist_items_code" UNIQUE ("tenant_id", "code"), CONSTRAINT "PK_d6be2226c36d29f03696de60afe" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE TABLE "host_enterprises" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "credit_code" text NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_host_enterprises_credit_code" UNIQUE ("tenant_id", "credit_code"), CONSTRAINT "PK_5aed3d414b4ff8c6b3f5dd40753" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE TABLE "stations" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "category" text NOT NULL, "status" text NOT NULL, "host_id" uuid NOT NULL, "address" text NOT NULL, "contact_name" text NOT NULL, "contact_phone" text NOT NULL, "org_unit_id" uuid NOT NULL, "established_on" date, "suspended_reason" text, "revoked_reason" text, "revoked_at" TIMESTAMP WITH TIME ZONE, "search_text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_stations_code" UNIQUE ("tenant_id", "code"), CONSTRAINT "PK_7ea581634d72923ca1f5ac7506f" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_stations_host" ON "stations"  ("tenant_id", "host_id") `,
      `CREATE INDEX "idx_stations_org_unit" ON "stations"  ("tenant_id", "org_unit_id") `,
      `CREATE TABLE "station_inspections" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "station_id" uuid NOT NULL, "inspected_on" date NOT NULL, "inspector_id" uuid, "inspector_name" text NOT NULL, "result" text NOT NULL, "items" jsonb NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d5e698c5c63b81af759f87e213e" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_station_inspections_station" ON "station_inspections"  ("tenant_id", "station_id", "inspected_on") `,
      `CREATE TABLE "station_rectifications" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "inspection_id" uuid NOT NULL, "station_id" uuid NOT NULL, "description" text NOT NULL, "working_days" integer NOT NULL, "due_on" date NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by_id" uuid, "closing_note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3b68100e91d601320ca24f04121" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_station_rectifications_due" ON "station_rectifications"  ("tenant_id", "due_on") `,
      `CREATE INDEX "idx_station_rectifications_inspection" ON "station_rectifications"  ("tenant_id", "inspection_id") `,
      `CREATE INDEX "idx_station_rectifications_station" ON "station_rectifications"  ("tenant_id", "station_id") `,
      `CREATE TABLE "station_code_counters" ("tenant_id" uuid NOT NULL, "region_code" text NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_57f65a3b9f3418ccdadb673c015" PRIMARY KEY ("tenant_id", "region_code"))`,
      `CREATE TABLE "station_verifications" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "station_id" uuid NOT NULL, "year" integer NOT NULL, "verified_on" date NOT NULL, "verified_by_id" uuid, "verified_by_name" text NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_station_verifications_year" UNIQUE ("tenant_id", "station_id", "year"), CONSTRAINT "PK_2f394ea418d07bd4779be14a353" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE TABLE "station_trainings" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "station_id" uuid NOT NULL, "trainee_name" text NOT NULL, "trained_on" date NOT NULL, "hours" numeric(5,1) NOT NULL, "topic" text NOT NULL, "organizer" text NOT NULL, "recorded_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3c0fbb43909357fb941ecb74f77" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_station_trainings_station" ON "station_trainings"  ("tenant_id", "station_id", "trained_on") `,
      `ALTER TABLE "stations" ADD CONSTRAINT "FK_848c649d74cc5d1fce3dfc69f7f" FOREIGN KEY ("tenant_id", "host_id") REFERENCES "host_enterprises"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "stations" ADD CONSTRAINT "FK_8051cb994afeae5f8c6c624ab50" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "station_inspections" ADD CONSTRAINT "FK_2dddf209eb7aea7b4c9066b1686" FOREIGN KEY ("tenant_id", "station_id") REFERENCES "stations"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "station_rectifications" ADD CONSTRAINT "FK_059ed76f6a04dcb9936967b8532" FOREIGN KEY ("tenant_id", "inspection_id") REFERENCES "station_inspections"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "station_rectifications" ADD CONSTRAINT "FK_fe6ffa13c14bf686b674b0523ca" FOREIGN KEY ("tenant_id", "station_id") REFERENCES "stations"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "station_verifications" ADD CONSTRAINT "FK_ec7d6ef763f33023b1bc84ab15e" FOREIGN KEY ("tenant_id", "station_id") REFERENCES "stations"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "station_trainings" ADD CONSTRAINT "FK_5b15850689c6e364e0fc349d94c" FOREIGN KEY ("tenant_id", "station_id") REFERENCES "stations"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,

      // Directory search: one trigram index over name, host name and credit code.
      `CREATE INDEX "idx_stations_search" ON "stations" USING gin ("search_text" gin_trgm_ops)`,
      // Under row-level security PostgreSQL never uses a non-leakproof operator such as ILIKE
      // as an index condition (it may not run before the policy), so a plain ILIKE would scan
      // every station. This function runs as its owner, the migrating role (a superuser in our
      // deployments, so RLS does not bind it and the index is used), applies the same tenant
      // predicate as the policy itself and returns candidate ids only: callers then read the
      // rows through RLS. An unset tenant matches nothing. Were the owner an ordinary role,
      // the search would stay correct and merely scan.
      `CREATE FUNCTION app_station_search(pattern text) RETURNS SETOF uuid
         LANGUAGE sql STABLE SECURITY DEFINER
         SET search_path = pg_catalog, public, pg_temp
         AS $$ SELECT s.id FROM public.stations s WHERE s.tenant_id = public.app_current_tenant() AND s.search_text ILIKE pattern $$`,
      `REVOKE ALL ON FUNCTION app_station_search(text) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION app_station_search(text) TO ${RUNTIME_ROLE}`,

      ...protectTenantTables(
        'host_enterprises',
        'stations',
        'station_code_counters',
        'station_checklist_items',
        'station_inspections',
        'station_rectifications',
        'station_trainings',
        'station_verifications',
      ),
      // Issued codes are never reused: counters only move forward.
      `REVOKE DELETE, TRUNCATE ON "station_code_counters" FROM ${RUNTIME_ROLE}`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP FUNCTION app_station_search(text)`,
      `DROP TABLE "station_trainings"`,
      `DROP TABLE "station_verifications"`,
      `DROP TABLE "station_code_counters"`,
      `DROP TABLE "station_rectifications"`,
      `DROP TABLE "station_inspections"`,
      `DROP TABLE "stations"`,
      `DROP TABLE "host_enterprises"`,
      `DROP TABLE "station_checklist_items"`,
    ]);
  }
}
