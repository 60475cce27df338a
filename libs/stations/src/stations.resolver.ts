import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, OrgUnitModel, OrgUnitsService, UserModel } from '@app/identity';
import { chinaToday, ConnectionShape, DateScalar, TenantDb } from '@app/platform';
import { ChecklistItemInput, RecordInspectionInput, RecordTrainingInput } from './dto/inspection.input';
import { ChecklistItemModel, InspectionModel, RectificationModel, StationVerificationModel, TrainingRecordModel } from './dto/inspection.model';
import { RegisterStationInput, StationFilter } from './dto/station.input';
import { CategoryCountModel, StationConnection, StationImportResult, StationModel } from './dto/station.model';
import { StationStatus } from './entities/station.entity';
import { InspectionsService } from './inspections.service';
import { StationImportService } from './station-import.service';
import { StationsService } from './stations.service';
import { TrainingService } from './training.service';
import { assertVerificationYear, VerificationService } from './verification.service';

type Page = ConnectionShape<StationModel>;

@Resolver(() => StationModel)
export class StationsResolver {
  constructor(
    private readonly registry: StationsService,
    private readonly verification: VerificationService,
    private readonly importer: StationImportService,
    private readonly inspections: InspectionsService,
    private readonly orgUnits: OrgUnitsService,
  ) {}

  @Query(() => StationModel, { nullable: true })
  station(@Args('id', { type: () => ID }) id: string): Promise<StationModel> {
    return this.registry.getVisible(id);
  }

  @Query(() => StationConnection, { description: '站点名录（按站点编号排序）' })
  stations(
    @Args('filter', { type: () => StationFilter, nullable: true }) filter?: StationFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Page> {
    return this.registry.list(filter, first, after);
  }

  @Query(() => [CategoryCountModel], { description: '各类别站点数；默认只统计正常（ACTIVE）站点' })
  stationCountsByCategory(
    @Args('orgUnitId', { type: () => ID, nullable: true }) orgUnitId?: string,
    @Args('status', { type: () => StationStatus, nullable: true }) status?: StationStatus,
  ): Promise<CategoryCountModel[]> {
    return this.registry.countsByCategory(orgUnitId, status ?? StationStatus.ACTIVE);
  }

  @Query(() => StationConnection, { description: '有逾期未完成整改事项的站点' })
  stationsWithOverdueRectification(
    @Args('orgUnitId', { type: () => ID, nullable: true }) orgUnitId?: string,
    @Args('asOf', { type: () => DateScalar, nullable: true, description: '默认今天' }) asOf?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Page> {
    return this.registry.list({ orgUnitId }, first, after, { overdueBefore: asOf ?? chinaToday() });
  }

  @Query(() => StationConnection, { description: '近半年内没有工作人员参加培训的正常站点' })
  stationsWithoutRecentTraining(
    @Args('orgUnitId', { type: () => ID, nullable: true }) orgUnitId?: string,
    @Args('asOf', { type: () => DateScalar, nullable: true, description: '默认今天' }) asOf?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Page> {
    return this.registry.list({ orgUnitId }, first, after, { untrainedAsOf: asOf ?? chinaToday() });
  }

  @Query(() => StationConnection, { description: '该年度尚未核查的站点（不含已撤销）' })
  unverifiedStations(
    @Args('year', { type: () => Int }) year: number,
    @Args('orgUnitId', { type: () => ID, nullable: true }) orgUnitId?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Page> {
    return this.registry.list({ orgUnitId }, first, after, { unverifiedYear: assertVerificationYear(year) });
  }

  @Query(() => String, { description: '导出站点名录：CSV，中文表头，UTF-8 带 BOM' })
  exportStations(@Args('filter', { type: () => StationFilter, nullable: true }) filter?: StationFilter): Promise<string> {
    return this.registry.exportCsv(filter);
  }

  @Mutation(() => StationModel)
  registerStation(@Args('input') input: RegisterStationInput): Promise<StationModel> {
    return this.registry.register(input);
  }

  @Mutation(() => StationModel, { description: '批准待审批的站点，或恢复暂停的站点' })
  approveStation(@Args('id', { type: () => ID }) id: string): Promise<StationModel> {
    return this.registry.approve(id);
  }

  @Mutation(() => StationModel)
  suspendStation(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string): Promise<StationModel> {
    return this.registry.suspend(id, reason);
  }

  @Mutation(() => StationModel)
  revokeStation(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string): Promise<StationModel> {
    return this.registry.revoke(id, reason);
  }

  @Mutation(() => [StationModel], { description: '以同一原因一次撤销多个站点（全部成功或全部不变）' })
  revokeStations(@Args('ids', { type: () => [ID] }) ids: string[], @Args('reason') reason: string): Promise<StationModel[]> {
    return this.registry.revokeMany(ids, reason);
  }

  @Mutation(() => StationVerificationModel, { description: '年度名录核查：确认站点信息属实' })
  verifyStation(
    @Args('id', { type: () => ID }) id: string,
    @Args('year', { type: () => Int }) year: number,
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ): Promise<StationVerificationModel> {
    return this.verification.verify(id, year, note);
  }

  @Mutation(() => StationImportResult, { description: '从 CSV 导入站点：任一行有误则整个文件不导入，并列出各行错误（extensions.rowErrors）' })
  importStations(
    @Args('csv') csv: string,
    @Args('orgUnitId', { type: () => ID, nullable: true, description: '“监管单位”列为空的行所属的单位' }) orgUnitId?: string,
    @Args('activate', { type: () => Boolean, nullable: true, description: '导入即为正常状态（默认待审批）' }) activate?: boolean,
  ): Promise<StationImportResult> {
    return this.importer.import(csv, orgUnitId, activate ?? false);
  }

  @ResolveField(() => OrgUnitModel)
  async orgUnit(@Parent() s: StationModel): Promise<OrgUnitModel> {
    return (await this.orgUnits.load(s.orgUnitId))!;
  }

  @ResolveField(() => [RectificationModel], { description: '未完成的整改事项' })
  openRectifications(@Parent() s: StationModel): Promise<RectificationModel[]> {
    return s.redacted ? Promise.resolve([]) : this.inspections.openRectifications(s.id);
  }
}

@Resolver()
export class InspectionsResolver {
  constructor(
    private readonly inspections: InspectionsService,
    private readonly training: TrainingService,
  ) {}

  @Query(() => [ChecklistItemModel], { description: '站点检查表（含已停用的项目）' })
  inspectionChecklist(): Promise<ChecklistItemModel[]> {
    return this.inspections.checklist();
  }

  @Mutation(() => ChecklistItemModel, { description: '新增或修改检查表项目（租户管理员）' })
  saveChecklistItem(@Args('input') input: ChecklistItemInput): Promise<ChecklistItemModel> {
    return this.inspections.saveChecklistItem(input);
  }

  @Mutation(() => InspectionModel)
  recordInspection(@Args('input') input: RecordInspectionInput): Promise<InspectionModel> {
    return this.inspections.record(input);
  }

  @Mutation(() => RectificationModel, { description: '复查确认整改完毕' })
  closeRectification(@Args('id', { type: () => ID }) id: string, @Args('note') note: string): Promise<RectificationModel> {
    return this.inspections.closeRectification(id, note);
  }

  @Query(() => [InspectionModel], { description: '站点的检查记录，最近的在前' })
  stationInspections(@Args('stationId', { type: () => ID }) stationId: string): Promise<InspectionModel[]> {
    return this.inspections.listForStation(stationId);
  }

  @Mutation(() => TrainingRecordModel)
  recordTraining(@Args('input') input: RecordTrainingInput): Promise<TrainingRecordModel> {
    return this.training.record(input);
  }

  @Query(() => [TrainingRecordModel], { description: '站点的培训记录，最近的在前' })
  trainingRecords(@Args('stationId', { type: () => ID }) stationId: string): Promise<TrainingRecordModel[]> {
    return this.training.listForStation(stationId);
  }
}

/** Contract `User.station`, resolved here because identity sits below the registry. */
@Resolver(() => UserModel)
export class UserStationResolver {
  constructor(
    private readonly stations: StationsService,
    private readonly access: AccessService,
    private readonly db: TenantDb,
  ) {}

  @ResolveField(() => StationModel, { nullable: true })
  async station(@Parent() user: UserModel): Promise<StationModel | null> {
    const stationId = user.stationId;
    if (!stationId) return null;
    // Login answers before the request has a tenant context: the user's own station, in theirs.
    if (!this.db.hasTenant()) return user.tenantId ? this.db.withTenant(user.tenantId, () => this.stations.load(stationId)) : null;
    const s = await this.stations.load(stationId);
    return s && this.stations.canSee(this.access.principal(), s) ? s : null;
  }
}
