import {
  DEFAULT_PRESET,
  PRESET_IDS,
  RULEBOOK_PRESETS,
  RULE_KEYS,
  RULE_LABELS,
  Rule,
  RuleKey,
  computeDueDate,
  isPresetId,
  presetForReceivedDate,
  resolveRules,
} from './rulebook';
import { CalendarNotPublishedError, WorkingDayCalendar, nationalLastCoveredYear } from './working-day-calendar';

const cal = WorkingDayCalendar.national();

type Expect = [RuleKey, string, 'WORKING' | 'CALENDAR', number, number | null];

describe('rulebook', () => {
  it('every preset defines every rule, keyed consistently, with a label and a source', () => {
    for (const id of PRESET_IDS) {
      const p = RULEBOOK_PRESETS[id];
      expect(p.id).toBe(id);
      expect(p.name).toMatch(/[\u4e00-\u9fff]/);
      for (const key of RULE_KEYS) {
        expect(p.rules[key].key).toBe(key);
        expect(p.rules[key].source.length).toBeGreaterThan(0);
        expect(RULE_LABELS[key]).toBeTruthy();
      }
      expect(Object.keys(p.rules).sort()).toEqual([...RULE_KEYS].sort());
    }
    expect(DEFAULT_PRESET).toBe('SEED');
  });

  it('SEED is the DOMAIN.md table', () => {
    const r = RULEBOOK_PRESETS.SEED.rules;
    const table: Expect[] = [
      [RuleKey.ACCEPTANCE, 'RECEIVED', 'WORKING', 1, null],
      [RuleKey.ROUTING, 'ACCEPTED', 'WORKING', 1, null],
      [RuleKey.RETURN, 'ASSIGNED', 'WORKING', 1, null],
      [RuleKey.HANDLING, 'ASSIGNED', 'WORKING', 7, 5],
      [RuleKey.FEEDBACK, 'CLOSED', 'WORKING', 2, null],
      [RuleKey.CASE_DECISION, 'RECEIVED', 'WORKING', 7, null],
      [RuleKey.CASE_CLOSURE, 'CASE_OPENED', 'CALENDAR', 90, null],
      [RuleKey.REPORTER_NOTICE, 'CLOSED', 'WORKING', 3, null],
      [RuleKey.URGED_FIRST_FEEDBACK, 'URGED', 'WORKING', 1, null],
      [RuleKey.URGED_DONE, 'URGED', 'WORKING', 7, null],
      [RuleKey.STATION_SETTLEMENT, 'DISPUTE_OPENED', 'WORKING', 3, null],
    ];
    for (const [key, startsOn, unit, days, ext] of table) {
      expect(r[key]).toMatchObject({ startsOn, unit, days, extensionDays: ext, verified: true });
    }
  });

  it('SAMR_ORDER_20: 7 WD to accept, 45 WD mediation from acceptance, 15+15 WD case decision', () => {
    const p = RULEBOOK_PRESETS.SAMR_ORDER_20;
    expect([p.effectiveFrom, p.effectiveTo]).toEqual(['2020-01-01', '2026-04-14']);
    expect(p.name).toContain('市场监督管理投诉举报处理暂行办法');
    expect(p.rules[RuleKey.ACCEPTANCE]).toMatchObject({ startsOn: 'RECEIVED', unit: 'WORKING', days: 7 });
    expect(p.rules[RuleKey.HANDLING]).toMatchObject({ startsOn: 'ACCEPTED', unit: 'WORKING', days: 45, extensionDays: null });
    expect(p.rules[RuleKey.CASE_DECISION]).toMatchObject({ unit: 'WORKING', days: 15, extensionDays: 15 });
    // the rest as in SEED
    for (const key of [RuleKey.ROUTING, RuleKey.FEEDBACK, RuleKey.CASE_CLOSURE, RuleKey.STATION_SETTLEMENT]) {
      expect(p.rules[key]).toEqual(RULEBOOK_PRESETS.SEED.rules[key]);
    }
  });

  it('SAMR_ORDER_121 keeps Order 20 values and flags what is unverified', () => {
    const p = RULEBOOK_PRESETS.SAMR_ORDER_121;
    expect([p.effectiveFrom, p.effectiveTo]).toEqual(['2026-04-15', null]);
    expect(p.name).toContain('市场监督管理投诉举报处理办法');
    for (const key of RULE_KEYS) {
      const { verified, source, note, ...timing } = p.rules[key];
      const { verified: v20, source: s20, note: n20, ...timing20 } = RULEBOOK_PRESETS.SAMR_ORDER_20.rules[key];
      expect(timing).toEqual(timing20);
      if (!verified) expect(note).toBeTruthy();
      void [source, v20, s20, n20];
    }
    for (const key of [RuleKey.ACCEPTANCE, RuleKey.HANDLING, RuleKey.CASE_DECISION]) {
      expect(p.rules[key].verified).toBe(false);
      expect(p.rules[key].note).toContain('未能');
    }
  });

  it('presets cannot be mutated', () => {
    expect(() => {
      (RULEBOOK_PRESETS.SEED.rules[RuleKey.HANDLING] as Rule).days = 99;
    }).toThrow(TypeError);
    expect(RULEBOOK_PRESETS.SEED.rules[RuleKey.HANDLING].days).toBe(7);
  });

  describe('presetForReceivedDate', () => {
    it.each([
      ['2020-01-01', 'SAMR_ORDER_20'],
      ['2025-09-30', 'SAMR_ORDER_20'],
      ['2026-04-14', 'SAMR_ORDER_20'],
      ['2026-04-15', 'SAMR_ORDER_121'],
      ['2026-11-23', 'SAMR_ORDER_121'],
      ['2019-12-31', 'SAMR_ORDER_20'],
    ])('%s -> %s', (d, id) => {
      expect(presetForReceivedDate(d)).toBe(id);
    });
    it('rejects an invalid date', () => {
      expect(() => presetForReceivedDate('2026-4-15')).toThrow(RangeError);
    });
    it('agrees with the presets’ effective ranges', () => {
      for (const id of ['SAMR_ORDER_20', 'SAMR_ORDER_121'] as const) {
        const p = RULEBOOK_PRESETS[id];
        expect(presetForReceivedDate(p.effectiveFrom!)).toBe(id);
        if (p.effectiveTo) expect(presetForReceivedDate(p.effectiveTo)).toBe(id);
      }
    });
  });

  describe('resolveRules', () => {
    it('without overrides returns copies of the preset rules', () => {
      const t = resolveRules('SEED');
      expect(t).toEqual(RULEBOOK_PRESETS.SEED.rules);
      t[RuleKey.HANDLING].days = 1;
      expect(RULEBOOK_PRESETS.SEED.rules[RuleKey.HANDLING].days).toBe(7);
    });

    it('merges single-rule overrides field by field and re-cites changed timing', () => {
      const t = resolveRules('SEED', { [RuleKey.STATION_SETTLEMENT]: { days: 5 }, [RuleKey.HANDLING]: { extensionDays: null } });
      expect(t[RuleKey.STATION_SETTLEMENT]).toMatchObject({
        key: RuleKey.STATION_SETTLEMENT,
        startsOn: 'DISPUTE_OPENED',
        unit: 'WORKING',
        days: 5,
        overridden: true,
      });
      expect(t[RuleKey.STATION_SETTLEMENT].source).toMatch(/^租户自定义/);
      expect(t[RuleKey.HANDLING]).toMatchObject({ days: 7, extensionDays: null, overridden: true });
      expect(t[RuleKey.ACCEPTANCE]).toEqual(RULEBOOK_PRESETS.SEED.rules[RuleKey.ACCEPTANCE]);
    });

    it('keeps a source the tenant supplies, and never lets the key be overridden', () => {
      const t = resolveRules('SAMR_ORDER_20', {
        [RuleKey.ROUTING]: { days: 2, source: '本市规定', key: RuleKey.HANDLING },
      });
      expect(t[RuleKey.ROUTING]).toMatchObject({ key: RuleKey.ROUTING, days: 2, source: '本市规定' });
    });

    it.each([
      [{ [RuleKey.HANDLING]: { days: -1 } }],
      [{ [RuleKey.HANDLING]: { days: 1.5 } }],
      [{ [RuleKey.HANDLING]: { extensionDays: 0 } }],
      [{ [RuleKey.HANDLING]: { unit: 'HOURS' as never } }],
      [{ [RuleKey.HANDLING]: { startsOn: 'WHENEVER' as never } }],
      [{ NOT_A_RULE: { days: 1 } } as never],
    ])('rejects %j', (overrides) => {
      expect(() => resolveRules('SEED', overrides)).toThrow(RangeError);
    });

    it('rejects an unknown preset', () => {
      expect(() => resolveRules('ORDER_99' as never)).toThrow(RangeError);
      expect(isPresetId('ORDER_99')).toBe(false);
      expect(isPresetId('SAMR_ORDER_121')).toBe(true);
    });
  });

  describe('computeDueDate', () => {
    const seed = RULEBOOK_PRESETS.SEED.rules;
    const o20 = RULEBOOK_PRESETS.SAMR_ORDER_20.rules;

    it('counts working days from the day after the start', () => {
      expect(computeDueDate(cal, '2025-09-30', seed[RuleKey.HANDLING])).toBe('2025-10-16');
      expect(computeDueDate(cal, '2025-01-24', seed[RuleKey.FEEDBACK])).toBe('2025-01-27');
      expect(computeDueDate(cal, '2025-03-03', seed[RuleKey.STATION_SETTLEMENT])).toBe('2025-03-06');
    });

    it('adds the extension once when extended', () => {
      // 7 + 5 = 12 working days after 2025-09-30: 10-09,10,11,13..17,20..23
      expect(computeDueDate(cal, '2025-09-30', seed[RuleKey.HANDLING], true)).toBe('2025-10-23');
      expect(computeDueDate(cal, '2025-03-03', o20[RuleKey.CASE_DECISION], true)).toBe(cal.workingDaysAfter('2025-03-03', 30));
    });

    it('refuses to extend a rule without extension', () => {
      expect(() => computeDueDate(cal, '2025-03-03', seed[RuleKey.ACCEPTANCE], true)).toThrow(RangeError);
    });

    it('counts calendar days for CALENDAR rules', () => {
      expect(computeDueDate(cal, '2025-07-01', seed[RuleKey.CASE_CLOSURE])).toBe('2025-09-29');
    });

    it('Order 20 mediation: 45 working days after acceptance', () => {
      expect(computeDueDate(cal, '2025-09-01', o20[RuleKey.HANDLING])).toBe(cal.workingDaysAfter('2025-09-01', 45));
      expect(cal.workingDaysBetween('2025-09-01', computeDueDate(cal, '2025-09-01', o20[RuleKey.HANDLING]))).toBe(45);
    });

    it('a working-day deadline reaching an unpublished year is refused', () => {
      const last = nationalLastCoveredYear();
      expect(() => computeDueDate(cal, `${last}-12-15`, o20[RuleKey.HANDLING])).toThrow(CalendarNotPublishedError);
    });
  });
});
