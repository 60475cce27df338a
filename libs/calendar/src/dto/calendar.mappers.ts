import { RULE_KEYS, RULE_LABELS, Rule, RULEBOOK_PRESETS, RulebookPreset, RuleTable } from '@app/platform';
import type { EffectiveRulebook } from '../rulebook.service';
import { DeadlineRuleModel, RulebookModel, RulebookPresetModel } from './calendar.models';

const UNIT_NAMES = { WORKING: '个工作日', CALENDAR: '日（自然日）' } as const;

export function ruleSummary(r: Rule): string {
  const unit = UNIT_NAMES[r.unit];
  const base = `${r.days} ${unit}`;
  const ext = r.extensionDays === null ? '' : `（可延长 ${r.extensionDays} ${unit}）`;
  return `${base}${ext}${r.verified ? '' : '（待核实）'}`;
}

export function toRuleModel(r: Rule): DeadlineRuleModel {
  return {
    key: r.key,
    label: RULE_LABELS[r.key],
    startsOn: r.startsOn,
    unit: r.unit,
    days: r.days,
    extensionDays: r.extensionDays,
    verified: r.verified,
    summary: ruleSummary(r),
    source: r.source,
    note: r.note ?? null,
    overridden: r.overridden ?? false,
  };
}

export function toRuleModels(rules: RuleTable | Readonly<RuleTable>): DeadlineRuleModel[] {
  return RULE_KEYS.map((k) => toRuleModel(rules[k]));
}

export function toRulebookModel(e: EffectiveRulebook): RulebookModel {
  return {
    versionId: e.version?.id ?? null,
    preset: e.preset,
    presetName: RULEBOOK_PRESETS[e.preset].name,
    effectiveFrom: e.version?.effectiveFrom ?? null,
    rules: toRuleModels(e.rules),
  };
}

export function toPresetModel(p: RulebookPreset): RulebookPresetModel {
  return { id: p.id, name: p.name, effectiveFrom: p.effectiveFrom, effectiveTo: p.effectiveTo, note: p.note ?? null, rules: toRuleModels(p.rules) };
}
