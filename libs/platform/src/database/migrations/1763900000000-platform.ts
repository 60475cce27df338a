import { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from '../runtime-role';
import { protectTenantTables, runAll } from './sql';

export class Platform1763900000000 implements MigrationInterface {
  name = 'Platform1763900000000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE EXTENSION IF NOT EXISTS ltree`,
      `CREATE EXTENSION IF NOT EXISTS pgcrypto`,
      `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
      // Roles are cluster-wide: another database of the cluster may have created it already.
      `DO $$ BEGIN
         CREATE ROLE ${RUNTIME_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
       EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
      // The migrating user must be able to SET ROLE to it even when not a superuser.
      `DO $$ BEGIN
         IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
           EXECUTE format('GRANT ${RUNTIME_ROLE} TO %I', current_user);
         END IF;
       END $$`,
      `GRANT USAGE ON SCHEMA public TO ${RUNTIME_ROLE}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${RUNTIME_ROLE}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${RUNTIME_ROLE}`,
      `CREATE FUNCTION app_current_tenant() RETURNS uuid LANGUAGE sql STABLE
         AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$`,
      // FORCE makes the policy bind the table owner too; the runtime role never owns tables.
      // `(SELECT app_current_tenant())` is an init-plan: evaluated once per query, not per row.
      `CREATE FUNCTION app_protect_tenant_table(t regclass) RETURNS void LANGUAGE plpgsql AS $$
       BEGIN
         EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
         EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
         EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()))', t);
       END $$`,

      `CREATE TABLE "tenants" ("id" uuid NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_tenants_code" UNIQUE ("code"), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`,
      `CREATE TABLE "org_units" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "parent_id" uuid, "name" text NOT NULL, "level" text NOT NULL, "region_code" text, "path" ltree NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e792f2f337eb4813c27d4882d66" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_org_units_parent" ON "org_units" ("tenant_id", "parent_id")`,
      `CREATE INDEX "idx_org_units_path" ON "org_units" USING gist ("path")`,
      `CREATE TABLE "platform_admins" ("id" uuid NOT NULL, "username" text NOT NULL, "password_hash" text NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_platform_admins_username" UNIQUE ("username"), CONSTRAINT "PK_faecb3398d1962507b44c76e4f0" PRIMARY KEY ("id"))`,
      `CREATE TABLE "users" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "username" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL, "org_unit_id" uuid, "station_id" uuid, "disabled" boolean NOT NULL DEFAULT false, "deleted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_users_username" UNIQUE ("tenant_id", "username"), CONSTRAINT "PK_96bb2f14a3cd3f8e046898b08b4" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_users_org_unit" ON "users" ("tenant_id", "org_unit_id")`,
      `CREATE TABLE "audit_events" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "actor_id" uuid, "actor_name" text, "action" text NOT NULL, "entity" text NOT NULL, "entity_id" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "details" jsonb NOT NULL DEFAULT '{}'::jsonb, CONSTRAINT "PK_7445fcd6291ee354a6988ae6d3c" PRIMARY KEY ("tenant_id", "id"))`,
      `CREATE INDEX "idx_audit_events_entity" ON "audit_events" ("tenant_id", "entity", "entity_id")`,
      `ALTER TABLE "org_units" ADD CONSTRAINT "fk_org_units_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "org_units" ADD CONSTRAINT "FK_3011b5eb4186252e91b4c000e97" FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "org_units"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "users" ADD CONSTRAINT "FK_bd7cdf9906054450f2de1fcb76a" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,

      ...protectTenantTables('org_units', 'users', 'audit_events'),
      // Append-only audit trail.
      `REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM ${RUNTIME_ROLE}`,
      `REVOKE UPDATE, DELETE, TRUNCATE ON "tenants" FROM ${RUNTIME_ROLE}`,
      `REVOKE DELETE, TRUNCATE ON "platform_admins" FROM ${RUNTIME_ROLE}`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP TABLE "audit_events"`,
      `DROP TABLE "users"`,
      `DROP TABLE "platform_admins"`,
      `DROP TABLE "org_units"`,
      `DROP TABLE "tenants"`,
      `DROP FUNCTION app_protect_tenant_table(regclass)`,
      `DROP FUNCTION app_current_tenant()`,
    ]);
  }
}
