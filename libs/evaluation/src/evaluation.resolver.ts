import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { OrgUnitModel, OrgUnitsService } from '@app/identity';
import { ConnectionShape, Public } from '@app/platform';
import { StationModel, StationsService } from '@app/stations';
import { CreateRoundInput, CriterionScoreInput } from './dto/evaluation.input';
import {
  ApplicationModel,
  EvaluationRoundConnection,
  EvaluationRoundModel,
  ModelTitleModel,
  PublicCommentModel,
  PublicCommentReceipt,
  ScoreSheetModel,
  StationIndicatorsModel,
} from './dto/evaluation.model';
import { RoundPhase } from './entities/evaluation-round.entity';
import { EvaluationService } from './evaluation.service';
import { IndicatorsService } from './indicators.service';
import { PublicCommentsService } from './public-comments.service';

@Resolver(() => EvaluationRoundModel)
export class EvaluationRoundResolver {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly orgUnits: OrgUnitsService,
  ) {}

  @Query(() => EvaluationRoundModel, { nullable: true })
  evaluationRound(@Args('id', { type: () => ID }) id: string): Promise<EvaluationRoundModel> {
    return this.evaluation.getRound(id);
  }

  @Query(() => EvaluationRoundConnection, { description: '可查看的评选活动（本人管辖范围所在的市；按年度、创建时间从新到旧）' })
  evaluationRounds(
    @Args('year', { type: () => Int, nullable: true, description: '只列该年度' }) year?: number,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ConnectionShape<EvaluationRoundModel>> {
    return this.evaluation.listRounds(year, first, after);
  }

  @Mutation(() => EvaluationRoundModel, { description: '创建评选活动（每市每年一次）' })
  createEvaluationRound(@Args('input') input: CreateRoundInput): Promise<EvaluationRoundModel> {
    return this.evaluation.createRound(input);
  }

  @Mutation(() => EvaluationRoundModel, { description: '推进到下一阶段（只能逐阶段向前）' })
  advanceRound(@Args('id', { type: () => ID }) id: string, @Args('to', { type: () => RoundPhase }) to: RoundPhase): Promise<EvaluationRoundModel> {
    return this.evaluation.advance(id, to);
  }

  @Mutation(() => EvaluationRoundModel, { description: '抽取抽查样本（种子随结果保存，可复现）' })
  drawSpotCheckSample(@Args('roundId', { type: () => ID }) roundId: string, @Args('size', { type: () => Int }) size: number): Promise<EvaluationRoundModel> {
    return this.evaluation.drawSpotCheckSample(roundId, size);
  }

  @ResolveField(() => OrgUnitModel)
  async orgUnit(@Parent() r: EvaluationRoundModel): Promise<OrgUnitModel> {
    return (await this.orgUnits.load(r.orgUnitId)) as OrgUnitModel;
  }

  @ResolveField(() => [ID], { description: '抽查样本（申请 id）' })
  async spotCheckSample(@Parent() r: EvaluationRoundModel): Promise<string[]> {
    if (!r.spotCheckSeed) return [];
    const apps = await this.evaluation.listApplications(r.id);
    return apps.filter((a) => a.inSample).map((a) => a.id);
  }
}

@Resolver(() => ApplicationModel)
export class ApplicationResolver {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly comments: PublicCommentsService,
    private readonly indicatorsService: IndicatorsService,
    private readonly stations: StationsService,
  ) {}

  @Query(() => [ApplicationModel], { description: '评选的申请；测评阶段起按最终得分排名' })
  applications(@Args('roundId', { type: () => ID }) roundId: string): Promise<ApplicationModel[]> {
    return this.evaluation.listApplications(roundId);
  }

  @Query(() => ApplicationModel, { nullable: true })
  application(@Args('id', { type: () => ID }) id: string): Promise<ApplicationModel> {
    return this.evaluation.getApplication(id);
  }

  @Mutation(() => ApplicationModel)
  applyForModelStation(
    @Args('roundId', { type: () => ID }) roundId: string,
    @Args('stationId', { type: () => ID }) stationId: string,
    @Args('statement') statement: string,
  ): Promise<ApplicationModel> {
    return this.evaluation.apply(roundId, stationId, statement);
  }

  @Mutation(() => ApplicationModel, { description: '撤回申请（申报阶段）' })
  withdrawApplication(@Args('id', { type: () => ID }) id: string): Promise<ApplicationModel> {
    return this.evaluation.withdraw(id);
  }

  @Mutation(() => ApplicationModel, { description: '县级查验推荐 / 市级审核' })
  reviewApplication(
    @Args('id', { type: () => ID }) id: string,
    @Args('recommend') recommend: boolean,
    @Args('note') note: string,
  ): Promise<ApplicationModel> {
    return this.evaluation.review(id, recommend, note);
  }

  @Mutation(() => ApplicationModel, { description: '提交评分表（提交后锁定）' })
  submitScores(
    @Args('applicationId', { type: () => ID }) applicationId: string,
    @Args('scores', { type: () => [CriterionScoreInput] }) scores: CriterionScoreInput[],
  ): Promise<ApplicationModel> {
    return this.evaluation.submitScores(applicationId, scores);
  }

  @Mutation(() => ApplicationModel, { description: '评委申报回避' })
  declareConflict(@Args('applicationId', { type: () => ID }) applicationId: string): Promise<ApplicationModel> {
    return this.evaluation.declareConflict(applicationId);
  }

  @Mutation(() => [ApplicationModel], { description: '按最终得分遴选示范站并保存结果' })
  selectModelStations(@Args('roundId', { type: () => ID }) roundId: string): Promise<ApplicationModel[]> {
    return this.evaluation.select(roundId);
  }

  @Mutation(() => ApplicationModel)
  recordSpotCheck(
    @Args('applicationId', { type: () => ID }) applicationId: string,
    @Args('passed') passed: boolean,
    @Args('note') note: string,
  ): Promise<ApplicationModel> {
    return this.evaluation.recordSpotCheck(applicationId, passed, note);
  }

  @Public()
  @Mutation(() => PublicCommentReceipt, { description: '公示期间提交意见或异议（无需登录；tenantCode 为发布公示的单位代码）' })
  submitPublicComment(
    @Args('tenantCode') tenantCode: string,
    @Args('applicationId', { type: () => ID }) applicationId: string,
    @Args('name') name: string,
    @Args('phone') phone: string,
    @Args('text') text: string,
    @Args('objection') objection: boolean,
    @Context() ctx: { req?: { ip?: string } },
  ): Promise<PublicCommentReceipt> {
    return this.comments.submit({ tenantCode, applicationId, name, phone, text, objection }, ctx.req?.ip ?? 'unknown');
  }

  @Query(() => [PublicCommentModel], { description: '公示意见（含联系方式，仅限执法人员）' })
  publicComments(@Args('applicationId', { type: () => ID }) applicationId: string): Promise<PublicCommentModel[]> {
    return this.comments.list(applicationId);
  }

  @Mutation(() => PublicCommentModel, { description: '处理异议；成立则取消候选资格' })
  resolveObjection(
    @Args('commentId', { type: () => ID }) commentId: string,
    @Args('upheld') upheld: boolean,
    @Args('note') note: string,
  ): Promise<PublicCommentModel> {
    return this.comments.resolve(commentId, upheld, note);
  }

  @ResolveField(() => EvaluationRoundModel)
  round(@Parent() a: ApplicationModel): Promise<EvaluationRoundModel> {
    return this.evaluation.roundModel(a.roundId);
  }

  @ResolveField(() => StationModel)
  async station(@Parent() a: ApplicationModel): Promise<StationModel> {
    return (await this.stations.shownTo(a.stationId)) as StationModel;
  }

  @ResolveField(() => ScoreSheetModel, { nullable: true, description: '当前评委本人的评分表或回避申报；尚未提交或不是评委时为空' })
  myScoreSheet(@Parent() a: ApplicationModel): Promise<ScoreSheetModel | null> {
    return this.evaluation.myScoreSheet(a.id);
  }

  @ResolveField(() => StationIndicatorsModel, { description: '站点本年度工作指标' })
  indicators(@Parent() a: ApplicationModel): Promise<StationIndicatorsModel> {
    return this.indicatorsService.load(a.stationId, a.year);
  }
}

@Resolver(() => ModelTitleModel)
export class ModelTitleResolver {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly stations: StationsService,
  ) {}

  @Query(() => [ModelTitleModel])
  modelTitles(@Args('year', { type: () => Int }) year: number): Promise<ModelTitleModel[]> {
    return this.evaluation.modelTitles(year);
  }

  @Mutation(() => ModelTitleModel, { description: '撤销示范站称号（撤牌）' })
  revokeModelTitle(
    @Args('stationId', { type: () => ID }) stationId: string,
    @Args('year', { type: () => Int }) year: number,
    @Args('reason') reason: string,
  ): Promise<ModelTitleModel> {
    return this.evaluation.revokeTitle(stationId, year, reason);
  }

  @ResolveField(() => StationModel)
  async station(@Parent() t: ModelTitleModel): Promise<StationModel> {
    return (await this.stations.shownTo(t.stationId)) as StationModel;
  }

  @ResolveField(() => EvaluationRoundModel, { description: '授予称号的评选活动（其 orgUnit 为组织评选的市局）' })
  round(@Parent() t: ModelTitleModel): Promise<EvaluationRoundModel> {
    return this.evaluation.roundModel(t.roundId);
  }
}

