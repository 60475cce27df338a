/**
 * The working-day calendar (DOMAIN.md: "Working days follow the national calendar").
 *
 * A day is a working day when it is Monday-Friday and not a statutory holiday, or when it is
 * a make-up working day (调休: a Saturday or Sunday the State Council declared a working day).
 * The national data is the JSON shipped by the `chinese-days` package, read once into a
 * Map keyed by day number; tenants layer their own overrides on top (a local holiday, or
 * next year's notice loaded the day it is published).
 *
 * `chinese-days` answers for any date, and for a year whose notice it does not carry it
 * silently answers "ordinary week" (DESIGN.md: a deadline beyond the last published year is
 * "refused or marked provisional, never silently guessed"). So every computation that needs a
 * day in a year that is not covered throws CalendarNotPublishedError.
 */
import nationalJson from 'chinese-days/dist/chinese-days.json';
import { DomainError, ErrorCode } from '../errors/domain-error';
import {
  addCalendarDays,
  dateOfDayNumber,
  dayNumberOf,
  dayOfWeekOfDayNumber,
  daysFromCivil,
  invalidDateMessage,
  isValidDateString,
  yearOfDayNumber,
} from './china-time';

/** The shape of `chinese-days/dist/chinese-days.json`: date -> "English,中文,id". */
export interface NationalCalendarData {
  /** Days off of each holiday period, weekends inside the period included. */
  holidays: Record<string, string>;
  /** Make-up working days (调休上班), always a Saturday or Sunday. */
  workdays: Record<string, string>;
  /** Weekdays off in exchange for the make-up days; a subset of `holidays`, unused here. */
  inLieuDays?: Record<string, string>;
}

export type CalendarOverrideKind = 'HOLIDAY' | 'WORKDAY';

/** A tenant's correction of one day (TENANT_ADMIN; issue 5 item 1). */
export interface CalendarOverride {
  date: string;
  kind: CalendarOverrideKind;
  note?: string | null;
}

export interface WorkingDayCalendarOptions {
  overrides?: readonly CalendarOverride[];
  /**
   * Years the tenant declared published beyond the package's data: the tenant loaded that
   * year's State Council notice as overrides (holidays and make-up days), so ordinary weeks
   * in that year are now trustworthy.
   */
  declaredYears?: Iterable<number>;
  /** National data; defaults to the `chinese-days` package. Tests may pass their own. */
  national?: NationalCalendarData;
}

export type DayUnit = 'WORKING' | 'CALENDAR';

/**
 * A computation needed a day in a year whose holiday arrangement is not known. Maps to
 * BAD_USER_INPUT (issue 5: "message saying the calendar for that year is not published").
 */
export class CalendarNotPublishedError extends DomainError {
  readonly code = ErrorCode.BAD_USER_INPUT;
  constructor(
    readonly year: number,
    field?: string,
  ) {
    super(`${year}年节假日安排尚未发布，无法计算工作日`, field, { year });
  }
}

interface CompiledNational {
  /** day number -> true (make-up working day) / false (holiday). */
  special: Map<number, boolean>;
  years: Set<number>;
  firstYear: number;
  lastYear: number;
}

function compileNational(data: NationalCalendarData): CompiledNational {
  const special = new Map<number, boolean>();
  const years = new Set<number>();
  for (const date of Object.keys(data.holidays)) {
    special.set(dayNumberOf(date), false);
    // A year is published when the package carries its holidays (every year has some:
    // 元旦 at least); make-up days alone, e.g. an early January 调休 listed under the
    // previous year's notice, do not publish a year.
    years.add(+date.slice(0, 4));
  }
  for (const date of Object.keys(data.workdays)) special.set(dayNumberOf(date), true);
  if (years.size === 0) throw new Error('chinese-days data has no holidays');
  let firstYear = Infinity;
  let lastYear = -Infinity;
  for (const y of years) {
    if (y < firstYear) firstYear = y;
    if (y > lastYear) lastYear = y;
  }
  return { special, years, firstYear, lastYear };
}

let defaultNational: CompiledNational | undefined;
function nationalOf(data: NationalCalendarData | undefined): CompiledNational {
  if (data) return compileNational(data);
  defaultNational ??= compileNational(nationalJson as NationalCalendarData);
  return defaultNational;
}

/** Last year the `chinese-days` package covers (the highest year with holiday entries). */
export function nationalLastCoveredYear(): number {
  return nationalOf(undefined).lastYear;
}

/** First year the `chinese-days` package covers. */
export function nationalFirstCoveredYear(): number {
  return nationalOf(undefined).firstYear;
}

function assertCount(days: number, what = '天数'): void {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`${what}须为非负整数：${days}`);
}

export class WorkingDayCalendar {
  private static shared?: WorkingDayCalendar;

  private readonly national: CompiledNational;
  /** Tenant overrides, consulted before the national data. */
  private readonly tenant = new Map<number, boolean>();
  private readonly covered: Set<number>;
  private readonly declared: ReadonlySet<number>;

  /** The highest covered year (national data or declared by the tenant). */
  readonly lastCoveredYear: number;
  /** The lowest covered year. */
  readonly firstCoveredYear: number;

  constructor(options: WorkingDayCalendarOptions = {}) {
    this.national = nationalOf(options.national);
    for (const o of options.overrides ?? []) {
      if (!isValidDateString(o.date)) throw new RangeError(invalidDateMessage(o.date));
      if (o.kind !== 'HOLIDAY' && o.kind !== 'WORKDAY') throw new RangeError(`日历调整类型无效：${String(o.kind)}`);
      this.tenant.set(dayNumberOf(o.date), o.kind === 'WORKDAY');
    }
    const declared = new Set<number>();
    for (const y of options.declaredYears ?? []) {
      if (!Number.isInteger(y) || y < 1 || y > 9999) throw new RangeError(`年份无效：${y}`);
      declared.add(y);
    }
    this.declared = declared;
    this.covered = new Set([...this.national.years, ...declared]);
    this.lastCoveredYear = Math.max(...this.covered);
    this.firstCoveredYear = Math.min(...this.covered);
  }

  /** The national calendar without tenant overrides, built once. */
  static national(): WorkingDayCalendar {
    WorkingDayCalendar.shared ??= new WorkingDayCalendar();
    return WorkingDayCalendar.shared;
  }

  /** Whether the holiday arrangement of `year` is known (package data or tenant declaration). */
  isYearCovered(year: number): boolean {
    return this.covered.has(year);
  }

  /** Years the tenant declared beyond the package's data. */
  get declaredYears(): number[] {
    return [...this.declared].sort((a, b) => a - b);
  }

  /** Throws CalendarNotPublishedError unless `year` is covered. */
  assertYearCovered(year: number): void {
    if (!this.covered.has(year)) throw new CalendarNotPublishedError(year);
  }

  isWorkingDay(date: string): boolean {
    const dn = dayNumberOf(date);
    this.assertYearCovered(yearOfDayNumber(dn));
    return this.isWorkingDn(dn);
  }

  /**
   * The date `days` working days after `from`. Counting starts the day after `from` (the start
   * day is not counted, whether or not it is a working day); days = 0 returns `from`.
   * Throws RangeError for a negative or non-integer `days` or an invalid date, and
   * CalendarNotPublishedError when a day to be counted lies in an uncovered year.
   */
  workingDaysAfter(from: string, days: number): string {
    return this.countForward(from, days, false);
  }

  /**
   * workingDaysAfter for a provisional date (DESIGN.md: a deadline beyond the last published
   * year is "refused or marked provisional, never silently guessed"; the caller marks it): in a
   * year not covered, Monday to Friday are working days, except New Year's Day (a statutory
   * holiday on a fixed date), and the tenant's overrides still apply. Covered years count as usual.
   */
  provisionalWorkingDaysAfter(from: string, days: number): string {
    return this.countForward(from, days, true);
  }

  private countForward(from: string, days: number, provisional: boolean): string {
    assertCount(days, '工作日数');
    let dn = dayNumberOf(from);
    if (days === 0) return from;
    let left = days;
    let yearEnd = -Infinity;
    let guessing = false;
    let newYear = NaN;
    while (left > 0) {
      dn++;
      if (dn > yearEnd) {
        // Crossing into a new year: check coverage once per year, not per day.
        const y = yearOfDayNumber(dn);
        guessing = provisional && !this.covered.has(y);
        if (!guessing) this.assertYearCovered(y);
        newYear = daysFromCivil(y, 1, 1);
        yearEnd = daysFromCivil(y, 12, 31);
      }
      const working = guessing && dn === newYear && !this.tenant.has(dn) ? false : this.isWorkingDn(dn);
      if (working) left--;
    }
    return dateOfDayNumber(dn);
  }

  /**
   * `n` days after `from` in the given unit. CALENDAR days do not depend on holidays, so they
   * need no published calendar.
   */
  addDays(from: string, n: number, unit: DayUnit): string {
    if (unit === 'WORKING') return this.workingDaysAfter(from, n);
    if (unit === 'CALENDAR') {
      assertCount(n);
      return addCalendarDays(from, n);
    }
    throw new RangeError(`时限单位无效：${String(unit)}`);
  }

  /**
   * Number of working days after `a` up to and including `b`; negative when `b` is before `a`
   * (so workingDaysBetween(due, metOn) > 0 is "working days late").
   * Inverse of workingDaysAfter: workingDaysBetween(a, workingDaysAfter(a, n)) === n.
   */
  workingDaysBetween(a: string, b: string): number {
    const da = dayNumberOf(a);
    const db = dayNumberOf(b);
    if (db < da) return -this.countWorking(db, da);
    return this.countWorking(da, db);
  }

  /** Working days in the half-open day-number interval (lo, hi]. */
  private countWorking(lo: number, hi: number): number {
    let count = 0;
    let yearEnd = -Infinity;
    for (let dn = lo + 1; dn <= hi; dn++) {
      if (dn > yearEnd) {
        const y = yearOfDayNumber(dn);
        this.assertYearCovered(y);
        yearEnd = daysFromCivil(y, 12, 31);
      }
      if (this.isWorkingDn(dn)) count++;
    }
    return count;
  }

  private isWorkingDn(dn: number): boolean {
    const t = this.tenant.get(dn);
    if (t !== undefined) return t;
    const n = this.national.special.get(dn);
    if (n !== undefined) return n;
    const w = dayOfWeekOfDayNumber(dn);
    return w !== 0 && w !== 6;
  }
}
