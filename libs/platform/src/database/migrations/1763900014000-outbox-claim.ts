import { MigrationInterface, QueryRunner } from 'typeorm';
import { runAll } from './sql';

/**
 * The relay's claim in time proportional to the rows it takes, not to the backlog: it read every
 * PENDING and DISPATCHED row (a bitmap OR over `(status, created_at)`) and sorted them to take the
 * oldest `max_rows`, 3 ms per claim with 15,000 rows waiting and growing with them (an outage's
 * backlog is exactly when the relay must be quick). Now two partial indexes, each read in order
 * and stopped at the limit: stale DISPATCHED rows first (oldest dispatch first: they waited
 * longest), then PENDING rows (oldest first) to fill the rest.
 */
export class OutboxClaim1763900014000 implements MigrationInterface {
  name = 'OutboxClaim1763900014000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE INDEX "idx_outbox_pending" ON "outbox" ("created_at") WHERE "status" = 'PENDING'`,
      `CREATE INDEX "idx_outbox_dispatched" ON "outbox" ("dispatched_at") WHERE "status" = 'DISPATCHED'`,
      `DROP INDEX "idx_outbox_status_created"`,
      // Same signature and result: the grants of 1763900004000 stay.
      `CREATE OR REPLACE FUNCTION app_claim_outbox(max_rows int, redispatch_after interval)
         RETURNS TABLE (tenant_id uuid, id uuid, topic text, payload jsonb, attempts int)
         LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
         DECLARE
           taken int;
         BEGIN
           RETURN QUERY
             UPDATE public.outbox o
                SET status = 'DISPATCHED', dispatched_at = now(), attempts = o.attempts + 1
               FROM (SELECT c.tenant_id, c.id FROM public.outbox c
                      WHERE c.status = 'DISPATCHED' AND c.dispatched_at < now() - redispatch_after
                      ORDER BY c.dispatched_at
                      LIMIT max_rows
                      FOR UPDATE SKIP LOCKED) picked
              WHERE o.tenant_id = picked.tenant_id AND o.id = picked.id
             RETURNING o.tenant_id, o.id, o.topic, o.payload, o.attempts;
           GET DIAGNOSTICS taken = ROW_COUNT;
           IF taken >= max_rows THEN
             RETURN;
           END IF;
           RETURN QUERY
             UPDATE public.outbox o
                SET status = 'DISPATCHED', dispatched_at = now(), attempts = o.attempts + 1
               FROM (SELECT c.tenant_id, c.id FROM public.outbox c
                      WHERE c.status = 'PENDING'
                      ORDER BY c.created_at
                      LIMIT max_rows - taken
                      FOR UPDATE SKIP LOCKED) picked
              WHERE o.tenant_id = picked.tenant_id AND o.id = picked.id
             RETURNING o.tenant_id, o.id, o.topic, o.payload, o.attempts;
         END
         $$`,
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [
      `CREATE OR REPLACE FUNCTION app_claim_outbox(max_rows int, redispatch_after interval)
         RETURNS TABLE (tenant_id uuid, id uuid, topic text, payload jsonb, attempts int)
         LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
           UPDATE public.outbox o
              SET status = 'DISPATCHED', dispatched_at = now(), attempts = o.attempts + 1
             FROM (SELECT c.tenant_id, c.id FROM public.outbox c
                    WHERE c.status = 'PENDING'
                       OR (c.status = 'DISPATCHED' AND c.dispatched_at < now() - redispatch_after)
                    ORDER BY c.created_at
                    LIMIT max_rows
                    FOR UPDATE SKIP LOCKED) picked
            WHERE o.tenant_id = picked.tenant_id AND o.id = picked.id
           RETURNING o.tenant_id, o.id, o.topic, o.payload, o.attempts
         $$`,
      `CREATE INDEX "idx_outbox_status_created" ON "outbox" ("status", "created_at")`,
      `DROP INDEX "idx_outbox_dispatched"`,
      `DROP INDEX "idx_outbox_pending"`,
    ]);
  }
}
