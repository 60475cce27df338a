import { readdirSync, statSync } from 'fs';
import { join } from 'path';
import { DataSource, EntitySchema } from 'typeorm';

const ROOT = join(__dirname, '..', '..');

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.entity.ts')) out.push(p);
  }
  return out;
}

/** Every entity class declared in any lib: a new entity file is covered without registering it here. */
export function allEntityClasses(): Function[] {
  const files = readdirSync(join(ROOT, 'libs')).flatMap((lib) => {
    const src = join(ROOT, 'libs', lib, 'src');
    try {
      return walk(src, []);
    } catch {
      return [];
    }
  });
  const classes = new Set<Function>();
  for (const f of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(f);
    for (const v of Object.values(mod)) if (typeof v === 'function' || v instanceof EntitySchema) classes.add(v as Function);
  }
  return [...classes];
}

/** SQL that would bring the database at `url` in line with the entities (empty when in sync). */
export async function pendingSchemaChanges(url: string): Promise<{ up: string[]; down: string[] }> {
  const { getMetadataArgsStorage } = await import('typeorm');
  const candidates = allEntityClasses();
  const tables = new Set(getMetadataArgsStorage().tables.map((t) => t.target));
  const entities = candidates.filter((c) => tables.has(c));
  const ds = new DataSource({ type: 'postgres', url, entities: entities as never, synchronize: false, extra: { max: 1 } });
  await ds.initialize();
  try {
    const sql = await ds.driver.createSchemaBuilder().log();
    return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query) };
  } finally {
    await ds.destroy();
  }
}
