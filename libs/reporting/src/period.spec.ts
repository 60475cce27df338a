import { WorkingDayCalendar } from '@app/platform';
import { periodRange, PeriodKind, previousPeriod, reportDueAt } from './period';

const r = (kind: PeriodKind, anchor: string) => {
  const p = periodRange(kind, anchor);
  return `${p.from}..${p.to}`;
};

describe('periodRange', () => {
  it('DAY is the anchor day, from 00:00 China time (16:00 UTC the day before) to the next midnight', () => {
    const p = periodRange(PeriodKind.DAY, '2026-03-15');
    expect([p.from, p.to]).toEqual(['2026-03-15', '2026-03-15']);
    expect(p.start.toISOString()).toBe('2026-03-14T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-03-15T16:00:00.000Z');
  });

  it('WEEK runs Monday to Sunday, across month and year ends', () => {
    expect(r(PeriodKind.WEEK, '2026-03-16')).toBe('2026-03-16..2026-03-22'); // Monday
    expect(r(PeriodKind.WEEK, '2026-03-22')).toBe('2026-03-16..2026-03-22'); // Sunday
    expect(r(PeriodKind.WEEK, '2026-03-18')).toBe('2026-03-16..2026-03-22');
    expect(r(PeriodKind.WEEK, '2026-01-01')).toBe('2025-12-29..2026-01-04');
    expect(r(PeriodKind.WEEK, '2026-03-01')).toBe('2026-02-23..2026-03-01');
  });

  it('MONTH covers the calendar month, leap Februaries included', () => {
    expect(r(PeriodKind.MONTH, '2026-02-10')).toBe('2026-02-01..2026-02-28');
    expect(r(PeriodKind.MONTH, '2028-02-29')).toBe('2028-02-01..2028-02-29');
    expect(r(PeriodKind.MONTH, '2026-12-31')).toBe('2026-12-01..2026-12-31');
    expect(r(PeriodKind.MONTH, '2026-04-01')).toBe('2026-04-01..2026-04-30');
    const p = periodRange(PeriodKind.MONTH, '2026-12-05');
    expect(p.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('QUARTER is the calendar quarter', () => {
    expect(r(PeriodKind.QUARTER, '2026-01-01')).toBe('2026-01-01..2026-03-31');
    expect(r(PeriodKind.QUARTER, '2026-03-31')).toBe('2026-01-01..2026-03-31');
    expect(r(PeriodKind.QUARTER, '2026-04-01')).toBe('2026-04-01..2026-06-30');
    expect(r(PeriodKind.QUARTER, '2026-08-15')).toBe('2026-07-01..2026-09-30');
    expect(r(PeriodKind.QUARTER, '2026-12-31')).toBe('2026-10-01..2026-12-31');
  });

  it('HALF_YEAR is Dec 1 – May 31 or Jun 1 – Nov 30', () => {
    expect(r(PeriodKind.HALF_YEAR, '2025-12-01')).toBe('2025-12-01..2026-05-31');
    expect(r(PeriodKind.HALF_YEAR, '2025-12-31')).toBe('2025-12-01..2026-05-31');
    expect(r(PeriodKind.HALF_YEAR, '2026-03-15')).toBe('2025-12-01..2026-05-31');
    expect(r(PeriodKind.HALF_YEAR, '2026-05-31')).toBe('2025-12-01..2026-05-31');
    expect(r(PeriodKind.HALF_YEAR, '2026-06-01')).toBe('2026-06-01..2026-11-30');
    expect(r(PeriodKind.HALF_YEAR, '2026-11-30')).toBe('2026-06-01..2026-11-30');
    expect(r(PeriodKind.HALF_YEAR, '2028-02-29')).toBe('2027-12-01..2028-05-31');
  });

  it('YEAR is the reporting year Dec 1 – Nov 30', () => {
    expect(r(PeriodKind.YEAR, '2026-03-15')).toBe('2025-12-01..2026-11-30');
    expect(r(PeriodKind.YEAR, '2025-12-01')).toBe('2025-12-01..2026-11-30');
    expect(r(PeriodKind.YEAR, '2026-11-30')).toBe('2025-12-01..2026-11-30');
    expect(r(PeriodKind.YEAR, '2026-12-01')).toBe('2026-12-01..2027-11-30');
    expect(r(PeriodKind.YEAR, '2026-01-01')).toBe('2025-12-01..2026-11-30');
    const p = periodRange(PeriodKind.YEAR, '2026-03-15');
    expect(p.start.toISOString()).toBe('2025-11-30T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('the previous period is the one of the same kind just before', () => {
    const prev = (k: PeriodKind, a: string) => {
      const p = previousPeriod(k, periodRange(k, a));
      return `${p.from}..${p.to}`;
    };
    expect(prev(PeriodKind.MONTH, '2026-03-15')).toBe('2026-02-01..2026-02-28');
    expect(prev(PeriodKind.WEEK, '2026-01-01')).toBe('2025-12-22..2025-12-28');
    expect(prev(PeriodKind.HALF_YEAR, '2026-06-01')).toBe('2025-12-01..2026-05-31');
    expect(prev(PeriodKind.YEAR, '2026-03-15')).toBe('2024-12-01..2025-11-30');
    expect(prev(PeriodKind.QUARTER, '2026-01-15')).toBe('2025-10-01..2025-12-31');
  });

  it('rejects a date that does not exist', () => {
    expect(() => periodRange(PeriodKind.MONTH, '2026-02-30')).toThrow(RangeError);
    expect(() => periodRange('BOGUS' as PeriodKind, '2026-02-01')).toThrow(RangeError);
  });
});

describe('reportDueAt', () => {
  const national = WorkingDayCalendar.national();
  const due = (kind: PeriodKind, anchor: string, calendar = national) => reportDueAt(kind, periodRange(kind, anchor), calendar)?.toISOString() ?? null;

  it('a month or a quarter: 10:00 China time of the first working day after it', () => {
    expect(due(PeriodKind.MONTH, '2026-11-15')).toBe('2026-12-01T02:00:00.000Z');
    // September 2025 and Q3 2025: October 1–8 are the National Day holidays.
    expect(due(PeriodKind.MONTH, '2025-09-10')).toBe('2025-10-09T02:00:00.000Z');
    expect(due(PeriodKind.QUARTER, '2025-08-01')).toBe('2025-10-09T02:00:00.000Z');
    // A tenant's own day off moves it on.
    const withOverride = new WorkingDayCalendar({ overrides: [{ date: '2026-12-01', kind: 'HOLIDAY' }] });
    expect(due(PeriodKind.MONTH, '2026-11-15', withOverride)).toBe('2026-12-02T02:00:00.000Z');
  });

  it('the half-year Dec – May by June 10, the year and its second half by Dec 10 (end of that day)', () => {
    expect(due(PeriodKind.HALF_YEAR, '2026-03-01')).toBe('2026-06-10T15:59:59.999Z');
    expect(due(PeriodKind.HALF_YEAR, '2026-08-01')).toBe('2026-12-10T15:59:59.999Z');
    expect(due(PeriodKind.YEAR, '2026-03-01')).toBe('2026-12-10T15:59:59.999Z');
    expect(due(PeriodKind.YEAR, '2025-12-05')).toBe('2026-12-10T15:59:59.999Z');
  });

  it('is not guessed into a year whose calendar is not published; other kinds have none', () => {
    const year = new Date().getFullYear() + 5;
    expect(due(PeriodKind.MONTH, `${year}-12-05`)).toBeNull();
    expect(due(PeriodKind.DAY, '2026-03-01')).toBeNull();
  });
});
