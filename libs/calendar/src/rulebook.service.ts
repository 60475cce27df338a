import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@app/identity';
import {
  AuditService,
  chinaDateOf,
  computeDueDate,
  DayUnit,
  DEFAULT_PRESET,
  endOfChinaDay,
  isPresetId,
  isValidDateString,
  newId,
  PresetId,
  Role,
  Rule,
  RULE_KEYS,
  RuleKey,
  RuleOverrides,
  RULEBOOK_PRESETS,
  resolveRules,
  RuleTable,
  TenantDb,
  WorkingDayCalendar,
} from '@app/platform';
import { CalendarError, CalendarNotPublishedError } from './calendar.errors';
import { CalendarService } from './calendar.service';
import { RulebookVersionEntity } from './entities/rulebook-version.entity';

/** The rulebook of `version` (null: SEED). */
function effective(version: RulebookVersionEntity | null): EffectiveRulebook {
  const preset = version?.preset ?? DEFAULT_PRESET;
  const overrides = version?.overrides ?? {};
  return { version, preset, overrides, rules: resolveRules(preset, overrides) };
}

/** Upper bound for a tenant's own rule values. */
export const MAX_RULE_DAYS = 3650;

/** The rulebook in force at an instant: the version row (null = never changed: SEED) and its resolved rules. */
export interface EffectiveRulebook {
  version: RulebookVersionEntity | null;
  preset: PresetId;
  overrides: RuleOverrides;
  rules: RuleTable;
}

/** An EffectiveRulebook with the tenant's working-day calendar, read together. */
export interface EffectiveRulesAndCalendar extends EffectiveRulebook {
  calendar: WorkingDayCalendar;
}

export interface DueDate {
  /** Business date of the last day. */
  dueDate: string;
  /** 23:59:59.999 Asia/Shanghai of the last day. */
  dueAt: Date;
}

/** Business date of a starting event given as an instant or as a business date. */
export function startDateOf(start: Date | string, field = 'startDate'): string {
  if (start instanceof Date) {
    if (Number.isNaN(start.getTime())) throw CalendarError.badDeadlineInput(field, '起算时间无效');
    return chinaDateOf(start);
  }
  if (!isValidDateString(start)) throw CalendarError.badDeadlineInput(field, '起算日期须为有效的 YYYY-MM-DD');
  return start;
}

/** Due date of rule `key` started on business date `startDate` under `inForce`. */
function dueWith(inForce: EffectiveRulesAndCalendar, key: RuleKey, startDate: string, extended: boolean): DueDate {
  const dueDate = computeDueDate(inForce.calendar, startDate, inForce.rules[key], extended);
  return { dueDate, dueAt: endOfChinaDay(dueDate) };
}

/** A row of rulebookInForceSql. */
export interface RulebookInForceRow {
  rb_tenant_id: string | null;
  rb_id: string | null;
  rb_preset: PresetId;
  rb_overrides: RuleOverrides;
  rb_effective_from: Date;
  rb_created_by: string | null;
  rb_created_at: Date;
  rb_calendar_revision: number | null;
}

/**
 * One row (always one): the rulebook version in force at `at` (columns rb_*, null when the tenant
 * never changed its rulebook) and the revision of tenant `tenant`'s calendar, `at` and `tenant`
 * being SQL expressions (parameter references) of the caller's statement, which may join it
 * LATERAL to read the rulebook in the same round trip; RulebookService.inForceFromRow reads it.
 */
export function rulebookInForceSql(at: string, tenant: string): string {
  return `SELECT v.tenant_id AS rb_tenant_id, v.id AS rb_id, v.preset AS rb_preset, v.overrides AS rb_overrides,
                 v.effective_from AS rb_effective_from, v.created_by AS rb_created_by, v.created_at AS rb_created_at,
                 (SELECT r.revision FROM calendar_revisions r WHERE r.tenant_id = ${tenant}) AS rb_calendar_revision
            FROM (SELECT 1) AS one
            LEFT JOIN LATERAL (
              SELECT * FROM rulebook_versions WHERE effective_from <= ${at} ORDER BY effective_from DESC, id DESC LIMIT 1
            ) v ON true`;
}

/**
 * The tenant's deadline rulebook, versioned with effective dates (issue 5 item 4). The version
 * in force at an instant is the latest with `effective_from` not after it; none means the SEED
 * preset. Changes append a version effective now, so they apply to cases received afterwards.
 */
@Injectable()
export class RulebookService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
  ) {}

  private run<T>(em: EntityManager | undefined, fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return em ? fn(em) : this.db.tx(fn);
  }

  /** The version in force at `at` (null: the tenant never changed its rulebook). */
  versionAt(at: Date, em?: EntityManager): Promise<RulebookVersionEntity | null> {
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw CalendarError.badDeadlineInput('at', '时间无效');
    return this.run(em, (m) =>
      m
        .createQueryBuilder(RulebookVersionEntity, 'v')
        .where('v.effectiveFrom <= :at', { at })
        .orderBy('v.effectiveFrom', 'DESC')
        .addOrderBy('v.id', 'DESC')
        .limit(1)
        .getOne(),
    );
  }

  /** The version and resolved rules in force at `at`. */
  async effectiveAt(at: Date, em?: EntityManager): Promise<EffectiveRulebook> {
    return effective(await this.versionAt(at, em));
  }

  /**
   * effectiveAt and the tenant's calendar (CalendarService.current) in one statement: the version
   * in force and the calendar revision come back together, so a deadline computation costs one
   * round trip (plus the calendar's rows when its revision moved since this process cached it).
   * With `until`, also tells whether another version takes effect after `at` up to `until`
   * (`sameUntil` false), i.e. whether every instant of [at, until] follows the returned rules.
   */
  async effectiveWithCalendar(at: Date, em?: EntityManager, until?: Date): Promise<EffectiveRulesAndCalendar & { sameUntil: boolean }> {
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw CalendarError.badDeadlineInput('at', '时间无效');
    if (until && (!(until instanceof Date) || Number.isNaN(until.getTime()))) throw CalendarError.badDeadlineInput('until', '时间无效');
    if (!this.db.hasTenant()) {
      const first = await this.effectiveAt(at, em);
      const last = until ? await this.effectiveAt(until, em) : first;
      return { ...first, calendar: await this.calendar.current(em), sameUntil: (first.version?.id ?? null) === (last.version?.id ?? null) };
    }
    const tenantId = this.db.tenantId;
    return this.run(em, async (m) => {
      const [row]: (RulebookInForceRow & { changed: boolean })[] = await m.query(
        `SELECT rb.*, EXISTS (SELECT 1 FROM rulebook_versions n WHERE n.effective_from > $1 AND n.effective_from <= $3) AS changed
           FROM (${rulebookInForceSql('$1', '$2')}) rb`,
        [at, tenantId, until ?? at],
      );
      return { ...(await this.inForceFromRow(row, m)), sameUntil: !row.changed };
    });
  }

  /**
   * The rulebook and calendar of a row of rulebookInForceSql, which a caller read in a statement
   * of its own transaction `em` (saving the round trip of effectiveWithCalendar).
   */
  async inForceFromRow(row: RulebookInForceRow, em: EntityManager): Promise<EffectiveRulesAndCalendar> {
    const version: RulebookVersionEntity | null = row.rb_id
      ? Object.assign(new RulebookVersionEntity(), {
          tenantId: row.rb_tenant_id!,
          id: row.rb_id,
          preset: row.rb_preset,
          overrides: row.rb_overrides,
          effectiveFrom: row.rb_effective_from,
          createdBy: row.rb_created_by,
          createdAt: row.rb_created_at,
        })
      : null;
    return { ...effective(version), calendar: await this.calendar.atRevision(em, row.rb_calendar_revision ?? 0) };
  }

  /**
   * Due date of rule `key` started at `start` (instant or business date), with the rules of
   * the case received at `receivedAt` (default: the start) and the tenant's calendar. May throw
   * CalendarNotPublishedError (BAD_USER_INPUT) when a working-day period reaches an
   * unpublished year.
   */
  async dueFor(key: RuleKey, start: Date | string, opts: { receivedAt?: Date; extended?: boolean; em?: EntityManager } = {}): Promise<DueDate> {
    const startDate = startDateOf(start);
    const receivedAt = opts.receivedAt ?? (start instanceof Date ? start : endOfChinaDay(startDate));
    return dueWith(await this.effectiveWithCalendar(receivedAt, opts.em), key, startDate, opts.extended ?? false);
  }

  /**
   * End of the station settlement window of a counter dispute opened at `openedAt`
   * (rule STATION_SETTLEMENT, default 3 working days), for the disputes lib.
   */
  async settleByFor(openedAt: Date, em?: EntityManager): Promise<Date> {
    return (await this.dueFor(RuleKey.STATION_SETTLEMENT, openedAt, { receivedAt: openedAt, em })).dueAt;
  }

  /**
   * settleByFor with the rulebook of a row of rulebookInForceSql read at `openedAt` in the
   * caller's statement; but a window reaching a year whose holidays are not yet published gets a
   * provisional end (WorkingDayCalendar.provisionalWorkingDaysAfter), marked so: a consumer at the
   * counter is never turned away because next year's calendar is late. settleByFor, once the year
   * is published, gives the final one.
   */
  async settleByFromRow(openedAt: Date, row: RulebookInForceRow, em: EntityManager): Promise<{ at: Date; provisional: boolean }> {
    const inForce = await this.inForceFromRow(row, em);
    const startDate = startDateOf(openedAt, 'openedAt');
    try {
      return { at: dueWith(inForce, RuleKey.STATION_SETTLEMENT, startDate, false).dueAt, provisional: false };
    } catch (e) {
      // Only WORKING rules need a published year.
      if (!(e instanceof CalendarNotPublishedError)) throw e;
      const days = inForce.rules[RuleKey.STATION_SETTLEMENT].days;
      return { at: endOfChinaDay(inForce.calendar.provisionalWorkingDaysAfter(startDate, days)), provisional: true };
    }
  }

  // ---------- admin (TENANT_ADMIN) ----------

  /** The rulebook in force at `at` (default now). */
  async view(at?: Date | null): Promise<EffectiveRulebook> {
    this.access.requireRole(Role.TENANT_ADMIN);
    return this.effectiveAt(at ?? new Date());
  }

  presets() {
    this.access.requireRole(Role.TENANT_ADMIN);
    return Object.values(RULEBOOK_PRESETS);
  }

  /** Switches to `preset` from now on; single-rule overrides are dropped (they were relative to the old preset). */
  async switchPreset(preset: PresetId): Promise<EffectiveRulebook> {
    this.access.requireRole(Role.TENANT_ADMIN);
    if (!isPresetId(preset)) throw CalendarError.badRuleValue('preset', '规则预设无效');
    return this.appendVersion('rulebook.switchPreset', (current) => ({ preset, overrides: {}, details: { from: current.preset, to: preset, droppedOverrides: current.overrides } }));
  }

  /** Overrides the timing of one rule from now on, keeping the preset and the other overrides. */
  async overrideRule(key: RuleKey, days: number, unit: DayUnit, extensionDays?: number | null): Promise<EffectiveRulebook> {
    this.access.requireRole(Role.TENANT_ADMIN);
    if (!(RULE_KEYS as readonly string[]).includes(key)) throw CalendarError.badRuleValue('key', '时限规则无效');
    if (!Number.isInteger(days) || days < 1 || days > MAX_RULE_DAYS) throw CalendarError.badRuleValue('days', `天数须为 1 至 ${MAX_RULE_DAYS} 之间的整数`);
    if (unit !== 'WORKING' && unit !== 'CALENDAR') throw CalendarError.badRuleValue('unit', '时限单位无效');
    const ext = extensionDays ?? null;
    if (ext !== null && (!Number.isInteger(ext) || ext < 1 || ext > MAX_RULE_DAYS)) {
      throw CalendarError.badRuleValue('extensionDays', `延长天数须为 1 至 ${MAX_RULE_DAYS} 之间的整数，或不允许延长`);
    }
    const change: Partial<Rule> = { days, unit, extensionDays: ext };
    return this.appendVersion('rulebook.overrideRule', (current) => {
      const overrides: RuleOverrides = { ...current.overrides, [key]: { ...(current.overrides[key] ?? {}), ...change } };
      return { preset: current.preset, overrides, details: { key, before: pickTiming(current.rules[key]), after: change } };
    });
  }

  private async appendVersion(
    action: string,
    next: (current: EffectiveRulebook) => { preset: PresetId; overrides: RuleOverrides; details: Record<string, unknown> },
  ): Promise<EffectiveRulebook> {
    const p = this.access.principal();
    return this.db.tx(async (em) => {
      // One change at a time per tenant, so two admins cannot both build on the same version.
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`rulebook:${this.db.tenantId}`]);
      const effectiveFrom = new Date();
      const current = await this.effectiveAt(effectiveFrom, em);
      const { preset, overrides, details } = next(current);
      try {
        resolveRules(preset, overrides);
      } catch (e) {
        if (e instanceof RangeError) throw CalendarError.badRuleValue('key', e.message);
        throw e;
      }
      const id = newId();
      await em.insert(RulebookVersionEntity, { tenantId: this.db.tenantId, id, preset, overrides: overrides as never, effectiveFrom, createdBy: p.id });
      await this.audit.record(em, { action, entity: 'RulebookVersion', entityId: id, details: { ...details, preset, effectiveFrom: effectiveFrom.toISOString() } });
      return this.effectiveAt(effectiveFrom, em);
    });
  }
}

function pickTiming(r: Rule): Partial<Rule> {
  return { startsOn: r.startsOn, unit: r.unit, days: r.days, extensionDays: r.extensionDays };
}
