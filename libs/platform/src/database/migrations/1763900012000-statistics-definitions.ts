import { MigrationInterface, QueryRunner } from 'typeorm';
import { runAll } from './sql';

const day = (col: string) => `(${col} AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * A statistics mark function of 1763900009000 (`app_stats_mark_<table>`), replaced: the China days
 * of `cols` are marked when one of `watched` changes; `extra` adds (tenant_id, t) rows on update.
 */
function markFunction(table: string, cols: string[], watched: string[], extra = ''): string {
  const times = (alias: string) => cols.map((c) => `(${alias}.${c})`).join(', ');
  const tuple = (alias: string) => `(${watched.map((c) => `${alias}.${c}`).join(', ')})`;
  return `CREATE OR REPLACE FUNCTION app_stats_mark_${table}() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO stats_dirty (tenant_id, day)
          SELECT DISTINCT n.tenant_id, ${day('v.t')} FROM new_rows n, LATERAL (VALUES ${times('n')}) v(t) WHERE v.t IS NOT NULL;
      ELSE
        INSERT INTO stats_dirty (tenant_id, day)
          SELECT DISTINCT x.tenant_id, ${day('x.t')} FROM (
            SELECT n.tenant_id, v.t
              FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id, LATERAL (VALUES ${times('o')}, ${times('n')}) v(t)
             WHERE ${tuple('o')} IS DISTINCT FROM ${tuple('n')}
            ${extra}) x
          WHERE x.t IS NOT NULL;
      END IF;
      RETURN NULL;
    END $$`;
}

const DISPUTES = (watched: string[]) =>
  markFunction('disputes', ['opened_at', 'settled_at'], ["status IN ('DECLINED', 'WITHDRAWN')", 'station_id', 'opened_at', 'settle_by', 'settled_at', 'amount_recovered_fen', 'issue_type', 'goods_or_service_category', ...watched]);

const CENTER_CASES = (watched: string[]) =>
  markFunction(
    'center_cases',
    ['received_at', 'accepted_at', 'closed_at'],
    ['type', 'channel', 'received_at', 'accepted_at', 'closed_at', 'amount_recovered_fen', 'registered_unit_id', 'assigned_unit_id', ...watched],
    `UNION ALL
            SELECT cb.tenant_id, cb.called_at
              FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
              JOIN case_callbacks cb ON cb.tenant_id = n.tenant_id AND cb.case_id = n.id
             WHERE (o.registered_unit_id, o.assigned_unit_id) IS DISTINCT FROM (n.registered_unit_id, n.assigned_unit_id)`,
  );

const REBUILD_ALL = `INSERT INTO stats_dirty (tenant_id, day) SELECT id, NULL FROM tenants`;

/**
 * Statistics definitions, made right:
 * - "Overdue disputes" (statistics, evaluation indicators) count every counted dispute the station
 *   did not finish within its settlement window: settled or escalated after settle_by, or still
 *   open past it. Escalated late ones were missed: the auto-escalation moves every dispute left
 *   open within a minute of its deadline, so the figure stayed near zero. The disputes' trigger
 *   now also watches escalated_at (the opening day's figure changes with it).
 * - The closure rate (办结率, 003: 受理…3401件…办结率95.71%) is the share of the cases received in
 *   the period, not refused, that are closed by now: one group, never above 100% (closed in the
 * period over accepted in the period exceeded 100%: consultations are closed, never accepted). The
 *   received day's figures change when a case is closed (watched already) or refused: the cases'
 *   trigger now also watches rejected_at. The settlement rate likewise: of the disputes opened in
 *   the period, the share settled (settling marks the opening day already).
 * Every tenant is marked for a rebuild under the new definitions.
 */
export class StatisticsDefinitions1763900012000 implements MigrationInterface {
  name = 'StatisticsDefinitions1763900012000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [DISPUTES(['escalated_at']), CENTER_CASES(['rejected_at']), REBUILD_ALL]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [DISPUTES([]), CENTER_CASES([]), REBUILD_ALL]);
  }
}
