import { MigrationInterface, QueryRunner } from 'typeorm';
import { runAll } from './sql';

const day = (col: string) => `(${col} AT TIME ZONE 'Asia/Shanghai')::date`;

/** The disputes' statistics mark function (1763900009000), watching the given columns. */
function markDisputes(watched: string[]): string {
  const tuple = (alias: string) => `(${watched.map((c) => `${alias}.${c}`).join(', ')})`;
  return `CREATE OR REPLACE FUNCTION app_stats_mark_disputes() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO stats_dirty (tenant_id, day)
          SELECT DISTINCT n.tenant_id, ${day('v.t')} FROM new_rows n, LATERAL (VALUES (n.opened_at), (n.settled_at)) v(t) WHERE v.t IS NOT NULL;
      ELSE
        INSERT INTO stats_dirty (tenant_id, day)
          SELECT DISTINCT x.tenant_id, ${day('x.t')} FROM (
            SELECT n.tenant_id, v.t
              FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id, LATERAL (VALUES (o.opened_at), (o.settled_at), (n.opened_at), (n.settled_at)) v(t)
             WHERE ${tuple('o')} IS DISTINCT FROM ${tuple('n')}
            ) x
          WHERE x.t IS NOT NULL;
      END IF;
      RETURN NULL;
    END $$`;
}

const BEFORE = ["status IN ('DECLINED', 'WITHDRAWN')", 'station_id', 'opened_at', 'settle_by', 'settled_at', 'amount_recovered_fen', 'issue_type', 'goods_or_service_category'];

/**
 * "Overdue disputes" (statistics, evaluation indicators) count every counted dispute the station
 * did not finish within its settlement window: settled or escalated after settle_by, or still open
 * past it. Escalated late ones were missed: the auto-escalation moves every dispute left open
 * within a minute of its deadline, so the figure stayed near zero. The disputes' mark trigger now
 * also watches escalated_at (the opening day's figure changes with it), and every tenant is
 * marked for a rebuild under the new definition.
 */
export class DisputeOverdue1763900012000 implements MigrationInterface {
  name = 'DisputeOverdue1763900012000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [markDisputes([...BEFORE, 'escalated_at']), `INSERT INTO stats_dirty (tenant_id, day) SELECT id, NULL FROM tenants`]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [markDisputes(BEFORE), `INSERT INTO stats_dirty (tenant_id, day) SELECT id, NULL FROM tenants`]);
  }
}
