import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsDate, IsEnum, IsOptional, IsUUID, MaxLength } from 'class-validator';
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
  @Field(() => ID, { description: '登记单位（12315 中心所在单位）' }) @IsUUID('all', { message: '单位编号无效' }) orgUnitId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsMoney() amountClaimed?: string | null;
}

@InputType()
export class CloseCaseInput {
  @Field(() => CaseOutcome) @IsEnum(CaseOutcome, { message: '办结结果无效' }) outcome: CaseOutcome;
  @Field(() => String, { nullable: true, description: '挽回经济损失（元，两位小数）' }) @IsOptional() @IsMoney() amountRecovered?: string | null;
  @Field() @Trim() @NotBlank() @MaxLength(2000) note: string;
  @Field(() => ID, { nullable: true, description: '协办人：与办结人共同办理本案的另一名执法人员或中心人员（001 第十四条：两名以上执法人员办理），取自 caseCoHandlerCandidates' })
  @IsOptional()
  @IsUUID('all', { message: '协办人编号无效' })
  coHandlerId?: string | null;
}

@InputType()
export class CallbackInput {
  @Field(() => Satisfaction) @IsEnum(Satisfaction, { message: '满意度无效' }) satisfaction: Satisfaction;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @MaxLength(2000) comment?: string | null;
}

/** Orders of centerCases. Each has its own cursor: a cursor of one order is refused by the other. */
export enum CenterCaseOrder {
  /** Newest receipt first (then id): the default. */
  RECEIVED_AT_DESC = 'RECEIVED_AT_DESC',
  /** Nearest unmet deadline first (then id ascending); cases without one last, newest receipt first. */
  DEADLINE_ASC = 'DEADLINE_ASC',
}
registerEnumType(CenterCaseOrder, {
  name: 'CenterCaseOrder',
  description: '中心案件排序',
  valuesMap: {
    RECEIVED_AT_DESC: { description: '按接收时间倒序（默认）' },
    DEADLINE_ASC: { description: '按最近的未完成时限（metAt 为空，含已超期）升序；没有未完成时限的案件排在最后，按接收时间倒序' },
  },
});

@InputType()
export class CenterCaseFilter {
  @Field(() => ID, { nullable: true, description: '登记或承办单位在该单位及其下级' }) @IsOptional() @IsUUID('all', { message: '单位无效' }) orgUnitId?: string | null;
  @Field(() => CenterCaseStatus, { nullable: true, description: '单个状态；不能与 statuses 同时使用' }) @IsOptional() @IsEnum(CenterCaseStatus) status?: CenterCaseStatus | null;
  @Field(() => [CenterCaseStatus], {
    nullable: true,
    description: '状态为其中任意一个（至少一个）。与 status 同时提供时拒绝（BAD_USER_INPUT，field 为 statuses）',
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty({ message: '至少选择一个状态' })
  @ArrayMaxSize(20)
  @IsEnum(CenterCaseStatus, { each: true })
  statuses?: CenterCaseStatus[] | null;
  @Field(() => CaseType, { nullable: true }) @IsOptional() @IsEnum(CaseType) type?: CaseType | null;
  @Field(() => Boolean, { nullable: true, description: '有已超期未完成的时限' }) @IsOptional() @IsBoolean() overdue?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'true：仅本人登记的案件（首问责任：首位接待人负责到底）' }) @IsOptional() @IsBoolean() registeredByMe?: boolean | null;
}
