import {
  CREDIT_CODE_ALPHABET,
  checkCreditCode,
  computeCreditCodeCheckChar,
  isCreditCode,
} from './credit-code';

describe('checkCreditCode', () => {
  it.each(['91350100M000100Y43', '91350200776049653A', '91440101MA5CJQ4N59'])(
    'accepts the valid code %s',
    (code) => {
      expect(checkCreditCode(code)).toEqual({ ok: true });
      expect(isCreditCode(code)).toBe(true);
    },
  );

  it('rejects a wrong length', () => {
    expect(checkCreditCode('91350100M000100Y4')).toEqual({
      ok: false,
      reason: 'LENGTH',
      message: '统一社会信用代码应为18位',
    });
    expect(checkCreditCode('91350100M000100Y433')).toMatchObject({ ok: false, reason: 'LENGTH' });
    expect(checkCreditCode('')).toMatchObject({ ok: false, reason: 'LENGTH' });
  });

  it('rejects characters outside the alphabet (I, O, Z, S, V, lowercase, spaces)', () => {
    for (const bad of ['91350100I000100Y43', '91350100O000100Y43', '91350100S000100Y43',
      '91350100m000100Y43', '91350100 000100Y43']) {
      expect(checkCreditCode(bad)).toEqual({
        ok: false,
        reason: 'CHARSET',
        message: '统一社会信用代码含有非法字符',
      });
    }
  });

  it('rejects a wrong check character', () => {
    expect(checkCreditCode('91350100M000100Y44')).toEqual({
      ok: false,
      reason: 'CHECK_DIGIT',
      message: '统一社会信用代码校验位错误',
    });
    // A single transposition in the body must also be caught.
    expect(checkCreditCode('91530100M000100Y43')).toMatchObject({ reason: 'CHECK_DIGIT' });
  });

  it('does not reject an unfamiliar first character', () => {
    const first17 = 'Y1350100M000100Y4';
    const code = first17 + computeCreditCodeCheckChar(first17);
    expect(checkCreditCode(code)).toEqual({ ok: true });
  });

  it('rejects non-string input as a length failure instead of throwing', () => {
    expect(checkCreditCode(undefined as unknown as string)).toMatchObject({ reason: 'LENGTH' });
    expect(isCreditCode(12345)).toBe(false);
  });
});

describe('computeCreditCodeCheckChar', () => {
  it('reproduces the check characters of the known examples', () => {
    expect(computeCreditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(computeCreditCodeCheckChar('91350200776049653')).toBe('A');
    expect(computeCreditCodeCheckChar('91440101MA5CJQ4N5')).toBe('9');
  });

  it('maps a weighted sum divisible by 31 to "0"', () => {
    expect(computeCreditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it('generates codes that checkCreditCode accepts', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 500; n++) {
      let body = '';
      for (let i = 0; i < 17; i++) body += CREDIT_CODE_ALPHABET[next() % CREDIT_CODE_ALPHABET.length];
      expect(checkCreditCode(body + computeCreditCodeCheckChar(body))).toEqual({ ok: true });
    }
  });

  it('throws on malformed input', () => {
    expect(() => computeCreditCodeCheckChar('9135010')).toThrow(RangeError);
    expect(() => computeCreditCodeCheckChar('91350100M000100Z4')).toThrow(RangeError);
  });
});
