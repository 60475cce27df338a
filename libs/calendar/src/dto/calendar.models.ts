import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateScalar, DateTimeScalar, PRESET_IDS, RULE_START_EVENTS, RuleKey } from '@app/platform';
import { DeadlineKind } from '../entities/deadline.entity';

/** GraphQL enums for the string unions of the pure calendar core. */
function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
}

export const CalendarDayKind = enumOf(['HOLIDAY', 'WORKDAY'] as const);
export const DayUnitEnum = enumOf(['WORKING', 'CALENDAR'] as const);
export const DeadlineStartEventEnum = enumOf(RULE_START_EVENTS);
export const RulebookPresetIdEnum = enumOf(PRESET_IDS);

registerEnumType(CalendarDayKind, { name: 'CalendarDayKind', description: '日历调整：HOLIDAY 放假，WORKDAY 上班（含调休）' });
registerEnumType(DayUnitEnum, { name: 'DayUnit', description: '时限单位：WORKING 工作日，CALENDAR 自然日' });
registerEnumType(DeadlineStartEventEnum, { name: 'DeadlineStartEvent', description: '起算事件' });
registerEnumType(RulebookPresetIdEnum, { name: 'RulebookPresetId', description: '时限规则预设' });
registerEnumType(RuleKey, { name: 'DeadlineRuleKey', description: '时限规则' });
registerEnumType(DeadlineKind, { name: 'DeadlineKind', description: '案件时限类型' });

@ObjectType('CalendarOverride', { description: '租户对某一天的日历调整' })
export class CalendarOverrideModel {
  @Field(() => DateScalar) date: string;
  @Field(() => CalendarDayKind) kind: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => DateTimeScalar) updatedAt: Date;
}

@ObjectType('CalendarCoverage', { description: '工作日日历覆盖的年份' })
export class CalendarCoverageModel {
  @Field(() => Int, { description: '国家日历（chinese-days）的首个年份' }) nationalFirstYear: number;
  @Field(() => Int, { description: '国家日历的最后年份' }) nationalLastYear: number;
  @Field(() => [Int], { description: '本租户声明已发布的年份（已录入国务院通知）' }) publishedYears: number[];
  @Field(() => Int, { description: '可计算的最后年份；超出则拒绝计算' }) lastCoveredYear: number;
}

@ObjectType('DeadlineRule', { description: '一条时限规则' })
export class DeadlineRuleModel {
  @Field(() => RuleKey) key: RuleKey;
  @Field() label: string;
  @Field(() => DeadlineStartEventEnum) startsOn: string;
  @Field(() => DayUnitEnum) unit: string;
  @Field(() => Int) days: number;
  @Field(() => Int, { nullable: true, description: '唯一一次延长的天数；空 = 不允许延长' }) extensionDays: number | null;
  @Field({ description: '时限是否已对照依据核实；false 时管理界面须标注“待核实”' }) verified: boolean;
  @Field({ description: '例如“7 个工作日（可延长 5 个工作日）”，未核实的加注“（待核实）”' }) summary: string;
  @Field() source: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field({ description: '本租户是否改过此规则' }) overridden: boolean;
}

@ObjectType('Rulebook', { description: '某一时刻生效的时限规则' })
export class RulebookModel {
  @Field(() => ID, { nullable: true, description: '规则版本；空 = 从未修改（默认种子规则）' }) versionId: string | null;
  @Field(() => RulebookPresetIdEnum) preset: string;
  @Field() presetName: string;
  @Field(() => DateTimeScalar, { nullable: true, description: '本版本生效时间；此后受理的案件适用' }) effectiveFrom: Date | null;
  @Field(() => [DeadlineRuleModel]) rules: DeadlineRuleModel[];
}

@ObjectType('RulebookPreset', { description: '时限规则预设' })
export class RulebookPresetModel {
  @Field(() => RulebookPresetIdEnum) id: string;
  @Field() name: string;
  @Field(() => DateScalar, { nullable: true, description: '法规施行日' }) effectiveFrom: string | null;
  @Field(() => DateScalar, { nullable: true, description: '法规废止前最后一日' }) effectiveTo: string | null;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => [DeadlineRuleModel]) rules: DeadlineRuleModel[];
}

/** Contract `Deadline` (used by the center lib's CenterCase.deadlines). */
@ObjectType('Deadline')
export class DeadlineModel {
  @Field(() => DeadlineKind) kind: DeadlineKind;
  @Field(() => DateTimeScalar) dueAt: Date;
  @Field(() => DateTimeScalar, { nullable: true }) metAt: Date | null;
  @Field() breached: boolean;
  @Field({ description: '是否已延长（extendCase 延长办理时限，一次）；重新起算的时限为 false' }) extended: boolean;
}
