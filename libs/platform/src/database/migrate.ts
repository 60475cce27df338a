import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** Arbitrary constant: the advisory lock every migrating process takes first. */
export const MIGRATION_LOCK_KEY = 7_231_512_315;

export function migrationDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: false,
    extra: { max: 2, application_name: 'station-network-migrate' },
  });
}

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so two processes starting at
 * once cannot both migrate: the second waits, then finds nothing left to do (immich does the same).
 */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = migrationDataSource(url);
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const ran = await ds.runMigrations({ transaction: 'all' });
    return ran.map((m) => m.name);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
    await ds.destroy();
  }
}
