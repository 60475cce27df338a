import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DeadlineKind, DeadlineModel, DeadlinesService } from '@app/calendar';
import { DisputeModel, DisputesService, NonAcceptanceGround } from '@app/disputes';
import { AccessService, OrgUnitModel, OrgUnitsService, UserModel, UsersService } from '@app/identity';
import { ConnectionShape, DateTimeScalar } from '@app/platform';
import { StationModel, StationsService } from '@app/stations';
import { CenterService } from './center.service';
import { CallbackInput, CenterCaseFilter, CenterCaseOrder, CloseCaseInput, RegisterCaseInput } from './dto/center.input';
import { CallbackModel, CenterCaseConnection, CenterCaseModel, UserRefModel } from './dto/center.model';

@Resolver(() => CenterCaseModel)
export class CenterResolver {
  constructor(
    private readonly service: CenterService,
    private readonly deadlineRows: DeadlinesService,
    private readonly disputes: DisputesService,
    private readonly orgUnits: OrgUnitsService,
    private readonly stations: StationsService,
    private readonly access: AccessService,
    private readonly users: UsersService,
  ) {}

  @Query(() => CenterCaseModel, { nullable: true })
  centerCase(@Args('id', { type: () => ID }) id: string): Promise<CenterCaseModel> {
    return this.service.get(id);
  }

  @Query(() => CenterCaseConnection, { description: '中心案件（默认按接收时间倒序；orderBy 见 CenterCaseOrder）' })
  centerCases(
    @Args('filter', { type: () => CenterCaseFilter, nullable: true }) filter?: CenterCaseFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true, description: '上一页的 endCursor；须来自同一 orderBy，否则拒绝（BAD_USER_INPUT，field 为 after）' })
    after?: string,
    @Args('orderBy', { type: () => CenterCaseOrder, nullable: true, defaultValue: CenterCaseOrder.RECEIVED_AT_DESC, description: '排序；为空即 RECEIVED_AT_DESC' })
    orderBy?: CenterCaseOrder | null,
  ): Promise<ConnectionShape<CenterCaseModel>> {
    return this.service.list(filter, first, after, orderBy);
  }

  @Query(() => CenterCaseConnection, { description: '某月办结、尚未回访的投诉（月末交叉回访）；month 为 YYYY-MM' })
  casesNeedingCallback(
    @Args('month') month: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ConnectionShape<CenterCaseModel>> {
    return this.service.needingCallback(month, first, after);
  }

  @Query(() => [UserRefModel], { description: '办结时可选的协办人：在职、管辖范围包含承办单位的执法人员和中心人员（本人除外）；可办结本案者可查' })
  caseCoHandlerCandidates(@Args('caseId', { type: () => ID }) caseId: string): Promise<UserRefModel[]> {
    return this.service.coHandlerCandidates(caseId);
  }

  @Mutation(() => CenterCaseModel, { description: '中心直接登记（电话、网络、信函、来访、传真、转办）' })
  registerCase(@Args('input') input: RegisterCaseInput): Promise<CenterCaseModel> {
    return this.service.register(input);
  }

  @Mutation(() => CenterCaseModel, { description: '受理' })
  acceptCase(@Args('id', { type: () => ID }) id: string): Promise<CenterCaseModel> {
    return this.service.accept(id);
  }

  @Mutation(() => CenterCaseModel, { description: '不予受理（并告知投诉人）' })
  rejectCase(
    @Args('id', { type: () => ID }) id: string,
    @Args('ground', { type: () => NonAcceptanceGround }) ground: NonAcceptanceGround,
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ): Promise<CenterCaseModel> {
    return this.service.reject(id, ground, note);
  }

  @Mutation(() => CenterCaseModel, { description: '分流转办至管辖单位' })
  assignCase(@Args('id', { type: () => ID }) id: string, @Args('orgUnitId', { type: () => ID }) orgUnitId: string): Promise<CenterCaseModel> {
    return this.service.assign(id, orgUnitId);
  }

  @Mutation(() => CenterCaseModel, { description: '承办单位退回（非本单位管辖）：须在退回时限内（默认转办后 1 个工作日）；逾期只有分流中心（登记单位的中心人员）可收回改派' })
  returnCase(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string): Promise<CenterCaseModel> {
    return this.service.return(id, reason);
  }

  @Mutation(() => CenterCaseModel, { description: '延长办理时限（一次）' })
  extendCase(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string): Promise<CenterCaseModel> {
    return this.service.extend(id, reason);
  }

  @Mutation(() => CenterCaseModel, { description: '催办：计数、留痕；办理中的案件起算催办时限（1 个工作日内首次回复，7 个工作日内办结）' })
  urgeCase(@Args('id', { type: () => ID }) id: string, @Args('note') note: string): Promise<CenterCaseModel> {
    return this.service.urge(id, note);
  }

  @Mutation(() => CenterCaseModel, { description: '回复催办（承办单位或辖区中心）：满足催办首次回复时限；没有待回复的催办时为 CONFLICT' })
  respondToUrge(@Args('id', { type: () => ID }) id: string, @Args('note') note: string): Promise<CenterCaseModel> {
    return this.service.respondToUrge(id, note);
  }

  @Mutation(() => CenterCaseModel, { description: '办结' })
  closeCase(@Args('id', { type: () => ID }) id: string, @Args('input') input: CloseCaseInput): Promise<CenterCaseModel> {
    return this.service.close(id, input);
  }

  @Mutation(() => CenterCaseModel, { description: '反馈办理结果' })
  giveFeedback(@Args('id', { type: () => ID }) id: string, @Args('note') note: string): Promise<CenterCaseModel> {
    return this.service.giveFeedback(id, note);
  }

  @Mutation(() => CallbackModel, { description: '回访（非办结人）' })
  recordCallback(@Args('caseId', { type: () => ID }) caseId: string, @Args('input') input: CallbackInput): Promise<CallbackModel> {
    return this.service.recordCallback(caseId, input);
  }

  @Mutation(() => CenterCaseModel, { description: '归档（此后只读）' })
  archiveCase(@Args('id', { type: () => ID }) id: string): Promise<CenterCaseModel> {
    return this.service.archive(id);
  }

  @ResolveField(() => [DeadlineModel])
  deadlines(@Parent() c: CenterCaseModel): Promise<DeadlineModel[]> {
    return this.deadlineRows.forCase(c.id);
  }

  @ResolveField(() => [DeadlineKind], { description: '等待日历发布的时限：其期限跨入尚未发布节假日安排的年份，年份发布后自动起算' })
  waitingDeadlines(@Parent() c: CenterCaseModel): Promise<DeadlineKind[]> {
    return this.service.waitingDeadlinesOf(c.id);
  }

  @ResolveField(() => DateTimeScalar, {
    nullable: true,
    description: '退回时限：承办单位须在此前退回非本单位管辖的案件（仅转办中的案件；跨入未发布日历的年份时为空，不拒绝退回）；此后只有分流中心可收回',
  })
  returnBy(@Parent() c: CenterCaseModel): Promise<Date | null> {
    return this.service.returnBy(c);
  }

  @ResolveField(() => UserRefModel, {
    nullable: true,
    description: '首问责任人：登记本案的中心人员，负责到问题解决或明确答复（001 首问责任制）；服务站提交的案件为空；服务站人员不可见',
  })
  async registeredBy(@Parent() c: CenterCaseModel): Promise<UserRefModel | null> {
    return this.userRefIfVisible(c, c.registeredById);
  }

  @ResolveField(() => UserRefModel, { nullable: true, description: '协办人：办结时与办结人共同办理本案的另一名人员（001 第十四条）；服务站人员不可见' })
  async coHandler(@Parent() c: CenterCaseModel): Promise<UserRefModel | null> {
    return this.userRefIfVisible(c, c.coHandlerId);
  }

  @ResolveField(() => UserRefModel, { nullable: true, description: '办结人（未办结或非用户办结时为空；服务站人员不可见）。办结人和协办人不能回访本案（交叉回访）' })
  async closedBy(@Parent() c: CenterCaseModel): Promise<UserRefModel | null> {
    return this.userRefIfVisible(c, c.closedById);
  }

  /** A handler of the case, to those who may see its handlers (not station staff). */
  private async userRefIfVisible(c: CenterCaseModel, userId: string | null): Promise<UserRefModel | null> {
    if (!userId || !this.service.handlersVisible(this.access.principal(), c)) return null;
    const u = await this.users.load(userId);
    return u ? { id: u.id, displayName: u.displayName } : null;
  }

  @ResolveField(() => DisputeModel, { nullable: true })
  async sourceDispute(@Parent() c: CenterCaseModel): Promise<DisputeModel | null> {
    const d = c.sourceDisputeId ? await this.disputes.loadVisible(c.sourceDisputeId) : null;
    // The consumer of the dispute is the complainant of the case: same contact rule as the case.
    return d && !this.service.contactVisible(this.access.principal(), c) ? { ...d, consumerName: '***', consumerPhone: '***' } : d;
  }

  @ResolveField(() => StationModel, { nullable: true, description: '提交本案的服务站' })
  async sourceStation(@Parent() c: CenterCaseModel): Promise<StationModel | null> {
    // A case may be visible through its assigned unit while the station is outside the caller's scope.
    const s = c.sourceStationId ? await this.stations.load(c.sourceStationId) : null;
    return s && this.stations.canSee(this.access.principal(), s) ? s : null;
  }

  @ResolveField(() => OrgUnitModel, { nullable: true })
  assignedUnit(@Parent() c: CenterCaseModel): Promise<OrgUnitModel | null> | null {
    return c.assignedUnitId ? this.orgUnits.load(c.assignedUnitId) : null;
  }

  @ResolveField(() => OrgUnitModel, { description: '登记单位' })
  registeredUnit(@Parent() c: CenterCaseModel): Promise<OrgUnitModel | null> {
    return this.orgUnits.load(c.registeredUnitId);
  }

  @ResolveField(() => String, { nullable: true, description: '投诉人/举报人姓名：服务站人员不可见；举报人仅辖区中心人员可见且每次查看留痕' })
  async complainantName(@Parent() c: CenterCaseModel): Promise<string | null> {
    return (await this.service.contactOf(c))?.name ?? null;
  }

  @ResolveField(() => String, { nullable: true, description: '投诉人/举报人电话（同上）' })
  async complainantPhone(@Parent() c: CenterCaseModel): Promise<string | null> {
    return (await this.service.contactOf(c))?.phone ?? null;
  }

  @ResolveField(() => [CallbackModel], { description: '回访记录（服务站人员不可见：回访人与办结人同属中心内部信息）' })
  callbacks(@Parent() c: CenterCaseModel): Promise<CallbackModel[]> {
    if (!this.service.handlersVisible(this.access.principal(), c)) return Promise.resolve([]);
    return this.service.callbacksOf(c.id);
  }
}

@Resolver(() => CallbackModel)
export class CallbackResolver {
  constructor(
    private readonly service: CenterService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => CenterCaseModel)
  centerCase(@Parent() cb: CallbackModel): Promise<CenterCaseModel | null> {
    return this.service.loadVisible(cb.caseId);
  }

  @ResolveField(() => UserModel)
  calledBy(@Parent() cb: CallbackModel): Promise<UserModel | null> {
    return this.users.load(cb.calledById) as Promise<UserModel | null>;
  }
}

/** `Dispute.centerCase` (contract): the case a dispute was escalated to, when the caller may see it. */
@Resolver(() => DisputeModel)
export class DisputeCenterCaseResolver {
  constructor(private readonly service: CenterService) {}

  @ResolveField(() => CenterCaseModel, { nullable: true, description: '提交中心后生成的案件' })
  centerCase(@Parent() d: DisputeModel): Promise<CenterCaseModel | null> {
    return this.service.forDispute(d.id);
  }
}
