import fc from 'fast-check';
import nationalJson from 'chinese-days/dist/chinese-days.json';
import { ErrorCode } from '../errors/domain-error';
import { addCalendarDays, dateOfDayNumber, dayNumberOf, dayOfWeek } from './china-time';
import {
  CalendarNotPublishedError,
  NationalCalendarData,
  WorkingDayCalendar,
  nationalFirstCoveredYear,
  nationalLastCoveredYear,
} from './working-day-calendar';

const cal = WorkingDayCalendar.national();

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

/**
 * Holiday periods and make-up working days per the State Council notices:
 * 2025 国办发明电〔2024〕12号, 2026 国办发明电〔2025〕7号.
 */
const NOTICES: { year: number; name: string; off: [string, string]; makeUp: string[] }[] = [
  { year: 2025, name: '元旦', off: ['2025-01-01', '2025-01-01'], makeUp: [] },
  { year: 2025, name: '春节', off: ['2025-01-28', '2025-02-04'], makeUp: ['2025-01-26', '2025-02-08'] },
  { year: 2025, name: '清明节', off: ['2025-04-04', '2025-04-06'], makeUp: [] },
  { year: 2025, name: '劳动节', off: ['2025-05-01', '2025-05-05'], makeUp: ['2025-04-27'] },
  { year: 2025, name: '端午节', off: ['2025-05-31', '2025-06-02'], makeUp: [] },
  { year: 2025, name: '国庆节、中秋节', off: ['2025-10-01', '2025-10-08'], makeUp: ['2025-09-28', '2025-10-11'] },
  { year: 2026, name: '元旦', off: ['2026-01-01', '2026-01-03'], makeUp: ['2026-01-04'] },
  { year: 2026, name: '春节', off: ['2026-02-15', '2026-02-23'], makeUp: ['2026-02-14', '2026-02-28'] },
  { year: 2026, name: '清明节', off: ['2026-04-04', '2026-04-06'], makeUp: [] },
  { year: 2026, name: '劳动节', off: ['2026-05-01', '2026-05-05'], makeUp: ['2026-05-09'] },
  { year: 2026, name: '端午节', off: ['2026-06-19', '2026-06-21'], makeUp: [] },
  { year: 2026, name: '中秋节', off: ['2026-09-25', '2026-09-27'], makeUp: [] },
  { year: 2026, name: '国庆节', off: ['2026-10-01', '2026-10-07'], makeUp: ['2026-09-20', '2026-10-10'] },
];

describe('WorkingDayCalendar', () => {
  describe('examples from issue 5', () => {
    it('7 working days after 2025-09-30 is 2025-10-16 (National Day + make-up Saturday 10-11)', () => {
      expect(cal.workingDaysAfter('2025-09-30', 7)).toBe('2025-10-16');
    });

    it('2 working days after 2025-01-24 is 2025-01-27 (Sunday 01-26 was a working day)', () => {
      expect(cal.workingDaysAfter('2025-01-24', 2)).toBe('2025-01-27');
    });

    it.each(['2025-01-01', '2025-01-26', '2025-10-04', '2026-12-31', '2099-06-01', '2003-02-01'])(
      '0 working days after %s is that date (even a holiday or an uncovered year)',
      (d) => {
        expect(cal.workingDaysAfter(d, 0)).toBe(d);
      },
    );

    it('the start day is not counted even when it is a working day', () => {
      expect(cal.workingDaysAfter('2025-03-03', 1)).toBe('2025-03-04'); // Monday -> Tuesday
      expect(cal.workingDaysAfter('2025-03-07', 1)).toBe('2025-03-10'); // Friday -> Monday
      expect(cal.workingDaysAfter('2025-03-08', 1)).toBe('2025-03-10'); // Saturday -> Monday
    });
  });

  describe('arguments', () => {
    it.each([-1, 1.5, NaN, Infinity])('days = %p is a RangeError', (days) => {
      expect(() => cal.workingDaysAfter('2025-01-01', days)).toThrow(RangeError);
    });

    it('an invalid date is a RangeError', () => {
      expect(() => cal.workingDaysAfter('2025-02-29', 1)).toThrow(RangeError);
      expect(() => cal.isWorkingDay('2025/01/01')).toThrow(RangeError);
    });

    it('addDays dispatches on the unit', () => {
      expect(cal.addDays('2025-09-30', 7, 'WORKING')).toBe('2025-10-16');
      expect(cal.addDays('2025-09-30', 7, 'CALENDAR')).toBe('2025-10-07');
      expect(() => cal.addDays('2025-09-30', -1, 'CALENDAR')).toThrow(RangeError);
      expect(() => cal.addDays('2025-09-30', 1, 'HOURS' as never)).toThrow(RangeError);
    });

    it('calendar days need no published calendar', () => {
      expect(cal.addDays('2026-12-01', 90, 'CALENDAR')).toBe('2027-03-01');
    });
  });

  describe('State Council notices 2025 and 2026', () => {
    it.each(NOTICES.map((n) => [n.year, n.name, n] as const))('%i %s: days off and make-up days', (_y, _n, notice) => {
      for (const d of range(notice.off[0], notice.off[1])) expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
      for (const d of notice.makeUp) {
        expect([0, 6]).toContain(dayOfWeek(d));
        expect([d, cal.isWorkingDay(d)]).toEqual([d, true]);
      }
    });

    it.each([2025, 2026])('every other day of %i follows the ordinary week', (year) => {
      const off = new Set(NOTICES.filter((n) => n.year === year).flatMap((n) => range(n.off[0], n.off[1])));
      const on = new Set(NOTICES.filter((n) => n.year === year).flatMap((n) => n.makeUp));
      for (const d of range(`${year}-01-01`, `${year}-12-31`)) {
        const w = dayOfWeek(d);
        const expected = on.has(d) ? true : off.has(d) ? false : w !== 0 && w !== 6;
        expect([d, cal.isWorkingDay(d)]).toEqual([d, expected]);
      }
    });

    it.each([2025, 2026])('%i has 248 working days', (year) => {
      // 261 weekdays - weekdays off + make-up days: 2025: 261 - 18 + 5; 2026: 261 - 19 + 6.
      expect(cal.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`)).toBe(248);
    });
  });

  describe('coverage', () => {
    const last = nationalLastCoveredYear();
    const next = last + 1;

    it('the last covered year comes from the package data (the highest year with holidays)', () => {
      const years = Object.keys((nationalJson as NationalCalendarData).holidays).map((d) => +d.slice(0, 4));
      expect(last).toBe(Math.max(...years));
      expect(last).toBeGreaterThanOrEqual(2026);
      expect(cal.lastCoveredYear).toBe(last);
      expect(nationalFirstCoveredYear()).toBe(Math.min(...years));
      expect(cal.isYearCovered(last)).toBe(true);
      expect(cal.isYearCovered(next)).toBe(false);
    });

    it('a date in the year after the last covered year throws CalendarNotPublishedError', () => {
      expect(() => cal.isWorkingDay(`${next}-03-02`)).toThrow(CalendarNotPublishedError);
      expect(() => cal.workingDaysAfter(`${last}-12-20`, 30)).toThrow(CalendarNotPublishedError);
      expect(() => cal.workingDaysBetween(`${last}-12-20`, `${next}-01-10`)).toThrow(CalendarNotPublishedError);
      try {
        cal.workingDaysAfter(`${next}-01-05`, 1);
        throw new Error('expected a throw');
      } catch (e) {
        expect(e).toBeInstanceOf(CalendarNotPublishedError);
        expect(e.year).toBe(next);
        expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
        expect(e.message).toBe(`${next}年节假日安排尚未发布，无法计算工作日`);
      }
    });

    it('a period that ends before the uncovered year is still computable', () => {
      // 2026-12-31 is a Thursday: one working day after 12-30 never looks at 2027.
      expect(cal.workingDaysAfter('2026-12-30', 1)).toBe('2026-12-31');
    });

    it('a provisional count goes on into an uncovered year by the week, New Year\'s Day off, tenant overrides applied', () => {
      // National data for 2026 only (its New Year holiday): 2027 is not covered.
      const only2026 = new WorkingDayCalendar({ national: { holidays: { '2026-01-01': '元旦' }, workdays: {} } });
      expect(() => only2026.workingDaysAfter('2026-12-30', 3)).toThrow(CalendarNotPublishedError);
      // Wed 12-30 → Thu 12-31 (1); Fri 2027-01-01 New Year's Day, the weekend; Mon 01-04 (2), Tue 01-05 (3).
      expect(only2026.provisionalWorkingDaysAfter('2026-12-30', 3)).toBe('2027-01-05');
      // Covered years count as usual: 2026-01-01 is off by the data, not by the guess.
      expect(only2026.provisionalWorkingDaysAfter('2025-12-31', 1)).toBe(only2026.workingDaysAfter('2025-12-31', 1));
      const withOverrides = new WorkingDayCalendar({
        national: { holidays: { '2026-01-01': '元旦' }, workdays: {} },
        overrides: [
          { date: '2027-01-04', kind: 'HOLIDAY' },
          { date: '2027-01-01', kind: 'WORKDAY' },
        ],
      });
      // Thu 12-31 (1), Fri 01-01 declared a working day (2), Mon 01-04 declared off, Tue 01-05 (3).
      expect(withOverrides.provisionalWorkingDaysAfter('2026-12-30', 3)).toBe('2027-01-05');
      expect(withOverrides.provisionalWorkingDaysAfter('2026-12-30', 2)).toBe('2027-01-01');
    });

    it('years before the package data are not covered either', () => {
      const first = nationalFirstCoveredYear();
      expect(() => cal.isWorkingDay(`${first - 1}-06-02`)).toThrow(CalendarNotPublishedError);
    });
  });

  describe('tenant overrides', () => {
    it('a HOLIDAY override on a weekday skips it', () => {
      const t = new WorkingDayCalendar({ overrides: [{ date: '2025-03-04', kind: 'HOLIDAY', note: '地方节日' }] });
      expect(t.isWorkingDay('2025-03-04')).toBe(false);
      expect(t.workingDaysAfter('2025-03-03', 1)).toBe('2025-03-05');
      expect(cal.workingDaysAfter('2025-03-03', 1)).toBe('2025-03-04'); // national calendar untouched
    });

    it('a WORKDAY override on a Saturday counts it', () => {
      const t = new WorkingDayCalendar({ overrides: [{ date: '2025-03-08', kind: 'WORKDAY' }] });
      expect(t.isWorkingDay('2025-03-08')).toBe(true);
      expect(t.workingDaysAfter('2025-03-07', 1)).toBe('2025-03-08');
    });

    it('overrides beat the national data both ways', () => {
      const t = new WorkingDayCalendar({
        overrides: [
          { date: '2025-10-01', kind: 'WORKDAY' },
          { date: '2025-10-11', kind: 'HOLIDAY' },
        ],
      });
      expect(t.isWorkingDay('2025-10-01')).toBe(true);
      expect(t.isWorkingDay('2025-10-11')).toBe(false);
    });

    it('a declared extra year is then computable, with its overrides', () => {
      const y = nationalLastCoveredYear() + 1;
      const t = new WorkingDayCalendar({
        overrides: [
          { date: `${y}-01-01`, kind: 'HOLIDAY' },
          { date: `${y}-01-02`, kind: 'HOLIDAY' },
        ],
        declaredYears: [y],
      });
      expect(t.lastCoveredYear).toBe(y);
      expect(t.isYearCovered(y)).toBe(true);
      const firstWorking = [`${y}-01-03`, `${y}-01-04`, `${y}-01-05`, `${y}-01-06`].find(
        (d) => ![0, 6].includes(dayOfWeek(d)),
      );
      expect(t.workingDaysAfter(`${y - 1}-12-31`, 1)).toBe(firstWorking);
      expect(() => t.isWorkingDay(`${y + 1}-01-05`)).toThrow(CalendarNotPublishedError);
    });

    it('overrides alone do not publish a year', () => {
      const y = nationalLastCoveredYear() + 1;
      const t = new WorkingDayCalendar({ overrides: [{ date: `${y}-01-01`, kind: 'HOLIDAY' }] });
      expect(() => t.isWorkingDay(`${y}-01-01`)).toThrow(CalendarNotPublishedError);
    });

    it('rejects malformed overrides and years', () => {
      expect(() => new WorkingDayCalendar({ overrides: [{ date: '2025-02-30', kind: 'HOLIDAY' }] })).toThrow(RangeError);
      expect(() => new WorkingDayCalendar({ overrides: [{ date: '2025-02-03', kind: 'OFF' as never }] })).toThrow(
        RangeError,
      );
      expect(() => new WorkingDayCalendar({ declaredYears: [2027.5] })).toThrow(RangeError);
    });

    it('accepts injected national data', () => {
      const t = new WorkingDayCalendar({ national: { holidays: { '2030-01-01': 'x' }, workdays: { '2030-01-05': 'x' } } });
      expect(t.lastCoveredYear).toBe(2030);
      expect(t.isWorkingDay('2030-01-01')).toBe(false);
      expect(t.isWorkingDay('2030-01-05')).toBe(true);
      expect(() => t.isWorkingDay('2025-01-02')).toThrow(CalendarNotPublishedError);
    });
  });

  describe('workingDaysBetween', () => {
    it('counts working days after a up to and including b', () => {
      expect(cal.workingDaysBetween('2025-09-30', '2025-10-16')).toBe(7);
      expect(cal.workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
      expect(cal.workingDaysBetween('2025-09-30', '2025-09-30')).toBe(0);
      expect(cal.workingDaysBetween('2025-10-16', '2025-09-30')).toBe(-7);
    });
  });

  describe('properties (fast-check)', () => {
    // Start dates from 2004-01-01 up to mid-2026; `days` small enough to stay in covered years.
    const lo = dayNumberOf('2004-01-01');
    const hi = dayNumberOf('2026-06-30');
    const start = fc.integer({ min: lo, max: hi }).map(dateOfDayNumber);
    const days = fc.integer({ min: 0, max: 80 });

    it('the result is never a non-working day (days > 0)', () => {
      fc.assert(
        fc.property(start, fc.integer({ min: 1, max: 80 }), (from, n) => {
          expect(cal.isWorkingDay(cal.workingDaysAfter(from, n))).toBe(true);
        }),
      );
    });

    it('is monotonic in days', () => {
      fc.assert(
        fc.property(start, days, days, (from, a, b) => {
          const [m, n] = a <= b ? [a, b] : [b, a];
          expect(cal.workingDaysAfter(from, m) <= cal.workingDaysAfter(from, n)).toBe(true);
          if (m < n) expect(cal.workingDaysAfter(from, m) < cal.workingDaysAfter(from, n)).toBe(true);
        }),
      );
    });

    it('exactly `days` working days lie after from up to and including the result', () => {
      fc.assert(
        fc.property(start, days, (from, n) => {
          const to = cal.workingDaysAfter(from, n);
          let count = 0;
          for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (cal.isWorkingDay(d)) count++;
          expect(count).toBe(n);
          expect(cal.workingDaysBetween(from, to)).toBe(n);
        }),
      );
    });

    it('agrees with the chinese-days per-day data on every covered day', () => {
      const data = nationalJson as NationalCalendarData;
      fc.assert(
        fc.property(start, (d) => {
          const w = dayOfWeek(d);
          const expected = d in data.workdays ? true : d in data.holidays ? false : w !== 0 && w !== 6;
          expect(cal.isWorkingDay(d)).toBe(expected);
        }),
      );
    });
  });

  it('is fast: a 45-working-day deadline takes microseconds', () => {
    const t0 = process.hrtime.bigint();
    const N = 20_000;
    for (let i = 0; i < N; i++) cal.workingDaysAfter('2025-09-30', 45);
    const perCallUs = Number(process.hrtime.bigint() - t0) / 1000 / N;
    // Generous bound for slow CI; locally ~1-2 µs.
    expect(perCallUs).toBeLessThan(50);
  });
});
