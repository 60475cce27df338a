import { MigrationInterface, QueryRunner } from 'typeorm';
import { runAll } from './sql';

/**
 * Announces, at commit, every change that can alter what a signed-in user may do, so the API's
 * PrincipalCache drops its copy: NOTIFY principal_changed with `<tenant>:<user>` for a changed or
 * deleted user, `<tenant>:*` for an org unit whose path changes or that is deleted (the scope of
 * everyone in it), and `*` when users or org units are truncated.
 */
export class PrincipalNotify1763900016000 implements MigrationInterface {
  name = 'PrincipalNotify1763900016000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE FUNCTION app_principal_notify() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
       BEGIN
         IF TG_OP = 'TRUNCATE' THEN
           PERFORM pg_notify('principal_changed', '*');
         ELSIF TG_TABLE_NAME = 'users' THEN
           PERFORM pg_notify('principal_changed', OLD.tenant_id::text || ':' || OLD.id::text);
         ELSE
           PERFORM pg_notify('principal_changed', OLD.tenant_id::text || ':*');
         END IF;
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER users_principal_notify AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION app_principal_notify()`,
      `CREATE TRIGGER users_principal_notify_truncate AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION app_principal_notify()`,
      `CREATE TRIGGER org_units_principal_notify AFTER UPDATE OF path OR DELETE ON org_units FOR EACH ROW EXECUTE FUNCTION app_principal_notify()`,
      `CREATE TRIGGER org_units_principal_notify_truncate AFTER TRUNCATE ON org_units FOR EACH STATEMENT EXECUTE FUNCTION app_principal_notify()`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `DROP TRIGGER org_units_principal_notify_truncate ON org_units`,
      `DROP TRIGGER org_units_principal_notify ON org_units`,
      `DROP TRIGGER users_principal_notify_truncate ON users`,
      `DROP TRIGGER users_principal_notify ON users`,
      `DROP FUNCTION app_principal_notify()`,
    ]);
  }
}
