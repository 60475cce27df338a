import { Injectable } from '@nestjs/common';
import { randomBytes } from 'crypto';
import { EntityManager, In } from 'typeorm';
import { AccessService, assertId, OrgUnitLevel, OrgUnitsService, pathWithin } from '@app/identity';
import {
  AuditService,
  ConnectionShape,
  DataLoaderFactory,
  decodeCursor,
  isNotBlank,
  newId,
  pageSize,
  PlatformError,
  Principal,
  Role,
  TenantDb,
  toConnection,
} from '@app/platform';
import { StationsService, StationStatus } from '@app/stations';
import { CreateRoundInput, CriterionScoreInput } from './dto/evaluation.input';
import { ApplicationModel, CriterionModel, EvaluationRoundModel, ModelTitleModel, ScoreSheetModel } from './dto/evaluation.model';
import { ApplicationStatus, CANDIDATE_STATUSES, EvaluationApplication, ScoreSheet } from './entities/application.entity';
import { EvaluationCriterion, EvaluationRound, PHASE_ORDER, RoundPhase } from './entities/evaluation-round.entity';
import { EvaluationError } from './evaluation.errors';
import { Candidate, computeStandings, drawSample, rankCandidates, selectCandidates, weightedScore } from './selection';

/** A round as loaded for checks: the row, the city's ltree path, the criteria. */
export interface LoadedRound extends EvaluationRoundModel {
  selectedAt: Date | null;
}

/** An application as loaded for checks: the row plus the station's and round's paths and phase. */
export interface LoadedApplication extends ApplicationModel {
  stationPath: string;
  cityPath: string;
  phase: RoundPhase;
  quota: number;
}

const WEIGHT_TOLERANCE = 1e-6;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NOTE = 2000;

function toApplicationModel(r: Record<string, any>): ApplicationModel {
  return {
    id: r.id,
    roundId: r.round_id,
    stationId: r.station_id,
    category: r.category,
    status: r.status,
    statement: r.statement,
    countyNote: r.county_note,
    cityNote: r.city_note,
    finalScore: r.final_score === null ? null : Number(r.final_score),
    rawScore: r.raw_score === null ? null : Number(r.raw_score),
    rank: r.rank,
    sheetCount: Number(r.sheet_count ?? 0),
    selected: r.selected,
    inSample: r.in_sample,
    spotCheckPassed: r.spot_check_passed,
    spotCheckNote: r.spot_check_note,
    createdAt: r.created_at,
    year: r.year,
  };
}

const APP_SELECT = `select a.*, r.year, r.phase, r.quota, ro.path::text as city_path, so.path::text as station_path,
    (select count(*) from evaluation_score_sheets ss where ss.tenant_id = a.tenant_id and ss.application_id = a.id and not ss.conflict_declared) as sheet_count
  from evaluation_applications a
  join evaluation_rounds r on r.tenant_id = a.tenant_id and r.id = a.round_id
  join org_units ro on ro.tenant_id = r.tenant_id and ro.id = r.org_unit_id
  join stations s on s.tenant_id = a.tenant_id and s.id = a.station_id
  join org_units so on so.tenant_id = s.tenant_id and so.id = s.org_unit_id`;

/**
 * The provincial model-station round (issue 7). Access rules (permissions.md), with the
 * decisions this lib takes where the table leaves room:
 * - "the round's city or above": an OFFICER whose scope contains the city; "above the city":
 *   strictly contains it (the province); TENANT_ADMIN spans the tenant.
 * - An EVALUATOR is "in scope of the round" when their org unit is on the city's line: the
 *   city, an ancestor of it, or a unit inside it (county evaluators are common).
 * - "An evaluator whose org unit supervises the station": an evaluator below city level whose
 *   unit and the station's supervising unit are on one line (the same unit, the county above
 *   the station's office, or an office under the station's county). City and province
 *   evaluators supervise no station directly and are never barred this way.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly orgUnits: OrgUnitsService,
    private readonly stations: StationsService,
    private readonly loaders: DataLoaderFactory,
  ) {}

  // ---------- access helpers ----------

  private isAdmin(p: Principal): boolean {
    return this.access.has(p, Role.TENANT_ADMIN);
  }

  /** OFFICER of the round's city or above, TENANT_ADMIN. */
  private requireCityOrAbove(p: Principal, cityPath: string): void {
    if (this.isAdmin(p)) return;
    if (this.access.has(p, Role.OFFICER) && p.orgUnitPath && pathWithin(cityPath, p.orgUnitPath)) return;
    throw PlatformError.forbidden('只有组织评选的市局或上级单位可以执行此操作');
  }

  /** OFFICER strictly above the round's city (the province), TENANT_ADMIN. */
  private requireAboveCity(p: Principal, cityPath: string): void {
    if (this.isAdmin(p)) return;
    if (this.access.has(p, Role.OFFICER) && p.orgUnitPath && cityPath.startsWith(p.orgUnitPath + '.')) return;
    throw PlatformError.forbidden('只有省级单位可以执行此操作');
  }

  private onLine(p: Principal, path: string): boolean {
    return !!p.orgUnitPath && (pathWithin(path, p.orgUnitPath) || pathWithin(p.orgUnitPath, path));
  }

  /** Evaluator's unit below the city and on one line with the station's supervising unit. */
  supervises(p: Principal, cityPath: string, stationPath: string): boolean {
    if (!p.orgUnitPath || !p.orgUnitPath.startsWith(cityPath + '.')) return false;
    return pathWithin(stationPath, p.orgUnitPath) || pathWithin(p.orgUnitPath, stationPath);
  }

  private requirePhase(phase: RoundPhase, wanted: RoundPhase, action: string): void {
    if (phase !== wanted) throw EvaluationError.wrongPhase(phase, action);
  }

  private note(value: string, field = 'note'): string {
    if (!isNotBlank(value)) throw EvaluationError.badInput(field, '请填写意见');
    if (value.length > MAX_NOTE) throw EvaluationError.badInput(field, `不能超过 ${MAX_NOTE} 字`);
    return value.trim();
  }

  // ---------- loading ----------

  async loadRound(em: EntityManager, id: string, field = 'id', lock = false): Promise<LoadedRound> {
    const rows = await em.query(
      `select r.*, o.path::text as city_path from evaluation_rounds r join org_units o on o.tenant_id = r.tenant_id and o.id = r.org_unit_id
        where r.id = $1 ${lock ? 'for update of r' : ''}`,
      [assertId(id, field)],
    );
    if (!rows.length) throw EvaluationError.roundNotFound(field);
    return (await this.toRounds(em, rows))[0];
  }

  /** Round rows (`r.*` plus `city_path`) with their criteria, loaded in one query. */
  private async toRounds(em: EntityManager, rows: Record<string, any>[]): Promise<LoadedRound[]> {
    if (!rows.length) return [];
    const criteria = await em
      .getRepository(EvaluationCriterion)
      .find({ where: { roundId: In(rows.map((r) => r.id)) }, order: { sortOrder: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      year: r.year,
      phase: r.phase,
      quota: r.quota,
      maxPerCategory: r.max_per_category,
      criteria: criteria
        .filter((c) => c.roundId === r.id)
        .map((c): CriterionModel => ({ id: c.id, code: c.code, name: c.name, maxPoints: c.maxPoints, weight: c.weight })),
      selectionStored: !!r.selected_at,
      selectedAt: r.selected_at,
      spotCheckSeed: r.spot_check_seed,
      spotCheckSize: r.spot_check_size,
      orgUnitId: r.org_unit_id,
      cityPath: r.city_path,
    }));
  }

  async loadApplication(em: EntityManager, id: string, field = 'id', lock = false): Promise<LoadedApplication> {
    const rows = await em.query(`${APP_SELECT} where a.id = $1 ${lock ? 'for update of a' : ''}`, [assertId(id, field)]);
    if (!rows.length) throw EvaluationError.applicationNotFound(field);
    const r = rows[0];
    return { ...toApplicationModel(r), stationPath: r.station_path, cityPath: r.city_path, phase: r.phase, quota: r.quota };
  }

  /** For field resolvers (an application's or a title's round): batched per request, one query for all. */
  roundModel(id: string): Promise<EvaluationRoundModel> {
    return this.loaders
      .get<string, EvaluationRoundModel>('evaluation.round', (ids) =>
        this.db.tx(async (em) => {
          const rows = await em.query(
            `select r.*, o.path::text as city_path from evaluation_rounds r join org_units o on o.tenant_id = r.tenant_id and o.id = r.org_unit_id
              where r.id = any($1::uuid[])`,
            [ids],
          );
          const rounds = new Map((await this.toRounds(em, rows)).map((r) => [r.id, r]));
          return ids.map((rid) => rounds.get(rid) ?? EvaluationError.roundNotFound());
        }),
      )
      .load(id);
  }

  // ---------- rounds ----------

  async createRound(input: CreateRoundInput): Promise<EvaluationRoundModel> {
    const p = this.access.requireRole(Role.OFFICER, Role.TENANT_ADMIN);
    const city = await this.orgUnits.get(input.orgUnitId, 'orgUnitId');
    this.requireCityOrAbove(p, city.path);
    if (city.level !== OrgUnitLevel.CITY) throw EvaluationError.badInput('orgUnitId', '评选须由市局组织');
    const codes = new Set(input.criteria.map((c) => c.code.trim()));
    if (codes.size !== input.criteria.length) throw EvaluationError.badInput('criteria', '评分标准代码不能重复');
    const sum = input.criteria.reduce((s, c) => s + c.weight, 0);
    if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) throw EvaluationError.badInput('criteria', `各项权重之和须为 1（当前为 ${Math.round(sum * 1e6) / 1e6}）`);
    if (input.criteria.some((c) => c.weight <= 0)) throw EvaluationError.badInput('criteria', '每项权重须大于 0');
    return this.db.tx(async (em) => {
      const id = newId();
      const taken = await em.query(`select 1 from evaluation_rounds where org_unit_id = $1 and year = $2`, [city.id, input.year]);
      if (taken.length) throw EvaluationError.conflict(`该市 ${input.year} 年度已有评选活动`, 'year');
      await em.insert(EvaluationRound, {
        tenantId: this.db.tenantId,
        id,
        year: input.year,
        orgUnitId: city.id,
        phase: RoundPhase.APPLICATION,
        quota: input.quota,
        maxPerCategory: input.maxPerCategory ?? null,
        selectedAt: null,
        spotCheckSeed: null,
        spotCheckSize: null,
      });
      await em.insert(
        EvaluationCriterion,
        input.criteria.map((c, i) => ({
          tenantId: this.db.tenantId,
          id: newId(),
          roundId: id,
          code: c.code.trim(),
          name: c.name.trim(),
          maxPoints: c.maxPoints,
          weight: c.weight,
          sortOrder: i,
        })),
      );
      await this.audit.record(em, { action: 'evaluation.round.create', entity: 'EvaluationRound', entityId: id, details: { year: input.year, orgUnitId: city.id, quota: input.quota } });
      return this.loadRound(em, id);
    }).catch((e) => {
      if ((e as { code?: string }).code === '23505') throw EvaluationError.conflict(`该市 ${input.year} 年度已有评选活动`, 'year');
      throw e;
    });
  }

  /** Any role in scope: units on the city's line, TENANT_ADMIN, staff of a station in the city. */
  private async canSeeRound(p: Principal, round: { cityPath: string }): Promise<boolean> {
    if (this.isAdmin(p)) return true;
    if (this.access.has(p, Role.OFFICER, Role.CENTER_OPERATOR, Role.EVALUATOR) && this.onLine(p, round.cityPath)) return true;
    if (this.access.has(p, Role.STATION_STAFF) && p.stationId) {
      const s = await this.stations.load(p.stationId);
      return !!s && pathWithin(s.orgUnitPath, round.cityPath);
    }
    return false;
  }

  async getRound(id: string): Promise<EvaluationRoundModel> {
    const p = this.access.requireTenantUser();
    const round = await this.db.tx((em) => this.loadRound(em, id));
    if (!(await this.canSeeRound(p, round))) throw PlatformError.forbidden('不在您的管辖范围内');
    return round;
  }

  /**
   * The rounds the caller may read (the same rule as `getRound`: units on the city's line,
   * TENANT_ADMIN, staff of a station inside the city), newest first: by year, then by creation
   * (ids are UUIDv7). Keyset paging on (year, id).
   */
  async listRounds(year?: number | null, first?: number | null, after?: string | null): Promise<ConnectionShape<EvaluationRoundModel>> {
    const p = this.access.requireTenantUser();
    if (year !== undefined && year !== null && (!Number.isInteger(year) || year < 2000 || year > 2100)) throw EvaluationError.badInput('year', '年度无效');
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 2);
    if (cursor && (typeof cursor[0] !== 'number' || typeof cursor[1] !== 'string' || !UUID_RE.test(cursor[1]))) throw EvaluationError.badInput('after', '分页游标无效');
    const all = this.isAdmin(p);
    const scope = !all && this.access.has(p, Role.OFFICER, Role.CENTER_OPERATOR, Role.EVALUATOR) ? p.orgUnitPath ?? null : null;
    const stationId = !all && this.access.has(p, Role.STATION_STAFF) ? p.stationId ?? null : null;
    if (!all && !scope && !stationId) throw PlatformError.forbidden('不在您的管辖范围内');
    const visible = `($2::bool
        or ($3::ltree is not null and (o.path @> $3::ltree or o.path <@ $3::ltree))
        or ($4::uuid is not null and exists (select 1 from stations s join org_units so on so.tenant_id = s.tenant_id and so.id = s.org_unit_id
                                              where s.id = $4::uuid and so.path <@ o.path)))
      and ($1::int is null or r.year = $1::int)`;
    const params = [year ?? null, all, scope, stationId];
    return this.db.tx(async (em) => {
      const from = `from evaluation_rounds r join org_units o on o.tenant_id = r.tenant_id and o.id = r.org_unit_id where ${visible}`;
      const [{ n }] = await em.query(`select count(*)::int as n ${from}`, params);
      const rows: Record<string, any>[] = n
        ? await em.query(
            `select r.*, o.path::text as city_path ${from} and ($5::int is null or (r.year, r.id) < ($5::int, $6::uuid))
              order by r.year desc, r.id desc limit $7`,
            [...params, cursor?.[0] ?? null, cursor?.[1] ?? null, limit + 1],
          )
        : [];
      const rounds = await this.toRounds(em, rows.slice(0, limit + 1));
      return toConnection(rounds, limit, n, (r) => [r.year, r.id], !!cursor);
    });
  }

  async advance(id: string, to: RoundPhase): Promise<EvaluationRoundModel> {
    const p = this.access.requireRole(Role.OFFICER, Role.TENANT_ADMIN);
    return this.db.tx(async (em) => {
      const round = await this.loadRound(em, id, 'id', true);
      this.requireCityOrAbove(p, round.cityPath);
      const from = round.phase;
      if (PHASE_ORDER.indexOf(to) !== PHASE_ORDER.indexOf(from) + 1) {
        throw EvaluationError.wrongPhase(from, `直接进入「${to}」阶段（只能逐阶段向前推进）`);
      }
      const count = async (where: string, params: unknown[] = []) =>
        Number((await em.query(`select count(*)::int as n from evaluation_applications a where a.round_id = $1 and ${where}`, [round.id, ...params]))[0].n);
      if (from === RoundPhase.COUNTY_REVIEW) {
        const n = await count(`a.status = 'SUBMITTED'`);
        if (n) throw EvaluationError.phaseGate(from, `尚有 ${n} 份申请未经县级查验`);
      } else if (from === RoundPhase.CITY_REVIEW) {
        const n = await count(`a.status = 'COUNTY_RECOMMENDED'`);
        if (n) throw EvaluationError.phaseGate(from, `尚有 ${n} 份申请未经市级审核`);
      } else if (from === RoundPhase.PUBLIC_NOTICE) {
        const n = Number(
          (await em.query(`select count(*)::int as n from evaluation_public_comments c where c.round_id = $1 and c.objection and c.resolution is null`, [round.id]))[0].n,
        );
        if (n) throw EvaluationError.phaseGate(from, `尚有 ${n} 条异议未处理`);
      } else if (from === RoundPhase.SCORING) {
        if (!round.selectedAt) throw EvaluationError.phaseGate(from, '尚未保存遴选结果');
      } else if (from === RoundPhase.SPOT_CHECK) {
        const n = await count(`a.in_sample and a.spot_check_passed is null`);
        if (n) throw EvaluationError.phaseGate(from, `抽查样本中尚有 ${n} 个站点未记录抽查结果`);
      }
      await em.update(EvaluationRound, { tenantId: this.db.tenantId, id: round.id }, { phase: to });
      let granted = 0;
      if (to === RoundPhase.PUBLISHED) granted = await this.grantTitles(em, round);
      await this.audit.record(em, { action: 'evaluation.round.advance', entity: 'EvaluationRound', entityId: round.id, details: { from, to, granted } });
      return this.loadRound(em, round.id);
    });
  }

  /** On PUBLISHED: the selected (and not failed) applications are awarded a title for the year. */
  private async grantTitles(em: EntityManager, round: LoadedRound): Promise<number> {
    // TypeORM's postgres driver answers an UPDATE with [rows, affected].
    const [awarded] = (await em.query(
      `update evaluation_applications set status = 'AWARDED', updated_at = now() where round_id = $1 and status = 'SELECTED' returning id, station_id`,
      [round.id],
    )) as [{ id: string; station_id: string }[], number];
    if (!awarded.length) return 0;
    const res = await em.query(
      `insert into model_titles (tenant_id, id, station_id, year, round_id, application_id)
       select $1::uuid, t.id, t.station_id, $2::int, $3::uuid, t.application_id from unnest($4::uuid[], $5::uuid[], $6::uuid[]) as t(id, station_id, application_id)
       on conflict (tenant_id, station_id, year) do nothing returning id`,
      [this.db.tenantId, round.year, round.id, awarded.map(() => newId()), awarded.map((a) => a.station_id), awarded.map((a) => a.id)],
    );
    return res.length;
  }

  // ---------- applications ----------

  async apply(roundId: string, stationId: string, statement: string): Promise<ApplicationModel> {
    const p = this.access.requireRole(Role.STATION_STAFF, Role.OFFICER);
    return this.db.tx(async (em) => {
      const round = await this.loadRound(em, roundId, 'roundId');
      const station = await this.stations.get(stationId, 'stationId');
      const own = this.access.has(p, Role.STATION_STAFF) && p.stationId === station.id;
      const officer = this.access.has(p, Role.OFFICER) && this.access.inScope(p, station.orgUnitPath);
      if (!own && !officer) throw PlatformError.forbidden('只能为本站或辖区内的站点申请');
      this.requirePhase(round.phase, RoundPhase.APPLICATION, '提交申请');
      const text = this.note(statement, 'statement');
      if (!pathWithin(station.orgUnitPath, round.cityPath)) throw EvaluationError.badInput('stationId', '该站点不在组织评选的市局辖区内');
      if (station.status !== StationStatus.ACTIVE) throw EvaluationError.badInput('stationId', '只有正常运行的站点可以申请');
      const id = newId();
      const res = await em.query(
        `insert into evaluation_applications (tenant_id, id, round_id, station_id, category, status, statement)
         values ($1, $2, $3, $4, $5, 'SUBMITTED', $6) on conflict (tenant_id, round_id, station_id) do nothing returning id`,
        [this.db.tenantId, id, round.id, station.id, station.category, text],
      );
      if (!res.length) throw EvaluationError.conflict('该站点已申请本次评选', 'stationId');
      await this.audit.record(em, { action: 'evaluation.application.submit', entity: 'EvaluationApplication', entityId: id, details: { roundId: round.id, stationId: station.id } });
      return this.loadApplication(em, id);
    });
  }

  async withdraw(id: string): Promise<ApplicationModel> {
    const p = this.access.requireRole(Role.STATION_STAFF, Role.OFFICER);
    return this.db.tx(async (em) => {
      const app = await this.loadApplication(em, id, 'id', true);
      const own = this.access.has(p, Role.STATION_STAFF) && p.stationId === app.stationId;
      const officer = this.access.has(p, Role.OFFICER) && this.access.inScope(p, app.stationPath);
      if (!own && !officer) throw PlatformError.forbidden('只能撤回本站或辖区内站点的申请');
      this.requirePhase(app.phase, RoundPhase.APPLICATION, '撤回申请');
      if (app.status !== ApplicationStatus.SUBMITTED) throw EvaluationError.wrongStatus(app.status, '撤回');
      await em.update(EvaluationApplication, { tenantId: this.db.tenantId, id: app.id }, { status: ApplicationStatus.WITHDRAWN, withdrawnAt: new Date() });
      await this.audit.record(em, { action: 'evaluation.application.withdraw', entity: 'EvaluationApplication', entityId: app.id });
      return this.loadApplication(em, app.id);
    });
  }

  /** The county unit above (or equal to) the station's supervising unit. */
  private async countyPath(em: EntityManager, stationPath: string): Promise<string> {
    const rows = await em.query(`select path::text as path from org_units where level = 'COUNTY' and path @> $1::ltree order by nlevel(path) desc limit 1`, [stationPath]);
    return rows[0]?.path ?? stationPath;
  }

  async review(id: string, recommend: boolean, note: string): Promise<ApplicationModel> {
    const p = this.access.requireRole(Role.OFFICER);
    return this.db.tx(async (em) => {
      const app = await this.loadApplication(em, id, 'id', true);
      if (app.phase === RoundPhase.CITY_REVIEW) {
        this.requireCityOrAbove(p, app.cityPath);
      } else {
        this.access.requireScope(p, await this.countyPath(em, app.stationPath));
      }
      const tx = {
        [RoundPhase.COUNTY_REVIEW]: { from: ApplicationStatus.SUBMITTED, yes: ApplicationStatus.COUNTY_RECOMMENDED, no: ApplicationStatus.COUNTY_DECLINED, level: 'county' },
        [RoundPhase.CITY_REVIEW]: { from: ApplicationStatus.COUNTY_RECOMMENDED, yes: ApplicationStatus.CITY_RECOMMENDED, no: ApplicationStatus.CITY_DECLINED, level: 'city' },
      }[app.phase as RoundPhase.COUNTY_REVIEW | RoundPhase.CITY_REVIEW];
      if (!tx) throw EvaluationError.wrongPhase(app.phase, '审查申请');
      const text = this.note(note);
      if (app.status !== tx.from) throw EvaluationError.wrongStatus(app.status, '审查');
      const status = recommend ? tx.yes : tx.no;
      const now = new Date();
      await em.update(
        EvaluationApplication,
        { tenantId: this.db.tenantId, id: app.id },
        tx.level === 'county'
          ? { status, countyNote: text, countyReviewedBy: p.id, countyReviewedAt: now }
          : { status, cityNote: text, cityReviewedBy: p.id, cityReviewedAt: now },
      );
      await this.audit.record(em, { action: `evaluation.application.${tx.level}Review`, entity: 'EvaluationApplication', entityId: app.id, details: { recommend, note: text } });
      return this.loadApplication(em, app.id);
    });
  }

  /**
   * Who sees which applications of a round: TENANT_ADMIN and units at the city or above see
   * all; EVALUATORs on the city's line see all (they score them); officers and operators below
   * the city see their stations'; STATION_STAFF their own station's.
   */
  private async applicationFilter(p: Principal, round: LoadedRound): Promise<{ path: string | null; stationId: string | null }> {
    if (this.isAdmin(p)) return { path: null, stationId: null };
    if (this.access.has(p, Role.OFFICER, Role.CENTER_OPERATOR, Role.EVALUATOR) && p.orgUnitPath && pathWithin(round.cityPath, p.orgUnitPath)) return { path: null, stationId: null };
    if (this.access.has(p, Role.EVALUATOR) && this.onLine(p, round.cityPath)) return { path: null, stationId: null };
    if (this.access.has(p, Role.OFFICER, Role.CENTER_OPERATOR) && this.onLine(p, round.cityPath)) return { path: p.orgUnitPath, stationId: null };
    if (await this.canSeeRound(p, round)) return { path: null, stationId: p.stationId };
    throw PlatformError.forbidden('不在您的管辖范围内');
  }

  async getApplication(id: string): Promise<ApplicationModel> {
    const p = this.access.requireTenantUser();
    return this.db.tx(async (em) => {
      const app = await this.loadApplication(em, id);
      const round = await this.loadRound(em, app.roundId);
      const f = await this.applicationFilter(p, round);
      if ((f.path && !pathWithin(app.stationPath, f.path)) || (f.stationId && f.stationId !== app.stationId)) throw PlatformError.forbidden('不在您的管辖范围内');
      return app;
    });
  }

  /**
   * The round's applications, ranked: by the stored selection once there is one, live from the
   * submitted sheets during SCORING before it (same arithmetic), by submission order before SCORING.
   */
  async listApplications(roundId: string): Promise<ApplicationModel[]> {
    const p = this.access.requireTenantUser();
    return this.db.tx(async (em) => {
      const round = await this.loadRound(em, roundId, 'roundId');
      const f = await this.applicationFilter(p, round);
      const rows: Record<string, any>[] = await em.query(
        `select a.id, a.round_id, a.station_id, a.category, a.status, a.statement, a.county_note, a.city_note, a.final_score, a.raw_score, a.rank,
                a.selected, a.in_sample, a.spot_check_passed, a.spot_check_note, a.created_at, $2::int as year,
                (select count(*) from evaluation_score_sheets ss where ss.tenant_id = a.tenant_id and ss.application_id = a.id and not ss.conflict_declared) as sheet_count
           from evaluation_applications a
           join stations s on s.tenant_id = a.tenant_id and s.id = a.station_id
           join org_units so on so.tenant_id = s.tenant_id and so.id = s.org_unit_id
          where a.round_id = $1 and ($3::ltree is null or so.path <@ $3::ltree) and ($4::uuid is null or a.station_id = $4)
          order by a.rank nulls last, a.id`,
        [round.id, round.year, f.path, f.stationId],
      );
      const apps = rows.map(toApplicationModel);
      if (round.phase === RoundPhase.SCORING && !round.selectedAt) {
        const live = await this.liveRanking(em, round.id);
        for (const a of apps) {
          const s = live.get(a.id);
          if (s) Object.assign(a, s);
        }
        apps.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.id < b.id ? -1 : 1));
      }
      return apps;
    });
  }

  /** Scores and ranks of the candidates from the sheets submitted so far. */
  private async liveRanking(em: EntityManager, roundId: string): Promise<Map<string, { finalScore: number | null; rawScore: number | null; rank: number }>> {
    const ranked = await this.rankRound(em, roundId);
    return new Map(ranked.map((c, i) => [c.id, { finalScore: c.finalScore, rawScore: c.rawScore, rank: i + 1 }]));
  }

  private async rankRound(em: EntityManager, roundId: string): Promise<Candidate[]> {
    const [cands, sheets] = await Promise.all([
      em.query(`select id, category from evaluation_applications where round_id = $1 and status = ANY($2)`, [roundId, CANDIDATE_STATUSES]),
      em.query(`select application_id as "applicationId", evaluator_id as "evaluatorId", weighted from evaluation_score_sheets where round_id = $1 and not conflict_declared`, [roundId]),
    ]);
    const ids = new Set<string>(cands.map((c: { id: string }) => c.id));
    const standings = computeStandings(sheets.filter((s: { applicationId: string }) => ids.has(s.applicationId)));
    return rankCandidates(
      cands.map((c: { id: string; category: string }) => ({
        id: c.id,
        category: c.category,
        finalScore: standings.get(c.id)?.finalScore ?? null,
        rawScore: standings.get(c.id)?.rawScore ?? null,
      })),
    );
  }

  // ---------- scoring ----------

  private async evaluatorApplication(em: EntityManager, applicationId: string): Promise<{ p: Principal; app: LoadedApplication }> {
    const p = this.access.requireRole(Role.EVALUATOR);
    const app = await this.loadApplication(em, applicationId, 'applicationId', true);
    if (!this.onLine(p, app.cityPath)) throw PlatformError.forbidden('您不是本次评选的评委');
    return { p, app };
  }

  async submitScores(applicationId: string, scores: CriterionScoreInput[]): Promise<ApplicationModel> {
    this.access.requireRole(Role.EVALUATOR); // before the tenant transaction: the platform admin has none
    return this.db.tx(async (em) => {
      const { p, app } = await this.evaluatorApplication(em, applicationId);
      if (this.supervises(p, app.cityPath, app.stationPath)) throw PlatformError.forbidden('您所在单位监管该站点，须回避');
      this.requirePhase(app.phase, RoundPhase.SCORING, '提交评分');
      if (!CANDIDATE_STATUSES.includes(app.status)) throw EvaluationError.wrongStatus(app.status, '评分');
      const round = await this.loadRound(em, app.roundId);
      const points: Record<string, number> = {};
      for (const s of scores) {
        const c = round.criteria.find((x) => x.id === s.criterionId);
        if (!c) throw EvaluationError.badInput('scores', '评分项不属于本次评选');
        if (s.criterionId in points) throw EvaluationError.badInput('scores', `评分项「${c.name}」重复`);
        if (!Number.isFinite(s.points) || s.points < 0 || s.points > c.maxPoints) throw EvaluationError.badInput('scores', `「${c.name}」的分数须在 0 到 ${c.maxPoints} 之间`);
        points[c.id] = s.points;
      }
      const missing = round.criteria.filter((c) => !(c.id in points));
      if (missing.length) throw EvaluationError.badInput('scores', `请为每一项评分：缺少「${missing.map((c) => c.name).join('、')}」`);
      const existing = await em.findOne(ScoreSheet, { where: { applicationId: app.id, evaluatorId: p.id } });
      if (existing?.conflictDeclared) throw PlatformError.forbidden('您已申报回避，不能为该站点评分');
      if (existing) throw EvaluationError.conflict('评分表已提交，不能修改');
      const sheetId = newId();
      await em.insert(ScoreSheet, {
        tenantId: this.db.tenantId,
        id: sheetId,
        roundId: app.roundId,
        applicationId: app.id,
        evaluatorId: p.id,
        conflictDeclared: false,
        points,
        weighted: weightedScore(round.criteria, points),
      });
      // A new sheet makes a stored selection stale: it must be made again before leaving SCORING.
      if (round.selectedAt) await this.clearSelection(em, round.id);
      await this.audit.record(em, { action: 'evaluation.scores.submit', entity: 'EvaluationApplication', entityId: app.id, details: { sheetId, points } });
      return this.loadApplication(em, app.id);
    });
  }

  async declareConflict(applicationId: string): Promise<ApplicationModel> {
    this.access.requireRole(Role.EVALUATOR); // before the tenant transaction: the platform admin has none
    return this.db.tx(async (em) => {
      const { p, app } = await this.evaluatorApplication(em, applicationId);
      this.requirePhase(app.phase, RoundPhase.SCORING, '申报回避');
      const existing = await em.findOne(ScoreSheet, { where: { applicationId: app.id, evaluatorId: p.id } });
      if (existing && !existing.conflictDeclared) throw EvaluationError.conflict('评分表已提交，不能再申报回避');
      if (!existing) {
        await em.insert(ScoreSheet, { tenantId: this.db.tenantId, id: newId(), roundId: app.roundId, applicationId: app.id, evaluatorId: p.id, conflictDeclared: true, points: null, weighted: null });
        await this.audit.record(em, { action: 'evaluation.scores.declareConflict', entity: 'EvaluationApplication', entityId: app.id });
      }
      return this.loadApplication(em, app.id);
    });
  }

  /**
   * The caller's own sheet for an application: the points submitted, or a declared conflict;
   * null before either, and for anyone but an EVALUATOR (only evaluators have sheets). Batched
   * per request. The application was authorised by whatever returned it; the sheet is matched on
   * the caller's id, so no one reads another evaluator's sheet this way.
   */
  myScoreSheet(applicationId: string): Promise<ScoreSheetModel | null> {
    const p = this.access.principal();
    if (!p.tenantId || !this.access.has(p, Role.EVALUATOR)) return Promise.resolve(null);
    return this.loaders
      .get<string, ScoreSheetModel | null>('evaluation.myScoreSheet', (ids) =>
        this.db.tx(async (em) => {
          const sheets = await em.find(ScoreSheet, { where: { evaluatorId: p.id, applicationId: In([...ids]) } });
          const criteria = sheets.length
            ? await em.find(EvaluationCriterion, { where: { roundId: In([...new Set(sheets.map((s) => s.roundId))]) }, order: { sortOrder: 'ASC' } })
            : [];
          const byApp = new Map(
            sheets.map((s): [string, ScoreSheetModel] => [
              s.applicationId,
              {
                id: s.id,
                conflictDeclared: s.conflictDeclared,
                scores: s.points
                  ? criteria.filter((c) => c.roundId === s.roundId && c.id in s.points!).map((c) => ({ criterionId: c.id, points: Number(s.points![c.id]) }))
                  : [],
                weightedScore: s.weighted === null ? null : Number(s.weighted),
                submittedAt: s.submittedAt,
              },
            ]),
          );
          return ids.map((id) => byApp.get(id) ?? null);
        }),
      )
      .load(applicationId);
  }

  private async clearSelection(em: EntityManager, roundId: string): Promise<void> {
    await em.query(
      `update evaluation_applications set status = 'CITY_RECOMMENDED', final_score = null, raw_score = null, rank = null, selected = false, updated_at = now()
        where round_id = $1 and status = ANY($2)`,
      [roundId, CANDIDATE_STATUSES],
    );
    await em.update(EvaluationRound, { tenantId: this.db.tenantId, id: roundId }, { selectedAt: null });
  }

  // ---------- selection ----------

  /**
   * Ranks the candidates (selection.ts: normalised final score, ties by raw score then id),
   * takes the quota honouring maxPerCategory, stores scores, ranks and statuses. The same
   * sheets always give the same result, so re-running is idempotent.
   */
  async select(roundId: string): Promise<ApplicationModel[]> {
    const p = this.access.requireRole(Role.OFFICER, Role.TENANT_ADMIN);
    return this.db.tx(async (em) => {
      const round = await this.loadRound(em, roundId, 'roundId', true);
      this.requireCityOrAbove(p, round.cityPath);
      this.requirePhase(round.phase, RoundPhase.SCORING, '遴选示范站');
      const ranked = await this.rankRound(em, round.id);
      const chosen = new Set(selectCandidates(ranked, round.quota, round.maxPerCategory));
      if (ranked.length) {
        await em.query(
          `update evaluation_applications a set final_score = t.final_score, raw_score = t.raw_score, rank = t.rank, selected = t.selected,
                  status = case when t.selected then 'SELECTED' else 'NOT_SELECTED' end, updated_at = now()
             from unnest($2::uuid[], $3::float8[], $4::float8[], $5::int[], $6::bool[]) as t(id, final_score, raw_score, rank, selected)
            where a.round_id = $1 and a.id = t.id`,
          [round.id, ranked.map((c) => c.id), ranked.map((c) => c.finalScore), ranked.map((c) => c.rawScore), ranked.map((_, i) => i + 1), ranked.map((c) => chosen.has(c.id))],
        );
      }
      await em.update(EvaluationRound, { tenantId: this.db.tenantId, id: round.id }, { selectedAt: new Date() });
      await this.audit.record(em, { action: 'evaluation.round.select', entity: 'EvaluationRound', entityId: round.id, details: { selected: [...chosen] } });
      const rows = await em.query(`${APP_SELECT} where a.round_id = $1 and a.selected order by a.rank`, [round.id]);
      return rows.map(toApplicationModel);
    });
  }

  // ---------- spot checks ----------

  async drawSpotCheckSample(roundId: string, size: number): Promise<EvaluationRoundModel> {
    const p = this.access.requireRole(Role.OFFICER, Role.TENANT_ADMIN);
    return this.db.tx(async (em) => {
      const round = await this.loadRound(em, roundId, 'roundId', true);
      this.requireAboveCity(p, round.cityPath);
      this.requirePhase(round.phase, RoundPhase.SPOT_CHECK, '抽取抽查样本');
      if (round.spotCheckSeed) throw EvaluationError.conflict('本次评选已抽取抽查样本');
      const ids: string[] = (await em.query(`select id from evaluation_applications where round_id = $1 and selected order by id`, [round.id])).map((r: { id: string }) => r.id);
      if (!Number.isInteger(size) || size < 1 || size > ids.length) throw EvaluationError.badInput('size', `抽查数量须在 1 到 ${ids.length} 之间`);
      const seed = randomBytes(16).toString('hex');
      const sample = drawSample(seed, ids, size);
      await em.query(`update evaluation_applications set in_sample = true, updated_at = now() where round_id = $1 and id = ANY($2::uuid[])`, [round.id, sample]);
      await em.update(EvaluationRound, { tenantId: this.db.tenantId, id: round.id }, { spotCheckSeed: seed, spotCheckSize: size });
      await this.audit.record(em, { action: 'evaluation.spotCheck.draw', entity: 'EvaluationRound', entityId: round.id, details: { seed, size, sample } });
      return this.loadRound(em, round.id);
    });
  }

  async recordSpotCheck(applicationId: string, passed: boolean, note: string): Promise<ApplicationModel> {
    const p = this.access.requireRole(Role.OFFICER, Role.TENANT_ADMIN);
    return this.db.tx(async (em) => {
      const app = await this.loadApplication(em, applicationId, 'applicationId', true);
      this.requireAboveCity(p, app.cityPath);
      this.requirePhase(app.phase, RoundPhase.SPOT_CHECK, '记录抽查结果');
      const text = this.note(note);
      if (!app.inSample) throw EvaluationError.badInput('applicationId', '该申请不在抽查样本中');
      if (app.spotCheckPassed !== null) throw EvaluationError.conflict('该站点已记录抽查结果');
      await em.update(
        EvaluationApplication,
        { tenantId: this.db.tenantId, id: app.id },
        { spotCheckPassed: passed, spotCheckNote: text, spotCheckedBy: p.id, spotCheckedAt: new Date(), ...(passed ? {} : { status: ApplicationStatus.SPOT_CHECK_FAILED }) },
      );
      await this.audit.record(em, { action: 'evaluation.spotCheck.record', entity: 'EvaluationApplication', entityId: app.id, details: { passed, note: text } });
      return this.loadApplication(em, app.id);
    });
  }

  // ---------- titles ----------

  async modelTitles(year: number): Promise<ModelTitleModel[]> {
    const p = this.access.requireTenantUser();
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw EvaluationError.badInput('year', '年度无效');
    const scope = this.isAdmin(p) ? null : this.access.has(p, Role.OFFICER, Role.CENTER_OPERATOR, Role.EVALUATOR) ? p.orgUnitPath ?? '__none__' : null;
    const stationOnly = !this.isAdmin(p) && !this.access.has(p, Role.OFFICER, Role.CENTER_OPERATOR, Role.EVALUATOR);
    if (stationOnly && !p.stationId) throw PlatformError.forbidden();
    return this.db.tx(async (em) => {
      const rows = await em.query(
        `select t.station_id, t.round_id, t.year, t.granted_at, t.revoked_at, t.revoked_reason from model_titles t
           join stations s on s.tenant_id = t.tenant_id and s.id = t.station_id
           join org_units o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
          where t.year = $1 and ($2::ltree is null or o.path <@ $2::ltree) and ($3::uuid is null or t.station_id = $3)
          order by s.code`,
        [year, scope, stationOnly ? p.stationId : null],
      );
      return rows.map((r: Record<string, any>) => ({ stationId: r.station_id, roundId: r.round_id, year: r.year, grantedAt: r.granted_at, revokedAt: r.revoked_at, revokedReason: r.revoked_reason }));
    });
  }

  async revokeTitle(stationId: string, year: number, reason: string): Promise<ModelTitleModel> {
    const p = this.access.requireRole(Role.OFFICER, Role.TENANT_ADMIN);
    const sid = assertId(stationId, 'stationId');
    return this.db.tx(async (em) => {
      const rows = await em.query(
        `select t.*, o.path::text as city_path from model_titles t
           join evaluation_rounds r on r.tenant_id = t.tenant_id and r.id = t.round_id
           join org_units o on o.tenant_id = r.tenant_id and o.id = r.org_unit_id
          where t.station_id = $1 and t.year = $2 for update of t`,
        [sid, year],
      );
      if (!rows.length) throw EvaluationError.titleNotFound();
      const t = rows[0];
      this.requireAboveCity(p, t.city_path);
      const text = this.note(reason, 'reason');
      if (t.revoked_at) throw EvaluationError.conflict('该称号已撤销');
      const revokedAt = new Date();
      await em.query(`update model_titles set revoked_at = $2, revoked_reason = $3, revoked_by = $4 where id = $1`, [t.id, revokedAt, text, p.id]);
      await this.audit.record(em, { action: 'evaluation.title.revoke', entity: 'ModelTitle', entityId: t.id, details: { stationId: sid, year, reason: text } });
      return { stationId: sid, roundId: t.round_id, year, grantedAt: t.granted_at, revokedAt, revokedReason: text };
    });
  }
}
