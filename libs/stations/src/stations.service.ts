import { Injectable } from '@nestjs/common';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { AccessService, assertId, OrgUnit, OrgUnitLevel, OrgUnitsService } from '@app/identity';
import {
  AuditEntry,
  AuditService,
  byKeys,
  chinaToday,
  ConnectionShape,
  DataLoaderFactory,
  decodeCursor,
  newId,
  pageSize,
  PlatformError,
  Principal,
  Role,
  TenantDb,
  toConnection,
} from '@app/platform';
import { writeStationCsv } from './csv/station-csv';
import { RegisterStationInput, StationFilter, StationFormInput } from './dto/station.input';
import { CategoryCountModel, StationModel } from './dto/station.model';
import { Station, StationCategory, stationSearchText, StationStatus } from './entities/station.entity';
import { regionCodeFor, stationCodeRange } from './station-code';
import { nextStatus, STATION_STATUS_LABELS, StationAction } from './station-lifecycle';
import { StationsError } from './stations.errors';

/** Who registers, inspects and changes stations (api/permissions.md; DESIGN.md "Users"). */
export const STATION_MANAGERS = [Role.OFFICER, Role.TENANT_ADMIN];
/** Roles that read every station of their org-unit subtree. */
const SCOPED_READERS = [Role.OFFICER, Role.CENTER_OPERATOR, Role.EVALUATOR];
const SUPERVISING_LEVELS = [OrgUnitLevel.COUNTY, OrgUnitLevel.OFFICE];
export const MAX_BULK_REVOKE = 500;
const INSERT_CHUNK = 500;
/** See page(): below this many matches a page is fetched and sorted rather than read in code order. */
const SORT_MATCHES_UP_TO = 5000;

/** The stations a list may show: an org-unit subtree (null: the tenant) and/or one station. */
export interface StationListScope {
  path: string | null;
  stationId: string | null;
}

/** Public filter plus the registry's own lists (overdue rectification, training, verification). */
export interface StationCriteria {
  category?: StationCategory | null;
  status?: StationStatus | null;
  search?: string | null;
  /** With a rectification still open whose last day is before this date. */
  overdueBefore?: string;
  /** ACTIVE and nobody trained in the half-year up to and including this date. */
  untrainedAsOf?: string;
  /** Not REVOKED and not verified for this year. */
  unverifiedYear?: number;
}

/** A validated registration about to be written (the form, or one CSV row). */
export interface NewStation {
  form: StationFormInput;
  unit: OrgUnit;
}

type LoadedStation = Station & { host: NonNullable<Station['host']>; orgUnit: NonNullable<Station['orgUnit']> };

export function toStationModel(s: LoadedStation): StationModel {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    category: s.category,
    status: s.status,
    hostName: s.host.name,
    hostCreditCode: s.host.creditCode,
    address: s.address,
    contactName: s.contactName,
    contactPhone: s.contactPhone,
    establishedOn: s.establishedOn,
    revokedReason: s.revokedReason,
    suspendedReason: s.suspendedReason,
    orgUnitId: s.orgUnitId,
    orgUnitPath: s.orgUnit.path,
    orgUnitName: s.orgUnit.name,
    hostId: s.hostId,
  };
}

/** ILIKE pattern matching `text` literally anywhere. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class StationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly orgUnits: OrgUnitsService,
    private readonly loaders: DataLoaderFactory,
  ) {}

  // ---------- reading ----------

  private loader() {
    return this.loaders.get<string, StationModel | null>('stations.station', (ids) =>
      this.db.tx(async (em) => {
        const rows = await this.base(em).where('s.id = ANY(:ids)', { ids: [...ids] }).getMany();
        return byKeys(ids, rows.map((r) => toStationModel(r as LoadedStation)), (r) => r.id);
      }),
    );
  }

  /** Batched per request; no access check (callers check). */
  load(id: string): Promise<StationModel | null> {
    return this.loader().load(id);
  }

  /** A station of the current tenant by id argument; another tenant's is simply not found. */
  async get(id: string, field = 'id'): Promise<StationModel> {
    const s = await this.load(assertId(id, field));
    if (!s) throw StationsError.stationNotFound(field);
    return s;
  }

  /** Any role in scope; STATION_STAFF only their own station. */
  canSee(p: Principal, s: Pick<StationModel, 'id' | 'orgUnitPath'>): boolean {
    if (this.access.has(p, Role.TENANT_ADMIN)) return true;
    if (this.access.has(p, ...SCOPED_READERS) && this.access.inScope(p, s.orgUnitPath)) return true;
    return this.access.has(p, Role.STATION_STAFF) && p.stationId === s.id;
  }

  /**
   * A station reached through another object the caller may read (an application of the round
   * they evaluate, a model title): in full within the caller's scope, else without its contact
   * person and phone and without its open rectifications (the station itself is FORBIDDEN to them).
   */
  async shownTo(id: string): Promise<StationModel | null> {
    const s = await this.load(id);
    if (!s || this.canSee(this.access.principal(), s)) return s;
    return { ...s, contactName: '***', contactPhone: '***', redacted: true };
  }

  /** For the read operations on one station: NOT_FOUND, then FORBIDDEN. */
  async getVisible(id: string, field = 'id'): Promise<StationModel> {
    const p = this.access.requireTenantUser();
    const s = await this.get(id, field);
    if (!this.canSee(p, s)) throw PlatformError.forbidden('不在您的管辖范围内');
    return s;
  }

  /** For changes to one station: role first, then NOT_FOUND, then scope. */
  async getManaged(id: string, field = 'id'): Promise<{ p: Principal; station: StationModel }> {
    const p = this.access.requireRole(...STATION_MANAGERS);
    const station = await this.get(id, field);
    this.access.requireScope(p, station.orgUnitPath);
    return { p, station };
  }

  /**
   * Inside the caller's transaction: holds the station (FOR SHARE, so a concurrent revocation
   * waits) and refuses `action` on a revoked one. For records attached to a station.
   */
  async holdUnrevoked(em: EntityManager, stationId: string, action: string): Promise<void> {
    const s = await em.findOne(Station, { where: { id: stationId }, lock: { mode: 'pessimistic_read' } });
    if (!s) throw StationsError.stationNotFound('stationId');
    if (s.status === StationStatus.REVOKED) throw PlatformError.invalidTransition(s.status, action, { from: STATION_STATUS_LABELS[s.status] });
  }

  /** What a list may show the caller, narrowed to `orgUnitId` (which must be in scope). */
  async listScope(orgUnitId?: string | null): Promise<StationListScope> {
    const p = this.access.requireTenantUser();
    const unit = orgUnitId ? await this.orgUnits.get(orgUnitId, 'orgUnitId') : null;
    if (unit) this.access.requireScope(p, unit.path);
    if (this.access.has(p, Role.TENANT_ADMIN)) return { path: unit?.path ?? null, stationId: null };
    if (this.access.has(p, ...SCOPED_READERS)) return { path: unit?.path ?? this.access.scopePath(p), stationId: null };
    if (this.access.has(p, Role.STATION_STAFF) && p.stationId) return { path: unit?.path ?? null, stationId: p.stationId };
    throw PlatformError.forbidden();
  }

  async list(
    filter: StationFilter | null | undefined,
    first?: number | null,
    after?: string | null,
    extra: Omit<StationCriteria, 'category' | 'status' | 'search'> = {},
  ): Promise<ConnectionShape<StationModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 1);
    const scope = await this.listScope(filter?.orgUnitId);
    const criteria: StationCriteria = { category: filter?.category, status: filter?.status, search: filter?.search, ...extra };
    return this.db.tx(async (em) => {
      const units = await this.unitsIn(em, scope);
      const filtered = () => this.where(em.createQueryBuilder(Station, 's'), units, scope, criteria);
      const { n } = (await filtered().select('count(*)::int', 'n').getRawOne<{ n: number }>())!;
      const rows = n ? await this.page(em, filtered(), limit, cursor?.[0] as string | undefined, n) : [];
      return toConnection(rows, limit, n, (r) => [r.code], !!cursor, (r) => toStationModel(r as LoadedStation));
    });
  }

  /** Every category, zero included. Counts ACTIVE stations unless `status` says otherwise. */
  async countsByCategory(orgUnitId?: string | null, status: StationStatus | null = StationStatus.ACTIVE): Promise<CategoryCountModel[]> {
    const scope = await this.listScope(orgUnitId);
    const rows = await this.db.tx(async (em) =>
      this.where(em.createQueryBuilder(Station, 's'), await this.unitsIn(em, scope), scope, { status })
        .select('s.category', 'category')
        .addSelect('count(*)::int', 'count')
        .groupBy('s.category')
        .getRawMany<{ category: StationCategory; count: number }>(),
    );
    const counts = new Map(rows.map((r) => [r.category, r.count]));
    return Object.values(StationCategory).map((category) => ({ category, count: counts.get(category) ?? 0 }));
  }

  /** The directory as CSV (export: OFFICER in scope, TENANT_ADMIN). */
  async exportCsv(filter?: StationFilter | null): Promise<string> {
    this.access.requireRole(...STATION_MANAGERS);
    const scope = await this.listScope(filter?.orgUnitId);
    const criteria: StationCriteria = { category: filter?.category, status: filter?.status, search: filter?.search };
    const all = await this.db.tx(async (em) => this.where(this.base(em), await this.unitsIn(em, scope), scope, criteria).orderBy('s.code').getMany());
    return writeStationCsv(all.map((s) => toStationModel(s as LoadedStation)));
  }

  private base(em: EntityManager): SelectQueryBuilder<Station> {
    return em.createQueryBuilder(Station, 's').innerJoinAndSelect('s.host', 'h').innerJoinAndSelect('s.orgUnit', 'o');
  }

  /**
   * The org units of a scope (null: the whole tenant). Resolved first, because the planner
   * guesses an ltree `<@` over row-level security at one row and then builds nested loops that
   * repeat the station side per unit; a list of ids it estimates from the column statistics.
   */
  private async unitsIn(em: EntityManager, scope: StationListScope): Promise<string[] | null> {
    if (!scope.path) return null;
    const rows: { id: string }[] = await em.query(`SELECT id FROM org_units WHERE path <@ CAST($1 AS ltree)`, [scope.path]);
    return rows.map((r) => r.id);
  }

  private where<T extends SelectQueryBuilder<Station>>(qb: T, units: string[] | null, scope: StationListScope, c: StationCriteria): T {
    if (units) qb.andWhere('s.orgUnitId = ANY(:units)', { units });
    if (scope.stationId) qb.andWhere('s.id = :ownStation', { ownStation: scope.stationId });
    if (c.category) qb.andWhere('s.category = :category', { category: c.category });
    if (c.status) qb.andWhere('s.status = :status', { status: c.status });
    const search = c.search?.trim();
    // Candidate ids from the trigram index (see app_station_search in the migration), read back through RLS.
    if (search) qb.andWhere('s.id IN (SELECT app_station_search(:pattern))', { pattern: containsPattern(search) });
    if (c.overdueBefore) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM station_rectifications r WHERE r.tenant_id = s.tenant_id AND r.station_id = s.id AND r.closed_at IS NULL AND r.due_on < :overdueBefore)`,
        { overdueBefore: c.overdueBefore },
      );
    }
    if (c.untrainedAsOf) {
      // 001 培训制度: station staff are trained at least once per half-year.
      qb.andWhere(`s.status = :active`, { active: StationStatus.ACTIVE }).andWhere(
        `NOT EXISTS (SELECT 1 FROM station_trainings tr WHERE tr.tenant_id = s.tenant_id AND tr.station_id = s.id
           AND tr.trained_on > CAST(:trainedAsOf AS date) - interval '6 months' AND tr.trained_on <= CAST(:trainedAsOf AS date))`,
        { trainedAsOf: c.untrainedAsOf },
      );
    }
    if (c.unverifiedYear !== undefined) {
      qb.andWhere(`s.status <> :revoked`, { revoked: StationStatus.REVOKED }).andWhere(
        `NOT EXISTS (SELECT 1 FROM station_verifications v WHERE v.tenant_id = s.tenant_id AND v.station_id = s.id AND v.year = :unverifiedYear)`,
        { unverifiedYear: c.unverifiedYear },
      );
    }
    return qb;
  }

  /**
   * Keyset page in code order: `limit + 1` stations after `after`, knowing `matches` (the total).
   * The page is chosen on the stations table alone and only its rows are then read with host
   * and unit, so the joins never run over the whole match set.
   *
   * Codes begin with the region, so one county's stations sit together in code order: walking
   * uq_stations_code "until 51 match" may read most of the tenant before the county starts,
   * and the planner cannot know. So a few thousand matches are fetched through their own
   * indexes and sorted (top-N; COLLATE "C" keeps the planner off the code index, and codes are
   * ASCII, so the order is the same); many matches are read in index order, which finds a
   * page quickly whatever the correlation.
   */
  private async page(
    em: EntityManager,
    filtered: SelectQueryBuilder<Station>,
    limit: number,
    after: string | undefined,
    matches: number,
  ): Promise<Station[]> {
    const code = matches <= SORT_MATCHES_UP_TO ? 's.code COLLATE "C"' : 's.code';
    if (after !== undefined) filtered.andWhere(`${code} > :after`, { after: String(after) });
    const ids = (await filtered.select('s.id', 'id').orderBy(code, 'ASC').limit(limit + 1).getRawMany<{ id: string }>()).map((r) => r.id);
    if (!ids.length) return [];
    const rows = await this.base(em).where('s.id = ANY(:ids)', { ids }).getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!);
  }

  // ---------- registering ----------

  async register(input: RegisterStationInput): Promise<StationModel> {
    const p = this.access.requireRole(...STATION_MANAGERS);
    const unit = await this.orgUnits.get(input.orgUnitId, 'orgUnitId');
    this.access.requireScope(p, unit.path);
    this.checkSupervisingUnit(unit);
    if (input.establishedOn && input.establishedOn > chinaToday()) throw StationsError.dateInFuture('establishedOn');
    return this.db.tx(async (em) => {
      const items = [{ form: input, unit }];
      const hosts = await this.prepareHosts(em, items);
      if ((await this.duplicateIndexes(em, items, hosts)).length) throw StationsError.duplicateStation();
      const [created] = await this.insertPrepared(em, items, hosts, StationStatus.PENDING, 'form');
      return created;
    });
  }

  /** "orgUnitId is the supervising county bureau or office" (contract). */
  checkSupervisingUnit(unit: OrgUnit, field = 'orgUnitId'): void {
    if (!SUPERVISING_LEVELS.includes(unit.level)) throw StationsError.supervisingLevel(field);
  }

  /**
   * Creates unknown host enterprises and renames known ones whose name changed (the latest
   * registration wins), keeping the stations' search text in step. Locks the hosts' rows, so
   * duplicate checks and inserts for one host are serialised. Keyed by credit code.
   */
  async prepareHosts(em: EntityManager, items: NewStation[]): Promise<Map<string, { id: string; name: string }>> {
    const wanted = new Map(items.map((i) => [i.form.hostCreditCode, i.form.hostName]));
    const codes = [...wanted.keys()].sort();
    const audits: AuditEntry[] = [];
    const created: { id: string; code: string; name: string }[] = await em.query(
      `INSERT INTO host_enterprises (tenant_id, id, credit_code, name)
       SELECT $1, x.id, x.code, x.name FROM unnest($2::uuid[], $3::text[], $4::text[]) AS x(id, code, name)
       ON CONFLICT (tenant_id, credit_code) DO NOTHING RETURNING id, credit_code AS code, name`,
      [this.db.tenantId, codes.map(() => newId()), codes, codes.map((c) => wanted.get(c))],
    );
    const hosts = new Map(created.map((h) => [h.code, { id: h.id, name: h.name }]));
    for (const h of created) audits.push({ action: 'hostEnterprise.create', entity: 'HostEnterprise', entityId: h.id, details: { creditCode: h.code, name: h.name } });
    const known = codes.filter((c) => !hosts.has(c));
    if (known.length) {
      const rows: { id: string; code: string; name: string }[] = await em.query(
        `SELECT id, credit_code AS code, name FROM host_enterprises WHERE credit_code = ANY($1::text[]) ORDER BY credit_code FOR UPDATE`,
        [known],
      );
      const renamed = rows.filter((h) => h.name !== wanted.get(h.code)).map((h) => ({ ...h, to: wanted.get(h.code)! }));
      for (const h of rows) hosts.set(h.code, { id: h.id, name: wanted.get(h.code)! });
      if (renamed.length) {
        const args = [renamed.map((h) => h.id), renamed.map((h) => h.to), renamed.map((h) => h.code)];
        await em.query(`UPDATE host_enterprises h SET name = x.name, updated_at = now() FROM unnest($1::uuid[], $2::text[]) AS x(id, name) WHERE h.id = x.id`, args.slice(0, 2));
        // Same text as stationSearchText(name, hostName, hostCreditCode).
        await em.query(
          `UPDATE stations s SET search_text = s.name || ' ' || x.name || ' ' || x.code, updated_at = now()
             FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(id, name, code) WHERE s.host_id = x.id`,
          args,
        );
        for (const h of renamed) audits.push({ action: 'hostEnterprise.rename', entity: 'HostEnterprise', entityId: h.id, details: { creditCode: h.code, from: h.name, to: h.to } });
      }
    }
    await this.audit.recordMany(em, audits);
    return hosts;
  }

  /** Items naming a station their host already has (same name, not revoked). */
  async duplicateIndexes(em: EntityManager, items: NewStation[], hosts: Map<string, { id: string }>): Promise<number[]> {
    const hostIds = [...new Set([...hosts.values()].map((h) => h.id))];
    const rows: { host_id: string; name: string }[] = await em.query(
      `SELECT host_id, name FROM stations WHERE host_id = ANY($1::uuid[]) AND status <> $2`,
      [hostIds, StationStatus.REVOKED],
    );
    const taken = new Set(rows.map((r) => `${r.host_id}\n${r.name}`));
    return items.flatMap((it, i) => (taken.has(`${hosts.get(it.form.hostCreditCode)!.id}\n${it.form.name}`) ? [i] : []));
  }

  /** Issues codes and writes the stations and their audit records (hosts prepared). */
  async insertPrepared(
    em: EntityManager,
    items: NewStation[],
    hosts: Map<string, { id: string; name: string }>,
    status: StationStatus,
    source: 'form' | 'import',
  ): Promise<StationModel[]> {
    const tenantId = this.db.tenantId;
    const regionOf = await this.regionCodes(em, [...new Set(items.map((i) => i.unit.id))]);
    const perRegion = new Map<string, number>();
    for (const it of items) perRegion.set(regionOf.get(it.unit.id)!, (perRegion.get(regionOf.get(it.unit.id)!) ?? 0) + 1);
    const codes = await this.allocateCodes(em, perRegion);
    const now = new Date();
    const rows: LoadedStation[] = items.map((it) => {
      const host = hosts.get(it.form.hostCreditCode)!;
      return {
        tenantId,
        id: newId(),
        code: codes.get(regionOf.get(it.unit.id)!)!.shift()!,
        name: it.form.name,
        category: it.form.category,
        status,
        hostId: host.id,
        address: it.form.address,
        contactName: it.form.contactName,
        contactPhone: it.form.contactPhone,
        orgUnitId: it.unit.id,
        establishedOn: it.form.establishedOn ?? null,
        suspendedReason: null,
        revokedReason: null,
        revokedAt: null,
        searchText: stationSearchText(it.form.name, host.name, it.form.hostCreditCode),
        createdAt: now,
        updatedAt: now,
        host: { tenantId, id: host.id, creditCode: it.form.hostCreditCode, name: host.name, createdAt: now, updatedAt: now },
        orgUnit: it.unit,
      };
    });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await em.insert(
        Station,
        rows.slice(i, i + INSERT_CHUNK).map(({ host: _h, orgUnit: _o, createdAt: _c, updatedAt: _u, ...r }) => r),
      );
      await this.audit.recordMany(
        em,
        rows.slice(i, i + INSERT_CHUNK).map((s) => ({
          action: 'station.register',
          entity: 'Station',
          entityId: s.id,
          details: { code: s.code, name: s.name, orgUnitId: s.orgUnitId, hostCreditCode: s.host.creditCode, status, source },
        })),
      );
    }
    const models = rows.map(toStationModel);
    for (const m of models) this.prime(m);
    return models;
  }

  /** Region code per supervising unit: its own, else the nearest ancestor's. */
  private async regionCodes(em: EntityManager, unitIds: string[]): Promise<Map<string, string>> {
    const rows: { unit_id: string; region_code: string | null }[] = await em.query(
      `SELECT u.id AS unit_id, a.region_code FROM org_units u
         JOIN org_units a ON a.tenant_id = u.tenant_id AND a.path @> u.path
        WHERE u.id = ANY($1::uuid[]) ORDER BY u.id, nlevel(a.path) DESC`,
      [unitIds],
    );
    const chains = new Map<string, { regionCode: string | null }[]>();
    for (const r of rows) chains.set(r.unit_id, [...(chains.get(r.unit_id) ?? []), { regionCode: r.region_code }]);
    return new Map(unitIds.map((id) => [id, regionCodeFor(chains.get(id) ?? [])]));
  }

  /**
   * Moves each region's counter forward by the number of codes needed, in the caller's
   * transaction (regions in a fixed order, so two imports cannot deadlock).
   */
  private async allocateCodes(em: EntityManager, perRegion: Map<string, number>): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const region of [...perRegion.keys()].sort()) {
      const n = perRegion.get(region)!;
      const [{ last_value }] = await em.query(
        `INSERT INTO station_code_counters (tenant_id, region_code, last_value) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, region_code) DO UPDATE SET last_value = station_code_counters.last_value + EXCLUDED.last_value
         RETURNING last_value`,
        [this.db.tenantId, region, n],
      );
      out.set(region, stationCodeRange(region, last_value, n));
    }
    return out;
  }

  // ---------- lifecycle ----------

  approve(id: string): Promise<StationModel> {
    return this.transition(id, 'approve');
  }

  suspend(id: string, reason: string): Promise<StationModel> {
    return this.transition(id, 'suspend', reason);
  }

  revoke(id: string, reason: string): Promise<StationModel> {
    return this.transition(id, 'revoke', reason);
  }

  private async transition(id: string, action: StationAction, reason?: string): Promise<StationModel> {
    const p = this.access.requireRole(...STATION_MANAGERS);
    const sid = assertId(id);
    return this.db.tx(async (em) => {
      const [s] = await this.lock(em, [sid]);
      if (!s) throw StationsError.stationNotFound();
      this.access.requireScope(p, s.orgUnit.path);
      const why = reason?.trim();
      if (action !== 'approve' && !why) throw StationsError.reasonRequired();
      const [moved] = await this.apply(em, [s], action, why ?? null, {});
      return moved;
    });
  }

  /** Revokes several stations with one reason (host deregistered, …): all of them or none. */
  async revokeMany(ids: string[], reason: string): Promise<StationModel[]> {
    const p = this.access.requireRole(...STATION_MANAGERS);
    if (!ids.length) throw PlatformError.badInput('ids', '请至少选择一个站点');
    if (ids.length > MAX_BULK_REVOKE) throw StationsError.tooMany('ids', MAX_BULK_REVOKE);
    const sids = [...new Set(ids.map((id) => assertId(id, 'ids')))];
    return this.db.tx(async (em) => {
      const rows = await this.lock(em, sids);
      if (rows.length < sids.length) {
        const found = new Set(rows.map((r) => r.id));
        throw new StationsError(StationsError.stationNotFound().code, '站点不存在', 'ids', { ids: sids.filter((i) => !found.has(i)) });
      }
      for (const s of rows) this.access.requireScope(p, s.orgUnit.path);
      const why = reason?.trim();
      if (!why) throw StationsError.reasonRequired();
      const out = await this.apply(em, rows, 'revoke', why, { bulk: true });
      const byId = new Map(out.map((m) => [m.id, m]));
      return sids.map((i) => byId.get(i)!);
    });
  }

  /** Locks the rows (in id order, so concurrent batches cannot deadlock). */
  private async lock(em: EntityManager, ids: string[]): Promise<LoadedStation[]> {
    const rows = await this.base(em).where('s.id = ANY(:ids)', { ids }).orderBy('s.id').setLock('pessimistic_write', undefined, ['s']).getMany();
    return rows as LoadedStation[];
  }

  /** Applies one lifecycle move to locked rows (every move is checked before anything is written). */
  private async apply(em: EntityManager, rows: LoadedStation[], action: StationAction, reason: string | null, details: Record<string, unknown>): Promise<StationModel[]> {
    const moves = rows.map((s) => ({ s, from: s.status, to: nextStatus(s.status, action) }));
    const patch: Partial<Station> =
      action === 'suspend' ? { suspendedReason: reason }
      : action === 'approve' ? { suspendedReason: null }
      : { revokedReason: reason, revokedAt: new Date(), suspendedReason: null };
    // Every action has a single target status.
    patch.status = moves[0].to;
    await em.update(Station, { id: In(rows.map((s) => s.id)) }, patch);
    await this.audit.recordMany(
      em,
      moves.map(({ s, from, to }) => ({ action: `station.${action}`, entity: 'Station', entityId: s.id, details: { from, to, reason, ...details } })),
    );
    return moves.map(({ s }) => this.prime(toStationModel(Object.assign(s, patch))));
  }

  /** Later loads in the same request see the row as just written. */
  private prime(m: StationModel): StationModel {
    this.loader().clear(m.id).prime(m.id, m);
    return m;
  }
}
