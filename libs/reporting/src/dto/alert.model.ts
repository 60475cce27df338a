import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar } from '@app/platform';
import { ConsumerAlertKind, ConsumerAlertStatus } from '../entities/consumer-alert.entity';

registerEnumType(ConsumerAlertKind, { name: 'ConsumerAlertKind', description: '消费警示、消费提示' });
registerEnumType(ConsumerAlertStatus, { name: 'ConsumerAlertStatus', description: '草稿 → 审核通过即发布 / 退回' });

@ObjectType('ConsumerAlert', { description: '消费警示/提示：中心人员起草，本单位或上级单位执法人员审核后以该单位名义向其辖区发布' })
export class ConsumerAlertModel {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: '发布单位' }) orgUnitId: string;
  @Field(() => ConsumerAlertKind) kind: ConsumerAlertKind;
  @Field(() => ConsumerAlertStatus) status: ConsumerAlertStatus;
  @Field() title: string;
  @Field() body: string;
  @Field(() => String, { nullable: true, description: '退回理由' }) rejectionReason: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) publishedAt: Date | null;
  @Field(() => DateTimeScalar) createdAt: Date;

  orgUnitPath: string;
}

export const ConsumerAlertConnection = Connection(ConsumerAlertModel, 'ConsumerAlert');
