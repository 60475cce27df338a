import fc from 'fast-check';
import {
  addCalendarDays,
  chinaDateOf,
  civilFromDays,
  dateOfDayNumber,
  dayNumberOf,
  dayOfWeek,
  daysFromCivil,
  endOfChinaDay,
  isValidDateString,
  startOfChinaDay,
} from './china-time';

describe('china-time', () => {
  describe('chinaDateOf', () => {
    it.each([
      ['2025-09-30T15:59:59.999Z', '2025-09-30'],
      ['2025-09-30T16:00:00.000Z', '2025-10-01'], // midnight in Beijing
      ['2025-12-31T16:00:00.000Z', '2026-01-01'],
      ['2024-02-28T16:30:00.000Z', '2024-02-29'],
      ['1970-01-01T00:00:00.000Z', '1970-01-01'],
      ['1969-12-31T15:00:00.000Z', '1969-12-31'],
    ])('%s falls on %s in China', (iso, date) => {
      expect(chinaDateOf(new Date(iso))).toBe(date);
    });

    it('rejects an invalid Date', () => {
      expect(() => chinaDateOf(new Date('nope'))).toThrow(RangeError);
    });
  });

  it('endOfChinaDay is 23:59:59.999 UTC+8', () => {
    expect(endOfChinaDay('2025-10-16').toISOString()).toBe('2025-10-16T15:59:59.999Z');
    expect(endOfChinaDay('2026-01-01').toISOString()).toBe('2026-01-01T15:59:59.999Z');
  });

  it('startOfChinaDay is 00:00 UTC+8', () => {
    expect(startOfChinaDay('2025-10-16').toISOString()).toBe('2025-10-15T16:00:00.000Z');
  });

  it('start and end of a day map back to the same business date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 60000 }), (n) => {
        const d = dateOfDayNumber(n);
        expect(chinaDateOf(startOfChinaDay(d))).toBe(d);
        expect(chinaDateOf(endOfChinaDay(d))).toBe(d);
        expect(endOfChinaDay(d).getTime() - startOfChinaDay(d).getTime()).toBe(86_400_000 - 1);
      }),
    );
  });

  describe('isValidDateString', () => {
    it.each(['2025-01-01', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (s) => {
      expect(isValidDateString(s)).toBe(true);
    });
    it.each([
      '2025-02-29',
      '1900-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-1-1',
      '25-01-01',
      '2025-01-01T00:00:00Z',
      ' 2025-01-01',
      '2025/01/01',
      '0000-01-01',
      '',
      20250101,
      null,
      undefined,
    ])('rejects %p', (s) => {
      expect(isValidDateString(s)).toBe(false);
    });
  });

  it('dayNumberOf throws a Chinese RangeError on bad input', () => {
    expect(() => dayNumberOf('2025-02-30')).toThrow(/日期格式无效/);
  });

  it('addCalendarDays crosses months, leap days and years', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2025-07-01', 90)).toBe('2025-09-29');
    expect(addCalendarDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addCalendarDays('2025-01-01', 0)).toBe('2025-01-01');
    expect(() => addCalendarDays('2025-01-01', 1.5)).toThrow(RangeError);
  });

  it('dayOfWeek: 0 = Sunday', () => {
    expect(dayOfWeek('2025-01-26')).toBe(0);
    expect(dayOfWeek('2025-10-11')).toBe(6);
    expect(dayOfWeek('2026-01-01')).toBe(4);
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('1969-12-28')).toBe(0);
  });

  it('integer calendar arithmetic agrees with Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700000, max: 2900000 }), (n) => {
        const { y, m, d } = civilFromDays(n);
        expect(daysFromCivil(y, m, d)).toBe(n);
        const js = new Date(n * 86_400_000);
        expect([y, m, d]).toEqual([js.getUTCFullYear(), js.getUTCMonth() + 1, js.getUTCDate()]);
        if (y >= 1 && y <= 9999) {
          const s = dateOfDayNumber(n);
          expect(dayNumberOf(s)).toBe(n);
          expect(dayOfWeek(s)).toBe(js.getUTCDay());
        }
      }),
    );
  });
});
