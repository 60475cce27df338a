import { Injectable } from '@nestjs/common';
import { DataLoaderFactory, TenantDb } from '@app/platform';
import { StationIndicatorsModel } from './dto/evaluation.model';

/**
 * A station's own results for the round's year (China time, Jan 1 – Dec 31), computed from
 * the tables that exist: counter disputes (libs/disputes), trainings, inspections and
 * rectifications (libs/stations), and the 12315 center's deadlines of cases escalated from the
 * station (libs/center). Read through table names, so this lib needs nothing but the schema.
 * `overdueDeadlines` counts disputes settled or escalated (also automatically) after their settlement deadline or still open past it,
 * plus rectifications not closed by their due date; `overdueCenterDeadlines` counts breached
 * deadlines of center cases escalated from the station in the year.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly db: TenantDb,
    private readonly loaders: DataLoaderFactory,
  ) {}

  load(stationId: string, year: number): Promise<StationIndicatorsModel> {
    return this.loaders
      .get<string, StationIndicatorsModel>('evaluation.indicators', async (keys) => {
        const byYear = new Map<number, string[]>();
        for (const k of keys) {
          const [id, y] = k.split('|');
          byYear.set(Number(y), [...(byYear.get(Number(y)) ?? []), id]);
        }
        const out = new Map<string, StationIndicatorsModel>();
        await this.db.tx(async (em) => {
          for (const [y, ids] of byYear) {
            const from = `${y}-01-01T00:00:00+08:00`;
            const to = `${y + 1}-01-01T00:00:00+08:00`;
            const rows: Record<string, any>[] = await em.query(
              `select s.id,
                 (select count(*) from disputes d where d.station_id = s.id and d.opened_at >= $2 and d.opened_at < $3 and d.status <> 'WITHDRAWN')::int as handled,
                 (select count(*) from disputes d where d.station_id = s.id and d.opened_at >= $2 and d.opened_at < $3 and d.status = 'SETTLED')::int as settled,
                 (select count(*) from disputes d where d.station_id = s.id and d.opened_at >= $2 and d.opened_at < $3 and d.status in ('SETTLED', 'DECLINED', 'ESCALATED', 'ESCALATING'))::int as finished,
                 (select count(*) from disputes d where d.station_id = s.id and d.opened_at >= $2 and d.opened_at < $3 and d.escalated_at is not null)::int as escalations,
                 (select count(*) from disputes d where d.station_id = s.id and d.opened_at >= $2 and d.opened_at < $3
                     and (d.settled_at > d.settle_by or d.escalated_at > d.settle_by or (d.status = 'OPEN' and d.settle_by < least(now(), $3::timestamptz))))::int
                 + (select count(*) from station_rectifications r where r.station_id = s.id and r.due_on >= $4::date and r.due_on < $5::date
                     and r.due_on < current_date and (r.closed_at is null or (r.closed_at at time zone 'Asia/Shanghai')::date > r.due_on))::int as overdue,
                 (select count(*) from center_cases c join deadlines dl on dl.tenant_id = c.tenant_id and dl.case_id = c.id
                     where c.source_station_id = s.id and c.received_at >= $2 and c.received_at < $3 and dl.breached)::int as center_overdue,
                 (select count(*) from station_trainings t where t.station_id = s.id and t.trained_on >= $4::date and t.trained_on < $5::date)::int as trainings,
                 (select coalesce(sum(t.hours), 0) from station_trainings t where t.station_id = s.id and t.trained_on >= $4::date and t.trained_on < $5::date)::float8 as hours,
                 (select count(*) from station_inspections i where i.station_id = s.id and i.inspected_on >= $4::date and i.inspected_on < $5::date)::int as inspections,
                 (select count(*) from station_inspections i where i.station_id = s.id and i.inspected_on >= $4::date and i.inspected_on < $5::date and i.result = 'PASSED')::int as passed,
                 (select count(*) from station_inspections i where i.station_id = s.id and i.inspected_on >= $4::date and i.inspected_on < $5::date and i.result = 'FAILED')::int as failed
               from stations s where s.id = ANY($1::uuid[])`,
              [ids, from, to, `${y}-01-01`, `${y + 1}-01-01`],
            );
            for (const r of rows) {
              out.set(`${r.id}|${y}`, {
                disputesHandled: r.handled,
                disputesSettled: r.settled,
                settlementRate: r.finished ? Math.round((r.settled / r.finished) * 10000) / 10000 : null,
                escalations: r.escalations,
                overdueDeadlines: r.overdue,
                overdueCenterDeadlines: r.center_overdue,
                trainingAttendances: r.trainings,
                trainingHours: Number(r.hours),
                inspections: r.inspections,
                inspectionsPassed: r.passed,
                inspectionsFailed: r.failed,
              });
            }
          }
        });
        return keys.map((k) => out.get(k) ?? new Error(`station ${k} not found`));
      })
      .load(`${stationId}|${year}`);
  }
}
