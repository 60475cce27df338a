import { PhoneFormatError, isMainlandPhone, normalizePhone } from './phone';

describe('isMainlandPhone', () => {
  it.each([
    '13800138000',
    '19912345678',
    '138 0013 8000',
    '138-0013-8000',
    '+86 13800138000',
    '+8613800138000',
    '86 138 0013 8000',
    '8613800138000',
    '0086-13800138000',
    '010-62345678',
    '01062345678',
    '021 6234 5678',
    '(010)62345678',
    '(0591) 8765 4321',
    '0591-8765432',
    '0591-87654321',
    '05918765432',
    '0755-8888-6666',
    '0591-87654321-123',
    '0591-87654321转123',
    '0591-87654321 转 8001',
    '010-62345678#66',
  ])('accepts %s', (s) => {
    expect(isMainlandPhone(s)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['too short mobile', '1380013800'],
    ['12 digits', '138001380001'],
    ['letters', '1380013800a'],
    ['letters in landline', '0591-8765abcd'],
    ['invalid mobile segment', '12800138000'],
    ['landline without area code (8 digits)', '62345678'],
    ['landline without area code (7 digits)', '8765432'],
    ['local number starting with 0', '0591-07654321'],
    ['2-digit area code with 7-digit local', '010-6234567'],
    ['local number too long', '0591-876543210'],
    ['country code on a landline', '+86 10 62345678'],
    ['untrimmed', ' 13800138000'],
    ['double separator', '138--0013-8000'],
    ['extension too long', '0591-87654321-1234567'],
  ])('rejects %s (%s)', (_label, s) => {
    expect(isMainlandPhone(s)).toBe(false);
  });

  it('rejects non-string input', () => {
    expect(isMainlandPhone(13800138000 as unknown as string)).toBe(false);
    expect(isMainlandPhone(null as unknown as string)).toBe(false);
  });
});

describe('normalizePhone', () => {
  it('maps different spellings of one mobile to the same 11 digits', () => {
    const forms = ['13800138000', '138 0013 8000', '138-0013-8000', '+86 13800138000',
      '+8613800138000', '86 138 0013 8000', '0086 13800138000'];
    for (const f of forms) expect(normalizePhone(f)).toBe('13800138000');
  });

  it('keeps the trunk 0 and area code of landlines', () => {
    expect(normalizePhone('010-62345678')).toBe('01062345678');
    expect(normalizePhone('(010) 6234 5678')).toBe('01062345678');
    expect(normalizePhone('0591 8765432')).toBe('05918765432');
    expect(normalizePhone('(0591)87654321')).toBe('059187654321');
  });

  it('keeps the extension apart so distinct numbers never collide', () => {
    expect(normalizePhone('0591-8765432-123')).toBe('05918765432-123');
    expect(normalizePhone('0591-8765432转123')).toBe('05918765432-123');
    expect(normalizePhone('0591-87654321-23')).toBe('059187654321-23');
    expect(normalizePhone('0591-8765432-123')).not.toBe(normalizePhone('0591-87654321-23'));
  });

  it('throws PhoneFormatError for invalid input', () => {
    expect(() => normalizePhone('62345678')).toThrow(PhoneFormatError);
    expect(() => normalizePhone('1380013800a')).toThrow(PhoneFormatError);
    expect(() => normalizePhone('')).toThrow(PhoneFormatError);
  });
});
