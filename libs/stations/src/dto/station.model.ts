import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateScalar } from '@app/platform';
import { StationCategory, StationStatus } from '../entities/station.entity';

registerEnumType(StationCategory, {
  name: 'StationCategory',
  description: '五进类别：商场、超市、市场、企业、景区、其它',
});
registerEnumType(StationStatus, {
  name: 'StationStatus',
  description: '待审批 → 正常 ⇄ 暂停；任何状态均可撤销（终态）',
});

@ObjectType('Station', { description: '12315 消费维权服务站' })
export class StationModel {
  @Field(() => ID) id: string;
  @Field({ description: '站点编号：监管单位行政区划代码-序号' }) code: string;
  @Field() name: string;
  @Field(() => StationCategory) category: StationCategory;
  @Field(() => StationStatus) status: StationStatus;
  @Field() hostName: string;
  @Field() hostCreditCode: string;
  @Field() address: string;
  @Field() contactName: string;
  @Field() contactPhone: string;
  @Field(() => DateScalar, { nullable: true }) establishedOn: string | null;
  @Field(() => String, { nullable: true }) revokedReason: string | null;
  @Field(() => String, { nullable: true, description: '暂停原因（仅暂停状态）' }) suspendedReason: string | null;
  /** Not exposed (the orgUnit field resolves it): the supervising unit and its scope path. */
  orgUnitId: string;
  orgUnitPath: string;
  orgUnitName: string;
  hostId: string;
  /** Set on the copy shown to a caller outside the station's scope (see StationsService.shownTo). */
  redacted?: boolean;
}

export const StationConnection = Connection(StationModel, 'Station');

@ObjectType('CategoryCount')
export class CategoryCountModel {
  @Field(() => StationCategory) category: StationCategory;
  @Field(() => Int) count: number;
}

@ObjectType('StationImportResult')
export class StationImportResult {
  @Field(() => Int, { description: '导入的站点数' }) count: number;
  @Field(() => [StationModel]) stations: StationModel[];
}
