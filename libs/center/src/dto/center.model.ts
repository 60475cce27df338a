import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar } from '@app/platform';
import { NonAcceptanceGround } from '@app/disputes';
import { Satisfaction } from '../entities/case-callback.entity';
import { CaseChannel, CaseOutcome, CaseType, CenterCaseStatus } from '../entities/center-case.entity';

registerEnumType(CaseType, { name: 'CaseType', description: '咨询、投诉、举报' });
registerEnumType(CaseChannel, { name: 'CaseChannel', description: '来源渠道：服务站、电话、网络、信函、来访、传真、转办' });
registerEnumType(CenterCaseStatus, { name: 'CenterCaseStatus', description: '登记 → 受理/不予受理 → 转办 → 办结 → 反馈 → 归档' });
registerEnumType(CaseOutcome, { name: 'CaseOutcome', description: '办结结果' });
registerEnumType(Satisfaction, { name: 'Satisfaction', description: '回访满意度' });

@ObjectType('CenterCase', { description: '12315 中心案件' })
export class CenterCaseModel {
  @Field(() => ID) id: string;
  @Field({ description: '案件编号，如 ZX-20251124-000001' }) caseNumber: string;
  @Field(() => CaseType) type: CaseType;
  @Field(() => CaseChannel) channel: CaseChannel;
  @Field(() => CenterCaseStatus) status: CenterCaseStatus;
  @Field(() => DateTimeScalar) receivedAt: Date;
  @Field() subject: string;
  @Field(() => NonAcceptanceGround, { nullable: true }) rejectionGround: NonAcceptanceGround | null;
  @Field(() => CaseOutcome, { nullable: true }) outcome: CaseOutcome | null;
  @Field(() => String, { nullable: true }) amountRecovered: string | null;
  @Field(() => Int) urgeCount: number;

  // Beyond the contract.
  @Field() description: string;
  @Field(() => String, { nullable: true }) respondentName: string | null;
  @Field(() => String, { nullable: true }) respondentCreditCode: string | null;
  @Field(() => String, { nullable: true }) amountClaimed: string | null;
  @Field(() => String, { nullable: true }) rejectionNote: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '不予受理已告知投诉人的时间' }) complainantNotifiedAt: Date | null;
  @Field(() => String, { nullable: true }) returnReason: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) acceptedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) assignedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) extendedAt: Date | null;
  @Field(() => String, { nullable: true }) closeNote: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) closedAt: Date | null;
  @Field(() => String, { nullable: true }) feedbackNote: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) feedbackAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) archivedAt: Date | null;

  /** Encrypted contact details: resolved (and audited for REPORT cases) by field resolvers. */
  complainantNameEnc: string;
  complainantPhoneEnc: string;
  registeredUnitId: string;
  registeredUnitPath: string;
  assignedUnitId: string | null;
  assignedUnitPath: string | null;
  sourceDisputeId: string | null;
  sourceStationId: string | null;
  /** The user who closed the case (`closedBy` resolves it to a UserRef). */
  closedById: string | null;
  /** The user who registered the case, its first contact (首问); null when it came from a station. */
  registeredById: string | null;
  /** The second officer named on closing (`coHandler`). */
  coHandlerId: string | null;
}

@ObjectType('UserRef', { description: '用户（仅编号与姓名）' })
export class UserRefModel {
  @Field(() => ID) id: string;
  @Field({ description: '姓名' }) displayName: string;
}

export const CenterCaseConnection = Connection(CenterCaseModel, 'CenterCase');

@ObjectType('Callback', { description: '回访记录' })
export class CallbackModel {
  @Field(() => ID) id: string;
  @Field(() => Satisfaction) satisfaction: Satisfaction;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => DateTimeScalar) calledAt: Date;
  caseId: string;
  calledById: string;
}
