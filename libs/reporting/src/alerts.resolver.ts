import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ConnectionShape } from '@app/platform';
import { AlertsService } from './alerts.service';
import { DraftConsumerAlertInput } from './dto/alert.input';
import { ConsumerAlertConnection, ConsumerAlertModel } from './dto/alert.model';

@Resolver(() => ConsumerAlertModel)
export class AlertsResolver {
  constructor(private readonly service: AlertsService) {}

  @Query(() => ConsumerAlertConnection, { description: '某单位辖区内有效的已发布消费警示/提示（本单位及上级单位发布），默认本人所在单位' })
  consumerAlerts(
    @Args('orgUnitId', { type: () => ID, nullable: true }) orgUnitId?: string | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ConnectionShape<ConsumerAlertModel>> {
    return this.service.published(orgUnitId, first, after);
  }

  @Query(() => ConsumerAlertConnection, { description: '本人管辖范围内待审核的消费警示/提示草稿' })
  consumerAlertDrafts(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ConnectionShape<ConsumerAlertModel>> {
    return this.service.drafts(first, after);
  }

  @Mutation(() => ConsumerAlertModel, { description: '起草消费警示/提示（中心人员）' })
  draftConsumerAlert(@Args('input') input: DraftConsumerAlertInput): Promise<ConsumerAlertModel> {
    return this.service.draft(input);
  }

  @Mutation(() => ConsumerAlertModel, { description: '审核通过并发布（本单位或上级单位执法人员；不能审核自己起草的）' })
  approveConsumerAlert(@Args('id', { type: () => ID }) id: string): Promise<ConsumerAlertModel> {
    return this.service.approve(id);
  }

  @Mutation(() => ConsumerAlertModel, { description: '退回草稿' })
  rejectConsumerAlert(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string): Promise<ConsumerAlertModel> {
    return this.service.reject(id, reason);
  }
}
