import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateScalar, DateTimeScalar } from '@app/platform';
import { ClaimType, DisputeIssueType, DisputeStatus, NonAcceptanceGround } from '../entities/dispute.entity';

registerEnumType(DisputeStatus, { name: 'DisputeStatus', description: '受理中 → 已和解 / 不予受理 / 消费者撤回 / 提交中心（ESCALATING → ESCALATED）' });
registerEnumType(ClaimType, { name: 'ClaimType', description: '诉求：退货、换货、修理、赔偿、其它' });
registerEnumType(NonAcceptanceGround, { name: 'NonAcceptanceGround', description: '不予受理的法定情形' });
registerEnumType(DisputeIssueType, { name: 'DisputeIssueType', description: '问题类别：质量、售后服务、合同、虚假宣传、价格、计量、安全、食品安全、其它' });

@ObjectType('IntakeChecklist')
export class IntakeChecklistModel {
  @Field(() => Boolean, { nullable: true }) hasProof: boolean | null;
  @Field(() => Boolean, { nullable: true }) withinWarrantyOrShelfLife: boolean | null;
  @Field(() => Boolean, { nullable: true }) alreadyNegotiated: boolean | null;
  @Field(() => Boolean, { nullable: true }) beforeCourtOrOtherAuthority: boolean | null;
  @Field(() => Boolean, { nullable: true }) respondentIdentified: boolean | null;
}

@ObjectType('Dispute', { description: '服务站受理的消费纠纷（现场和解）' })
export class DisputeModel {
  @Field(() => ID) id: string;
  @Field({ description: '受理编号，如 JF-20251124-000001' }) caseNumber: string;
  @Field(() => DisputeStatus) status: DisputeStatus;
  @Field() consumerName: string;
  @Field() consumerPhone: string;
  @Field() subject: string;
  @Field() description: string;
  @Field(() => ClaimType) claimType: ClaimType;
  @Field(() => String, { nullable: true }) amountClaimed: string | null;
  @Field(() => DateTimeScalar) openedAt: Date;
  @Field(() => DateTimeScalar, { description: '现场和解期限（规则 STATION_SETTLEMENT，默认 3 个工作日）' }) settleBy: Date;
  @Field({ description: '和解期限为暂定：期限跨入尚未发布节假日安排的年份，按周一至周五（元旦休息）暂算；该年发布后自动改为正式期限' })
  settleByProvisional: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) settledAt: Date | null;
  @Field(() => String, { nullable: true }) amountRecovered: string | null;
  @Field(() => String, { nullable: true }) agreement: string | null;
  @Field(() => NonAcceptanceGround, { nullable: true }) declineGround: NonAcceptanceGround | null;
  @Field(() => DateTimeScalar, { nullable: true }) escalatedAt: Date | null;

  // Beyond the contract.
  @Field(() => DateScalar, { nullable: true }) purchasedOn: string | null;
  @Field(() => String, { nullable: true }) productName: string | null;
  @Field(() => String, { nullable: true }) brandModel: string | null;
  @Field(() => String, { nullable: true }) purchasePlace: string | null;
  @Field(() => String, { nullable: true }) goodsOrServiceCategory: string | null;
  @Field(() => DisputeIssueType, { nullable: true }) issueType: DisputeIssueType | null;
  @Field(() => IntakeChecklistModel, { nullable: true }) checklist: IntakeChecklistModel | null;
  @Field(() => [NonAcceptanceGround], { description: '受理登记答复所对应的不予受理情形' }) applicableGrounds: NonAcceptanceGround[];
  @Field(() => Boolean, { nullable: true }) consumerSigned: boolean | null;
  @Field(() => String, { nullable: true }) declineNote: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) declinedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) withdrawnAt: Date | null;
  @Field(() => String, { nullable: true }) escalationReason: string | null;

  /** Resolved by fields (station, possibleDuplicateOf). */
  stationId: string;
  duplicateOfId: string | null;
  /** Supervising unit path of the station (scope checks). */
  orgUnitPath: string;
}

export const DisputeConnection = Connection(DisputeModel, 'Dispute');
