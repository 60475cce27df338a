/**
 * The deadline rulebook (DESIGN.md "Deadlines"; issue 5 item 4).
 *
 * A rule says which event starts a deadline, whether it counts working or calendar days, how
 * many, and by how much it may be extended (once). A tenant picks a preset and may override
 * single rules; a case keeps the rules in force on the day it was received.
 *
 * Presets:
 * - SEED: the table in DOMAIN.md, from the 12315 center's own rules (seed 001). The default.
 * - SAMR_ORDER_20: 《市场监督管理投诉举报处理暂行办法》, in force 2020-01-01 .. 2026-04-14.
 * - SAMR_ORDER_121: 《市场监督管理投诉举报处理办法》, in force from 2026-04-15. Its time limits
 *   could not be checked against the official text, so the statutory ones keep Order 20's
 *   values and say so (`verified: false`, `note`).
 */
import { isValidDateString, invalidDateMessage } from './china-time';
import type { DayUnit, WorkingDayCalendar } from './working-day-calendar';

export enum RuleKey {
  /** Counter dispute: settle on the spot or escalate (product default, DESIGN.md). */
  STATION_SETTLEMENT = 'STATION_SETTLEMENT',
  /** Decide accept / not accept and tell the complainant. */
  ACCEPTANCE = 'ACCEPTANCE',
  /** Route an accepted case to the unit with jurisdiction. */
  ROUTING = 'ROUTING',
  /** Receiving unit returns a case outside its jurisdiction. */
  RETURN = 'RETURN',
  /** Handle a routed complaint (under Order 20: mediation must end). */
  HANDLING = 'HANDLING',
  /** Report the result to the routing center and the complainant. */
  FEEDBACK = 'FEEDBACK',
  /** Report (举报): decide whether to open a case (立案). */
  CASE_DECISION = 'CASE_DECISION',
  /** Report: close an opened case. */
  CASE_CLOSURE = 'CASE_CLOSURE',
  /** Report: tell a real-name reporter the result. */
  REPORTER_NOTICE = 'REPORTER_NOTICE',
  /** Urged or supervised case: first feedback. */
  URGED_FIRST_FEEDBACK = 'URGED_FIRST_FEEDBACK',
  /** Urged or supervised case: done. */
  URGED_DONE = 'URGED_DONE',
}

export const RULE_KEYS: readonly RuleKey[] = Object.values(RuleKey);

/** Chinese names for the admin view. */
export const RULE_LABELS: Readonly<Record<RuleKey, string>> = {
  [RuleKey.STATION_SETTLEMENT]: '服务站现场和解',
  [RuleKey.ACCEPTANCE]: '受理/不予受理决定',
  [RuleKey.ROUTING]: '分流转办',
  [RuleKey.RETURN]: '非管辖案件退回',
  [RuleKey.HANDLING]: '承办处理',
  [RuleKey.FEEDBACK]: '结果反馈',
  [RuleKey.CASE_DECISION]: '举报立案决定',
  [RuleKey.CASE_CLOSURE]: '立案案件办结',
  [RuleKey.REPORTER_NOTICE]: '告知实名举报人',
  [RuleKey.URGED_FIRST_FEEDBACK]: '催办/督办首次反馈',
  [RuleKey.URGED_DONE]: '催办/督办办结',
};

/** The events that start a deadline. */
export const RULE_START_EVENTS = [
  'RECEIVED',
  'ACCEPTED',
  'ASSIGNED',
  'CLOSED',
  'CASE_OPENED',
  'URGED',
  'DISPUTE_OPENED',
] as const;
export type RuleStartEvent = (typeof RULE_START_EVENTS)[number];

export interface Rule {
  key: RuleKey;
  startsOn: RuleStartEvent;
  unit: DayUnit;
  days: number;
  /** Days added by the one allowed extension; null = no extension. */
  extensionDays: number | null;
  /** Whether the value was checked against the cited text. */
  verified: boolean;
  /** Citation. */
  source: string;
  /** Why a value is unverified, or other caveats shown in the admin view. */
  note?: string;
  /** Set by resolveRules on rules a tenant overrode. */
  overridden?: boolean;
}

export type RuleTable = Record<RuleKey, Rule>;
export type RuleOverrides = Partial<Record<RuleKey, Partial<Rule>>>;

export type PresetId = 'SEED' | 'SAMR_ORDER_20' | 'SAMR_ORDER_121';
export type StatutoryPresetId = Exclude<PresetId, 'SEED'>;
export const PRESET_IDS: readonly PresetId[] = ['SEED', 'SAMR_ORDER_20', 'SAMR_ORDER_121'];
export const DEFAULT_PRESET: PresetId = 'SEED';

export interface RulebookPreset {
  id: PresetId;
  name: string;
  /** First day in force (inclusive); null = no bound. */
  effectiveFrom: string | null;
  /** Last day in force (inclusive); null = still in force. */
  effectiveTo: string | null;
  note?: string;
  rules: Readonly<RuleTable>;
}

/** Order 121 replaces Order 20 on this day. */
export const SAMR_ORDER_121_EFFECTIVE_FROM = '2026-04-15';

const S001 = '种子文件 001《12315 工作制度》';

function rule(r: Omit<Rule, 'verified'> & { verified?: boolean }): Rule {
  return Object.freeze({ verified: true, ...r });
}

const SEED_RULES: RuleTable = {
  // Not in the seed documents: the product's own window before a counter dispute escalates.
  [RuleKey.STATION_SETTLEMENT]: rule({
    key: RuleKey.STATION_SETTLEMENT,
    startsOn: 'DISPUTE_OPENED',
    unit: 'WORKING',
    days: 3,
    extensionDays: null,
    source: '产品默认值（DESIGN.md、issue 5），非法规规定',
  }),
  // 001 分流制度 一；限时办结制：是否受理的答复 1 个工作日
  [RuleKey.ACCEPTANCE]: rule({
    key: RuleKey.ACCEPTANCE,
    startsOn: 'RECEIVED',
    unit: 'WORKING',
    days: 1,
    extensionDays: null,
    source: `${S001} 12315分流（转办）制度 一；12315限时办结制`,
  }),
  // 001 分流制度 二
  [RuleKey.ROUTING]: rule({
    key: RuleKey.ROUTING,
    startsOn: 'ACCEPTED',
    unit: 'WORKING',
    days: 1,
    extensionDays: null,
    source: `${S001} 12315分流（转办）制度 二`,
  }),
  // 001 分流制度 四
  [RuleKey.RETURN]: rule({
    key: RuleKey.RETURN,
    startsOn: 'ASSIGNED',
    unit: 'WORKING',
    days: 1,
    extensionDays: null,
    source: `${S001} 12315分流（转办）制度 四`,
  }),
  // 001 分流制度 五：7 个工作日办结，经最初分转机关同意可延长 5 个工作日
  [RuleKey.HANDLING]: rule({
    key: RuleKey.HANDLING,
    startsOn: 'ASSIGNED',
    unit: 'WORKING',
    days: 7,
    extensionDays: 5,
    source: `${S001} 12315分流（转办）制度 五`,
  }),
  // 001 分流制度 五；维权服务措施 六：办结后两个工作日内反馈
  [RuleKey.FEEDBACK]: rule({
    key: RuleKey.FEEDBACK,
    startsOn: 'CLOSED',
    unit: 'WORKING',
    days: 2,
    extensionDays: null,
    source: `${S001} 12315分流（转办）制度 五；12315维权服务措施 六`,
  }),
  // 001 第十八条：七个工作日内（从举报接收之日起计算）做出是否立案决定
  [RuleKey.CASE_DECISION]: rule({
    key: RuleKey.CASE_DECISION,
    startsOn: 'RECEIVED',
    unit: 'WORKING',
    days: 7,
    extensionDays: null,
    source: `${S001} 第十八条`,
  }),
  // 001 第十九条：办案机构要在90日内结案（日 = 自然日）
  [RuleKey.CASE_CLOSURE]: rule({
    key: RuleKey.CASE_CLOSURE,
    startsOn: 'CASE_OPENED',
    unit: 'CALENDAR',
    days: 90,
    extensionDays: null,
    source: `${S001} 第十九条`,
  }),
  // 001 维权服务措施 六：对举报人要求反馈的，在结案后三个工作日内予以反馈
  [RuleKey.REPORTER_NOTICE]: rule({
    key: RuleKey.REPORTER_NOTICE,
    startsOn: 'CLOSED',
    unit: 'WORKING',
    days: 3,
    extensionDays: null,
    source: `${S001} 12315维权服务措施 六；12315限时办结制`,
  }),
  // 001 限时办结制：催办/督办案件 1 个工作日有信息反馈，7 个工作日办结
  [RuleKey.URGED_FIRST_FEEDBACK]: rule({
    key: RuleKey.URGED_FIRST_FEEDBACK,
    startsOn: 'URGED',
    unit: 'WORKING',
    days: 1,
    extensionDays: null,
    source: `${S001} 12315限时办结制`,
  }),
  [RuleKey.URGED_DONE]: rule({
    key: RuleKey.URGED_DONE,
    startsOn: 'URGED',
    unit: 'WORKING',
    days: 7,
    extensionDays: null,
    source: `${S001} 12315限时办结制`,
  }),
};

const ORDER_20 = '《市场监督管理投诉举报处理暂行办法》（国家市场监督管理总局令第20号）';
const PENALTY_PROCEDURE = '《市场监督管理行政处罚程序规定》';

const ORDER_20_RULES: RuleTable = {
  ...SEED_RULES,
  // 暂行办法 第十四条：自收到投诉之日起七个工作日内作出受理或者不予受理的决定
  [RuleKey.ACCEPTANCE]: rule({
    key: RuleKey.ACCEPTANCE,
    startsOn: 'RECEIVED',
    unit: 'WORKING',
    days: 7,
    extensionDays: null,
    source: `${ORDER_20} 第十四条`,
  }),
  // 暂行办法 第二十一条（五）：自投诉受理之日起四十五个工作日内未能达成调解协议的，终止调解
  [RuleKey.HANDLING]: rule({
    key: RuleKey.HANDLING,
    startsOn: 'ACCEPTED',
    unit: 'WORKING',
    days: 45,
    extensionDays: null,
    source: `${ORDER_20} 第二十一条第一款第（五）项`,
  }),
  // 举报按行政处罚有关规定处理；处罚程序规定 第十八条：收到材料之日起十五个工作日内核查并决定
  // 是否立案，特殊情况下经负责人批准可以延长十五个工作日
  [RuleKey.CASE_DECISION]: rule({
    key: RuleKey.CASE_DECISION,
    startsOn: 'RECEIVED',
    unit: 'WORKING',
    days: 15,
    extensionDays: 15,
    source: `${ORDER_20}（举报按行政处罚有关规定处理）；${PENALTY_PROCEDURE} 第十八条`,
  }),
};

const ORDER_121 = '《市场监督管理投诉举报处理办法》';
const ORDER_121_NOTE = `未能依据${ORDER_121}正式文本核实，暂沿用第20号令的时限；核实后更新`;

/** Statutory rules of Order 20 carried over to Order 121 without verification. */
const ORDER_121_CARRIED = new Set<RuleKey>([RuleKey.ACCEPTANCE, RuleKey.HANDLING, RuleKey.CASE_DECISION]);

const ORDER_121_RULES = Object.fromEntries(
  RULE_KEYS.map((key) => {
    const r = ORDER_20_RULES[key];
    if (!ORDER_121_CARRIED.has(key)) return [key, r];
    return [key, rule({ ...r, verified: false, source: `${ORDER_121}（待核实；原依据：${r.source}）`, note: ORDER_121_NOTE })];
  }),
) as RuleTable;

function preset(p: RulebookPreset): RulebookPreset {
  return Object.freeze({ ...p, rules: Object.freeze(p.rules) });
}

export const RULEBOOK_PRESETS: Readonly<Record<PresetId, RulebookPreset>> = Object.freeze({
  SEED: preset({
    id: 'SEED',
    name: '种子规则（12315 申诉举报工作制度）',
    effectiveFrom: null,
    effectiveTo: null,
    rules: SEED_RULES,
  }),
  SAMR_ORDER_20: preset({
    id: 'SAMR_ORDER_20',
    name: `${ORDER_20}`,
    effectiveFrom: '2020-01-01',
    effectiveTo: '2026-04-14',
    note: '法规未规定的环节沿用种子规则',
    rules: ORDER_20_RULES,
  }),
  SAMR_ORDER_121: preset({
    id: 'SAMR_ORDER_121',
    name: `${ORDER_121}`,
    effectiveFrom: SAMR_ORDER_121_EFFECTIVE_FROM,
    effectiveTo: null,
    note: `${ORDER_121_NOTE}；法规未规定的环节沿用种子规则`,
    rules: ORDER_121_RULES,
  }),
});

export function isPresetId(s: unknown): s is PresetId {
  return typeof s === 'string' && (PRESET_IDS as readonly string[]).includes(s);
}

function assertRule(r: Rule): void {
  const label = RULE_LABELS[r.key];
  if (!(RULE_START_EVENTS as readonly string[]).includes(r.startsOn)) {
    throw new RangeError(`${label}：起算事件无效：${String(r.startsOn)}`);
  }
  if (r.unit !== 'WORKING' && r.unit !== 'CALENDAR') throw new RangeError(`${label}：时限单位无效：${String(r.unit)}`);
  if (!Number.isSafeInteger(r.days) || r.days < 0) throw new RangeError(`${label}：天数须为非负整数`);
  if (r.extensionDays !== null && (!Number.isSafeInteger(r.extensionDays) || r.extensionDays <= 0)) {
    throw new RangeError(`${label}：延长天数须为正整数或不允许延长`);
  }
}

/**
 * The effective rule table: the preset's rules with the tenant's single-rule overrides merged
 * field by field. A rule whose timing a tenant changed without giving a source cites the
 * tenant instead of the preset (the preset's citation no longer supports the value).
 * Throws RangeError on an unknown preset, rule key or invalid value.
 */
export function resolveRules(preset: PresetId | RulebookPreset, overrides: RuleOverrides = {}): RuleTable {
  const base = typeof preset === 'string' ? RULEBOOK_PRESETS[preset] : preset;
  if (!base) throw new RangeError(`规则预设无效：${String(preset)}`);
  for (const k of Object.keys(overrides)) {
    if (!(RULE_KEYS as readonly string[]).includes(k)) throw new RangeError(`时限规则无效：${k}`);
  }
  const out = {} as RuleTable;
  for (const key of RULE_KEYS) {
    const b = base.rules[key];
    const o = overrides[key];
    if (!o) {
      out[key] = { ...b };
      continue;
    }
    const merged: Rule = { ...b, ...o, key, overridden: true };
    const timingChanged =
      merged.startsOn !== b.startsOn ||
      merged.unit !== b.unit ||
      merged.days !== b.days ||
      merged.extensionDays !== b.extensionDays;
    if (timingChanged && o.source === undefined) {
      merged.source = `租户自定义（原依据：${b.source}）`;
      merged.verified = o.verified ?? true;
      if (o.note === undefined) delete merged.note;
    }
    assertRule(merged);
    out[key] = merged;
  }
  return out;
}

/**
 * The statutory preset in force on a received date: Order 121 from 2026-04-15, Order 20
 * before. Dates before Order 20 (2020-01-01) also get Order 20, the oldest statutory preset
 * we carry.
 */
export function presetForReceivedDate(date: string): StatutoryPresetId {
  if (!isValidDateString(date)) throw new RangeError(invalidDateMessage(date));
  // 'YYYY-MM-DD' strings compare in date order.
  return date >= SAMR_ORDER_121_EFFECTIVE_FROM ? 'SAMR_ORDER_121' : 'SAMR_ORDER_20';
}

/**
 * Business date of the last day of a deadline started on `startDate` (the start day is not
 * counted). `extended` adds the rule's one extension; RangeError if the rule has none.
 * May throw CalendarNotPublishedError for WORKING rules reaching an unpublished year.
 */
export function computeDueDate(calendar: WorkingDayCalendar, startDate: string, rule: Rule, extended = false): string {
  assertRule(rule);
  if (extended && rule.extensionDays === null) throw new RangeError(`${RULE_LABELS[rule.key]}不允许延长`);
  const days = rule.days + (extended ? (rule.extensionDays ?? 0) : 0);
  return calendar.addDays(startDate, days, rule.unit);
}
