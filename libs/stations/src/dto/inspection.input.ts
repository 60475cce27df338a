import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsInt, IsNumber, IsOptional, IsUUID, Matches, Max, MaxLength, Min, ValidateBy, ValidateNested } from 'class-validator';
import { DateScalar, IsBusinessDate, NotBlank } from '@app/platform';
import { Trim } from './station.input';

@InputType()
export class ChecklistItemInput {
  @Field({ description: '项目代码，已存在则修改该项目' }) @Trim() @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: '项目代码须为 2–40 位大写字母、数字或下划线' }) code: string;
  @Field() @Trim() @NotBlank() @MaxLength(200) title: string;
  @Field(() => Int) @IsInt() @Min(0) @Max(10000) sortOrder: number;
  @Field({ defaultValue: true }) @IsBoolean() active: boolean;
}

@InputType()
export class InspectionItemInput {
  @Field() @Trim() @NotBlank() code: string;
  @Field() @IsBoolean() passed: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @MaxLength(500) note?: string | null;
}

@InputType()
export class RectificationInput {
  @Field() @Trim() @NotBlank() @MaxLength(500) description: string;
  @Field(() => Int, { description: '整改期限（工作日，自检查次日起算）' }) @IsInt() @Min(1, { message: '整改期限至少 1 个工作日' }) @Max(60, { message: '整改期限最多 60 个工作日' }) workingDays: number;
}

@InputType()
export class RecordInspectionInput {
  @Field(() => ID) @IsUUID('all', { message: '站点编号无效' }) stationId: string;
  @Field(() => DateScalar, { nullable: true, description: '检查日期，默认今天' }) @IsOptional() @IsBusinessDate() inspectedOn?: string | null;
  @Field(() => [InspectionItemInput], { description: '检查表中每个启用项目的结果' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => InspectionItemInput)
  items: InspectionItemInput[];
  @Field(() => [RectificationInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RectificationInput)
  rectifications?: RectificationInput[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @MaxLength(2000) note?: string | null;
}

@InputType()
export class RecordTrainingInput {
  @Field(() => ID) @IsUUID('all', { message: '站点编号无效' }) stationId: string;
  @Field({ description: '参训人员姓名' }) @Trim() @NotBlank() @MaxLength(50) traineeName: string;
  @Field(() => DateScalar) @IsBusinessDate() trainedOn: string;
  @Field(() => Float, { description: '学时（小时，最多一位小数）' })
  // Not IsNumber's maxDecimalPlaces: it throws (500) on exponent forms such as 1e-7.
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '学时最多一位小数' })
  @ValidateBy({ name: 'oneDecimal', validator: { validate: (v) => typeof v === 'number' && Math.abs(Math.round(v * 10) - v * 10) < 1e-6, defaultMessage: () => '学时最多一位小数' } })
  @Min(0.5, { message: '学时至少 0.5 小时' })
  @Max(100, { message: '学时最多 100 小时' })
  hours: number;
  @Field() @Trim() @NotBlank() @MaxLength(200) topic: string;
  @Field({ description: '组织单位，如“保定市市场监督管理局”' }) @Trim() @NotBlank() @MaxLength(100) organizer: string;
}
