/**
 * Business dates in Asia/Shanghai.
 *
 * Every deadline in the product is about a Chinese calendar day, so a business date is a
 * plain 'YYYY-MM-DD' string (no time, no zone). China has used UTC+8 all year since 1991
 * (no daylight saving), so converting between an instant and a business date is a fixed
 * 8-hour shift; no time-zone database is needed.
 *
 * Arithmetic is done on "day numbers" (days since 1970-01-01) with integer civil-calendar
 * conversions (H. Hinnant's days_from_civil), which keeps the working-day loops free of
 * Date allocations and string parsing.
 */

export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Chinese user-facing message for a malformed business date. */
export function invalidDateMessage(s: unknown): string {
  return `日期格式无效：${String(s)}（应为 YYYY-MM-DD 且为真实日期）`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian y-m-d (m 1..12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of daysFromCivil. */
export function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Parses a business date to its day number, or returns null when it is not a real YYYY-MM-DD date. */
function tryDayNumber(s: unknown): number | null {
  if (typeof s !== 'string' || s.length !== 10) return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return daysFromCivil(y, mo, d);
}

/** Strict 'YYYY-MM-DD' (four-digit year 0001-9999) that names a real calendar day. */
export function isValidDateString(s: unknown): s is string {
  return tryDayNumber(s) !== null;
}

/** Day number (days since 1970-01-01) of a business date; RangeError when the string is invalid. */
export function dayNumberOf(date: string): number {
  const n = tryDayNumber(date);
  if (n === null) throw new RangeError(invalidDateMessage(date));
  return n;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Business date of a day number. */
export function dateOfDayNumber(n: number): string {
  const { y, m, d } = civilFromDays(n);
  if (y < 1 || y > 9999) throw new RangeError(`日期超出支持范围（0001-01-01 至 9999-12-31）`);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Calendar year of a day number. */
export function yearOfDayNumber(n: number): number {
  return civilFromDays(n).y;
}

/** The business date (Asia/Shanghai) on which an instant falls. */
export function chinaDateOf(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('无效的时间');
  return dateOfDayNumber(Math.floor((t + CHINA_UTC_OFFSET_MS) / DAY_MS));
}

/** 00:00:00.000 Asia/Shanghai of a business date, as an instant. */
export function startOfChinaDay(date: string): Date {
  return new Date(dayNumberOf(date) * DAY_MS - CHINA_UTC_OFFSET_MS);
}

/**
 * 23:59:59.999 Asia/Shanghai of a business date, as an instant. Deadlines fall due at the
 * end of their last day (issue 5: due_at at 23:59:59.999 Asia/Shanghai).
 */
export function endOfChinaDay(date: string): Date {
  return new Date((dayNumberOf(date) + 1) * DAY_MS - CHINA_UTC_OFFSET_MS - 1);
}

/** The business date n calendar days after (n < 0: before) `date`. */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`天数须为整数：${n}`);
  return dateOfDayNumber(dayNumberOf(date) + n);
}

/** Day of the week, 0 = Sunday .. 6 = Saturday (as Date#getDay). */
export function dayOfWeek(date: string): number {
  return dayOfWeekOfDayNumber(dayNumberOf(date));
}

/** Day of the week of a day number; 1970-01-01 was a Thursday. */
export function dayOfWeekOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** Today's business date in China. */
export function chinaToday(now: Date = new Date()): string {
  return chinaDateOf(now);
}
