/**
 * Mainland China phone numbers (mobile and landline).
 *
 * Mobile: 11 digits `1[3-9]xxxxxxxxx` (MIIT numbering plan: 13x–19x segments), optionally
 * preceded by the country code (+86, 0086 or 86) and written in the usual 3-4-4 groups.
 *
 * Landline: trunk prefix 0 + area code, then the local number. Per the national plan
 * the 2-digit area codes (010 Beijing, 02x) always carry 8-digit local numbers, while
 * 3-digit area codes (03xx–09xx) carry 7- or 8-digit ones. Local numbers never start
 * with 0 or 1 (those are the trunk / special-service prefixes). An extension may follow
 * as `-123`, `#123` or `转123`.
 *
 * Input is not trimmed here: that is the caller's job (same contract as the other
 * validators in this folder).
 */

export const PHONE_MESSAGE = '请输入有效的手机号或带区号的固定电话';

export class PhoneFormatError extends Error {
  constructor(message = PHONE_MESSAGE) {
    super(message);
    this.name = 'PhoneFormatError';
  }
}

const SEP = '[ -]?';

// Country code is accepted for mobiles only; for landlines the international form
// drops the trunk 0 and is rare in user input, so accepting it would mostly create
// ambiguity with mobiles.
const MOBILE_RE = new RegExp(
  `^(?:(?:\\+|00)?86${SEP})?(1[3-9]\\d)${SEP}(\\d{4})${SEP}(\\d{4})$`,
);

const EXTENSION = '(?:(?:-|#| ?转 ?)(\\d{1,6}))?';

// Area code may be written in parentheses, e.g. "(0591)87654321" or "(010) 6234 5678".
const LANDLINE_RE = new RegExp(
  '^(?:' +
    // 2-digit area codes: 010, 020–029; local number is exactly 8 digits.
    `(?:\\((0(?:10|2\\d))\\) ?|(0(?:10|2\\d))${SEP})([2-9]\\d{3})${SEP}(\\d{4})` +
    '|' +
    // 3-digit area codes: 0300–0999; local number is 7 or 8 digits.
    `(?:\\((0[3-9]\\d{2})\\) ?|(0[3-9]\\d{2})${SEP})([2-9]\\d{2,3})${SEP}(\\d{4})` +
    ')' +
    EXTENSION +
    '$',
);

/** True when `s` is a mainland mobile number or a landline with area code. */
export function isMainlandPhone(s: string): boolean {
  return typeof s === 'string' && (MOBILE_RE.test(s) || LANDLINE_RE.test(s));
}

/**
 * Canonical form used as the input of a keyed hash for equality lookups, so different
 * spellings of the same number collide on purpose:
 *   - mobile:   the bare 11 digits ('+86 138-0013-8000' → '13800138000');
 *   - landline: area code + local number as digits ('(0591) 8765 4321' → '059187654321');
 *     an extension is appended after a single '-' ('0591-8765432转123' → '05918765432-123'),
 *     because plain digit concatenation would make e.g. 0591-87654321 ext 23 and
 *     0591-8765432 ext 123 collide.
 * Throws PhoneFormatError for anything isMainlandPhone rejects, so garbage can never be
 * hashed into a lookup key.
 */
export function normalizePhone(s: string): string {
  if (typeof s !== 'string') throw new PhoneFormatError();
  const mobile = MOBILE_RE.exec(s);
  if (mobile) return mobile[1] + mobile[2] + mobile[3];
  const landline = LANDLINE_RE.exec(s);
  if (!landline) throw new PhoneFormatError();
  // Exactly one of the two alternatives matched; join whichever groups are set.
  const [, a2p, a2, l2a, l2b, a3p, a3, l3a, l3b, ext] = landline;
  const main = l2a !== undefined ? (a2p ?? a2) + l2a + l2b : (a3p ?? a3) + l3a + l3b;
  return ext !== undefined ? `${main}-${ext}` : main;
}
