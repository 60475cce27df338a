import { QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from '../runtime-role';

export async function runAll(qr: QueryRunner, statements: string[]): Promise<void> {
  for (const s of statements) await qr.query(s);
}

/** Row-level security for one tenant table (the helper function is created in the first migration). */
export function protectTenantTables(...tables: string[]): string[] {
  return tables.map((t) => `SELECT app_protect_tenant_table('${t}')`);
}

/**
 * A worker's cross-tenant entry point: `name()` returns the distinct tenant ids of `table`'s rows,
 * as a SECURITY DEFINER function of the migrating user (whose `system_jobs` policy on the table
 * lets it see every tenant), executable by the runtime role only. Ids only, never row data.
 */
export function tenantsWithRowsFunction(name: string, table: string): string[] {
  return [
    `CREATE FUNCTION ${name}()
       RETURNS TABLE (tenant_id uuid)
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
         SELECT DISTINCT t.tenant_id FROM public.${table} t
       $$`,
    `REVOKE ALL ON FUNCTION ${name}() FROM PUBLIC`,
    `GRANT EXECUTE ON FUNCTION ${name}() TO ${RUNTIME_ROLE}`,
  ];
}
