import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

export interface InsertRowsOptions {
  /** `ON CONFLICT DO NOTHING`: rows that would break a unique key are skipped. */
  onConflictDoNothing?: boolean;
  /** Column names (database names) to return for the inserted rows. */
  returning?: string[];
}

/**
 * Inserts entities in one statement with one parameter: the rows as a JSON array, expanded by
 * `json_populate_recordset` against the table's own row type. TypeORM's multi-row insert binds
 * one parameter per value and its parameter handling grows faster than linearly with their
 * number (64 rows of 20 columns cost milliseconds of CPU); this costs one JSON.stringify.
 * Column names come from the entity metadata; a property undefined in every row takes the
 * column default (as with em.insert), one undefined in only some rows is NULL there. Values must survive JSON: dates, strings, numbers, booleans,
 * arrays and objects (jsonb) do. Runs on `em`, so inside the caller's transaction and under
 * row-level security like any other statement.
 */
export async function insertRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  entities: Partial<T>[],
  options: InsertRowsOptions = {},
): Promise<Record<string, unknown>[]> {
  if (!entities.length) return [];
  const { sql, json } = insertRowsStatement(em, target, entities, options);
  const res: unknown = await em.query(sql, [json]);
  return options.returning?.length ? (res as Record<string, unknown>[]) : [];
}

/**
 * The statement insertRows runs: `sql` takes the rows as its one parameter `$1` (`json`), so a
 * caller may also send it with the JSON as a literal (TenantDb.insertAtCommit).
 */
export function insertRowsStatement<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  entities: Partial<T>[],
  options: InsertRowsOptions = {},
): { sql: string; json: string } {
  const meta = em.connection.getMetadata(target);
  const columns = meta.columns.filter((c) => entities.some((e) => (e as Record<string, unknown>)[c.propertyName] !== undefined));
  const rows = entities.map((e) => {
    const row: Record<string, unknown> = {};
    for (const c of columns) row[c.databaseName] = (e as Record<string, unknown>)[c.propertyName] ?? null;
    return row;
  });
  const table = meta.tablePath.split('.').map((p) => `"${p}"`).join('.');
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  const sql =
    `INSERT INTO ${table} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${table}, $1::json)` +
    (options.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : '') +
    (options.returning?.length ? ` RETURNING ${options.returning.map((r) => `"${r}"`).join(', ')}` : '');
  return { sql, json: JSON.stringify(rows) };
}
