import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Principal, TenantDb } from '@app/platform';
import { AccessService } from './access.service';
import { AuthService } from './auth/auth.service';
import { CurrentPrincipal, Public } from './auth/decorators';
import { CreateOrgUnitInput, CreateTenantInput, CreateUserInput, LoginInput } from './dto/identity.inputs';
import { AuthPayload, OrgUnitModel, TenantModel, UserModel } from './dto/identity.models';
import { OrgUnitsService } from './org-units.service';
import { TenantsService } from './tenants.service';
import { UsersService } from './users.service';

export function principalToUser(p: Principal): UserModel {
  return { id: p.id, username: p.username, displayName: p.displayName, roles: p.roles as UserModel['roles'], orgUnitId: p.orgUnitId, stationId: p.stationId, tenantId: p.tenantId };
}

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly access: AccessService,
    private readonly tenants: TenantsService,
    private readonly units: OrgUnitsService,
    private readonly users: UsersService,
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
    return this.users.create(input);
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
