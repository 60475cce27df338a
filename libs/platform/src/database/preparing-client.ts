import { createHash } from 'crypto';
import { Client, QueryConfig } from 'pg';

/** Executions of the same statement text, in this process, before it is prepared by name. */
export const PREPARE_AFTER = 3;
/** Named statements one connection holds at most (PostgreSQL keeps their plans per session). */
const MAX_PREPARED_PER_CONNECTION = 400;
/** Longer texts (reports, bulk statements) stay unnamed: planned for their parameters each time. */
const MAX_PREPARED_TEXT = 8_000;

/**
 * Leading comment that keeps a statement unnamed: planned for its actual parameters every time.
 * For analytic statements (statistics, rollups, exports) whose best plan depends on the range
 * asked: a generic plan, which PostgreSQL may settle on after five executions of a named
 * statement, guesses the range's size and can pick nested loops over a whole year.
 */
export const UNPREPARED = '/* unprepared */';

/** How often each parameterised text was run in this process (bounded: texts beyond are not tracked). */
const seen = new Map<string, number>();
const MAX_TRACKED = 5_000;

/** Whether `text` has been run often enough to be worth a named statement. Counts the run. */
function shouldPrepare(text: string): boolean {
  if (text.length > MAX_PREPARED_TEXT || text.startsWith(UNPREPARED)) return false;
  const n = (seen.get(text) ?? 0) + 1;
  if (n <= PREPARE_AFTER) {
    if (seen.size < MAX_TRACKED || seen.has(text)) seen.set(text, n);
    return false;
  }
  return true;
}

/** The statement name of `text`: stable across connections and processes. */
export function statementName(text: string): string {
  return `a_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}

/**
 * A pg Client that prepares the statements the application repeats, the way pgJDBC
 * (prepareThreshold) and Npgsql (auto-prepare) do: a parameterised text run more than
 * PREPARE_AFTER times in this process is sent as a named statement, so each connection parses
 * and plans it once and then only binds and executes it (PostgreSQL still re-plans per call
 * when a generic plan would be worse: plan_cache_mode auto). Measured on openDispute and the
 * escalation transaction, planning was a third of PostgreSQL's CPU (bench/RESULTS.md).
 * Unparameterised texts (simple-protocol messages such as START TRANSACTION; …), long ones and
 * those starting with UNPREPARED are untouched. Turned off with DB_AUTO_PREPARE=false, e.g.
 * behind a transaction-pooling PgBouncer older than 1.21, which cannot carry named statements
 * across server connections.
 */
export class PreparingClient extends Client {
  private prepared = 0;

  // pg's overloads (callbacks, submittables) pass through untouched; so do its return types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: unknown[]): any {
    const [first, values] = args;
    if (typeof first === 'string' && Array.isArray(values) && values.length && args.length === 2 && shouldPrepare(first)) {
      const name = statementName(first);
      // pg's own record of the statements this connection has parsed (not public API: without it, stay unnamed).
      const parsed = (this as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection?.parsedStatements;
      if (parsed && (parsed[name] !== undefined || this.prepared < MAX_PREPARED_PER_CONNECTION)) {
        if (parsed[name] === undefined) this.prepared++;
        const config: QueryConfig = { name, text: first, values };
        return (super.query as unknown as (c: QueryConfig) => unknown)(config);
      }
    }
    return (super.query as unknown as (...a: unknown[]) => unknown)(...args);
  }
}
