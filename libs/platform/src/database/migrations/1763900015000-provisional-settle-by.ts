import { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from '../runtime-role';
import { runAll } from './sql';

/**
 * A counter dispute whose settlement window reaches a year with no published holidays is opened
 * with a provisional settle_by (marked) instead of being refused; the auto-escalation job replaces
 * it with the final one once the year is published. `app_tenants_with_provisional_settle_by()`:
 * the worker's cross-tenant entry point (ids only), as in 1763900004000.
 */
export class ProvisionalSettleBy1763900015000 implements MigrationInterface {
  name = 'ProvisionalSettleBy1763900015000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `ALTER TABLE "disputes" ADD "settle_by_provisional" boolean NOT NULL DEFAULT false`,
      `CREATE INDEX "idx_disputes_provisional" ON "disputes" ("tenant_id", "opened_at") WHERE "settle_by_provisional"`,
      `CREATE FUNCTION app_tenants_with_provisional_settle_by()
         RETURNS TABLE (tenant_id uuid)
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
           SELECT DISTINCT d.tenant_id FROM public.disputes d WHERE d.settle_by_provisional
         $$`,
      `REVOKE ALL ON FUNCTION app_tenants_with_provisional_settle_by() FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION app_tenants_with_provisional_settle_by() TO ${RUNTIME_ROLE}`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP FUNCTION app_tenants_with_provisional_settle_by()`,
      `DROP INDEX "idx_disputes_provisional"`,
      `ALTER TABLE "disputes" DROP COLUMN "settle_by_provisional"`,
    ]);
  }
}
