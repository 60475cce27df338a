import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar } from '@app/platform';
import { ApplicationStatus } from '../entities/application.entity';
import { RoundPhase } from '../entities/evaluation-round.entity';

registerEnumType(RoundPhase, { name: 'RoundPhase', description: '申报 → 县级查验推荐 → 市级审核 → 公示 → 测评 → 抽查 → 已公布' });
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus', description: '示范站申请状态' });

@ObjectType('Criterion')
export class CriterionModel {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => Int) maxPoints: number;
  @Field(() => Float) weight: number;
}

@ObjectType('EvaluationRound', { description: '省级示范服务站评选（每市每年一次）' })
export class EvaluationRoundModel {
  @Field(() => ID) id: string;
  @Field(() => Int) year: number;
  @Field(() => RoundPhase) phase: RoundPhase;
  @Field(() => Int) quota: number;
  @Field(() => Int, { nullable: true }) maxPerCategory: number | null;
  @Field(() => [CriterionModel]) criteria: CriterionModel[];
  @Field({ description: '是否已保存遴选结果' }) selectionStored: boolean;
  @Field(() => String, { nullable: true, description: '抽查随机种子：按 SHA-256(种子:申请id) 升序取前 N 个入选申请即可复现样本' })
  spotCheckSeed: string | null;
  @Field(() => Int, { nullable: true }) spotCheckSize: number | null;
  /** Resolved by the orgUnit field. */
  orgUnitId: string;
  cityPath: string;
}

export const EvaluationRoundConnection = Connection(EvaluationRoundModel, 'EvaluationRound');

@ObjectType('StationIndicators', { description: '站点本年度工作指标（按站点自身数据计算）' })
export class StationIndicatorsModel {
  @Field(() => Int, { description: '受理的消费纠纷数（不含撤回）' }) disputesHandled: number;
  @Field(() => Int) disputesSettled: number;
  @Field(() => Float, { nullable: true, description: '和解率：已和解 / 已办结（和解、不予受理、转交）' }) settlementRate: number | null;
  @Field(() => Int, { description: '转交 12315 的纠纷数' }) escalations: number;
  @Field(() => Int, { description: '逾期：超过和解时限和解或上报（含逾期自动上报）、或仍未办结的纠纷数，加逾期未完成的整改事项数' }) overdueDeadlines: number;
  @Field(() => Int, { description: '本站转交 12315 的案件中已超期的办理时限数' }) overdueCenterDeadlines: number;
  @Field(() => Int) trainingAttendances: number;
  @Field(() => Float) trainingHours: number;
  @Field(() => Int) inspections: number;
  @Field(() => Int) inspectionsPassed: number;
  @Field(() => Int) inspectionsFailed: number;
}

@ObjectType('Application', { description: '示范站申请' })
export class ApplicationModel {
  @Field(() => ID) id: string;
  @Field(() => ApplicationStatus) status: ApplicationStatus;
  @Field() statement: string;
  @Field(() => String, { nullable: true }) countyNote: string | null;
  @Field(() => String, { nullable: true }) cityNote: string | null;
  @Field(() => Float, { nullable: true, description: '最终得分：评委内标准化后的 T 分（50 + 10 × 平均 z 分）' }) finalScore: number | null;
  @Field(() => Float, { nullable: true, description: '加权原始分均值（0–100），并列时用于排序' }) rawScore: number | null;
  @Field(() => Int, { nullable: true }) rank: number | null;
  @Field(() => Int, { description: '已提交的评分表数' }) sheetCount: number;
  @Field({ description: '是否在已保存的遴选结果中入选' }) selected: boolean;
  @Field({ description: '是否在抽查样本中' }) inSample: boolean;
  @Field(() => Boolean, { nullable: true }) spotCheckPassed: boolean | null;
  @Field(() => String, { nullable: true }) spotCheckNote: string | null;
  @Field(() => DateTimeScalar) createdAt: Date;
  roundId: string;
  stationId: string;
  category: string;
  year: number;
}

@ObjectType('ModelTitle', { description: '省级示范服务站称号' })
export class ModelTitleModel {
  @Field(() => Int) year: number;
  @Field(() => DateTimeScalar) grantedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt: Date | null;
  @Field(() => String, { nullable: true }) revokedReason: string | null;
  stationId: string;
  /** Resolved by the round field. */
  roundId: string;
}

@ObjectType('CriterionScore', { description: '一项评分标准的得分' })
export class CriterionScoreModel {
  @Field(() => ID) criterionId: string;
  @Field(() => Float) points: number;
}

@ObjectType('ScoreSheet', { description: '评委的评分表（提交后锁定）或回避申报' })
export class ScoreSheetModel {
  @Field(() => ID) id: string;
  @Field({ description: '是否为回避申报（回避申报没有分数）' }) conflictDeclared: boolean;
  @Field(() => [CriterionScoreModel], { description: '各项得分，按评分标准顺序；回避申报为空' }) scores: CriterionScoreModel[];
  @Field(() => Float, { nullable: true, description: '加权得分（0–100）：100 × Σ 权重 × 得分 / 满分；回避申报为空' }) weightedScore: number | null;
  @Field(() => DateTimeScalar, { description: '提交（或申报回避）的时间' }) submittedAt: Date;
}

@ObjectType('PublicComment', { description: '公示期间的意见或异议' })
export class PublicCommentModel {
  @Field(() => ID) id: string;
  @Field(() => ID) applicationId: string;
  @Field() name: string;
  @Field() phone: string;
  @Field() text: string;
  @Field() objection: boolean;
  @Field(() => String, { nullable: true, description: 'UPHELD（成立）或 DISMISSED（不成立）' }) resolution: string | null;
  @Field(() => String, { nullable: true }) resolutionNote: string | null;
  @Field(() => DateTimeScalar) createdAt: Date;
}

@ObjectType('PublicCommentReceipt')
export class PublicCommentReceipt {
  @Field(() => ID) id: string;
  @Field(() => DateTimeScalar) createdAt: Date;
}
