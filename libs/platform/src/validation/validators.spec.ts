import 'reflect-metadata';
import { IsOptional, validateSync, ValidationError } from 'class-validator';
import {
  IsBusinessDate,
  IsCreditCode,
  IsMainlandPhone,
  IsMoney,
  NotBlank,
  isBusinessDate,
  isNotBlank,
} from './validators';
import * as barrel from './index';

class StationInput {
  @NotBlank()
  name: unknown;

  @IsCreditCode()
  creditCode: unknown;

  @IsMainlandPhone()
  phone: unknown;

  @IsMoney()
  amount: unknown;

  @IsBusinessDate()
  openedOn: unknown;

  @IsOptional()
  @IsCreditCode({ each: true })
  branchCodes?: unknown;
}

function make(overrides: Partial<StationInput> = {}): StationInput {
  return Object.assign(new StationInput(), {
    name: '鼓楼区消费维权服务站',
    creditCode: '91350100M000100Y43',
    phone: '0591-87654321',
    amount: '1500.00',
    openedOn: '2024-02-29',
    ...overrides,
  });
}

/** property → constraint name → message */
function messages(errors: ValidationError[]): Record<string, Record<string, string>> {
  return Object.fromEntries(errors.map((e) => [e.property, e.constraints ?? {}]));
}

describe('validation decorators', () => {
  it('accepts a valid object', () => {
    expect(validateSync(make())).toEqual([]);
    expect(validateSync(make({ branchCodes: ['91350200776049653A', '91440101MA5CJQ4N59'] }))).toEqual([]);
  });

  it('reports a Chinese message per failed constraint', () => {
    const errors = validateSync(
      make({ name: ' \u3000 ', phone: '62345678', amount: '1500', openedOn: '2023-02-29' }),
    );
    expect(messages(errors)).toEqual({
      name: { notBlank: '不能为空' },
      phone: { isMainlandPhone: '请输入有效的手机号或带区号的固定电话' },
      amount: { isMoney: '金额须为两位小数的元（如 1500.00）' },
      openedOn: { isBusinessDate: '日期须为有效的 YYYY-MM-DD 格式' },
    });
  });

  it.each([
    ['91350100M000100Y4', '统一社会信用代码应为18位'],
    ['91350100m000100Y43', '统一社会信用代码含有非法字符'],
    ['91350100M000100Y44', '统一社会信用代码校验位错误'],
    [91350100, '统一社会信用代码应为18位'],
    [undefined, '统一社会信用代码应为18位'],
  ])('gives the specific credit-code failure for %j', (creditCode, message) => {
    expect(messages(validateSync(make({ creditCode })))).toEqual({
      creditCode: { isCreditCode: message },
    });
  });

  it('reports the first failing element with each: true', () => {
    const errors = validateSync(make({ branchCodes: ['91350200776049653A', '91350200776049653B'] }));
    expect(messages(errors)).toEqual({
      branchCodes: { isCreditCode: '统一社会信用代码校验位错误' },
    });
  });

  it('lets a caller-supplied message win', () => {
    class Custom {
      @IsMoney({ message: '赔偿金额格式错误' })
      amount = '1.5';
    }
    expect(messages(validateSync(new Custom()))).toEqual({ amount: { isMoney: '赔偿金额格式错误' } });
  });

  it('NotBlank rejects missing and non-string values', () => {
    for (const name of [undefined, null, '', '   ', '\n\t', 0, ['x']]) {
      expect(messages(validateSync(make({ name })))).toEqual({ name: { notBlank: '不能为空' } });
    }
  });

  it('the barrel re-exports every public helper and decorator', () => {
    for (const key of ['checkCreditCode', 'computeCreditCodeCheckChar', 'isMainlandPhone', 'normalizePhone',
      'parseYuan', 'formatFen', 'isYuanString', 'MoneyFormatError', 'IsCreditCode', 'IsMainlandPhone',
      'IsMoney', 'IsBusinessDate', 'NotBlank']) {
      expect(barrel).toHaveProperty(key);
    }
  });
});

describe('isBusinessDate', () => {
  it.each(['2024-01-01', '2024-02-29', '2000-02-29', '2023-12-31', '1999-04-30'])('accepts %s', (s) => {
    expect(isBusinessDate(s)).toBe(true);
  });

  it.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // century, not divisible by 400
    '2024-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-1-01',
    '2024/01/01',
    '20240101',
    '2024-01-01T00:00:00Z',
    ' 2024-01-01',
    '0000-01-01',
    '',
  ])('rejects %s', (s) => {
    expect(isBusinessDate(s)).toBe(false);
  });

  it('rejects Date objects and numbers', () => {
    expect(isBusinessDate(new Date())).toBe(false);
    expect(isBusinessDate(20240101)).toBe(false);
  });
});

describe('isNotBlank', () => {
  it('needs a non-whitespace character', () => {
    expect(isNotBlank('a')).toBe(true);
    expect(isNotBlank('  a  ')).toBe(true);
    expect(isNotBlank('\u3000')).toBe(false);
    expect(isNotBlank('')).toBe(false);
    expect(isNotBlank(undefined)).toBe(false);
  });
});
