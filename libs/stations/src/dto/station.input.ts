import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DateScalar, IsBusinessDate, IsCreditCode, IsMainlandPhone, NotBlank } from '@app/platform';
import { StationCategory, StationStatus } from '../entities/station.entity';

/** Surrounding whitespace is noise from forms and spreadsheets, not part of the value. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** Credit codes are defined in upper case (GB 32100-2015); accept what people type. */
const CreditCode = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));

/** The register form's fields; the import validates each CSV row against these same rules. */
@InputType({ isAbstract: true })
export class StationFormInput {
  @Field() @Trim() @NotBlank() @MaxLength(100) name: string;
  @Field(() => StationCategory) @IsEnum(StationCategory, { message: '站点类别无效' }) category: StationCategory;
  @Field() @Trim() @NotBlank() @MaxLength(100) hostName: string;
  @Field({ description: '统一社会信用代码（18 位，含校验位）' }) @CreditCode() @IsCreditCode() hostCreditCode: string;
  @Field() @Trim() @NotBlank() @MaxLength(200) address: string;
  @Field() @Trim() @NotBlank() @MaxLength(50) contactName: string;
  @Field({ description: '手机号或带区号的固定电话' }) @Trim() @IsMainlandPhone() contactPhone: string;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() @IsBusinessDate() establishedOn?: string | null;
}

@InputType()
export class RegisterStationInput extends StationFormInput {
  @Field(() => ID, { description: '监管单位：县（区）局或市场监管所' }) @IsUUID('all', { message: '单位编号无效' }) orgUnitId: string;
}

@InputType()
export class StationFilter {
  @Field(() => ID, { nullable: true, description: '该单位及其下级单位监管的站点' })
  @IsOptional()
  @IsUUID('all', { message: '单位编号无效' })
  orgUnitId?: string | null;

  @Field(() => StationCategory, { nullable: true }) @IsOptional() @IsEnum(StationCategory) category?: StationCategory | null;
  @Field(() => StationStatus, { nullable: true }) @IsOptional() @IsEnum(StationStatus) status?: StationStatus | null;

  @Field(() => String, { nullable: true, description: '按站点名称、建站企业名称或统一社会信用代码模糊查找' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string | null;
}
