import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { DateScalar, DateTimeScalar, IsBusinessDate, IsMainlandPhone, IsMoney, NotBlank } from '@app/platform';
import { ClaimType, DisputeIssueType, DisputeStatus } from '../entities/dispute.entity';

/** Surrounding whitespace from forms is noise, not part of the value. */
const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

@InputType({ description: '受理登记的询问事项（均可不填）' })
export class IntakeChecklistInput {
  @Field(() => Boolean, { nullable: true, description: '有购货凭证或其他证据' }) @IsOptional() @IsBoolean() hasProof?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: '在三包有效期或保质期内' }) @IsOptional() @IsBoolean() withinWarrantyOrShelfLife?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: '已与经营者协商' }) @IsOptional() @IsBoolean() alreadyNegotiated?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: '已向法院、仲裁机构或其他部门提出' }) @IsOptional() @IsBoolean() beforeCourtOrOtherAuthority?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: '有明确的被投诉方' }) @IsOptional() @IsBoolean() respondentIdentified?: boolean | null;
}

@InputType()
export class OpenDisputeInput {
  @Field(() => ID) @IsUUID('all', { message: '站点编号无效' }) stationId: string;
  @Field() @Trim() @NotBlank() @MaxLength(50) consumerName: string;
  @Field({ description: '手机号或带区号的固定电话' }) @Trim() @IsMainlandPhone() consumerPhone: string;
  @Field() @Trim() @NotBlank() @MaxLength(200) subject: string;
  @Field() @Trim() @NotBlank() @MaxLength(5000) description: string;
  @Field(() => ClaimType) @IsEnum(ClaimType, { message: '诉求类型无效' }) claimType: ClaimType;
  @Field(() => String, { nullable: true, description: '诉求金额（元，两位小数）' }) @IsOptional() @IsMoney() amountClaimed?: string | null;
  @Field(() => DateScalar, { nullable: true, description: '购买日期（不晚于今天）' }) @IsOptional() @IsBusinessDate() purchasedOn?: string | null;

  // Beyond the contract: all optional, so contract clients keep working.
  @Field(() => String, { nullable: true, description: '商品或服务名称' }) @IsOptional() @Trim() @NotBlank() @MaxLength(200) productName?: string | null;
  @Field(() => String, { nullable: true, description: '品牌、规格型号' }) @IsOptional() @Trim() @NotBlank() @MaxLength(200) brandModel?: string | null;
  @Field(() => String, { nullable: true, description: '购买地点' }) @IsOptional() @Trim() @NotBlank() @MaxLength(200) purchasePlace?: string | null;
  @Field(() => String, { nullable: true, description: '商品或服务类别' }) @IsOptional() @Trim() @NotBlank() @MaxLength(100) goodsOrServiceCategory?: string | null;
  @Field(() => DisputeIssueType, { nullable: true, description: '问题类别' }) @IsOptional() @IsEnum(DisputeIssueType, { message: '问题类别无效' }) issueType?: DisputeIssueType | null;
  @Field(() => IntakeChecklistInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => IntakeChecklistInput) checklist?: IntakeChecklistInput | null;
}

@InputType()
export class SettleDisputeInput {
  @Field({ description: '和解协议内容' }) @Trim() @NotBlank() @MaxLength(5000) agreement: string;
  @Field({ description: '挽回经济损失（元，两位小数，可为 0.00）' }) @IsMoney() amountRecovered: string;
  @Field(() => Boolean, { nullable: true, description: '消费者已签字确认' }) @IsOptional() @IsBoolean() consumerSigned?: boolean | null;
}

@InputType()
export class DisputeFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: '站点编号无效' }) stationId?: string | null;
  @Field(() => ID, { nullable: true, description: '该单位及其下级单位监管的站点' }) @IsOptional() @IsUUID('all', { message: '单位编号无效' }) orgUnitId?: string | null;
  @Field(() => DisputeStatus, { nullable: true }) @IsOptional() @IsEnum(DisputeStatus) status?: DisputeStatus | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '受理时间不早于' }) @IsOptional() @IsDate() openedFrom?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '受理时间早于' }) @IsOptional() @IsDate() openedTo?: Date | null;
}
