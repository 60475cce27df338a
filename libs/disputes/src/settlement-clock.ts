import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RulebookInForceRow, rulebookInForceSql, RulebookService } from '@app/calendar';

/**
 * When a counter dispute must be settled or escalated: the end (23:59:59.999 Asia/Shanghai) of
 * the Nth working day after the opening day, N from the tenant's rulebook (STATION_SETTLEMENT,
 * 3 working days by default). The one seam between disputes and the calendar.
 * A period reaching a year whose holidays are unpublished ends provisionally (marked), never refused.
 */
export const SETTLEMENT_CLOCK = Symbol('SETTLEMENT_CLOCK');
export interface SettlementClock {
  /**
   * In two steps, saving a round trip: `rulesSql(at, tenant)` is a one-row subquery the caller
   * joins LATERAL into a statement of its own transaction (`at`, `tenant`: SQL of the opening
   * instant and the tenant id), and settleByFrom reads that row.
   */
  rulesSql(at: string, tenant: string): string;
  /** A window reaching an unpublished year ends provisionally (`provisional`), never refused. */
  settleByFrom(openedAt: Date, row: RulebookInForceRow, em: EntityManager): Promise<{ at: Date; provisional: boolean }>;
}

/** Implementation on the calendar lib: the tenant's rulebook version in force and its calendar. */
@Injectable()
export class RulebookSettlementClock implements SettlementClock {
  constructor(private readonly rulebook: RulebookService) {}

  rulesSql(at: string, tenant: string): string {
    return rulebookInForceSql(at, tenant);
  }

  settleByFrom(openedAt: Date, row: RulebookInForceRow, em: EntityManager): Promise<{ at: Date; provisional: boolean }> {
    return this.rulebook.settleByFromRow(openedAt, row, em);
  }
}
