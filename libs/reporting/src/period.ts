import { addCalendarDays, CalendarNotPublishedError, dateOfDayNumber, dayNumberOf, dayOfWeek, endOfChinaDay, startOfChinaDay, WorkingDayCalendar } from '@app/platform';

/** Reporting periods (DOMAIN.md "Statistics and reports"). */
export enum PeriodKind {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  HALF_YEAR = 'HALF_YEAR',
  YEAR = 'YEAR',
}

/** A period as business dates (China), both ends inclusive, and as the instants [start, end). */
export interface PeriodRange {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (y: number, m: number) => dateOfDayNumber(dayNumberOf(m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`) - 1);

function range(from: string, to: string): PeriodRange {
  return { from, to, start: startOfChinaDay(from), end: startOfChinaDay(addCalendarDays(to, 1)) };
}

/**
 * The period of `kind` containing the business date `anchor` (China time). WEEK runs Monday to
 * Sunday; QUARTER is the calendar quarter; HALF_YEAR and YEAR follow the reporting year, which
 * begins on Dec 1: halves Dec 1 – May 31 and Jun 1 – Nov 30, the year Dec 1 – Nov 30 (the year
 * containing 2026-03-15 is 2025-12-01 .. 2026-11-30). RangeError when `anchor` is not a real date.
 */
export function periodRange(kind: PeriodKind, anchor: string): PeriodRange {
  dayNumberOf(anchor);
  const y = Number(anchor.slice(0, 4));
  const m = Number(anchor.slice(5, 7));
  switch (kind) {
    case PeriodKind.DAY:
      return range(anchor, anchor);
    case PeriodKind.WEEK: {
      const from = addCalendarDays(anchor, -((dayOfWeek(anchor) + 6) % 7));
      return range(from, addCalendarDays(from, 6));
    }
    case PeriodKind.MONTH:
      return range(`${y}-${pad(m)}-01`, lastDayOf(y, m));
    case PeriodKind.QUARTER: {
      const first = Math.floor((m - 1) / 3) * 3 + 1;
      return range(`${y}-${pad(first)}-01`, lastDayOf(y, first + 2));
    }
    case PeriodKind.HALF_YEAR:
      if (m >= 6 && m <= 11) return range(`${y}-06-01`, `${y}-11-30`);
      return m === 12 ? range(`${y}-12-01`, `${y + 1}-05-31`) : range(`${y - 1}-12-01`, `${y}-05-31`);
    case PeriodKind.YEAR:
      return m === 12 ? range(`${y}-12-01`, `${y + 1}-11-30`) : range(`${y - 1}-12-01`, `${y}-11-30`);
    default:
      throw new RangeError(`未知的统计周期：${String(kind)}`);
  }
}

/** The period of the same kind just before `p`. */
export function previousPeriod(kind: PeriodKind, p: Pick<PeriodRange, 'from'>): PeriodRange {
  return periodRange(kind, addCalendarDays(p.from, -1));
}

const TEN_HOURS_MS = 10 * 3600_000;

/**
 * When the report of a period is due (DOMAIN.md "Statistics and reports"): a month's or a
 * quarter's by 10:00 (China time) of the first working day of the next period; the half-year
 * Dec 1 – May 31 by June 10; the reporting year by Dec 10, and its second half with it (the year
 * report covers it). Null for other kinds, and when the first working day falls in a year whose
 * calendar is not published (it is not guessed).
 */
export function reportDueAt(kind: PeriodKind, period: Pick<PeriodRange, 'from' | 'to'>, calendar: WorkingDayCalendar): Date | null {
  const toYear = Number(period.to.slice(0, 4));
  switch (kind) {
    case PeriodKind.MONTH:
    case PeriodKind.QUARTER: {
      let day = addCalendarDays(period.to, 1);
      try {
        while (!calendar.isWorkingDay(day)) day = addCalendarDays(day, 1);
      } catch (e) {
        if (e instanceof CalendarNotPublishedError) return null;
        throw e;
      }
      return new Date(startOfChinaDay(day).getTime() + TEN_HOURS_MS);
    }
    case PeriodKind.HALF_YEAR:
      return endOfChinaDay(period.from.endsWith('-12-01') ? `${toYear}-06-10` : `${toYear}-12-10`);
    case PeriodKind.YEAR:
      return endOfChinaDay(`${toYear}-12-10`);
    default:
      return null;
  }
}
