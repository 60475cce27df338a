import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CalendarOverrideKind, DateScalar, DateTimeScalar, DayUnit, PresetId, RuleKey } from '@app/platform';
import { CalendarService } from './calendar.service';
import { toPresetModel, toRulebookModel } from './dto/calendar.mappers';
import {
  CalendarCoverageModel,
  CalendarDayKind,
  CalendarOverrideModel,
  DayUnitEnum,
  RulebookModel,
  RulebookPresetIdEnum,
  RulebookPresetModel,
} from './dto/calendar.models';
import { RulebookService } from './rulebook.service';

@Resolver()
export class CalendarResolver {
  constructor(
    private readonly calendar: CalendarService,
    private readonly rulebooks: RulebookService,
  ) {}

  @Query(() => DateScalar, { description: '从 from 的次日起算，第 days 个工作日的日期（按本租户日历）' })
  workingDaysAfter(@Args('from', { type: () => DateScalar }) from: string, @Args('days', { type: () => Int }) days: number): Promise<string> {
    return this.calendar.workingDaysAfter(from, days);
  }

  @Query(() => CalendarCoverageModel, { description: '工作日日历覆盖到哪一年' })
  calendarCoverage(): Promise<CalendarCoverageModel> {
    return this.calendar.coverage();
  }

  @Query(() => [CalendarOverrideModel], { description: '本租户某年的日历调整（租户管理员）' })
  calendarOverrides(@Args('year', { type: () => Int }) year: number): Promise<CalendarOverrideModel[]> {
    return this.calendar.listOverrides(year);
  }

  @Mutation(() => CalendarOverrideModel, { description: '把某一天设为放假或上班（租户管理员）' })
  setCalendarOverride(
    @Args('date', { type: () => DateScalar }) date: string,
    @Args('kind', { type: () => CalendarDayKind }) kind: CalendarOverrideKind,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
  ): Promise<CalendarOverrideModel> {
    return this.calendar.setOverride(date, kind, note);
  }

  @Mutation(() => CalendarOverrideModel, { description: '删除某一天的日历调整（租户管理员）' })
  removeCalendarOverride(@Args('date', { type: () => DateScalar }) date: string): Promise<CalendarOverrideModel> {
    return this.calendar.removeOverride(date);
  }

  @Mutation(() => CalendarCoverageModel, { description: '声明某年节假日安排已录入（租户管理员）' })
  publishCalendarYear(@Args('year', { type: () => Int }) year: number): Promise<CalendarCoverageModel> {
    return this.calendar.publishYear(year);
  }

  @Mutation(() => CalendarCoverageModel, { description: '撤回误声明的年份（租户管理员）' })
  unpublishCalendarYear(@Args('year', { type: () => Int }) year: number): Promise<CalendarCoverageModel> {
    return this.calendar.unpublishYear(year);
  }

  @Query(() => RulebookModel, { description: '某一时刻（默认现在）生效的时限规则（租户管理员）' })
  async rulebook(@Args('at', { type: () => DateTimeScalar, nullable: true }) at?: Date | null): Promise<RulebookModel> {
    return toRulebookModel(await this.rulebooks.view(at));
  }

  @Query(() => [RulebookPresetModel], { description: '可选的时限规则预设（租户管理员）' })
  rulebookPresets(): RulebookPresetModel[] {
    return this.rulebooks.presets().map(toPresetModel);
  }

  @Mutation(() => RulebookModel, { description: '切换时限规则预设，此后受理的案件适用；单条自定义规则清空（租户管理员）' })
  async switchRulebookPreset(@Args('preset', { type: () => RulebookPresetIdEnum }) preset: PresetId): Promise<RulebookModel> {
    return toRulebookModel(await this.rulebooks.switchPreset(preset));
  }

  @Mutation(() => RulebookModel, { description: '自定义单条时限规则，此后受理的案件适用（租户管理员）' })
  async overrideRule(
    @Args('key', { type: () => RuleKey }) key: RuleKey,
    @Args('days', { type: () => Int }) days: number,
    @Args('unit', { type: () => DayUnitEnum }) unit: DayUnit,
    @Args('extensionDays', { type: () => Int, nullable: true }) extensionDays?: number | null,
  ): Promise<RulebookModel> {
    return toRulebookModel(await this.rulebooks.overrideRule(key, days, unit, extensionDays));
  }
}
