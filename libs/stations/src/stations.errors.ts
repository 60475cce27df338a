import { CodedError, ErrorCode } from '@app/platform';

/** One row's problem in an imported CSV file (row = spreadsheet row, the header is row 1). */
export interface ImportRowError {
  row: number;
  column: string | null;
  field: string | null;
  message: string;
}

export class StationsError extends CodedError {
  static stationNotFound(field = 'id') {
    return new StationsError(ErrorCode.NOT_FOUND, '站点不存在', field);
  }
  static rectificationNotFound(field = 'id') {
    return new StationsError(ErrorCode.NOT_FOUND, '整改事项不存在', field);
  }
  static reasonRequired(field = 'reason') {
    return new StationsError(ErrorCode.BAD_USER_INPUT, '请填写原因', field);
  }
  static supervisingLevel(field = 'orgUnitId') {
    return new StationsError(ErrorCode.BAD_USER_INPUT, '站点须由县（区）局或市场监管所监管', field);
  }
  static dateInFuture(field: string) {
    return new StationsError(ErrorCode.BAD_USER_INPUT, '日期不能晚于今天', field);
  }
  static duplicateStation() {
    return new StationsError(ErrorCode.CONFLICT, '该企业已登记同名的站点', 'name');
  }
  static checklistMismatch(message: string) {
    return new StationsError(ErrorCode.BAD_USER_INPUT, message, 'items');
  }
  static checklistCodeTaken() {
    return new StationsError(ErrorCode.CONFLICT, '检查项目代码已存在', 'code');
  }
  static alreadyVerified() {
    return new StationsError(ErrorCode.CONFLICT, '该站点本年度已核查', 'year');
  }
  static badYear(field = 'year') {
    return new StationsError(ErrorCode.BAD_USER_INPUT, '年度须在 2000 年至今年之间', field);
  }
  static tooMany(field: string, max: number) {
    return new StationsError(ErrorCode.BAD_USER_INPUT, `一次最多处理 ${max} 条`, field);
  }
  static badCsv(message: string) {
    return new StationsError(ErrorCode.BAD_USER_INPUT, message, 'csv');
  }
  /** The whole file is refused; every bad row is listed in extensions.rowErrors. */
  static importRefused(rowErrors: ImportRowError[]) {
    const rows = new Set(rowErrors.map((e) => e.row)).size;
    return new StationsError(ErrorCode.BAD_USER_INPUT, `导入文件有 ${rows} 行错误，未导入任何站点`, 'csv', { rowErrors });
  }
}
