import { Field, InputType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { DateScalar, IsBusinessDate } from '@app/platform';
import { PeriodKind } from '../period';

@InputType('PeriodInput', { description: '统计周期：周期类型与其中任一日期（中国标准时间）' })
export class PeriodInput {
  @Field(() => PeriodKind) @IsEnum(PeriodKind, { message: '统计周期无效' }) kind: PeriodKind;
  @Field(() => DateScalar, { description: '周期内的任一日期' }) @IsBusinessDate() anchor: string;
}
