import { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from '../runtime-role';
import { runAll } from './sql';

/**
 * Round trips off the hot paths (issues 4 and 6):
 *
 * - `outbox_notify`: every statement that inserts outbox rows sends NOTIFY outbox_pending (at
 *   commit, so only committed rows are announced; several in one transaction collapse into one).
 *   The relay wakes on it instead of waiting for its next poll; polling stays as the fallback.
 * - `app_principal(tenant, user)`: the per-request re-read of the signed-in user (enabled, not
 *   deleted, roles, org unit path) in one statement instead of a transaction of four. It runs
 *   as the caller (not SECURITY DEFINER): it sets app.tenant_id itself, so row-level security
 *   applies as in TenantDb.tx, and puts back the previous value before it returns.
 */
export class RequestPath1763900007500 implements MigrationInterface {
  name = 'RequestPath1763900007500';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE FUNCTION app_outbox_notify() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
       BEGIN
         PERFORM pg_notify('outbox_pending', '');
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION app_outbox_notify()`,
      `CREATE FUNCTION app_principal(p_tenant uuid, p_user uuid)
         RETURNS TABLE (id uuid, username text, display_name text, roles text[], org_unit_id uuid, station_id uuid, path text)
         LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
       DECLARE
         prev text := current_setting('app.tenant_id', true);
       BEGIN
         PERFORM set_config('app.tenant_id', p_tenant::text, true);
         RETURN QUERY
           SELECT u.id, u.username, u.display_name, u.roles::text[], u.org_unit_id, u.station_id, o.path::text
             FROM public.users u
             LEFT JOIN public.org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
            WHERE u.tenant_id = p_tenant AND u.id = p_user AND NOT u.disabled AND u.deleted_at IS NULL;
         PERFORM set_config('app.tenant_id', coalesce(prev, ''), true);
       END $$`,
      `REVOKE ALL ON FUNCTION app_principal(uuid, uuid) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION app_principal(uuid, uuid) TO ${RUNTIME_ROLE}`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [`DROP FUNCTION app_principal(uuid, uuid)`, `DROP TRIGGER outbox_notify ON outbox`, `DROP FUNCTION app_outbox_notify()`]);
  }
}
