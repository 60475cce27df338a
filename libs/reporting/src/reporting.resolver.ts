import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { ConnectionShape } from '@app/platform';
import { PeriodicReportConnection, PeriodicReportModel } from './dto/periodic-report.model';
import { PeriodInput } from './dto/reporting.input';
import { HotSpotsModel, StatisticsModel } from './dto/reporting.model';
import { PeriodKind } from './period';
import { PeriodicReportsService } from './periodic-reports.service';
import { ReportingService } from './reporting.service';

@Resolver()
export class ReportingResolver {
  constructor(
    private readonly service: ReportingService,
    private readonly periodic: PeriodicReportsService,
  ) {}

  @Query(() => PeriodicReportConnection, { description: '定期报告（月、季度、半年、年度），按周期倒序；默认本人所在单位' })
  periodicReports(
    @Args('orgUnitId', { type: () => ID, nullable: true }) orgUnitId: string | null,
    @Args('kind', { type: () => PeriodKind }) kind: PeriodKind,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ConnectionShape<PeriodicReportModel>> {
    return this.periodic.list(orgUnitId, kind, first, after);
  }

  @Query(() => StatisticsModel, { description: '统计数据：默认为本人所在单位；站点人员仅本站点' })
  statistics(
    @Args('orgUnitId', { type: () => ID, nullable: true }) orgUnitId: string | null,
    @Args('period', { type: () => PeriodInput }) period: PeriodInput,
  ): Promise<StatisticsModel> {
    return this.service.statistics(orgUnitId, period);
  }

  @Query(() => HotSpotsModel, { description: '热点：本期居前的问题类别与被投诉方，及与上期相比的增减' })
  hotSpots(
    @Args('orgUnitId', { type: () => ID, nullable: true }) orgUnitId: string | null,
    @Args('period', { type: () => PeriodInput }) period: PeriodInput,
    @Args('limit', { type: () => Int, nullable: true, description: '每项返回条数，1–50，默认 10' }) limit?: number | null,
  ): Promise<HotSpotsModel> {
    return this.service.hotSpots(orgUnitId, period, limit);
  }
}
