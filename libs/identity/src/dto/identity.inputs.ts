import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { NotBlank, Role } from '@app/platform';
import { OrgUnitLevel } from '../entities/org-unit.entity';

const CODE = /^[a-z0-9][a-z0-9-]{1,31}$/;
const USERNAME = /^[A-Za-z0-9_.@-]{2,64}$/;
const REGION = /^\d{6}$/;

@InputType()
export class LoginInput {
  @Field({ nullable: true, description: '租户代码；平台管理员不填' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  tenantCode?: string;

  @Field() @IsString() @MinLength(1, { message: '请输入用户名' }) @MaxLength(64) username: string;
  @Field() @IsString() @MinLength(1, { message: '请输入密码' }) @MaxLength(256) password: string;
}

@InputType()
export class CreateTenantInput {
  @Field() @Matches(CODE, { message: '租户代码须为 2–32 位小写字母、数字或连字符' }) code: string;
  @Field() @NotBlank() @MaxLength(100) name: string;
  @Field() @NotBlank() @MaxLength(100) rootOrgUnitName: string;
  @Field(() => OrgUnitLevel) @IsEnum(OrgUnitLevel) rootLevel: OrgUnitLevel;
  @Field({ nullable: true }) @IsOptional() @Matches(REGION, { message: '行政区划代码须为 6 位数字' }) regionCode?: string;
  @Field() @Matches(USERNAME, { message: '用户名须为 2–64 位字母、数字或 _.@-' }) adminUsername: string;
  @Field() @IsString() @MaxLength(256) adminPassword: string;
}

@InputType()
export class CreateOrgUnitInput {
  @Field(() => ID) @IsUUID('all', { message: '上级单位编号无效' }) parentId: string;
  @Field() @NotBlank() @MaxLength(100) name: string;
  @Field(() => OrgUnitLevel) @IsEnum(OrgUnitLevel) level: OrgUnitLevel;
  @Field({ nullable: true }) @IsOptional() @Matches(REGION, { message: '行政区划代码须为 6 位数字' }) regionCode?: string;
}

@InputType()
export class CreateUserInput {
  @Field() @Matches(USERNAME, { message: '用户名须为 2–64 位字母、数字或 _.@-' }) username: string;
  @Field() @IsString() @MaxLength(256) password: string;
  @Field() @NotBlank() @MaxLength(50) displayName: string;
  @Field(() => [Role]) @ArrayMinSize(1, { message: '至少指定一个角色' }) @ArrayMaxSize(6) @IsEnum(Role, { each: true }) roles: Role[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: '单位编号无效' }) orgUnitId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: '站点编号无效' }) stationId?: string;
}

@InputType({ description: '用户列表筛选' })
export class UserFilter {
  @Field(() => ID, { nullable: true, description: '所属单位在该单位及其下级' }) @IsOptional() @IsUUID('all', { message: '单位编号无效' }) orgUnitId?: string | null;
  @Field(() => Role, { nullable: true, description: '具有该角色' }) @IsOptional() @IsEnum(Role) role?: Role | null;
  @Field(() => ID, { nullable: true, description: '该站点的工作人员' }) @IsOptional() @IsUUID('all', { message: '站点编号无效' }) stationId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true 仅已停用，false 仅启用中；空为全部' }) @IsOptional() @IsBoolean() disabled?: boolean | null;
  @Field(() => String, { nullable: true, description: '用户名或姓名包含' }) @IsOptional() @IsString() @MaxLength(50) search?: string | null;
}

@InputType({ description: '修改用户：只改提供的字段；角色、单位与站点须与新建时同样相符' })
export class UpdateUserInput {
  @Field(() => String, { nullable: true }) @IsOptional() @NotBlank() @MaxLength(50) displayName?: string | null;
  @Field(() => [Role], { nullable: true }) @IsOptional() @ArrayMinSize(1, { message: '至少指定一个角色' }) @ArrayMaxSize(6) @IsEnum(Role, { each: true }) roles?: Role[] | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: '单位编号无效' }) orgUnitId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: '站点编号无效' }) stationId?: string | null;
}
