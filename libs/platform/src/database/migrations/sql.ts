import { QueryRunner } from 'typeorm';

export async function runAll(qr: QueryRunner, statements: string[]): Promise<void> {
  for (const s of statements) await qr.query(s);
}

/** Row-level security for one tenant table (the helper function is created in the first migration). */
export function protectTenantTables(...tables: string[]): string[] {
  return tables.map((t) => `SELECT app_protect_tenant_table('${t}')`);
}
