import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateScalar, DateTimeScalar } from '@app/platform';
import { InspectionResult } from '../entities/inspection.entity';

registerEnumType(InspectionResult, {
  name: 'InspectionResult',
  description: '检查结论：全部合格；限期整改；不合格（有不合格项且未给整改期限）',
});

@ObjectType('ChecklistItem', { description: '站点检查表中的一个项目（租户可修改）' })
export class ChecklistItemModel {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() title: string;
  @Field(() => Int) sortOrder: number;
  @Field() active: boolean;
}

@ObjectType('InspectionItemResult')
export class InspectionItemResultModel {
  @Field() code: string;
  @Field() title: string;
  @Field() passed: boolean;
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType('Rectification', { description: '检查发现的限期整改事项' })
export class RectificationModel {
  @Field(() => ID) id: string;
  @Field(() => ID) inspectionId: string;
  @Field(() => ID) stationId: string;
  @Field() description: string;
  @Field(() => Int) workingDays: number;
  @Field(() => DateScalar, { description: '整改期限（最后一天）' }) dueOn: string;
  @Field(() => DateTimeScalar, { nullable: true }) closedAt: Date | null;
  @Field(() => String, { nullable: true }) closingNote: string | null;
  @Field({ description: '未整改完毕且已过期限' }) overdue: boolean;
}

@ObjectType('Inspection')
export class InspectionModel {
  @Field(() => ID) id: string;
  @Field(() => ID) stationId: string;
  @Field(() => DateScalar) inspectedOn: string;
  @Field() inspectorName: string;
  @Field(() => InspectionResult) result: InspectionResult;
  @Field(() => [InspectionItemResultModel]) items: InspectionItemResultModel[];
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => [RectificationModel]) rectifications: RectificationModel[];
}

@ObjectType('TrainingRecord')
export class TrainingRecordModel {
  @Field(() => ID) id: string;
  @Field(() => ID) stationId: string;
  @Field() traineeName: string;
  @Field(() => DateScalar) trainedOn: string;
  @Field(() => Float) hours: number;
  @Field() topic: string;
  @Field() organizer: string;
}

@ObjectType('StationVerification', { description: '年度名录核查记录' })
export class StationVerificationModel {
  @Field(() => ID) id: string;
  @Field(() => ID) stationId: string;
  @Field(() => Int) year: number;
  @Field(() => DateScalar) verifiedOn: string;
  @Field() verifiedByName: string;
  @Field(() => String, { nullable: true }) note: string | null;
}
