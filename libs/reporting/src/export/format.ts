import { CHINA_UTC_OFFSET_MS, formatFen } from '@app/platform';

/**
 * How a column's values are typed. The one place both file formats take their cell rendering
 * from: CSV writes text, XLSX writes typed cells (numbers, dates) with a number format.
 * - text: a string (null: empty)
 * - datetime: an instant, shown as China wall-clock time 'YYYY-MM-DD HH:mm'
 * - date: a business date 'YYYY-MM-DD'
 * - money: fen (bigint column as string, or bigint), shown in yuan with two decimals
 * - int: a count
 * - ratio: a fraction (0.6667), shown as a percentage with two decimals (66.67%)
 */
export type ColumnKind = 'text' | 'datetime' | 'date' | 'money' | 'int' | 'ratio';

export type CellInput = string | number | bigint | Date | null | undefined;

/** One column of an exported table: its header, kind, width in XLSX and how a row gives its value. */
export interface Column<R> {
  header: string;
  kind: ColumnKind;
  /** Column width in XLSX (characters). */
  width?: number;
  value: (row: R) => CellInput;
}

/** A table of an export: a sheet in XLSX, a section in CSV. */
export interface TableSpec<R> {
  /** Sheet name (≤ 31 characters, none of []:*?/\); in CSV the section title of every table but the first. */
  name: string;
  columns: readonly Column<R>[];
}

/** 'YYYY-MM-DD HH:mm' in China time. */
export function chinaDateTime(d: Date | null | undefined): string {
  if (!d) return '';
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError('无效的时间');
  const iso = new Date(t + CHINA_UTC_OFFSET_MS).toISOString(); // China wall-clock, written as if UTC
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** One CSV cell: formula-looking text defused (OWASP CSV injection), quoted when needed. */
export function csvCell(v: string | null | undefined): string {
  let s = v ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** A value as CSV text. Numbers are written as they are (never defused: "-3.05" is an amount, not a formula). */
function csvText(kind: ColumnKind, v: CellInput): { text: string; raw: boolean } {
  if (v == null || v === '') return { text: '', raw: true };
  switch (kind) {
    case 'datetime':
      return { text: chinaDateTime(v as Date), raw: true };
    case 'money':
      return { text: formatFen(v as string | bigint | number), raw: true };
    case 'int':
      return { text: String(v), raw: true };
    case 'ratio':
      return { text: `${(Math.round(Number(v) * 1_000_000) / 10_000).toFixed(2)}%`, raw: true };
    default:
      return { text: String(v), raw: false };
  }
}

/** One row of a table as a CSV line. */
export function csvRow<R>(columns: readonly Column<R>[], row: R): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const { text, raw } = csvText(columns[i].kind, columns[i].value(row));
    if (i) line += ',';
    line += raw ? text : csvCell(text);
  }
  return line + '\r\n';
}

/** Excel's cell text limit. */
const XLSX_MAX_TEXT = 32_767;

/** A value as an XLSX cell value (typed); null leaves the cell empty. */
export function xlsxValue(kind: ColumnKind, v: CellInput): string | number | Date | null {
  if (v == null || v === '') return null;
  switch (kind) {
    case 'datetime':
      // Excel has no time zones: the cell holds China wall-clock time.
      return new Date((v as Date).getTime() + CHINA_UTC_OFFSET_MS);
    case 'date':
      return new Date(`${String(v)}T00:00:00.000Z`);
    case 'money':
      return Number(formatFen(v as string | bigint | number));
    case 'int':
    case 'ratio':
      return Number(v);
    default: {
      const s = String(v);
      return s.length > XLSX_MAX_TEXT ? s.slice(0, XLSX_MAX_TEXT) : s;
    }
  }
}

/** Number format of a kind's XLSX cells (undefined: General). */
export const XLSX_NUM_FMT: Record<ColumnKind, string | undefined> = {
  text: undefined,
  datetime: 'yyyy-mm-dd hh:mm',
  date: 'yyyy-mm-dd',
  money: '0.00',
  int: '0',
  ratio: '0.00%',
};
