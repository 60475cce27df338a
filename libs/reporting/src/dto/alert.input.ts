import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsUUID, MaxLength } from 'class-validator';
import { NotBlank } from '@app/platform';
import { ConsumerAlertKind } from '../entities/consumer-alert.entity';

const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

@InputType('DraftConsumerAlertInput', { description: '消费警示/提示草稿' })
export class DraftConsumerAlertInput {
  @Field(() => ID, { description: '以该单位名义发布，范围为其辖区' }) @IsUUID('all', { message: '单位编号无效' }) orgUnitId: string;
  @Field(() => ConsumerAlertKind) @IsEnum(ConsumerAlertKind, { message: '类型无效' }) kind: ConsumerAlertKind;
  @Field() @Trim() @NotBlank() @MaxLength(200) title: string;
  @Field() @Trim() @NotBlank() @MaxLength(20000) body: string;
}
