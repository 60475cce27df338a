import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection, DateScalar, DateTimeScalar } from '@app/platform';
import { PeriodKind } from '../period';
import { StatisticsModel } from './reporting.model';

@ObjectType('PeriodicReport', { description: '定期报告：周期结束后（中国标准时间次月 1 日 00:10）自动生成并保存的该单位统计数据，生成后不再变化' })
export class PeriodicReportModel {
  @Field(() => ID) id: string;
  @Field(() => ID) orgUnitId: string;
  @Field(() => PeriodKind) kind: PeriodKind;
  @Field(() => DateScalar) from: string;
  @Field(() => DateScalar, { description: '末日（含）' }) to: string;
  @Field(() => DateTimeScalar) generatedAt: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: '报送截止：月报、季报为下一周期第一个工作日 10:00；上半年（12 月 1 日至 5 月 31 日）6 月 10 日；年报（及下半年）12 月 10 日。该日所在年份的节假日安排尚未发布时为空',
  })
  dueAt: Date | null;
  @Field(() => StatisticsModel, { description: '生成时的统计数据' }) statistics: StatisticsModel;
}

export const PeriodicReportConnection = Connection(PeriodicReportModel, 'PeriodicReport');
