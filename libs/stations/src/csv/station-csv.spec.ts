import { StationCategory, StationStatus } from '../entities/station.entity';
import { UTF8_BOM } from './csv';
import { categoryFromLabel, defuseFormula, EXPORT_HEADERS, readStationCsv, writeStationCsv } from './station-csv';

const HEADER = '站点名称,类别,建站企业,统一社会信用代码,地址,联系人,联系电话,监管单位,设立日期';

describe('readStationCsv', () => {
  it('maps columns by their Chinese headers, in any order, trimming values', () => {
    const { rows, errors } = readStationCsv(`${UTF8_BOM}类别,站点名称,建站企业,统一社会信用代码,地址,联系人,联系电话\n 商场 ,望都商场站,望都商场,91350100M000100Y43,中华大街1号,张三,13800138000\n`);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        values: {
          name: '望都商场站',
          category: '商场',
          hostName: '望都商场',
          hostCreditCode: '91350100M000100Y43',
          address: '中华大街1号',
          contactName: '张三',
          contactPhone: '13800138000',
          orgUnit: '',
          establishedOn: '',
        },
      },
    ]);
  });

  it('reports missing, duplicate and unknown headers on row 1', () => {
    const { rows, errors } = readStationCsv('站点名称,站点名称,颜色\nx,y,z\n');
    expect(rows).toEqual([]);
    expect(errors.every((e) => e.row === 1)).toBe(true);
    expect(errors.map((e) => e.message)).toEqual(
      expect.arrayContaining(['列“站点名称”重复', '未知的列“颜色”', '缺少列“类别”', '缺少列“统一社会信用代码”']),
    );
  });

  it('ignores the export-only columns, so an exported file imports again', () => {
    const csv = writeStationCsv([
      {
        code: '130631-00001', name: '望都商场站', category: StationCategory.MALL, status: StationStatus.ACTIVE, hostName: '望都商场',
        hostCreditCode: '91350100M000100Y43', address: '中华大街1号', contactName: '张三', contactPhone: '+86 13800138000',
        orgUnitName: '望都县市场监督管理局', establishedOn: '2024-03-15', revokedReason: null,
      },
    ]);
    const { rows, errors } = readStationCsv(csv);
    expect(errors).toEqual([]);
    expect(rows[0].values).toMatchObject({ name: '望都商场站', category: '商场', contactPhone: '+86 13800138000', orgUnit: '望都县市场监督管理局', establishedOn: '2024-03-15' });
  });

  it('skips blank lines but numbers rows as a spreadsheet does', () => {
    const { rows } = readStationCsv(`${HEADER}\n\na,商场,b,c,d,e,f,,\n`);
    expect(rows.map((r) => r.row)).toEqual([3]);
  });

  it('refuses a ragged row and a file without data', () => {
    expect(readStationCsv(`${HEADER}\na,b,c,d,e,f,g,h,i,j\n`).errors).toEqual([{ row: 2, column: null, field: null, message: '该行有 10 列，多于表头的 9 列' }]);
    expect(readStationCsv(`${HEADER}\n`).errors[0].message).toBe('文件中没有站点数据');
    expect(readStationCsv('').errors[0].message).toMatch(/缺少列/);
  });

  it('turns a syntax error into a row error', () => {
    expect(readStationCsv(`${HEADER}\n"a,商场\n`).errors).toEqual([{ row: 2, column: null, field: null, message: '第 2 行：引号未闭合' }]);
  });
});

describe('writeStationCsv', () => {
  it('writes a BOM, Chinese headers, CRLF records and Chinese labels', () => {
    const csv = writeStationCsv([
      {
        code: '130631-00001', name: '甲,乙站', category: StationCategory.SCENIC_AREA, status: StationStatus.REVOKED, hostName: '企业',
        hostCreditCode: '91350100M000100Y43', address: '地址', contactName: '李四', contactPhone: '0312-7654321',
        orgUnitName: '望都县局', establishedOn: null, revokedReason: '企业已注销',
      },
    ]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const [header, row] = csv.slice(1).split('\r\n');
    expect(header).toBe(EXPORT_HEADERS.join(','));
    expect(row).toBe('130631-00001,"甲,乙站",景区,已撤销,企业,91350100M000100Y43,地址,李四,0312-7654321,望都县局,,企业已注销');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(defuseFormula('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(defuseFormula('+86 138')).toBe(`'+86 138`);
    expect(defuseFormula('@SUM')).toBe(`'@SUM`);
    expect(defuseFormula('望都')).toBe('望都');
  });
});

describe('categoryFromLabel', () => {
  it('accepts the Chinese label, the enum name and 其他', () => {
    expect(categoryFromLabel('超市')).toBe(StationCategory.SUPERMARKET);
    expect(categoryFromLabel('scenic_area')).toBe(StationCategory.SCENIC_AREA);
    expect(categoryFromLabel('其他')).toBe(StationCategory.OTHER);
    expect(categoryFromLabel('银行')).toBeNull();
  });
});
