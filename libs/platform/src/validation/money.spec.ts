import { MoneyFormatError, formatFen, isYuanString, parseYuan } from './money';

describe('parseYuan', () => {
  it.each([
    ['0.00', 0n],
    ['0.01', 1n],
    ['0.10', 10n],
    ['1.00', 100n],
    ['1500.00', 150000n],
    ['1500.50', 150050n],
    ['10.05', 1005n],
    ['9999999999999.99', 999999999999999n],
  ])('parses %s as %s fen', (s, fen) => {
    expect(parseYuan(s)).toBe(fen);
    expect(isYuanString(s)).toBe(true);
  });

  it('is exact where floats are not (0.29 * 100 = 28.999999999999996)', () => {
    expect(parseYuan('0.29')).toBe(29n);
    expect(parseYuan('1234567890123.45')).toBe(123456789012345n);
  });

  it.each([
    '1500',
    '1500.5',
    '1500.555',
    '1500.',
    '.50',
    '-1.00',
    '+1.00',
    ' 1.00',
    '1.00 ',
    '1,500.00',
    '1e3',
    '1e3.00',
    '',
    '01.00',
    '00.00',
    '0x10.00',
    '1.0O',
    '１.00', // full-width digit
    '10000000000000.00', // 14 integer digits
    'NaN',
    'Infinity',
  ])('rejects %j', (s) => {
    expect(() => parseYuan(s)).toThrow(MoneyFormatError);
    expect(isYuanString(s)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(() => parseYuan(1500 as unknown as string)).toThrow(MoneyFormatError);
    expect(isYuanString(1500)).toBe(false);
    expect(isYuanString(null)).toBe(false);
  });

  it('throws an error carrying the Chinese user message', () => {
    expect(() => parseYuan('1500')).toThrow('金额须为两位小数的元（如 1500.00）');
    try {
      parseYuan('x');
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).name).toBe('MoneyFormatError');
    }
  });
});

describe('formatFen', () => {
  it.each([
    [0n, '0.00'],
    [1n, '0.01'],
    [10n, '0.10'],
    [100n, '1.00'],
    [150000n, '1500.00'],
    [-305n, '-3.05'],
    [-5n, '-0.05'],
    [-100n, '-1.00'],
    [999999999999999n, '9999999999999.99'],
    [123456789012345678901234567890n, '1234567890123456789012345678.90'],
  ])('formats %s fen as %s', (fen, s) => {
    expect(formatFen(fen)).toBe(s);
  });

  it('accepts safe-integer numbers and integer strings (pg BIGINT)', () => {
    expect(formatFen(150000)).toBe('1500.00');
    expect(formatFen(-305)).toBe('-3.05');
    expect(formatFen(-0)).toBe('0.00');
    expect(formatFen('150000')).toBe('1500.00');
    expect(formatFen('-305')).toBe('-3.05');
    expect(formatFen('999999999999999')).toBe('9999999999999.99');
  });

  it('rejects fractional / unsafe numbers and non-integer strings', () => {
    expect(() => formatFen(1.5)).toThrow(MoneyFormatError);
    expect(() => formatFen(Number.NaN)).toThrow(MoneyFormatError);
    expect(() => formatFen(2 ** 53)).toThrow(MoneyFormatError);
    expect(() => formatFen('15.00')).toThrow(MoneyFormatError);
    expect(() => formatFen('')).toThrow(MoneyFormatError);
    expect(() => formatFen(' 1')).toThrow(MoneyFormatError);
  });

  it('round-trips through parseYuan', () => {
    for (const s of ['0.00', '0.01', '0.99', '1.00', '1500.00', '1500.50', '123456.78', '9999999999999.99']) {
      expect(formatFen(parseYuan(s))).toBe(s);
    }
    for (let fen = 0n; fen < 1000n; fen += 7n) {
      expect(parseYuan(formatFen(fen))).toBe(fen);
    }
  });

  it('sums exactly where floats drift', () => {
    const total = ['0.10', '0.20', '0.70'].map(parseYuan).reduce((a, b) => a + b, 0n);
    expect(formatFen(total)).toBe('1.00');
    expect(formatFen(parseYuan('1.00') - parseYuan('4.05'))).toBe('-3.05');
  });
});
