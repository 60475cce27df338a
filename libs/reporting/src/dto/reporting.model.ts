import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CaseChannel, Satisfaction } from '@app/center';
import { DisputeIssueType } from '@app/disputes';
import { DateScalar } from '@app/platform';
import { CategoryCountModel } from '@app/stations';
import { PeriodKind } from '../period';

registerEnumType(PeriodKind, {
  name: 'PeriodKind',
  description: '统计周期：日、周（周一至周日）、月、季度（自然季度）、半年（12月1日至5月31日、6月1日至11月30日）、年度（12月1日至次年11月30日）；均按中国标准时间',
});

@ObjectType('ChannelCount', { description: '按来源渠道的中心案件数' })
export class ChannelCountModel {
  @Field(() => CaseChannel) channel: CaseChannel;
  @Field(() => Int) count: number;
}

@ObjectType('GoodsCategoryCount', { description: '按商品或服务类别的服务站纠纷数' })
export class GoodsCategoryCountModel {
  @Field(() => String, { nullable: true, description: '商品或服务类别；null 为未填写' }) category: string | null;
  @Field(() => Int) count: number;
}

@ObjectType('IssueTypeCount', { description: '按问题类别的服务站纠纷数' })
export class IssueTypeCountModel {
  @Field(() => DisputeIssueType, { nullable: true, description: '问题类别；null 为未分类' }) issueType: DisputeIssueType | null;
  @Field(() => Int) count: number;
}

@ObjectType('SatisfactionCount', { description: '按满意度的回访数' })
export class SatisfactionCountModel {
  @Field(() => Satisfaction) satisfaction: Satisfaction;
  @Field(() => Int) count: number;
}

@ObjectType('Statistics', {
  description:
    '统计周期内的数据（中国标准时间，起止日期均含）。范围：该单位及其下级单位——中心案件按登记单位或承办单位在范围内计，服务站纠纷按站点的监管单位计；站点人员仅本站点（纠纷及本站提交的中心案件）。各项均按事件发生的时间落入周期计。比率保留四位小数。',
})
export class StatisticsModel {
  @Field(() => DateScalar, { description: '周期首日' }) from: string;
  @Field(() => DateScalar, { description: '周期末日（含）' }) to: string;
  @Field(() => Int, { description: '咨询：周期内接收（receivedAt）的咨询类中心案件数' }) consultations: number;
  @Field(() => Int, { description: '投诉：周期内接收的投诉类中心案件数（含服务站提交中心的纠纷）' }) complaints: number;
  @Field(() => Int, { description: '举报：周期内接收的举报类中心案件数' }) reports: number;
  @Field(() => Int, { description: '受理：周期内受理（acceptedAt）的中心案件数' }) accepted: number;
  @Field(() => Int, { description: '办结：周期内办结（closedAt）的中心案件数' }) closed: number;
  @Field(() => Float, { description: '办结率：周期内接收且未被不予受理的案件（咨询、投诉、举报）中，至今已办结的比例；无此类案件时为 0' }) closureRate: number;
  @Field(() => Int, { description: '服务站纠纷：周期内登记（openedAt）的纠纷数，不含不予受理（DECLINED）和撤回（WITHDRAWN）' }) stationDisputes: number;
  @Field(() => Int, { description: '服务站和解：周期内和解（settledAt）的纠纷数' }) stationSettled: number;
  @Field(() => Float, { description: '和解率：周期内登记的服务站纠纷中，至今已和解的比例；无纠纷时为 0' }) settlementRate: number;
  @Field({ description: '挽回经济损失（元，两位小数）= 周期内和解的纠纷与周期内办结的中心案件所挽回金额之和' }) amountRecovered: string;
  @Field(() => [CategoryCountModel], { description: '按服务站类别：周期内的服务站纠纷数（同 stationDisputes 的口径），各类别均列出' }) byCategory: CategoryCountModel[];

  // Beyond the contract.
  @Field(() => [ChannelCountModel], { description: '按来源渠道：周期内接收的中心案件数，各渠道均列出' }) byChannel: ChannelCountModel[];
  @Field(() => [GoodsCategoryCountModel], { description: '按商品或服务类别：周期内的服务站纠纷数（同 stationDisputes 的口径），按数量降序' }) byGoodsCategory: GoodsCategoryCountModel[];
  @Field(() => [IssueTypeCountModel], { description: '按问题类别：周期内的服务站纠纷数（同 stationDisputes 的口径），各类别均列出，未分类另列' }) byIssueType: IssueTypeCountModel[];
  @Field(() => Int, { description: '超期中心案件：周期内接收、至少一个办理时限已超期（breached）的中心案件数' }) overdueCases: number;
  @Field(() => Int, { description: '超期纠纷：周期内登记的服务站纠纷中，晚于和解时限和解或上报（含逾期自动上报）、或仍未办结且已过和解时限的纠纷数' }) overdueDisputes: number;
  @Field(() => Int, { description: '回访：周期内回访（calledAt）的次数' }) callbacks: number;
  @Field(() => [SatisfactionCountModel], { description: '按满意度：周期内的回访数，各满意度均列出' }) bySatisfaction: SatisfactionCountModel[];
  @Field(() => Float, { description: '满意率 =（非常满意 + 满意）/（回访数 − 无法联系）；无可计回访时为 0' }) satisfactionRate: number;
}

@ObjectType('HotIssueType', { description: '热点问题类别' })
export class HotIssueTypeModel {
  @Field(() => DisputeIssueType, { nullable: true, description: '问题类别；null 为未分类' }) issueType: DisputeIssueType | null;
  @Field(() => Int, { description: '本期数' }) count: number;
  @Field(() => Int, { description: '上期数' }) previousCount: number;
  @Field(() => Int, { description: '增减 = count − previousCount' }) change: number;
}

@ObjectType('HotRespondent', { description: '热点被投诉方' })
export class HotRespondentModel {
  @Field(() => String, { nullable: true, description: '统一社会信用代码；有代码者按代码归并' }) creditCode: string | null;
  @Field({ description: '名称（按代码归并时为本期出现最多的名称）' }) name: string;
  @Field(() => Int, { description: '本期数' }) count: number;
  @Field(() => Int, { description: '上期数' }) previousCount: number;
  @Field(() => Int, { description: '增减 = count − previousCount' }) change: number;
}

@ObjectType('HotSpots', {
  description:
    '热点：问题类别按周期内登记的服务站纠纷（不含不予受理、撤回）计；被投诉方按周期内接收的投诉、举报类中心案件计（有信用代码按代码、否则按名称归并）。均与上一同类周期比较，按本期数降序。',
})
export class HotSpotsModel {
  @Field(() => DateScalar) from: string;
  @Field(() => DateScalar) to: string;
  @Field(() => DateScalar, { description: '上期首日' }) previousFrom: string;
  @Field(() => DateScalar, { description: '上期末日（含）' }) previousTo: string;
  @Field(() => [HotIssueTypeModel]) issueTypes: HotIssueTypeModel[];
  @Field(() => [HotRespondentModel]) respondents: HotRespondentModel[];
}
