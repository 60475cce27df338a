import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { DeadlineKind, DeadlinesService, RulebookService, StartDeadlineInput } from '@app/calendar';
import { NonAcceptanceGround } from '@app/disputes';
import { AccessService, assertId, OrgUnitsService, UsersService } from '@app/identity';
import {
  AuditService,
  byKeys,
  CalendarNotPublishedError,
  chinaDateOf,
  ConnectionShape,
  DataLoaderFactory,
  formatFen,
  newId,
  normalizePhone,
  pageSize,
  parseYuan,
  PersonalDataCipher,
  PlatformError,
  Principal,
  Role,
  RuleKey,
  startOfChinaDay,
  TenantDb,
  toConnection,
  WorkingDayCalendar,
} from '@app/platform';
import { CaseAction, nextCaseStatus, OUTCOMES_BY_TYPE, refused } from './case-lifecycle';
import { CenterError } from './center.errors';
import { CallbackInput, CenterCaseFilter, CenterCaseOrder, CloseCaseInput, RegisterCaseInput } from './dto/center.input';
import { CallbackModel, CenterCaseModel } from './dto/center.model';
import { CaseCallback } from './entities/case-callback.entity';
import { CaseChannel, CaseOutcome, CaseType, CenterCase, CenterCaseStatus } from './entities/center-case.entity';
import { dropWaiting, startOrDefer, startUrgedDeadlines } from './pending-deadlines';

const TEXT_MAX = 2000;
/** Clock skew tolerated on receivedAt ("never later than now"). */
const RECEIVED_SKEW_MS = 60_000;
/** Who reads center cases (api/permissions.md). */
const SCOPED_READERS = [Role.CENTER_OPERATOR, Role.OFFICER];
const READERS = [...SCOPED_READERS, Role.STATION_STAFF];

type CaseRow = CenterCase & { registeredUnit: { path: string }; assignedUnit: { path: string } | null };

/**
 * A decoded centerCases cursor: the sort keys of the last row of a page. RECEIVED_AT_DESC cursors
 * are `[receivedAt, id]`; DEADLINE_ASC cursors `['DEADLINE_ASC', dueAt | null, receivedAt, id]`,
 * dueAt being the case's nearest unmet deadline (null: the case had none, the tail of the order).
 */
export interface CaseCursor {
  dueAt: string | null;
  receivedAt: string;
  id: string;
}

const DEADLINE_CURSOR_TAG = CenterCaseOrder.DEADLINE_ASC;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** UTC ISO instants with up to microseconds (PostgreSQL's precision), kept as sent: a key must not be rounded. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const instant = (v: unknown): string | null => (typeof v === 'string' && ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)) ? v : null);
const uuid = (v: unknown): string | null => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : null);

/**
 * Decodes an `after` cursor for `order`: BAD_USER_INPUT (field after) when it is not a cursor,
 * or is one of the other order (its keys mean nothing in this one).
 */
export function decodeCaseCursor(after: string | null | undefined, order: CenterCaseOrder): CaseCursor | null {
  if (after === undefined || after === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw CenterError.badCursor();
  }
  let received: CaseCursor | null = null;
  let deadline: CaseCursor | null = null;
  if (Array.isArray(v) && v.length === 2 && instant(v[0]) && uuid(v[1])) received = { dueAt: null, receivedAt: instant(v[0])!, id: uuid(v[1])! };
  if (Array.isArray(v) && v.length === 4 && v[0] === DEADLINE_CURSOR_TAG && (v[1] === null || instant(v[1])) && instant(v[2]) && uuid(v[3])) {
    deadline = { dueAt: v[1] === null ? null : instant(v[1]), receivedAt: instant(v[2])!, id: uuid(v[3])! };
  }
  const mine = order === CenterCaseOrder.DEADLINE_ASC ? deadline : received;
  if (mine) return mine;
  if (received || deadline) throw CenterError.cursorOfOtherOrder(order);
  throw CenterError.badCursor();
}

/** Open (unmet) deadlines of case `c`, as SQL on alias `e`. */
const OPEN_DEADLINE_OF_CASE = `SELECT 1 FROM deadlines e WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.met_at IS NULL`;

/**
 * The DEADLINE_ASC walk reads unmet deadlines in steps of at least `stepMin` per index, growing ×4
 * up to `stepMax` (a step probes up to twice that many cases by id: longer id lists make the
 * planner give up primary-key probes for a scan), and at most `budget` in all before it sorts the
 * rest of the filter's cases in memory instead. Mutable for tests only (small values exercise
 * every path with a few cases).
 */
export const DEADLINE_WALK = { stepMin: 64, stepMax: 512, budget: 4096 };
/** A timestamptz as a UTC ISO string with microseconds: an exact key (JavaScript dates keep milliseconds). */
const exactInstant = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** The earliest unmet deadline of case `c`. */
const NEAREST_DUE_OF_CASE = `(SELECT min(e.due_at) FROM deadlines e WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.met_at IS NULL)`;
/** Exact keys compare as strings: fixed-width UTC ISO instants, lowercase UUIDs (PostgreSQL orders uuid bytewise). */
const keyAfter = (a: { dueAt: string; id: string }, b: { dueAt: string; id: string }): boolean => a.dueAt > b.dueAt || (a.dueAt === b.dueAt && a.id > b.id);
const compareKeys = (a: { dueAt: string; id: string }, b: { dueAt: string; id: string }): number => (keyAfter(a, b) ? 1 : keyAfter(b, a) ? -1 : 0);

/**
 * One branch of a step of the DEADLINE_ASC walk: the next `$1` unmet deadlines, not yet breached
 * or already breached, after the key ($2, $3) in (due_at, case_id) order, each the earliest unmet
 * one of its case (ties between a case's own deadlines broken by deadline id), due_at as a UTC ISO
 * string with microseconds (an exact key). A range scan of idx_deadlines_open_due or
 * idx_deadlines_open_breached (which hold every unmet deadline once); the anti-join probes
 * uq_deadlines_open_kind. Row-level security limits it to the tenant.
 */
function walkSql(breached: boolean, fromKey: boolean): string {
  return `SELECT d.case_id AS id, ${exactInstant('d.due_at')} AS "dueAt"
      FROM deadlines d
     WHERE d.met_at IS NULL AND ${breached ? '' : 'NOT '}d.breached${fromKey ? ' AND (d.due_at, d.case_id) > (CAST($2 AS timestamptz), CAST($3 AS uuid))' : ''}
       AND NOT EXISTS (SELECT 1 FROM deadlines e WHERE e.tenant_id = d.tenant_id AND e.case_id = d.case_id AND e.met_at IS NULL AND (e.due_at, e.id) < (d.due_at, d.id))
     ORDER BY d.due_at, d.case_id
     LIMIT $1`;
}

/** Case number ZX-<yyyymmdd of receipt, China>-<sequence, at least 6 digits>. */
export function formatCenterCaseNumber(receivedAt: Date, seq: number | string): string {
  return `ZX-${chinaDateOf(receivedAt).replace(/-/g, '')}-${String(seq).padStart(6, '0')}`;
}

export function requiredText(value: string | null | undefined, field: string, max = TEXT_MAX): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw CenterError.blank(field);
  if (v.length > max) throw CenterError.tooLong(field, max);
  return v;
}

/** First instant (China time) of month 'YYYY-MM' and of the month after. */
export function monthRange(month: string): [Date, Date] {
  const m = /^(\d{4})-(\d{2})$/.exec(month ?? '');
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw CenterError.badMonth();
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
  return [startOfChinaDay(`${m[1]}-${m[2]}-01`), startOfChinaDay(next)];
}

/** The statuses a filter asks for (`status` or any of `statuses`, never both), or null for any. */
export function statusesOf(filter: CenterCaseFilter | null | undefined): CenterCaseStatus[] | null {
  if (filter?.status && filter.statuses) throw CenterError.statusAndStatuses();
  if (filter?.statuses) {
    if (!filter.statuses.length) throw CenterError.noStatuses();
    return [...new Set(filter.statuses)];
  }
  return filter?.status ? [filter.status] : null;
}

@Injectable()
export class CenterService {
  private readonly logger = new Logger('CenterService');

  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly cipher: PersonalDataCipher,
    private readonly orgUnits: OrgUnitsService,
    private readonly deadlines: DeadlinesService,
    private readonly loaders: DataLoaderFactory,
    private readonly rulebook: RulebookService,
    private readonly users: UsersService,
  ) {}

  // ---------- mapping ----------

  toModel(c: CaseRow): CenterCaseModel {
    return {
      id: c.id,
      caseNumber: c.caseNumber,
      type: c.type,
      channel: c.channel,
      status: c.status,
      receivedAt: c.receivedAt,
      subject: c.subject,
      description: c.description,
      rejectionGround: c.rejectionGround,
      rejectionNote: c.rejectionNote,
      complainantNotifiedAt: c.complainantNotifiedAt,
      outcome: c.outcome,
      amountRecovered: c.amountRecoveredFen === null ? null : formatFen(c.amountRecoveredFen),
      amountClaimed: c.amountClaimedFen === null ? null : formatFen(c.amountClaimedFen),
      urgeCount: c.urgeCount,
      respondentName: c.respondentName,
      respondentCreditCode: c.respondentCreditCode,
      returnReason: c.returnReason,
      acceptedAt: c.acceptedAt,
      assignedAt: c.assignedAt,
      extendedAt: c.extendedAt,
      closeNote: c.closeNote,
      closedAt: c.closedAt,
      feedbackNote: c.feedbackNote,
      feedbackAt: c.feedbackAt,
      archivedAt: c.archivedAt,
      complainantNameEnc: c.complainantNameEnc,
      complainantPhoneEnc: c.complainantPhoneEnc,
      registeredUnitId: c.registeredUnitId,
      registeredUnitPath: c.registeredUnit.path,
      assignedUnitId: c.assignedUnitId,
      assignedUnitPath: c.assignedUnit?.path ?? null,
      sourceDisputeId: c.sourceDisputeId,
      sourceStationId: c.sourceStationId,
      closedById: c.closedBy,
      registeredById: c.registeredBy,
      coHandlerId: c.coHandler,
    };
  }

  private base(em: EntityManager): SelectQueryBuilder<CenterCase> {
    return em
      .createQueryBuilder(CenterCase, 'c')
      .innerJoin('c.registeredUnit', 'ru')
      .leftJoin('c.assignedUnit', 'au')
      .addSelect(['ru.tenantId', 'ru.id', 'ru.path', 'au.tenantId', 'au.id', 'au.path']);
  }

  private async reload(em: EntityManager, id: string): Promise<CenterCaseModel> {
    const row = await this.base(em).where('c.id = :id', { id }).getOneOrFail();
    return this.toModel(row as CaseRow);
  }

  // ---------- access ----------

  /** A case is in scope when the unit it was registered at or assigned to is. */
  inCaseScope(p: Principal, c: Pick<CenterCaseModel, 'registeredUnitPath' | 'assignedUnitPath'>): boolean {
    return this.access.inScope(p, c.registeredUnitPath) || (!!c.assignedUnitPath && this.access.inScope(p, c.assignedUnitPath));
  }

  private scopedReader(p: Principal, c: CenterCaseModel): boolean {
    return this.access.has(p, ...SCOPED_READERS) && !!p.tenantId && this.inCaseScope(p, c);
  }

  private isStationStaffOf(p: Principal, c: CenterCaseModel): boolean {
    return this.access.has(p, Role.STATION_STAFF) && !!p.stationId && p.stationId === c.sourceStationId;
  }

  /** Who handled the case (`closedBy`): CENTER_OPERATOR and OFFICER in scope, not station staff. */
  handlersVisible(p: Principal, c: CenterCaseModel): boolean {
    return this.scopedReader(p, c);
  }

  /** CENTER_OPERATOR and OFFICER in scope; STATION_STAFF only cases escalated from their station. */
  canSee(p: Principal, c: CenterCaseModel): boolean {
    return this.scopedReader(p, c) || this.isStationStaffOf(p, c);
  }

  /**
   * Whether the complainant's name and phone may be shown: never to station staff; a REPORT's
   * reporter only to CENTER_OPERATORs in scope (each showing audited by `contactOf`).
   */
  contactVisible(p: Principal, c: CenterCaseModel): boolean {
    if (c.type === CaseType.REPORT) return this.access.has(p, Role.CENTER_OPERATOR) && this.inCaseScope(p, c);
    return this.scopedReader(p, c);
  }

  /**
   * The complainant's contact details for the caller, or null. Showing a REPORT's reporter writes
   * one audit record per case and request (name and phone in one response are one showing).
   */
  async contactOf(c: CenterCaseModel): Promise<{ name: string; phone: string } | null> {
    const p = this.access.principal();
    if (!this.contactVisible(p, c)) return null;
    if (c.type === CaseType.REPORT) {
      await this.loaders
        .get<string, true>('center.reporterShown', (ids) =>
          this.db.tx(async (em) => {
            await this.audit.recordMany(
              em,
              ids.map((id) => ({ action: 'centerCase.reporterShown', entity: 'CenterCase', entityId: id, details: { fields: ['complainantName', 'complainantPhone'] } })),
            );
            return ids.map(() => true as const);
          }),
        )
        .load(c.id);
    }
    return { name: this.cipher.decrypt(c.complainantNameEnc), phone: this.cipher.decrypt(c.complainantPhoneEnc) };
  }

  // ---------- reading ----------

  /** Batched per request; no access check (callers check). */
  load(id: string): Promise<CenterCaseModel | null> {
    return this.loaders
      .get<string, CenterCaseModel | null>('center.case', (ids) =>
        this.db.tx(async (em) => {
          const rows = await this.base(em).where('c.id = ANY(:ids)', { ids: [...ids] }).getMany();
          return byKeys(ids, rows.map((r) => this.toModel(r as CaseRow)), (r) => r.id);
        }),
      )
      .load(id);
  }

  /** The case escalated from a dispute, batched per request; null when none or not visible to the caller. */
  async forDispute(disputeId: string): Promise<CenterCaseModel | null> {
    const p = this.access.principal();
    const c = await this.loaders
      .get<string, CenterCaseModel | null>('center.caseByDispute', (ids) =>
        this.db.tx(async (em) => {
          const rows = await this.base(em).where('c.source_dispute_id = ANY(:ids)', { ids: [...ids] }).getMany();
          return byKeys(ids, rows.map((r) => this.toModel(r as CaseRow)), (r) => r.sourceDisputeId!);
        }),
      )
      .load(disputeId);
    return c && this.canSee(p, c) ? c : null;
  }

  /** A case the caller may see (for fields of other types), or null. */
  async loadVisible(id: string): Promise<CenterCaseModel | null> {
    const p = this.access.principal();
    const c = await this.load(id);
    return c && this.canSee(p, c) ? c : null;
  }

  /** centerCase(id): NOT_FOUND (also another tenant's), then FORBIDDEN. */
  async get(id: string): Promise<CenterCaseModel> {
    const p = this.access.requireRole(...READERS);
    const c = await this.load(assertId(id, 'id'));
    if (!c) throw CenterError.caseNotFound();
    if (!this.canSee(p, c)) throw PlatformError.forbidden('不在您的管辖范围内');
    return c;
  }

  /**
   * centerCases: cases in the caller's scope (station staff: escalated from their station), by
   * `order` (RECEIVED_AT_DESC by default), `first` after the `after` cursor of the same order.
   */
  async list(
    filter: CenterCaseFilter | null | undefined,
    first?: number | null,
    after?: string | null,
    orderBy?: CenterCaseOrder | null,
  ): Promise<ConnectionShape<CenterCaseModel>> {
    const p = this.access.requireRole(...READERS);
    const order = orderBy ?? CenterCaseOrder.RECEIVED_AT_DESC;
    if (!Object.values(CenterCaseOrder).includes(order)) throw CenterError.badOrder();
    const limit = pageSize(first);
    const cursor = decodeCaseCursor(after, order);
    const statuses = statusesOf(filter);
    const unit = filter?.orgUnitId ? await this.orgUnits.get(filter.orgUnitId, 'orgUnitId') : null;
    let scopePath: string | null = null;
    let ownStation: string | null = null;
    if (this.access.has(p, ...SCOPED_READERS)) {
      if (unit) this.access.requireScope(p, unit.path);
      scopePath = this.access.scopePath(p);
    } else {
      if (!p.stationId) throw PlatformError.forbidden();
      ownStation = p.stationId;
    }
    return this.db.tx(async (em) => {
      const filtered = () => {
        const qb = this.base(em);
        if (scopePath) qb.andWhere('(ru.path <@ CAST(:scopePath AS ltree) OR au.path <@ CAST(:scopePath AS ltree))', { scopePath });
        if (unit) qb.andWhere('(ru.path <@ CAST(:unitPath AS ltree) OR au.path <@ CAST(:unitPath AS ltree))', { unitPath: unit.path });
        if (ownStation) qb.andWhere('c.source_station_id = :ownStation', { ownStation });
        if (statuses) qb.andWhere('c.status IN (:...statuses)', { statuses });
        if (filter?.type) qb.andWhere('c.type = :type', { type: filter.type });
        if (filter?.registeredByMe === true) qb.andWhere('c.registered_by = :me', { me: p.id });
        if (typeof filter?.overdue === 'boolean') {
          qb.andWhere(`${filter.overdue ? '' : 'NOT '}EXISTS (${OPEN_DEADLINE_OF_CASE} AND e.breached)`);
        }
        return qb;
      };
      return order === CenterCaseOrder.DEADLINE_ASC ? this.deadlinePage(em, filtered, limit, cursor, filter?.overdue === true) : this.page(filtered(), limit, cursor);
    });
  }

  /** COMPLAINT cases closed in `month` (China time) that have no call-back yet (cross call-back at month end). */
  async needingCallback(month: string, first?: number | null, after?: string | null): Promise<ConnectionShape<CenterCaseModel>> {
    const p = this.access.requireRole(Role.CENTER_OPERATOR);
    const [from, to] = monthRange(month);
    const limit = pageSize(first);
    const cursor = decodeCaseCursor(after, CenterCaseOrder.RECEIVED_AT_DESC);
    const scopePath = this.access.scopePath(p);
    return this.db.tx(async (em) => {
      const qb = this.base(em)
        .andWhere('c.type = :type', { type: CaseType.COMPLAINT })
        .andWhere('c.status IN (:...statuses)', { statuses: [CenterCaseStatus.CLOSED, CenterCaseStatus.FEEDBACK_GIVEN] })
        .andWhere('c.closed_at >= :from AND c.closed_at < :to', { from, to })
        .andWhere('NOT EXISTS (SELECT 1 FROM case_callbacks cb WHERE cb.tenant_id = c.tenant_id AND cb.case_id = c.id)');
      if (scopePath) qb.andWhere('(ru.path <@ CAST(:scopePath AS ltree) OR au.path <@ CAST(:scopePath AS ltree))', { scopePath });
      return this.page(qb, limit, cursor);
    });
  }

  /** Newest receipt first (idx_center_cases_received), keyset on (received_at, id). */
  private async page(qb: SelectQueryBuilder<CenterCase>, limit: number, cursor: CaseCursor | null): Promise<ConnectionShape<CenterCaseModel>> {
    const total = await qb.getCount();
    if (cursor) qb.andWhere('(c.received_at, c.id) < (CAST(:cAt AS timestamptz), CAST(:cId AS uuid))', { cAt: cursor.receivedAt, cId: cursor.id });
    const rows = await qb.orderBy('c.received_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
    return toConnection(rows, limit, total, (r) => [r.receivedAt.toISOString(), r.id], !!cursor, (r) => this.toModel(r as CaseRow));
  }

  /**
   * DEADLINE_ASC: first the cases with an unmet deadline (met_at IS NULL, breached or not), by
   * their nearest one, then id; then the cases without one, newest receipt first.
   *
   * The head walks idx_deadlines_open_by_due from the cursor in growing batches and keeps the
   * batch's cases that pass the filter (one primary-key probe query per batch), until the page
   * is full: a page costs what it shows (plus what the filter skips), never a sort of every
   * matching case, and at worst (a filter that no case with a running clock passes) one pass over
   * the tenant's unmet deadlines, i.e. its open work, not its history. Done here rather than
   * left to the planner, which cannot know that open statuses and unmet deadlines go together
   * and then sorts the whole scope. The tail, read only once the head is exhausted, walks
   * idx_center_cases_received like the default order.
   */
  private async deadlinePage(
    em: EntityManager,
    filtered: () => SelectQueryBuilder<CenterCase>,
    limit: number,
    cursor: CaseCursor | null,
    overdueOnly: boolean,
  ): Promise<ConnectionShape<CenterCaseModel>> {
    const total = await filtered().getCount();
    const want = limit + 1;
    // A cursor in the tail (no due time) means the head was read to its end.
    const keys = !cursor || cursor.dueAt !== null ? await this.walkOpenDeadlines(em, filtered, want, cursor?.dueAt ? { dueAt: cursor.dueAt, id: cursor.id } : null) : [];
    const rows: { row: CaseRow; dueAt: string | null }[] = [];
    if (keys.length) {
      // The walk checked the filter; the page shows these cases as they are now, in the walk's order.
      const loaded = await this.base(em).where('c.id = ANY(:pageIds)', { pageIds: keys.map((k) => k.id) }).getMany();
      const byId = new Map(loaded.map((r) => [r.id, r as CaseRow]));
      for (const k of keys) {
        const row = byId.get(k.id);
        if (row) rows.push({ row, dueAt: k.dueAt });
      }
    }
    // An overdue case has a breached unmet deadline: the tail (no unmet deadline) is empty.
    if (keys.length < want && !overdueOnly) {
      const qb = filtered().andWhere(`NOT EXISTS (${OPEN_DEADLINE_OF_CASE})`);
      if (cursor && cursor.dueAt === null) qb.andWhere('(c.received_at, c.id) < (CAST(:cAt AS timestamptz), CAST(:cId AS uuid))', { cAt: cursor.receivedAt, cId: cursor.id });
      const tail = await qb
        .orderBy('c.received_at', 'DESC')
        .addOrderBy('c.id', 'DESC')
        .limit(want - keys.length)
        .getMany();
      for (const row of tail) rows.push({ row: row as CaseRow, dueAt: null });
    }
    return toConnection(
      rows,
      limit,
      total,
      (r) => [DEADLINE_CURSOR_TAG, r.dueAt, r.row.receivedAt.toISOString(), r.row.id],
      !!cursor,
      (r) => this.toModel(r.row),
    );
  }

  /**
   * The next cases by their earliest unmet deadline after `from`, in (due_at, case_id) order: up
   * to `step` from each of the two indexes, merged, and kept only up to the last key both have
   * read past (beyond it a full branch may hold keys not read yet). `done` when both are exhausted.
   */
  private async walkStep(em: EntityManager, from: { dueAt: string; id: string } | null, step: number): Promise<{ keys: { id: string; dueAt: string }[]; done: boolean }> {
    const params = from ? [step, from.dueAt, from.id] : [step];
    const overdue: { id: string; dueAt: string }[] = await em.query(walkSql(true, !!from), params);
    const running: { id: string; dueAt: string }[] = await em.query(walkSql(false, !!from), params);
    const ends = [overdue, running].filter((b) => b.length === step).map((b) => b[b.length - 1]);
    const bound = ends.length ? ends.reduce((a, b) => (keyAfter(a, b) ? b : a)) : null;
    const keys = [...overdue, ...running].filter((k) => !bound || !keyAfter(k, bound)).sort(compareKeys);
    return { keys, done: !bound };
  }

  /**
   * Up to `want` cases passing the filter, by their earliest unmet deadline after `from`
   * ((due_at, case_id) order), with that deadline's exact due time. Walks the open deadlines
   * (walkStep) and probes each step's cases against the filter by primary key; when `budget`
   * deadlines gave too few (a filter that few cases with a running clock pass, e.g. status
   * FEEDBACK_GIVEN), reads the rest of the filter's cases with their nearest due time (one pass
   * over what the filter selects, like the count) and sorts them here: without ORDER BY/LIMIT the
   * planner cannot pick a walk for it.
   */
  private async walkOpenDeadlines(
    em: EntityManager,
    filtered: () => SelectQueryBuilder<CenterCase>,
    want: number,
    from: { dueAt: string; id: string } | null,
  ): Promise<{ id: string; dueAt: string }[]> {
    const found: { id: string; dueAt: string }[] = [];
    let key = from;
    const { stepMin, stepMax, budget } = DEADLINE_WALK;
    let step = Math.min(Math.max(stepMin, want * 2), stepMax);
    for (let read = 0; read < budget; step = Math.min(step * 4, stepMax)) {
      const { keys, done } = await this.walkStep(em, key, step);
      if (keys.length) {
        const passing = await filtered()
          .select('c.id', 'id')
          .andWhere('c.id = ANY(:stepIds)', { stepIds: keys.map((k) => k.id) })
          .getRawMany<{ id: string }>();
        const ok = new Set(passing.map((r) => r.id));
        for (const k of keys) {
          if (!ok.has(k.id)) continue;
          found.push(k);
          if (found.length === want) return found;
        }
      }
      if (done) return found;
      read += keys.length;
      key = keys[keys.length - 1];
    }
    const qb = filtered()
      .select('c.id', 'id')
      .addSelect(exactInstant(NEAREST_DUE_OF_CASE), 'due')
      .andWhere(`${NEAREST_DUE_OF_CASE} IS NOT NULL`);
    if (key) qb.andWhere(`(${NEAREST_DUE_OF_CASE}, c.id) > (CAST(:walkDue AS timestamptz), CAST(:walkId AS uuid))`, { walkDue: key.dueAt, walkId: key.id });
    const rest = (await qb.getRawMany<{ id: string; due: string }>()).map((r) => ({ id: r.id, dueAt: r.due }));
    rest.sort(compareKeys);
    return [...found, ...rest.slice(0, want - found.length)];
  }

  // ---------- intake ----------

  async register(input: RegisterCaseInput): Promise<CenterCaseModel> {
    const p = this.access.requireRole(Role.CENTER_OPERATOR);
    const unit = await this.orgUnits.get(input.orgUnitId, 'orgUnitId');
    this.access.requireScope(p, unit.path);
    if (input.channel === CaseChannel.STATION) throw CenterError.stationChannel();
    const now = new Date();
    const receivedAt = input.receivedAt ?? now;
    if (!(receivedAt instanceof Date) || Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime() + RECEIVED_SKEW_MS) throw CenterError.receivedInFuture();
    // Working days are known from 2004 on (chinese-days); nothing older can be registered sensibly.
    if (receivedAt.getUTCFullYear() < WorkingDayCalendar.national().firstCoveredYear) throw CenterError.receivedTooEarly(WorkingDayCalendar.national().firstCoveredYear);
    const amountClaimedFen = input.amountClaimed == null ? null : parseYuan(input.amountClaimed).toString();
    return this.db.tx(async (em) => {
      const [{ seq }] = await em.query(`SELECT nextval('center_case_number_seq') AS seq`);
      const id = newId();
      const caseNumber = formatCenterCaseNumber(receivedAt, seq);
      await em.insert(CenterCase, {
        tenantId: this.db.tenantId,
        id,
        caseNumber,
        type: input.type,
        channel: input.channel,
        status: CenterCaseStatus.REGISTERED,
        receivedAt,
        subject: input.subject,
        description: input.description,
        complainantNameEnc: this.cipher.encrypt(input.complainantName),
        complainantPhoneEnc: this.cipher.encrypt(input.complainantPhone),
        complainantPhoneHash: this.cipher.hash(normalizePhone(input.complainantPhone)),
        respondentName: input.respondentName ?? null,
        respondentCreditCode: input.respondentCreditCode ?? null,
        amountClaimedFen,
        registeredUnitId: unit.id,
        registeredBy: p.kind === 'USER' ? p.id : null,
        urgeCount: 0,
      } as never);
      // Every case: accept or not / answer (1 working day, 001 分流制度 一: 申诉举报 alike); a report
      // also runs the decision whether to open a case (立案) from its receipt.
      await this.startDeadline(em, { caseId: id, kind: DeadlineKind.ACCEPTANCE, startDate: receivedAt, receivedAt });
      if (input.type === CaseType.REPORT) await this.startDeadline(em, { caseId: id, kind: DeadlineKind.CASE_DECISION, startDate: receivedAt, receivedAt });
      await this.audit.record(em, {
        action: 'centerCase.register',
        entity: 'CenterCase',
        entityId: id,
        // Never the complainant's (or reporter's) name or phone.
        details: { caseNumber, type: input.type, channel: input.channel, orgUnitId: unit.id, receivedAt: receivedAt.toISOString() },
      });
      return this.reload(em, id);
    });
  }

  // ---------- moves ----------

  accept(id: string): Promise<CenterCaseModel> {
    return this.move(id, 'accept', [Role.CENTER_OPERATOR], (p, c) => this.operatorInScope(p, c), async (c, em, now) => {
      await this.meetIfOpen(em, c, [DeadlineKind.ACCEPTANCE], now);
      await this.startDeadline(em, { caseId: c.id, kind: DeadlineKind.ROUTING, startDate: now, receivedAt: c.receivedAt });
      return { changes: { acceptedAt: now }, details: {} };
    });
  }

  reject(id: string, ground: NonAcceptanceGround, note?: string | null): Promise<CenterCaseModel> {
    return this.move(id, 'reject', [Role.CENTER_OPERATOR], (p, c) => this.operatorInScope(p, c), async (c, em, now) => {
      if (!Object.values(NonAcceptanceGround).includes(ground)) throw CenterError.badGround();
      const text = note == null ? null : requiredText(note, 'note');
      // Acceptance decided; a report not accepted needs no decision whether to open a case; an urge is answered.
      await this.meetIfOpen(em, c, [DeadlineKind.ACCEPTANCE, ...(c.type === CaseType.REPORT ? [DeadlineKind.CASE_DECISION] : []), DeadlineKind.URGED_FIRST_FEEDBACK, DeadlineKind.URGED_DONE], now);
      // The complainant is told of the non-acceptance and its ground in the same step (001 分流制度 一).
      return { changes: { rejectedAt: now, rejectionGround: ground, rejectionNote: text, complainantNotifiedAt: now }, details: { ground, complainantNotified: true } };
    });
  }

  async assign(id: string, orgUnitId: string): Promise<CenterCaseModel> {
    this.access.requireRole(Role.CENTER_OPERATOR);
    assertId(id, 'id');
    const unitId = assertId(orgUnitId, 'orgUnitId');
    return this.move(id, 'assign', [Role.CENTER_OPERATOR], (p, c) => this.operatorInScope(p, c), async (c, em, now, p) => {
      const unit = await this.orgUnits.get(unitId, 'orgUnitId');
      this.access.requireScope(p, unit.path);
      await this.meetIfOpen(em, c, [DeadlineKind.ROUTING], now);
      if (c.type === CaseType.COMPLAINT) {
        // Handling runs from the assignment (seed rules) or from the acceptance (Order 20: 自投诉受理之日起).
        const events = { ACCEPTED: c.acceptedAt, ASSIGNED: now };
        await this.startDeadline(em, { caseId: c.id, kind: DeadlineKind.HANDLING, startDate: now, receivedAt: c.receivedAt, events });
      }
      return { changes: { assignedUnitId: unit.id, assignedAt: now }, details: { orgUnitId: unit.id } };
    });
  }

  /**
   * The receiving unit returns a case outside its jurisdiction within the RETURN window (1 working
   * day from the assignment, 001 分流制度 四; the tenant's rulebook); after it the unit handles the
   * case, and only the routing center can still take it back.
   */
  return(id: string, reason: string): Promise<CenterCaseModel> {
    return this.move(id, 'return', [Role.OFFICER, Role.CENTER_OPERATOR], (p, c) => this.handlerInScope(p, c), async (c, em, now, p) => {
      const why = requiredText(reason, 'reason');
      if (!this.routingCenter(p, c)) {
        const returnBy = await this.returnBy(c, em);
        if (returnBy && now > returnBy) throw CenterError.returnWindowPassed(returnBy);
      }
      // Returning is the unit's answer to an urge; the case itself is not done.
      await this.meetIfOpen(em, c, [...(c.type === CaseType.COMPLAINT ? [DeadlineKind.HANDLING] : []), DeadlineKind.URGED_FIRST_FEEDBACK], now);
      // Back to the center for re-routing: the routing clock starts again.
      await this.startDeadline(em, { caseId: c.id, kind: DeadlineKind.ROUTING, startDate: now, receivedAt: c.receivedAt });
      return { changes: { assignedUnitId: null, assignedAt: null, returnReason: why }, details: { reason: why, fromUnitId: c.assignedUnitId } };
    });
  }

  extend(id: string, reason: string): Promise<CenterCaseModel> {
    // The extension needs the routing center's approval (001 分流制度 五: 经最初分转案件机关同意).
    return this.move(id, 'extend', [Role.CENTER_OPERATOR], (p, c) => this.routingCenter(p, c), async (c, em, now) => {
      const why = requiredText(reason, 'reason');
      if (c.extendedAt) throw refused(c.status, 'extend');
      const kind = c.type === CaseType.REPORT ? DeadlineKind.CASE_DECISION : DeadlineKind.HANDLING;
      const d = await this.deadlines.extend(em, c.id, kind, now);
      return { changes: { extendedAt: now }, details: { reason: why, kind, dueAt: d.dueAt.toISOString() } };
    });
  }

  urge(id: string, note: string): Promise<CenterCaseModel> {
    return this.move(id, 'urge', [Role.CENTER_OPERATOR], (p, c) => this.operatorInScope(p, c), async (c, em, now) => {
      const text = requiredText(note, 'note');
      await startUrgedDeadlines(this.deadlines, em, this.db.tenantId, c, now);
      return { changes: { urgeCount: c.urgeCount + 1 }, details: { note: text, urgeCount: c.urgeCount + 1, unitId: c.assignedUnitId ?? c.registeredUnitId } };
    });
  }

  /** The responsible unit's reply to an urge (催办回复): meets the urged case's first-reply deadline. */
  respondToUrge(id: string, note: string): Promise<CenterCaseModel> {
    return this.move(id, 'respond', [Role.OFFICER, Role.CENTER_OPERATOR], (p, c) => this.handlerInScope(p, c), async (c, em, now) => {
      const text = requiredText(note, 'note');
      if (!(await this.meetIfOpen(em, c, [DeadlineKind.URGED_FIRST_FEEDBACK], now))) throw CenterError.nothingToRespond();
      return { changes: {}, details: { note: text } };
    });
  }

  close(id: string, input: CloseCaseInput): Promise<CenterCaseModel> {
    return this.move(id, 'close', [Role.OFFICER, Role.CENTER_OPERATOR], (p, c) => this.handlerInScope(p, c), async (c, em, now, p) => {
      if (!OUTCOMES_BY_TYPE[c.type].includes(input.outcome)) throw CenterError.outcomeNotForType(c.type, input.outcome);
      if (input.amountRecovered != null && c.type !== CaseType.COMPLAINT) throw CenterError.amountNotForType();
      const recovered = input.amountRecovered == null ? null : parseYuan(input.amountRecovered).toString();
      const note = requiredText(input.note, 'note');
      let coHandler: string | null = null;
      if (input.coHandlerId != null) {
        const wanted = assertId(input.coHandlerId, 'coHandlerId');
        if (wanted === p.id || !(await this.users.handlersOf(handlingUnitPath(c), null, wanted)).length) throw CenterError.badCoHandler();
        coHandler = wanted;
      }
      // The step closing ends (answering a consultation, handling a complaint, deciding on a report) and any urge.
      const ends = { [CaseType.CONSULTATION]: DeadlineKind.ACCEPTANCE, [CaseType.COMPLAINT]: DeadlineKind.HANDLING, [CaseType.REPORT]: DeadlineKind.CASE_DECISION }[c.type];
      await this.meetIfOpen(em, c, [ends, DeadlineKind.URGED_FIRST_FEEDBACK, DeadlineKind.URGED_DONE], now);
      if (c.type === CaseType.COMPLAINT) {
        await this.startDeadline(em, { caseId: c.id, kind: DeadlineKind.FEEDBACK, startDate: now, receivedAt: c.receivedAt });
      } else if (c.type === CaseType.REPORT) {
        if (input.outcome === CaseOutcome.CASE_OPENED) {
          // An opened case runs to closure (90 calendar days by default); its result is the feedback.
          await this.startDeadline(em, { caseId: c.id, kind: DeadlineKind.CASE_CLOSURE, ruleKey: RuleKey.CASE_CLOSURE, startDate: now, receivedAt: c.receivedAt });
        } else {
          // The reporter (registered by name) is told the result (001 维权服务措施 六: 3 working days).
          await this.startDeadline(em, { caseId: c.id, kind: DeadlineKind.FEEDBACK, ruleKey: RuleKey.REPORTER_NOTICE, startDate: now, receivedAt: c.receivedAt });
        }
      }
      return {
        changes: { outcome: input.outcome, amountRecoveredFen: recovered, closeNote: note, closedAt: now, closedBy: p.kind === 'USER' ? p.id : null, coHandler },
        details: { outcome: input.outcome, amountRecoveredFen: recovered, coHandlerId: coHandler },
      };
    });
  }

  giveFeedback(id: string, note: string): Promise<CenterCaseModel> {
    return this.move(id, 'feedback', [Role.CENTER_OPERATOR], (p, c) => this.operatorInScope(p, c), async (c, em, now) => {
      const text = requiredText(note, 'note');
      // Feedback, or for a report whose case was opened, its closure (never both running).
      await this.meetIfOpen(em, c, [DeadlineKind.FEEDBACK, DeadlineKind.CASE_CLOSURE], now);
      return { changes: { feedbackNote: text, feedbackAt: now }, details: {} };
    });
  }

  archive(id: string): Promise<CenterCaseModel> {
    return this.move(id, 'archive', [Role.CENTER_OPERATOR], (p, c) => this.operatorInScope(p, c), async (_c, _em, now) => ({ changes: { archivedAt: now }, details: {} }));
  }

  /** Cross call-back: a CENTER_OPERATOR in scope who did not handle the case (closer, co-handler). */
  async recordCallback(caseId: string, input: CallbackInput): Promise<CallbackModel> {
    const p = this.access.requireRole(Role.CENTER_OPERATOR);
    const id = assertId(caseId, 'caseId');
    return this.db.tx(async (em) => {
      const found = (await this.base(em).where('c.id = :id', { id }).setLock('pessimistic_write', undefined, ['c']).getOne()) as CaseRow | null;
      if (!found) throw CenterError.caseNotFound('caseId');
      const c = this.toModel(found);
      if (!this.operatorInScope(p, c)) throw PlatformError.forbidden('不在您的管辖范围内');
      // Someone other than who handled it: the closer, and the co-handler named with them (000 交叉回访).
      if (p.id === c.closedById || p.id === c.coHandlerId) throw CenterError.ownCallback();
      nextCaseStatus(c.type, c.status, 'callback');
      const comment = input.comment == null || input.comment.trim() === '' ? null : requiredText(input.comment, 'comment');
      const row = { tenantId: this.db.tenantId, id: newId(), caseId: c.id, satisfaction: input.satisfaction, comment, calledAt: new Date(), calledBy: p.id };
      await em.insert(CaseCallback, row);
      await this.audit.record(em, { action: 'centerCase.callback', entity: 'CenterCase', entityId: c.id, details: { callbackId: row.id, satisfaction: input.satisfaction } });
      return { id: row.id, satisfaction: row.satisfaction, comment, calledAt: row.calledAt, caseId: c.id, calledById: p.id };
    });
  }

  /** Call-backs of a case, oldest first (batched per request). */
  callbacksOf(caseId: string): Promise<CallbackModel[]> {
    return this.loaders
      .get<string, CallbackModel[]>('center.callbacks', (ids) =>
        this.db.tx(async (em) => {
          const rows = await em.createQueryBuilder(CaseCallback, 'cb').where('cb.case_id = ANY(:ids)', { ids: [...ids] }).orderBy('cb.called_at').addOrderBy('cb.id').getMany();
          return ids.map((id) =>
            rows.filter((r) => r.caseId === id).map((r) => ({ id: r.id, satisfaction: r.satisfaction, comment: r.comment, calledAt: r.calledAt, caseId: r.caseId, calledById: r.calledBy })),
          );
        }),
      )
      .load(caseId);
  }

  // ---------- helpers ----------

  private operatorInScope(p: Principal, c: CenterCaseModel): boolean {
    return this.access.has(p, Role.CENTER_OPERATOR) && this.inCaseScope(p, c);
  }

  /**
   * caseCoHandlerCandidates: who may be named co-handler when closing the case — the enabled
   * officers and operators whose scope holds the handling unit, but the caller; for those who may
   * close it.
   */
  async coHandlerCandidates(caseId: string): Promise<{ id: string; displayName: string }[]> {
    const p = this.access.requireRole(Role.OFFICER, Role.CENTER_OPERATOR);
    const c = await this.load(assertId(caseId, 'caseId'));
    if (!c) throw CenterError.caseNotFound('caseId');
    if (!this.handlerInScope(p, c)) throw PlatformError.forbidden('不在您的管辖范围内');
    return this.users.handlersOf(handlingUnitPath(c), p.id);
  }

  /** The routing center: an operator in scope of the unit that registered the case, not only of the one handling it. */
  private routingCenter(p: Principal, c: CenterCaseModel): boolean {
    return this.access.has(p, Role.CENTER_OPERATOR) && this.access.inScope(p, c.registeredUnitPath);
  }

  /** returnCase, closeCase: OFFICER in scope of the assigned unit, CENTER_OPERATOR in scope. */
  private handlerInScope(p: Principal, c: CenterCaseModel): boolean {
    if (this.operatorInScope(p, c)) return true;
    return this.access.has(p, Role.OFFICER) && !!c.assignedUnitPath && this.access.inScope(p, c.assignedUnitPath);
  }

  /**
   * End of the assigned unit's RETURN window; null when the case is not assigned or the window
   * reaches a year whose calendar is not published (then the return is not refused on a guess).
   */
  async returnBy(c: Pick<CenterCaseModel, 'status' | 'assignedAt' | 'receivedAt'>, em?: EntityManager): Promise<Date | null> {
    if (c.status !== CenterCaseStatus.ASSIGNED || !c.assignedAt) return null;
    try {
      return (await this.rulebook.dueFor(RuleKey.RETURN, c.assignedAt, { receivedAt: c.receivedAt, em })).dueAt;
    } catch (e) {
      if (e instanceof CalendarNotPublishedError) return null;
      throw e;
    }
  }

  /** Starts a deadline of a case move, or keeps it waiting for its calendar year (startOrDefer). */
  private async startDeadline(em: EntityManager, input: StartDeadlineInput): Promise<void> {
    const year = await startOrDefer(this.deadlines, em, this.db.tenantId, input);
    if (year !== null) this.logger.warn(`Case ${input.caseId}: the ${input.kind} deadline waits for the ${year} calendar`);
  }

  /**
   * Meets the case's running deadlines of `kinds` (one statement; a late one is marked breached)
   * and drops those of them waiting for their calendar year (what they timed has happened); true
   * when any was there.
   */
  private async meetIfOpen(em: EntityManager, c: CenterCaseModel, kinds: DeadlineKind[], at: Date): Promise<boolean> {
    const met = await this.deadlines.meetRunning(em, c.id, kinds, at);
    const rest = kinds.filter((k) => !met.includes(k));
    const dropped = rest.length ? await dropWaiting(em, c.id, rest) : [];
    return met.length + dropped.length > 0;
  }

  /** Kinds of the case's deadlines waiting for a calendar year (batched per request). */
  waitingDeadlinesOf(caseId: string): Promise<DeadlineKind[]> {
    return this.loaders
      .get<string, DeadlineKind[]>('center.waitingDeadlines', (ids) =>
        this.db.tx(async (em) => {
          const rows: { case_id: string; kind: DeadlineKind }[] = await em.query(`SELECT case_id, kind FROM pending_deadlines WHERE case_id = ANY($1::uuid[]) ORDER BY kind`, [[...ids]]);
          return ids.map((id) => rows.filter((r) => r.case_id === id).map((r) => r.kind));
        }),
      )
      .load(caseId);
  }

  /**
   * One state change: role, NOT_FOUND, scope, then the row locked and the move checked; the
   * update, deadline changes and the audit record in one transaction.
   */
  private async move(
    id: string,
    action: CaseAction,
    roles: Role[],
    allowed: (p: Principal, c: CenterCaseModel) => boolean,
    build: (c: CenterCaseModel, em: EntityManager, now: Date, p: Principal) => Promise<{ changes: Partial<CenterCase>; details: Record<string, unknown> }>,
  ): Promise<CenterCaseModel> {
    const p = this.access.requireRole(...roles);
    const caseId = assertId(id, 'id');
    return this.db.tx(async (em) => {
      const found = (await this.base(em).where('c.id = :caseId', { caseId }).setLock('pessimistic_write', undefined, ['c']).getOne()) as CaseRow | null;
      if (!found) throw CenterError.caseNotFound();
      const c = this.toModel(found);
      if (!allowed(p, c)) throw PlatformError.forbidden('不在您的管辖范围内');
      const to = nextCaseStatus(c.type, c.status, action);
      const now = new Date();
      const { changes, details } = await build(c, em, now, p);
      await em.update(CenterCase, { tenantId: found.tenantId, id: found.id }, { ...changes, status: to } as never);
      await this.audit.record(em, { action: `centerCase.${action}`, entity: 'CenterCase', entityId: c.id, details: { from: c.status, to, ...details } });
      return this.reload(em, c.id);
    });
  }
}

/** The unit handling a case: the one it is assigned to, else (answered directly) the registering one. */
function handlingUnitPath(c: Pick<CenterCaseModel, 'assignedUnitPath' | 'registeredUnitPath'>): string {
  return c.assignedUnitPath ?? c.registeredUnitPath;
}
