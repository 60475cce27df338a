/**
 * The role every application connection acts as: not a superuser, owns no table, no BYPASSRLS.
 * Set as a startup option of each pooled connection, so even a DATABASE_URL naming a
 * superuser (as on the development machines) runs under row-level security.
 *
 * JIT compilation is off for the application: its statements run in milliseconds, and the
 * statistics rebuild, whose estimated cost crosses jit_above_cost, spent 1.6 s compiling
 * itself for 0.1 s of work.
 */
export const RUNTIME_ROLE = 'sn_app';

/**
 * A transaction left idle this long is ended by the server (its connection closed), releasing its
 * locks: a process that hung or vanished mid-transaction (a frozen VM, a partition: no FIN
 * reaches PostgreSQL) would otherwise hold the rows it locked (an outbox row, a dispute) for as
 * long as TCP takes to notice, about two hours, and every escalation waiting on them with it.
 * No transaction of the apps waits on anything but the database for longer than the relay's
 * Redis send (5 s); exports read page by page in short transactions.
 * DB_IDLE_TX_TIMEOUT_MS overrides it (tests).
 */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

export function runtimeConnectionOptions(env: Record<string, string | undefined> = process.env): string {
  const idle = /^\d+$/.test(env.DB_IDLE_TX_TIMEOUT_MS ?? '') ? Number(env.DB_IDLE_TX_TIMEOUT_MS) : IDLE_IN_TRANSACTION_TIMEOUT_MS;
  return `-c role=${RUNTIME_ROLE} -c timezone=UTC -c jit=off -c idle_in_transaction_session_timeout=${idle}`;
}
