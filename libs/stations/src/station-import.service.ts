import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AccessService, OrgUnit, OrgUnitsService } from '@app/identity';
import { chinaToday, TenantDb } from '@app/platform';
import { categoryFromLabel, IMPORT_COLUMNS, ImportField, ImportRow, readStationCsv } from './csv/station-csv';
import { StationFormInput } from './dto/station.input';
import { StationImportResult } from './dto/station.model';
import { StationStatus } from './entities/station.entity';
import { NewStation, STATION_MANAGERS, StationsService } from './stations.service';
import { ImportRowError, StationsError } from './stations.errors';

export const MAX_IMPORT_ROWS = 5000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolves the 监管单位 cell: a unit id, or the exact name of one unit in the caller's scope. */
export class UnitDirectory {
  private readonly byId = new Map<string, OrgUnit>();
  private readonly byName = new Map<string, OrgUnit[]>();

  constructor(units: OrgUnit[]) {
    for (const u of units) {
      this.byId.set(u.id, u);
      this.byName.set(u.name, [...(this.byName.get(u.name) ?? []), u]);
    }
  }

  resolve(ref: string): OrgUnit | string {
    if (UUID.test(ref)) return this.byId.get(ref.toLowerCase()) ?? '监管单位不存在或不在您的管辖范围内';
    const named = this.byName.get(ref) ?? [];
    if (named.length === 1) return named[0];
    return named.length ? '有多个同名单位，请填写单位编号' : '监管单位不存在或不在您的管辖范围内';
  }
}

/** Import of the register form's columns from CSV: every row valid, or nothing written. */
@Injectable()
export class StationImportService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: AccessService,
    private readonly orgUnits: OrgUnitsService,
    private readonly stations: StationsService,
  ) {}

  async import(csv: string, defaultOrgUnitId?: string | null, activate = false): Promise<StationImportResult> {
    const p = this.access.requireRole(...STATION_MANAGERS);
    const fallback = defaultOrgUnitId ? await this.orgUnits.get(defaultOrgUnitId, 'orgUnitId') : null;
    if (fallback) {
      this.access.requireScope(p, fallback.path);
      this.stations.checkSupervisingUnit(fallback);
    }
    const { rows, errors } = readStationCsv(csv ?? '');
    if (rows.length > MAX_IMPORT_ROWS) throw StationsError.badCsv(`一次最多导入 ${MAX_IMPORT_ROWS} 个站点，请拆分文件`);
    const units = new UnitDirectory(await this.orgUnits.listForCaller());
    const items: NewStation[] = [];
    const itemRows: number[] = [];
    const today = chinaToday();
    const hostNames = new Map<string, { name: string; row: number }>();
    const seen = new Map<string, number>();

    for (const r of rows) {
      const checked = validateRow(r, units, fallback, today, (u) => this.stations.checkSupervisingUnit(u));
      if ('errors' in checked) {
        errors.push(...checked.errors);
        continue;
      }
      const { form, unit } = checked;
      // Within the file: one name per credit code, and no station twice.
      const host = hostNames.get(form.hostCreditCode);
      if (host && host.name !== form.hostName) {
        errors.push(rowError(r.row, 'hostName', `与第 ${host.row} 行同一信用代码的企业名称不一致`));
        continue;
      }
      hostNames.set(form.hostCreditCode, { name: form.hostName, row: r.row });
      const key = `${form.hostCreditCode}\n${form.name}`;
      if (seen.has(key)) {
        errors.push(rowError(r.row, 'name', `与第 ${seen.get(key)} 行重复`));
        continue;
      }
      seen.set(key, r.row);
      items.push({ form, unit });
      itemRows.push(r.row);
    }
    if (errors.length) throw StationsError.importRefused(errors.sort((a, b) => a.row - b.row));

    return this.db.tx(async (em) => {
      const hosts = await this.stations.prepareHosts(em, items);
      const dups = await this.stations.duplicateIndexes(em, items, hosts);
      if (dups.length) throw StationsError.importRefused(dups.map((i) => rowError(itemRows[i], 'name', '该企业已登记同名的站点')));
      const stations = await this.stations.insertPrepared(em, items, hosts, activate ? StationStatus.ACTIVE : StationStatus.PENDING, 'import');
      return { count: stations.length, stations };
    });
  }
}

function rowError(row: number, field: ImportField, message: string): ImportRowError {
  return { row, column: IMPORT_COLUMNS[field], field, message };
}

/** One row against the register form's rules (the same class-validator rules as registerStation). */
export function validateRow(
  r: ImportRow,
  units: UnitDirectory,
  fallback: OrgUnit | null,
  today: string,
  checkLevel: (u: OrgUnit) => void,
): { form: StationFormInput; unit: OrgUnit } | { errors: ImportRowError[] } {
  const v = r.values;
  const errors: ImportRowError[] = [];
  const form = plainToInstance(StationFormInput, {
    name: v.name,
    category: categoryFromLabel(v.category) ?? v.category,
    hostName: v.hostName,
    hostCreditCode: v.hostCreditCode,
    address: v.address,
    contactName: v.contactName,
    contactPhone: v.contactPhone,
    establishedOn: v.establishedOn || null,
  });
  for (const e of validateSync(form, { forbidUnknownValues: false })) {
    const field = e.property as ImportField;
    errors.push(rowError(r.row, field, Object.values(e.constraints ?? {})[0] ?? '无效'));
  }
  if (form.establishedOn && form.establishedOn > today && !errors.some((e) => e.field === 'establishedOn')) {
    errors.push(rowError(r.row, 'establishedOn', '日期不能晚于今天'));
  }
  let unit: OrgUnit | null = fallback;
  if (v.orgUnit) {
    const found = units.resolve(v.orgUnit);
    if (typeof found === 'string') errors.push(rowError(r.row, 'orgUnit', found));
    else unit = found;
  }
  if (!v.orgUnit && !unit) errors.push(rowError(r.row, 'orgUnit', '请填写监管单位'));
  if (unit && !errors.some((e) => e.field === 'orgUnit')) {
    try {
      checkLevel(unit);
    } catch (e) {
      errors.push(rowError(r.row, 'orgUnit', (e as Error).message));
    }
  }
  return errors.length ? { errors } : { form, unit: unit! };
}
