import { StationCategory, StationStatus } from '../entities/station.entity';
import type { ImportRowError } from '../stations.errors';
import { parseCsv, toCsv } from './csv';

export const CATEGORY_LABELS: Record<StationCategory, string> = {
  MALL: '商场',
  SUPERMARKET: '超市',
  MARKET: '市场',
  ENTERPRISE: '企业',
  SCENIC_AREA: '景区',
  OTHER: '其它',
};

export const STATUS_LABELS: Record<StationStatus, string> = {
  PENDING: '待审批',
  ACTIVE: '正常',
  SUSPENDED: '暂停',
  REVOKED: '已撤销',
};

/** The Chinese label, the enum name, or the common variant 其他. */
export function categoryFromLabel(value: string): StationCategory | null {
  const v = value.trim();
  if (v === '其他') return StationCategory.OTHER;
  for (const [k, label] of Object.entries(CATEGORY_LABELS)) if (v === label || v.toUpperCase() === k) return k as StationCategory;
  return null;
}

/** The register form's fields, as CSV columns (headers as the export writes them). */
export const IMPORT_COLUMNS = {
  name: '站点名称',
  category: '类别',
  hostName: '建站企业',
  hostCreditCode: '统一社会信用代码',
  address: '地址',
  contactName: '联系人',
  contactPhone: '联系电话',
  orgUnit: '监管单位',
  establishedOn: '设立日期',
} as const;
export type ImportField = keyof typeof IMPORT_COLUMNS;
const REQUIRED: ImportField[] = ['name', 'category', 'hostName', 'hostCreditCode', 'address', 'contactName', 'contactPhone'];
/** Export-only columns an exported file carries back in; the import ignores them. */
const IGNORED = new Set(['站点编号', '状态', '撤销原因']);

export interface ImportRow {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  values: Record<ImportField, string>;
}

/**
 * Spreadsheet programs run a cell starting with = + - @ as a formula; the export defuses such
 * cells with a leading apostrophe (OWASP "CSV injection") and the import takes it off again.
 */
export function defuseFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}
function undefuse(v: string): string {
  return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
}

/**
 * Reads an import file into rows of trimmed values keyed by field. Problems with the file's
 * shape (syntax, headers, ragged rows) come back as row errors; field values are not checked here.
 */
export function readStationCsv(text: string): { rows: ImportRow[]; errors: ImportRowError[] } {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (e) {
    const record = (e as { record?: number }).record ?? 1;
    return { rows: [], errors: [{ row: record, column: null, field: null, message: (e as Error).message }] };
  }
  const errors: ImportRowError[] = [];
  const header = (records[0] ?? []).map((h) => h.trim());
  const byHeader = new Map<string, ImportField>(Object.entries(IMPORT_COLUMNS).map(([f, h]) => [h, f as ImportField]));
  const index = new Map<ImportField, number>();
  header.forEach((h, i) => {
    const field = byHeader.get(h);
    if (field) {
      if (index.has(field)) errors.push({ row: 1, column: h, field, message: `列“${h}”重复` });
      else index.set(field, i);
    } else if (h && !IGNORED.has(h)) {
      errors.push({ row: 1, column: h, field: null, message: `未知的列“${h}”` });
    }
  });
  for (const f of REQUIRED) if (!index.has(f)) errors.push({ row: 1, column: IMPORT_COLUMNS[f], field: f, message: `缺少列“${IMPORT_COLUMNS[f]}”` });
  if (errors.length) return { rows: [], errors };

  const rows: ImportRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    if (rec.every((v) => v.trim() === '')) continue;
    if (rec.length > header.length) {
      errors.push({ row: r + 1, column: null, field: null, message: `该行有 ${rec.length} 列，多于表头的 ${header.length} 列` });
      continue;
    }
    const values = {} as Record<ImportField, string>;
    for (const f of Object.keys(IMPORT_COLUMNS) as ImportField[]) {
      const i = index.get(f);
      values[f] = i === undefined ? '' : undefuse((rec[i] ?? '').trim());
    }
    rows.push({ row: r + 1, values });
  }
  if (!rows.length && !errors.length) errors.push({ row: 2, column: null, field: null, message: '文件中没有站点数据' });
  return { rows, errors };
}

export interface ExportableStation {
  code: string;
  name: string;
  category: StationCategory;
  status: StationStatus;
  hostName: string;
  hostCreditCode: string;
  address: string;
  contactName: string;
  contactPhone: string;
  orgUnitName: string;
  establishedOn: string | null;
  revokedReason: string | null;
}

export const EXPORT_HEADERS = ['站点编号', IMPORT_COLUMNS.name, IMPORT_COLUMNS.category, '状态', IMPORT_COLUMNS.hostName, IMPORT_COLUMNS.hostCreditCode,
  IMPORT_COLUMNS.address, IMPORT_COLUMNS.contactName, IMPORT_COLUMNS.contactPhone, IMPORT_COLUMNS.orgUnit, IMPORT_COLUMNS.establishedOn, '撤销原因'];

/** The directory as CSV: Chinese headers, UTF-8 with BOM so spreadsheet programs detect the encoding. */
export function writeStationCsv(stations: readonly ExportableStation[]): string {
  const rows = stations.map((s) =>
    [s.code, s.name, CATEGORY_LABELS[s.category], STATUS_LABELS[s.status], s.hostName, s.hostCreditCode, s.address, s.contactName,
      s.contactPhone, s.orgUnitName, s.establishedOn ?? '', s.revokedReason ?? ''].map(defuseFormula),
  );
  return toCsv([EXPORT_HEADERS, ...rows], { bom: true });
}
