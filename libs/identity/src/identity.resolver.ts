import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ConnectionShape, Principal, TenantDb } from '@app/platform';
import { AccessService } from './access.service';
import { AuthService } from './auth/auth.service';
import { CurrentPrincipal, Public } from './auth/decorators';
import { CreateOrgUnitInput, CreateTenantInput, CreateUserInput, LoginInput, UpdateUserInput, UserFilter } from './dto/identity.inputs';
import { AuthPayload, OrgUnitModel, TenantModel, UserConnection, UserModel } from './dto/identity.models';
import { OrgUnitsService } from './org-units.service';
import { TenantsService } from './tenants.service';
import { UsersService } from './users.service';

export function principalToUser(p: Principal): UserModel {
  return { id: p.id, username: p.username, displayName: p.displayName, roles: p.roles as UserModel['roles'], disabled: false, orgUnitId: p.orgUnitId, stationId: p.stationId, tenantId: p.tenantId };
}

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly access: AccessService,
    private readonly tenants: TenantsService,
    private readonly units: OrgUnitsService,
    private readonly accounts: UsersService,
  ) {}

  @Public()
  @Mutation(() => AuthPayload, { description: '登录；平台管理员不填 tenantCode' })
  async login(@Args('input') input: LoginInput): Promise<AuthPayload> {
    const { accessToken, expiresAt, principal } = await this.auth.login(input.tenantCode || undefined, input.username, input.password);
    return { accessToken, expiresAt, user: principalToUser(principal) };
  }

  @Query(() => UserModel, { description: '当前登录用户' })
  me(@CurrentPrincipal() p: Principal): UserModel {
    return principalToUser(this.access.principal() ?? p);
  }

  @Query(() => [OrgUnitModel], { description: '我的管辖范围内的组织单位（租户管理员为全部）' })
  orgUnits(): Promise<OrgUnitModel[]> {
    return this.units.listForCaller();
  }

  @Mutation(() => TenantModel)
  createTenant(@Args('input') input: CreateTenantInput): Promise<TenantModel> {
    return this.tenants.create(input);
  }

  @Mutation(() => OrgUnitModel)
  createOrgUnit(@Args('input') input: CreateOrgUnitInput): Promise<OrgUnitModel> {
    return this.units.create(input);
  }

  @Mutation(() => UserModel)
  createUser(@Args('input') input: CreateUserInput): Promise<UserModel> {
    return this.accounts.create(input);
  }

  @Query(() => UserConnection, { description: '本租户的用户（租户管理员），按用户名排列' })
  users(
    @Args('filter', { type: () => UserFilter, nullable: true }) filter?: UserFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<UserModel>> {
    return this.accounts.list(filter, first, after);
  }

  @Mutation(() => UserModel, { description: '修改用户的姓名、角色、所属单位或站点（租户管理员）；自该用户下一次请求起生效' })
  updateUser(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateUserInput): Promise<UserModel> {
    return this.accounts.update(id, input);
  }

  @Mutation(() => UserModel, { description: '停用用户（租户管理员）：不能再登录，已签发的令牌在下一次请求时失效；不能停用自己，须保留一名启用中的租户管理员' })
  disableUser(@Args('id', { type: () => ID }) id: string): Promise<UserModel> {
    return this.accounts.disable(id);
  }

  @Mutation(() => UserModel, { description: '重新启用已停用的用户（租户管理员）' })
  enableUser(@Args('id', { type: () => ID }) id: string): Promise<UserModel> {
    return this.accounts.enable(id);
  }

  @Mutation(() => UserModel, { description: '重设用户密码（租户管理员）：至少 10 位，同时包含字母和数字' })
  resetUserPassword(@Args('id', { type: () => ID }) id: string, @Args('password') password: string): Promise<UserModel> {
    return this.accounts.resetPassword(id, password);
  }
}

@Resolver(() => OrgUnitModel)
export class OrgUnitResolver {
  constructor(private readonly orgUnits: OrgUnitsService) {}

  @ResolveField(() => OrgUnitModel, { nullable: true })
  parent(@Parent() unit: OrgUnitModel): Promise<OrgUnitModel | null> {
    return unit.parentId ? this.orgUnits.load(unit.parentId) : Promise.resolve(null);
  }
}

@Resolver(() => UserModel)
export class UserResolver {
  constructor(
    private readonly orgUnits: OrgUnitsService,
    private readonly db: TenantDb,
  ) {}

  @ResolveField(() => OrgUnitModel, { nullable: true })
  orgUnit(@Parent() user: UserModel): Promise<OrgUnitModel | null> {
    const unitId = user.orgUnitId;
    if (!unitId) return Promise.resolve(null);
    // Login answers before the request has a tenant context: the user's own unit, in theirs.
    if (!this.db.hasTenant() && user.tenantId) return this.db.withTenant(user.tenantId, () => this.orgUnits.load(unitId));
    return this.orgUnits.load(unitId);
  }
}
