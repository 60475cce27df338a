import type { MigrationInterface } from 'typeorm';
import { Platform1763900000000 } from './1763900000000-platform';
import { Stations1763900001000 } from './1763900001000-stations';
import { Calendar1763900002000 } from './1763900002000-calendar';
import { Disputes1763900003000 } from './1763900003000-disputes';
import { Center1763900004000 } from './1763900004000-center';
import { Evaluation1763900005000 } from './1763900005000-evaluation';
import { Reporting1763900006000 } from './1763900006000-reporting';
import { RequestPath1763900007500 } from './1763900007500-request-path';
import { ReportingIndexes1763900008000 } from './1763900008000-reporting-indexes';
import { StatisticsRollups1763900009000 } from './1763900009000-statistics-rollups';
import { CenterQueue1763900010000 } from './1763900010000-center-queue';
import { PendingDeadlines1763900011000 } from './1763900011000-pending-deadlines';
import { StatisticsDefinitions1763900012000 } from './1763900012000-statistics-definitions';
import { UrgedDeadlines1763900013000 } from './1763900013000-urged-deadlines';
import { OutboxClaim1763900014000 } from './1763900014000-outbox-claim';
import { ProvisionalSettleBy1763900015000 } from './1763900015000-provisional-settle-by';
import { PrincipalNotify1763900016000 } from './1763900016000-principal-notify';
import { CoHandler1763900017000 } from './1763900017000-co-handler';

/** Every migration, in order. Explicit (not a glob) so the bundled apps carry them too. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [Platform1763900000000, Stations1763900001000, Calendar1763900002000, Disputes1763900003000, Center1763900004000, Evaluation1763900005000, Reporting1763900006000, RequestPath1763900007500, ReportingIndexes1763900008000, StatisticsRollups1763900009000, CenterQueue1763900010000, PendingDeadlines1763900011000, StatisticsDefinitions1763900012000, UrgedDeadlines1763900013000, OutboxClaim1763900014000, ProvisionalSettleBy1763900015000, PrincipalNotify1763900016000, CoHandler1763900017000];
