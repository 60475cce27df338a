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
  @Field(() => StatisticsModel, { description: '生成时的统计数据' }) statistics: StatisticsModel;
}

export const PeriodicReportConnection = Connection(PeriodicReportModel, 'PeriodicReport');
