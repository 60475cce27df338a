import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsNumber, IsOptional, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { NotBlank } from '@app/platform';

@InputType()
export class CriterionInput {
  @Field() @NotBlank() @MaxLength(32) code: string;
  @Field() @NotBlank() @MaxLength(100) name: string;
  @Field(() => Int) @IsInt() @Min(1, { message: '满分须至少为 1' }) @Max(1000) maxPoints: number;
  @Field(() => Float) @IsNumber() @Min(0, { message: '权重须在 0 到 1 之间' }) @Max(1, { message: '权重须在 0 到 1 之间' }) weight: number;
}

@InputType()
export class CreateRoundInput {
  @Field(() => Int) @IsInt() @Min(2000, { message: '年度无效' }) @Max(2100, { message: '年度无效' }) year: number;
  @Field(() => ID, { description: '组织评选的市局' }) @IsUUID('all', { message: '单位编号无效' }) orgUnitId: string;
  @Field(() => Int) @IsInt() @Min(1, { message: '名额至少为 1' }) @Max(10000) quota: number;
  @Field(() => Int, { nullable: true, description: '同一站点类别最多入选数（行业兼顾）' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: '每类最多入选数至少为 1' })
  maxPerCategory?: number | null;
  @Field(() => [CriterionInput])
  @ArrayMinSize(1, { message: '至少需要一项评分标准' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionInput)
  criteria: CriterionInput[];
}

@InputType()
export class CriterionScoreInput {
  @Field(() => ID) criterionId: string;
  @Field(() => Float) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '分数须为数字' }) points: number;
}
