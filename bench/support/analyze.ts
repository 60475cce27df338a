// Planner statistics as autovacuum would have them in a running system. A benchmark's database is
// minutes old: tables filled since it was created have never been analysed, and plans built on
// "no statistics" can read a whole table per row (the duplicate check of openDispute did). Analysing
// everything is wrong too: a table analysed while empty is "known empty", and plans cached on that
// (foreign-key checks, prepared statements) scan it whole as it grows (the deadlines' check of their
// case did: 0.5 ms per row at 10,000 cases). So, like autovacuum's analyse threshold (50 rows +
// 10%), only the tables whose row count moved that much from what the planner knows. Counts rows
// (pg_stat_user_tables lags behind busy backends).
interface Queryable {
  query(sql: string): Promise<{ rows: Record<string, unknown>[] } | Record<string, unknown>[]>;
}

const rowsOf = (res: { rows: Record<string, unknown>[] } | Record<string, unknown>[]) => (Array.isArray(res) ? res : res.rows);

export async function analyzeLikeAutovacuum(db: Queryable): Promise<string[]> {
  const tables = rowsOf(await db.query(`SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`)) as { relname: string; reltuples: number }[];
  const stale: string[] = [];
  for (const { relname, reltuples } of tables) {
    const [{ n }] = rowsOf(await db.query(`SELECT count(*)::int AS n FROM "${relname}"`)) as { n: number }[];
    const known = Math.max(Number(reltuples), 0);
    if (Math.abs(n - known) >= 50 + 0.1 * known) stale.push(relname);
  }
  if (stale.length) await db.query(`ANALYZE ${stale.map((t) => `"${t}"`).join(', ')}`);
  return stale;
}
