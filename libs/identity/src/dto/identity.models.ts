import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, Role } from '@app/platform';
import { OrgUnitLevel } from '../entities/org-unit.entity';

registerEnumType(OrgUnitLevel, { name: 'OrgUnitLevel', description: '组织层级：省、市、县（区）、所' });

@ObjectType('Tenant')
export class TenantModel {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
}

@ObjectType('OrgUnit')
export class OrgUnitModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => OrgUnitLevel) level: OrgUnitLevel;
  @Field(() => String, { nullable: true }) regionCode: string | null;
  @Field(() => ID, { nullable: true, description: '上级单位 id' }) parentId: string | null;
  /** Not exposed: the scope path, used by resolvers and access checks. */
  path: string;
}

@ObjectType('User')
export class UserModel {
  @Field(() => ID) id: string;
  @Field() username: string;
  @Field() displayName: string;
  @Field(() => [Role]) roles: Role[];
  @Field({ description: '已停用：不能登录，已签发的令牌在下一次请求时失效' }) disabled: boolean;
  orgUnitId: string | null;
  stationId: string | null;
  /** Not exposed: the user's tenant, for the nested fields of login's answer (no tenant context yet). */
  tenantId?: string | null;
}

export const UserConnection = Connection(UserModel, 'User');

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field() accessToken: string;
  @Field(() => DateTimeScalar) expiresAt: Date;
  @Field(() => UserModel) user: UserModel;
}
