import 'reflect-metadata';
import { OrgUnit, OrgUnitLevel } from '@app/identity';
import { readStationCsv } from './csv/station-csv';
import { UnitDirectory, validateRow } from './station-import.service';

const unit = (id: string, name: string, level = OrgUnitLevel.COUNTY): OrgUnit => ({ tenantId: 't', id, parentId: null, name, level, regionCode: null, path: id.replace(/-/g, ''), createdAt: new Date() });
const COUNTY = unit('0190a000-0000-7000-8000-000000000001', '望都县市场监督管理局');
const CITY = unit('0190a000-0000-7000-8000-000000000002', '保定市市场监督管理局', OrgUnitLevel.CITY);
const TWIN_A = unit('0190a000-0000-7000-8000-000000000003', '城关所', OrgUnitLevel.OFFICE);
const TWIN_B = unit('0190a000-0000-7000-8000-000000000004', '城关所', OrgUnitLevel.OFFICE);
const units = new UnitDirectory([COUNTY, CITY, TWIN_A, TWIN_B]);
const checkLevel = (u: OrgUnit) => {
  if (u.level === OrgUnitLevel.CITY) throw new Error('站点须由县（区）局或市场监管所监管');
};
const HEADER = '站点名称,类别,建站企业,统一社会信用代码,地址,联系人,联系电话,监管单位,设立日期';

function check(line: string, fallback: OrgUnit | null = null) {
  const { rows, errors } = readStationCsv(`${HEADER}\n${line}\n`);
  expect(errors).toEqual([]);
  return validateRow(rows[0], units, fallback, '2026-11-23', checkLevel);
}

describe('import row validation', () => {
  it('builds the register form from a good row, normalising the credit code', () => {
    const r = check('望都商场站,商场,望都商场有限公司,91350100m000100y43,中华大街1号,张三,0312-7654321,望都县市场监督管理局,2020-01-02');
    expect(r).toMatchObject({
      form: { name: '望都商场站', category: 'MALL', hostCreditCode: '91350100M000100Y43', contactPhone: '0312-7654321', establishedOn: '2020-01-02' },
      unit: COUNTY,
    });
  });

  it('names every bad cell with its column', () => {
    const r = check(',银行,企业,91350100M000100Y44,地址,联系人,62345678,保定市市场监督管理局,2030-01-01');
    expect('errors' in r && r.errors.map((e) => [e.field, e.column])).toEqual([
      ['name', '站点名称'],
      ['category', '类别'],
      ['hostCreditCode', '统一社会信用代码'],
      ['contactPhone', '联系电话'],
      ['establishedOn', '设立日期'],
      ['orgUnit', '监管单位'],
    ]);
  });

  it('resolves the unit by id, by a unique name, or falls back to the default unit', () => {
    const base = '站,超市,企业,91350200776049653A,地址,人,13800138000';
    expect(check(`${base},${COUNTY.id.toUpperCase()},`)).toMatchObject({ unit: COUNTY });
    expect(check(`${base},,`, TWIN_A)).toMatchObject({ unit: TWIN_A });
    expect(check(`${base},城关所,`)).toEqual({ errors: [expect.objectContaining({ field: 'orgUnit', message: '有多个同名单位，请填写单位编号' })] });
    expect(check(`${base},,`)).toEqual({ errors: [expect.objectContaining({ field: 'orgUnit', message: '请填写监管单位' })] });
    expect(check(`${base},0190a000-0000-7000-8000-00000000ffff,`)).toEqual({ errors: [expect.objectContaining({ message: '监管单位不存在或不在您的管辖范围内' })] });
  });
});
