/**
 * Unified social credit code (统一社会信用代码) per GB 32100-2015.
 *
 * Layout: 18 characters; the 18th is a check character computed over the first 17
 * with the modulus-31 scheme of the standard (section 4 / appendix B). We deliberately
 * do not validate the registration-authority / organisation-type prefix (chars 1–2) or
 * the administrative-division code (chars 3–8): new authority codes are issued over
 * time and rejecting them would block legitimate registrations.
 */

/** Code alphabet of GB 32100-2015: digits plus uppercase Latin letters without I, O, Z, S, V. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Position weights Wi = 3^(i-1) mod 31 for positions 1..17 (GB 32100-2015). */
export const CREDIT_CODE_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

export const CREDIT_CODE_LENGTH = 18;

export const CREDIT_CODE_MESSAGES = {
  LENGTH: '统一社会信用代码应为18位',
  CHARSET: '统一社会信用代码含有非法字符',
  CHECK_DIGIT: '统一社会信用代码校验位错误',
} as const;

export type CreditCodeFailureReason = keyof typeof CREDIT_CODE_MESSAGES;

export type CreditCodeCheckResult =
  | { ok: true }
  | { ok: false; reason: CreditCodeFailureReason; message: string };

// Only the uppercase alphabet is accepted: the standard defines uppercase letters and
// callers are expected to normalise (trim / uppercase) before validation.
const CHARSET_RE = /^[0-9A-HJ-NP-RTUW-Y]*$/;

function charValue(ch: string): number {
  return CREDIT_CODE_ALPHABET.indexOf(ch);
}

/**
 * Check character for the first 17 characters: C18 = 31 − (Σ value(Ci)·Wi mod 31),
 * where a result of 31 maps to 0 (hence the outer mod 31).
 * Throws RangeError when the input is not exactly 17 characters of the alphabet, so
 * data generators fail loudly instead of producing garbage codes.
 */
export function computeCreditCodeCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || first17.length !== CREDIT_CODE_LENGTH - 1) {
    throw new RangeError('computeCreditCodeCheckChar expects exactly 17 characters');
  }
  if (!CHARSET_RE.test(first17)) {
    throw new RangeError('computeCreditCodeCheckChar: character outside the GB 32100-2015 alphabet');
  }
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    sum += charValue(first17[i]) * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * Validates a unified social credit code. Checks run in a fixed order (length, charset,
 * check character) so the reported reason is the first rule the input breaks.
 */
export function checkCreditCode(code: string): CreditCodeCheckResult {
  if (typeof code !== 'string' || code.length !== CREDIT_CODE_LENGTH) {
    return { ok: false, reason: 'LENGTH', message: CREDIT_CODE_MESSAGES.LENGTH };
  }
  if (!CHARSET_RE.test(code)) {
    return { ok: false, reason: 'CHARSET', message: CREDIT_CODE_MESSAGES.CHARSET };
  }
  if (computeCreditCodeCheckChar(code.slice(0, 17)) !== code[17]) {
    return { ok: false, reason: 'CHECK_DIGIT', message: CREDIT_CODE_MESSAGES.CHECK_DIGIT };
  }
  return { ok: true };
}

/** Boolean shorthand for checkCreditCode. */
export function isCreditCode(code: unknown): boolean {
  return typeof code === 'string' && checkCreditCode(code).ok;
}
