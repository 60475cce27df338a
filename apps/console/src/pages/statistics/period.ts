import type { PeriodKind } from '../../gql/enums';

/**
 * The period picker's arithmetic: which anchor date (any day of the period, as the API's
 * PeriodInput takes it) a choice of year and part stands for. The API computes the period's
 * first and last day and returns them; the console shows those, it never derives them.
 *
 * Reporting rules (001 信息报送): the half years run Dec 1 – May 31 and Jun 1 – Nov 30, the
 * year Dec 1 – Nov 30. "2026 年度" is 2025-12-01 – 2026-11-30 and its first half
 * 2025-12-01 – 2026-05-31: a half or year is named by the calendar year it ends in.
 */

export type PickerKind = Extract<PeriodKind, 'MONTH' | 'QUARTER' | 'HALF_YEAR' | 'YEAR'>;

export const PICKER_KINDS: PickerKind[] = ['MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR'];

export interface PeriodChoice {
  kind: PickerKind;
  year: number;
  /** Month 1–12, quarter 1–4, half 1 (Dec–May) or 2 (Jun–Nov); 0 for a year. */
  part: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function isPickerKind(v: string | null): v is PickerKind {
  return !!v && (PICKER_KINDS as string[]).includes(v);
}

/** The anchor date of a choice: a day well inside the period. */
export function anchorOf(c: PeriodChoice): string {
  switch (c.kind) {
    case 'MONTH':
      return `${c.year}-${pad(c.part)}-01`;
    case 'QUARTER':
      return `${c.year}-${pad((c.part - 1) * 3 + 1)}-01`;
    case 'HALF_YEAR':
      return c.part === 1 ? `${c.year}-03-01` : `${c.year}-09-01`;
    case 'YEAR':
      return `${c.year}-06-01`;
  }
}

/** The choice of `kind` that contains the date `ymd` ('YYYY-MM-DD'). */
export function choiceOf(kind: PickerKind, ymd: string): PeriodChoice {
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(5, 7));
  switch (kind) {
    case 'MONTH':
      return { kind, year: y, part: m };
    case 'QUARTER':
      return { kind, year: y, part: Math.floor((m - 1) / 3) + 1 };
    case 'HALF_YEAR':
      if (m === 12) return { kind, year: y + 1, part: 1 };
      return { kind, year: y, part: m <= 5 ? 1 : 2 };
    case 'YEAR':
      return { kind, year: m === 12 ? y + 1 : y, part: 0 };
  }
}

/** The parts a kind offers in its second select (none for a year). */
export function partOptions(kind: PickerKind): { value: number; label: string }[] {
  switch (kind) {
    case 'MONTH':
      return Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1} 月` }));
    case 'QUARTER':
      return [1, 2, 3, 4].map((q) => ({ value: q, label: `第${'一二三四'[q - 1]}季度（${(q - 1) * 3 + 1}–${q * 3} 月）` }));
    case 'HALF_YEAR':
      return [
        { value: 1, label: '上半年（上年 12 月 – 5 月）' },
        { value: 2, label: '下半年（6 月 – 11 月）' },
      ];
    case 'YEAR':
      return [];
  }
}

export function partLabel(kind: PickerKind): string {
  return { MONTH: '月份', QUARTER: '季度', HALF_YEAR: '半年', YEAR: '' }[kind];
}

/** The year select's label: a year of reports ends in November. */
export function yearLabel(kind: PickerKind, year: number): string {
  return kind === 'YEAR' ? `${year} 年度（${year - 1} 年 12 月 – ${year} 年 11 月）` : `${year} 年`;
}

/** Years offered: from the one containing today back `count` years. */
export function yearOptions(kind: PickerKind, today: string, count = 10): number[] {
  const latest = choiceOf(kind === 'YEAR' || kind === 'HALF_YEAR' ? kind : 'MONTH', today).year;
  return Array.from({ length: count }, (_, i) => latest - i);
}
