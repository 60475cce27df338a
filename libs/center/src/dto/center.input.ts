import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { DateTimeScalar, IsCreditCode, IsMainlandPhone, IsMoney, NotBlank } from '@app/platform';
import { Satisfaction } from '../entities/case-callback.entity';
import { CaseChannel, CaseOutcome, CaseType, CenterCaseStatus } from '../entities/center-case.entity';

const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Direct intake at the center. receivedAt may be earlier than now, never later. */
@InputType()
export class RegisterCaseInput {
  @Field(() => CaseType) @IsEnum(CaseType, { message: '案件类型无效' }) type: CaseType;
  @Field(() => CaseChannel) @IsEnum(CaseChannel, { message: '渠道无效' }) channel: CaseChannel;
  @Field(() => DateTimeScalar, { nullable: true, description: '接收时间（默认现在；不得晚于现在）' }) @IsOptional() @IsDate({ message: '接收时间无效' }) receivedAt?: Date | null;
  @Field() @Trim() @NotBlank() @MaxLength(200) subject: string;
  @Field() @Trim() @NotBlank() @MaxLength(5000) description: string;
  @Field({ description: '投诉人/举报人姓名（加密存储；举报人信息保密）' }) @Trim() @NotBlank() @MaxLength(50) complainantName: string;
  @Field({ description: '手机号或带区号的固定电话' }) @Trim() @IsMainlandPhone() complainantPhone: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @NotBlank() @MaxLength(200) respondentName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @IsCreditCode() respondentCreditCode?: string | null;
  @Field(() => ID, { description: '登记单位（12315 中心所在单位）' }) @IsUUID('all', { message: 'orgUnitId 无效' }) orgUnitId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsMoney() amountClaimed?: string | null;
}

@InputType()
export class CloseCaseInput {
  @Field(() => CaseOutcome) @IsEnum(CaseOutcome, { message: '办结结果无效' }) outcome: CaseOutcome;
  @Field(() => String, { nullable: true, description: '挽回经济损失（元，两位小数）' }) @IsOptional() @IsMoney() amountRecovered?: string | null;
  @Field() @Trim() @NotBlank() @MaxLength(2000) note: string;
}

@InputType()
export class CallbackInput {
  @Field(() => Satisfaction) @IsEnum(Satisfaction, { message: '满意度无效' }) satisfaction: Satisfaction;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @MaxLength(2000) comment?: string | null;
}

@InputType()
export class CenterCaseFilter {
  @Field(() => ID, { nullable: true, description: '登记或承办单位在该单位及其下级' }) @IsOptional() @IsUUID('all', { message: 'orgUnitId 无效' }) orgUnitId?: string | null;
  @Field(() => CenterCaseStatus, { nullable: true }) @IsOptional() @IsEnum(CenterCaseStatus) status?: CenterCaseStatus | null;
  @Field(() => CaseType, { nullable: true }) @IsOptional() @IsEnum(CaseType) type?: CaseType | null;
  @Field(() => Boolean, { nullable: true, description: '有已超期未完成的时限' }) @IsOptional() @IsBoolean() overdue?: boolean | null;
}
