import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertId, isUniqueViolation } from '@app/identity';
import { computeDueDate, DataLoaderFactory, endOfChinaDay, insertRows, newId, RULE_KEYS, RuleKey, RuleStartEvent, TenantDb } from '@app/platform';
import { CalendarError, CalendarNotPublishedError } from './calendar.errors';
import { CalendarService } from './calendar.service';
import { Deadline, DEADLINE_KINDS, DeadlineKind } from './entities/deadline.entity';
import { RulebookService, startDateOf } from './rulebook.service';

export interface StartDeadlineInput {
  caseId: string;
  kind: DeadlineKind;
  /** The rulebook rule to follow; defaults to the rule named like `kind`. */
  ruleKey?: RuleKey;
  /** The starting event, as an instant (its Asia/Shanghai date is used) or a business date. Counting starts the next day. */
  startDate: Date | string;
  /**
   * The case's events so far: the rule's own start event (`startsOn`) picks among them, so a
   * rulebook whose handling period runs from acceptance (Order 20) counts from the acceptance
   * even when the deadline is started at assignment. Without the event named, `startDate`.
   */
  events?: Partial<Record<RuleStartEvent, Date | string | null>>;
  /** When the case was received: selects the rulebook version the case keeps. */
  receivedAt: Date;
}

/** Default breach batch: the sweeper repeats until a batch comes back short. */
export const DEFAULT_BREACH_BATCH = 500;

function assertKind(kind: DeadlineKind): void {
  if (!DEADLINE_KINDS.includes(kind)) throw CalendarError.badDeadlineInput('kind', `时限类型无效：${String(kind)}`);
}

function assertInstant(d: Date, field: string): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw CalendarError.badDeadlineInput(field, '时间无效');
}

/**
 * Deadlines as rows (issue 5 item 3), for the libs that own cases. Every method but the
 * batched reads takes the caller's transaction (`em`, from TenantDb.tx/asTenant), so the
 * deadline changes commit or roll back with the case change and its audit record; callers
 * audit their own action. Runs in the current tenant (row-level security).
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly db: TenantDb,
    private readonly calendar: CalendarService,
    private readonly rulebook: RulebookService,
    private readonly loaders: DataLoaderFactory,
  ) {}

  /**
   * Starts a deadline: due = the rule's days (working or calendar) after `startDate`, with the
   * rules of the version in force at `receivedAt` and the tenant's calendar, at the end of the
   * last day. CONFLICT when the case already has an unmet deadline of that kind;
   * CalendarNotPublishedError (BAD_USER_INPUT) when the period reaches an unpublished year.
   */
  async start(em: EntityManager, input: StartDeadlineInput): Promise<Deadline> {
    const caseId = assertId(input.caseId, 'caseId');
    assertKind(input.kind);
    const ruleKey = input.ruleKey ?? (input.kind as string as RuleKey);
    if (!RULE_KEYS.includes(ruleKey)) throw CalendarError.badDeadlineInput('ruleKey', `时限规则无效：${String(ruleKey)}`);
    assertInstant(input.receivedAt, 'receivedAt');
    if (await this.open(em, caseId, input.kind)) throw CalendarError.deadlineRunning(input.kind);
    const { version, rules, calendar } = await this.rulebook.effectiveWithCalendar(input.receivedAt, em);
    const rule = rules[ruleKey];
    const startDate = startDateOf(input.events?.[rule.startsOn] ?? input.startDate);
    const dueDate = computeDueDate(calendar, startDate, rule);
    const row = em.create(Deadline, {
      tenantId: this.db.tenantId,
      id: newId(),
      caseId,
      kind: input.kind,
      ruleKey,
      rulebookVersionId: version?.id ?? null,
      unit: rule.unit,
      days: rule.days,
      extensionDays: rule.extensionDays,
      startDate,
      dueDate,
      dueAt: endOfChinaDay(dueDate),
      metAt: null,
      breached: false,
      breachedAt: null,
      extended: false,
      extendedAt: null,
      urgedAt: null,
    });
    try {
      await em.insert(Deadline, row);
    } catch (e) {
      // A concurrent start of the same kind got there first.
      if (isUniqueViolation(e, 'uq_deadlines_open_kind')) throw CalendarError.deadlineRunning(input.kind);
      throw e;
    }
    return em.findOneByOrFail(Deadline, { id: row.id });
  }

  /**
   * The instant (or business date) `input` would count from: its rule's start event among
   * `events`, else `startDate` (what `start` uses), for a caller keeping a deadline to start later.
   */
  async startEventOf(em: EntityManager, input: StartDeadlineInput): Promise<Date | string> {
    if (!input.events) return input.startDate;
    const { rules } = await this.rulebook.effectiveAt(input.receivedAt, em);
    return input.events[rules[input.ruleKey ?? (input.kind as string as RuleKey)].startsOn] ?? input.startDate;
  }

  /**
   * `start` for many cases created in the caller's transaction (so none has a deadline running
   * yet, and none is checked), in a few statements whatever their number: the rulebook version
   * and the calendar are looked up in one statement, which also tells whether all `receivedAt`
   * fall under that version (else each input's version is looked up), all rows in one insert.
   * Returns per input the started row, or the error that prevented it when the period reaches
   * an unpublished year (CalendarNotPublishedError); any other error throws.
   */
  async startMany(em: EntityManager, inputs: StartDeadlineInput[]): Promise<(Deadline | Error)[]> {
    if (!inputs.length) return [];
    for (const input of inputs) {
      assertId(input.caseId, 'caseId');
      assertKind(input.kind);
      assertInstant(input.receivedAt, 'receivedAt');
    }
    const times = inputs.map((i) => i.receivedAt.getTime());
    const [min, max] = [Math.min(...times), Math.max(...times)];
    const first = await this.rulebook.effectiveWithCalendar(new Date(min), em, new Date(max));
    const shared = first.sameUntil ? first : null;
    const calendar = first.calendar;
    const out: (Deadline | Error)[] = [];
    const rows: Deadline[] = [];
    for (const input of inputs) {
      const ruleKey = input.ruleKey ?? (input.kind as string as RuleKey);
      if (!RULE_KEYS.includes(ruleKey)) throw CalendarError.badDeadlineInput('ruleKey', `时限规则无效：${String(ruleKey)}`);
      const { version, rules } = shared ?? (await this.rulebook.effectiveAt(input.receivedAt, em));
      const rule = rules[ruleKey];
      const startDate = startDateOf(input.events?.[rule.startsOn] ?? input.startDate);
      let dueDate: string;
      try {
        dueDate = computeDueDate(calendar, startDate, rule);
      } catch (e) {
        if (e instanceof CalendarNotPublishedError) {
          out.push(e);
          continue;
        }
        throw e;
      }
      const row = em.create(Deadline, {
        tenantId: this.db.tenantId,
        id: newId(),
        caseId: input.caseId,
        kind: input.kind,
        ruleKey,
        rulebookVersionId: version?.id ?? null,
        unit: rule.unit,
        days: rule.days,
        extensionDays: rule.extensionDays,
        startDate,
        dueDate,
        dueAt: endOfChinaDay(dueDate),
        metAt: null,
        breached: false,
        breachedAt: null,
        extended: false,
        extendedAt: null,
        urgedAt: null,
      });
      rows.push(row);
      out.push(row);
    }
    await insertRows(em, Deadline, rows);
    return out;
  }

  /** The unmet deadline of `kind` of a case (breached or not), or null. */
  open(em: EntityManager, caseId: string, kind: DeadlineKind, lock = false): Promise<Deadline | null> {
    const qb = em
      .createQueryBuilder(Deadline, 'd')
      .where('d.caseId = :caseId', { caseId })
      .andWhere('d.kind = :kind', { kind })
      .andWhere('d.metAt IS NULL');
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /**
   * Marks the case's unmet deadline of `kind` met at `at`. Met after its due time it counts as
   * breached (whether or not the sweeper got there first). INVALID_TRANSITION when none is running.
   */
  async meet(em: EntityManager, caseId: string, kind: DeadlineKind, at: Date = new Date()): Promise<Deadline> {
    assertKind(kind);
    assertInstant(at, 'at');
    const row = await this.open(em, assertId(caseId, 'caseId'), kind, true);
    if (!row) throw CalendarError.noOpenDeadline(kind, '完成');
    row.metAt = at;
    if (!row.breached && at.getTime() > row.dueAt.getTime()) {
      row.breached = true;
      row.breachedAt = at;
    }
    await em.save(Deadline, row);
    return em.findOneByOrFail(Deadline, { id: row.id });
  }

  /**
   * Meets whichever of the case's deadlines of `kinds` are running, in one statement (a late one
   * is marked breached, as `meet` does); returns the kinds met. None running is not an error.
   */
  async meetRunning(em: EntityManager, caseId: string, kinds: readonly DeadlineKind[], at: Date = new Date()): Promise<DeadlineKind[]> {
    kinds.forEach(assertKind);
    assertInstant(at, 'at');
    const [rows]: [{ kind: DeadlineKind }[], number] = await em.query(
      `UPDATE deadlines SET met_at = $3, breached = breached OR due_at < $3,
              breached_at = CASE WHEN NOT breached AND due_at < $3 THEN $3 ELSE breached_at END, updated_at = now()
        WHERE case_id = $1 AND kind = ANY($2::text[]) AND met_at IS NULL
        RETURNING kind`,
      [assertId(caseId, 'caseId'), [...kinds], at],
    );
    return rows.map((r) => r.kind);
  }

  /**
   * Uses the one extension the rule allows: the due date becomes rule days + extension days after
   * the start. INVALID_TRANSITION when none is running, it was extended already, or it is past
   * due; BAD_USER_INPUT (field kind) when the rule allows no extension.
   */
  async extend(em: EntityManager, caseId: string, kind: DeadlineKind, now: Date = new Date()): Promise<Deadline> {
    assertKind(kind);
    assertInstant(now, 'now');
    const row = await this.open(em, assertId(caseId, 'caseId'), kind, true);
    if (!row) throw CalendarError.noOpenDeadline(kind, '延长');
    if (row.extended) throw CalendarError.alreadyExtended(kind);
    if (row.extensionDays === null) throw CalendarError.notExtendable(row.ruleKey);
    if (row.breached || now.getTime() > row.dueAt.getTime()) throw CalendarError.extendAfterDue(kind);
    const calendar = await this.calendar.current(em);
    const dueDate = calendar.addDays(row.startDate, row.days + row.extensionDays, row.unit);
    row.dueDate = dueDate;
    row.dueAt = endOfChinaDay(dueDate);
    row.extended = true;
    row.extendedAt = now;
    await em.save(Deadline, row);
    return em.findOneByOrFail(Deadline, { id: row.id });
  }

  /**
   * Open deadlines past due at `now` not yet marked breached, earliest first, at most `limit`.
   * An index range scan on idx_deadlines_open_due: cost grows with the breaches found, not
   * with the table. Runs in the current tenant only (RLS): a sweeper visits tenant by tenant.
   */
  findBreaches(em: EntityManager, now: Date = new Date(), limit = DEFAULT_BREACH_BATCH): Promise<Deadline[]> {
    assertInstant(now, 'now');
    if (!Number.isInteger(limit) || limit < 1) throw CalendarError.badDeadlineInput('limit', '条数须为正整数');
    return em
      .createQueryBuilder(Deadline, 'd')
      .where('d.metAt IS NULL')
      .andWhere('NOT d.breached')
      .andWhere('d.dueAt < :now', { now })
      .orderBy('d.dueAt')
      .addOrderBy('d.id')
      .limit(limit)
      .getMany();
  }

  /**
   * Marks the given deadlines breached at `at`; only those still open and past due at `at` and
   * not yet marked, so concurrent sweepers mark (and urge) each breach once. Returns the ids
   * marked by this call.
   */
  async markBreached(em: EntityManager, ids: readonly string[], at: Date = new Date()): Promise<string[]> {
    assertInstant(at, 'at');
    if (!ids.length) return [];
    const res = await em
      .createQueryBuilder()
      .update(Deadline)
      .set({ breached: true, breachedAt: at })
      .where('id = ANY(:ids)', { ids: [...ids] })
      .andWhere('met_at IS NULL')
      .andWhere('NOT breached')
      .andWhere('due_at < :at', { at })
      .returning(['id'])
      .execute();
    return (res.raw as { id: string }[]).map((r) => r.id);
  }

  /** Deadlines of each case, oldest first, aligned with `caseIds` (a DataLoader batch function). */
  async forCases(caseIds: readonly string[], em?: EntityManager): Promise<Deadline[][]> {
    if (!caseIds.length) return [];
    const load = async (m: EntityManager) => {
      const rows = await m
        .createQueryBuilder(Deadline, 'd')
        .where('d.caseId = ANY(:ids)', { ids: [...caseIds] })
        .orderBy('d.createdAt')
        .addOrderBy('d.id')
        .getMany();
      const by = new Map<string, Deadline[]>();
      for (const r of rows) {
        const list = by.get(r.caseId);
        if (list) list.push(r);
        else by.set(r.caseId, [r]);
      }
      return caseIds.map((id) => by.get(id) ?? []);
    };
    return em ? load(em) : this.db.tx(load);
  }

  /** Deadlines of one case, batched per request (for a `deadlines` field resolver). */
  forCase(caseId: string): Promise<Deadline[]> {
    return this.loaders.get<string, Deadline[]>('deadlinesByCase', (ids) => this.forCases(ids)).load(caseId);
  }
}
