/**
 * Chinese display formats in one place (issue 10, point 8): dates 2025年11月24日, times in China
 * Standard Time, money ¥1,234.50, time left to a deadline. Values come from the API as returned
 * (DateTime ISO strings, Date 'YYYY-MM-DD', money strings with two decimals); nothing here
 * computes a deadline, it only shows the one the API gave.
 */

const TZ = 'Asia/Shanghai';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const ymdParts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function partsOf(d: Date): Record<string, string> {
  return Object.fromEntries(ymdParts.formatToParts(d).map((p) => [p.type, p.value]));
}

/** 'YYYY-MM-DD' (business date) or an ISO instant → 2025年11月24日 (China date). Empty for null. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
  const p = partsOf(typeof value === 'string' ? new Date(value) : value);
  return `${p.year}年${Number(p.month)}月${Number(p.day)}日`;
}

/** ISO instant → 2025年11月24日 09:05 (China time). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  const p = partsOf(typeof value === 'string' ? new Date(value) : value);
  return `${p.year}年${Number(p.month)}月${Number(p.day)}日 ${p.hour}:${p.minute}`;
}

/** Today's business date in China, 'YYYY-MM-DD' (for date inputs' max). */
export function chinaToday(now = new Date()): string {
  const p = partsOf(now);
  return `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}`;
}

/** Money string from the API ('1234.5', '1234.50', '-3') → ¥1,234.50; string arithmetic, no floats. */
export function formatMoney(value: string | number | null | undefined): string {
  if (value == null || value === '') return '';
  const s = String(value).trim();
  const m = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return s;
  const int = m[2].replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${m[1]}¥${int}.${(m[3] ?? '').padEnd(2, '0')}`;
}

export type Urgency = 'ok' | 'near' | 'overdue';

export interface TimeLeft {
  urgency: Urgency;
  /** e.g. 剩 2 天 3 小时, 剩 5 小时, 已超期 1 天 2 小时 */
  text: string;
}

/** A deadline is "near" when at most this much time is left (highlighted). */
export const NEAR_MS = DAY_MS;

function span(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  if (days > 0) return hours > 0 ? `${days} 天 ${hours} 小时` : `${days} 天`;
  if (hours > 0) return `${hours} 小时`;
  return `${Math.max(1, Math.ceil(ms / 60_000))} 分钟`;
}

/** Time left until a deadline the API returned (e.g. Dispute.settleBy). */
export function timeLeft(deadline: string | Date, now: Date = new Date()): TimeLeft {
  const ms = new Date(deadline).getTime() - now.getTime();
  if (ms <= 0) return { urgency: 'overdue', text: `已超期 ${span(-ms)}` };
  return { urgency: ms <= NEAR_MS ? 'near' : 'ok', text: `剩 ${span(ms)}` };
}

/** A ratio from the API (0.9571) → 95.71%; `digits` decimals (default 2). Empty for null. */
export function formatPercent(ratio: number | null | undefined, digits = 2): string {
  if (ratio == null || !Number.isFinite(ratio)) return '';
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** A score or other decimal as returned (e.g. the round's T-score) with `digits` decimals. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value == null || !Number.isFinite(value)) return '';
  return value.toFixed(digits);
}
