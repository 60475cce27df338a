import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsInt, IsOptional, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { ErrorCode, PlatformError } from '../errors';
import { IsCreditCode, NotBlank } from '../validation';
import { chineseConstraintMessage, createValidationPipe } from './validation';

class ChecklistDto {
  @IsOptional() @IsBoolean() hasReceipt?: boolean;
}

class RowDto {
  @NotBlank() description: string;
  @IsInt() @Min(1) workingDays: number;
}

class FormDto {
  @IsCreditCode() hostCreditCode: string;
  @IsOptional() @MaxLength(5) note?: string;
  @IsOptional() @IsUUID('all', { message: 'orgUnitId 无效' }) orgUnitId?: string;
  @IsOptional() @ValidateNested() @Type(() => ChecklistDto) checklist?: ChecklistDto;
  @IsOptional() @ArrayMaxSize(2) @ValidateNested({ each: true }) @Type(() => RowDto) rows?: RowDto[];
}

const VALID = { hostCreditCode: '91350100M000100Y43' };

async function refusal(value: Record<string, unknown>): Promise<{ message: string; field?: string; code: ErrorCode; details?: Record<string, unknown> }> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: FormDto });
  } catch (e) {
    expect(e).toBeInstanceOf(PlatformError);
    const err = e as PlatformError;
    return { message: err.message, field: err.field, code: err.code, details: err.details };
  }
  throw new Error('expected a refusal');
}

describe('createValidationPipe: BAD_USER_INPUT with a Chinese-only message', () => {
  it('gives the validator message alone, the field in `field` (not in the message)', async () => {
    expect(await refusal({ hostCreditCode: '91350100M000100Y44' })).toEqual({
      message: '统一社会信用代码校验位错误',
      field: 'hostCreditCode',
      code: ErrorCode.BAD_USER_INPUT,
      details: { path: 'hostCreditCode' },
    });
  });

  it('nested fields: the innermost property in `field`, the dotted path in `path`', async () => {
    expect(await refusal({ ...VALID, checklist: { hasReceipt: 'yes' } })).toMatchObject({
      message: '须为是或否',
      field: 'hasReceipt',
      details: { path: 'checklist.hasReceipt' },
    });
    expect(await refusal({ ...VALID, rows: [{ description: 'ok', workingDays: 1 }, { description: '  ', workingDays: 1 }] })).toMatchObject({
      message: '不能为空',
      field: 'description',
      details: { path: 'rows.1.description' },
    });
  });

  it("replaces class-validator's English default messages, keeping their numbers", async () => {
    expect(await refusal({ ...VALID, note: '一二三四五六' })).toMatchObject({ message: '不能超过 5 个字符', field: 'note' });
    expect(await refusal({ ...VALID, rows: [{ description: 'x', workingDays: 0 }] })).toMatchObject({ message: '不能小于 1', field: 'workingDays' });
    const rows = [1, 2, 3].map(() => ({ description: 'x', workingDays: 1 }));
    expect(await refusal({ ...VALID, rows })).toMatchObject({ message: '最多 2 项', field: 'rows' });
  });

  it('drops an English property name leading a written message', async () => {
    expect(await refusal({ ...VALID, orgUnitId: 'abc' })).toMatchObject({ message: '无效', field: 'orgUnitId' });
  });

  it('several failed fields: the first (declaration order) is reported', async () => {
    expect(await refusal({ hostCreditCode: 'x', note: '一二三四五六', rows: [{ description: '', workingDays: 0 }] })).toMatchObject({
      message: '统一社会信用代码应为18位',
      field: 'hostCreditCode',
    });
  });

  it('no failure message carries Latin letters', async () => {
    const cases = [{ hostCreditCode: 1 }, { ...VALID, note: 5 }, { ...VALID, checklist: 'x' }, { ...VALID, rows: 'x' }, { ...VALID, rows: [{}] }];
    for (const value of cases) expect((await refusal(value as Record<string, unknown>)).message).not.toMatch(/[A-Za-z]/);
  });
});

describe('chineseConstraintMessage', () => {
  it('keeps Chinese messages, translates English ones, falls back for unknown constraints', () => {
    expect(chineseConstraintMessage('amount', 'isMoney', '金额须为两位小数')).toBe('金额须为两位小数');
    expect(chineseConstraintMessage('amount', 'isMoney', 'amount: 金额须为两位小数')).toBe('金额须为两位小数');
    expect(chineseConstraintMessage('amount', 'maxLength', 'each value in amount must be shorter than or equal to 20 characters')).toBe('不能超过 20 个字符');
    expect(chineseConstraintMessage('x', 'somethingNew', 'x must be special')).toBe('输入无效');
  });
});
