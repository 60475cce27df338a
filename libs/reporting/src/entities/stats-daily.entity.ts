import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Daily statistics rollup (issue 8 figures at scale): for each org unit, the figures of its whole
 * subtree on one China day, one row per (metric, key) — e.g. ('received', 'COMPLAINT|PHONE'),
 * ('closed', '') with the recovered amount in `fen`. `org_unit_id` is the nil UUID for the whole
 * tenant. Rows are derived data: the worker rebuilds a day from the source tables whenever
 * `stats_dirty` marks it, and reads combine clean days from here with a live count of dirty days
 * (see StatisticsRollups), so the figures are always exact. Never written by requests.
 */
@Entity('stats_daily')
export class StatsDaily {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid', { name: 'org_unit_id' })
  orgUnitId: string;

  @PrimaryColumn('date')
  day: string;

  @PrimaryColumn('text')
  metric: string;

  /** The breakdown key; '' for none (and for a dispute without goods/service category or issue type). */
  @PrimaryColumn('text')
  key: string;

  @Column('integer')
  n: number;

  @Column('bigint', { default: 0 })
  fen: string;
}

/**
 * A day whose rollup may be stale (NULL day: every day of the tenant, e.g. after an org unit
 * moved). Statement triggers on the source tables append one row per (statement, touched day) in
 * the writing transaction; the rollup job deletes exactly the rows it read in the snapshot it
 * rebuilt from, so a change committed meanwhile keeps its mark. Append-only on purpose: a unique
 * (tenant, day) mark would be a row every writer of the day locks.
 */
@Entity('stats_dirty')
@Index('idx_stats_dirty_day', ['tenantId', 'day'])
export class StatsDirty {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('bigint', { generated: 'identity', generatedIdentity: 'ALWAYS' } as never)
  id: string;

  @Column('date', { nullable: true })
  day: string | null;
}
