import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { StationModel, StationsService } from '@app/stations';
import { ConnectionShape } from '@app/platform';
import { DisputeFilter, OpenDisputeInput, SettleDisputeInput } from './dto/dispute.input';
import { DisputeConnection, DisputeModel } from './dto/dispute.model';
import { DisputesService } from './disputes.service';
import { NonAcceptanceGround } from './entities/dispute.entity';

@Resolver(() => DisputeModel)
export class DisputesResolver {
  constructor(
    private readonly service: DisputesService,
    private readonly stations: StationsService,
  ) {}

  @Query(() => DisputeModel, { nullable: true })
  dispute(@Args('id', { type: () => ID }) id: string): Promise<DisputeModel> {
    return this.service.get(id);
  }

  @Query(() => DisputeConnection, { description: '消费纠纷（按受理时间倒序）' })
  disputes(
    @Args('filter', { type: () => DisputeFilter, nullable: true }) filter?: DisputeFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ConnectionShape<DisputeModel>> {
    return this.service.list(filter, first, after);
  }

  @Mutation(() => DisputeModel, { description: '服务站受理消费纠纷（本站工作人员，站点须为正常状态）' })
  openDispute(@Args('input') input: OpenDisputeInput): Promise<DisputeModel> {
    return this.service.open(input);
  }

  @Mutation(() => DisputeModel, { description: '现场和解' })
  settleDispute(@Args('id', { type: () => ID }) id: string, @Args('input') input: SettleDisputeInput): Promise<DisputeModel> {
    return this.service.settle(id, input);
  }

  @Mutation(() => DisputeModel, { description: '不予受理' })
  declineDispute(
    @Args('id', { type: () => ID }) id: string,
    @Args('ground', { type: () => NonAcceptanceGround }) ground: NonAcceptanceGround,
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ): Promise<DisputeModel> {
    return this.service.decline(id, ground, note);
  }

  @Mutation(() => DisputeModel, { description: '消费者撤回投诉' })
  withdrawDispute(
    @Args('id', { type: () => ID }) id: string,
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ): Promise<DisputeModel> {
    return this.service.withdraw(id, note);
  }

  @Mutation(() => DisputeModel, { description: '和解不成，提交 12315 中心' })
  escalateDispute(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string): Promise<DisputeModel> {
    return this.service.escalate(id, reason);
  }

  @ResolveField(() => StationModel)
  station(@Parent() d: DisputeModel): Promise<StationModel | null> {
    return this.stations.load(d.stationId);
  }

  @ResolveField(() => DisputeModel, { nullable: true, description: '疑似重复：同一消费者电话 30 日内在本站受理过的纠纷' })
  possibleDuplicateOf(@Parent() d: DisputeModel): Promise<DisputeModel | null> | null {
    return d.duplicateOfId ? this.service.loadVisible(d.duplicateOfId) : null;
  }
}
