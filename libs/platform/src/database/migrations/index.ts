import type { MigrationInterface } from 'typeorm';
import { Platform1763900000000 } from './1763900000000-platform';

/** Every migration, in order. Explicit (not a glob) so the bundled apps carry them too. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [Platform1763900000000];
