/**
 * Money amounts.
 *
 * On the wire (GraphQL / forms) an amount is a yuan string with exactly two decimals,
 * e.g. "1500.00"; in storage and arithmetic it is an integer number of fen (分) held in
 * a bigint. Floats are never involved: 0.1 + 0.2 style rounding errors are unacceptable
 * for compensation amounts, and the string form keeps the representation unambiguous.
 */

export const MONEY_MESSAGE = '金额须为两位小数的元（如 1500.00）';

/**
 * Upper bound on integer (yuan) digits. 13 digits + 2 decimals = at most 15 digits of fen,
 * which stays below Number.MAX_SAFE_INTEGER (so JSON / driver round trips cannot lose
 * precision even if a number slips through) and fits a PostgreSQL BIGINT.
 */
export const MAX_YUAN_INTEGER_DIGITS = 13;

export class MoneyFormatError extends Error {
  constructor(message = MONEY_MESSAGE) {
    super(message);
    this.name = 'MoneyFormatError';
  }
}

// Strict grammar: no sign, no whitespace, no thousands separators, no exponent, no
// leading zeros (except the single "0" before the point), exactly two decimals.
const YUAN_RE = new RegExp(`^(0|[1-9]\\d{0,${MAX_YUAN_INTEGER_DIGITS - 1}})\\.(\\d{2})$`);

const FEN_STRING_RE = /^-?\d+$/;

/** True when `s` is a valid non-negative yuan amount string (see parseYuan). */
export function isYuanString(s: unknown): s is string {
  return typeof s === 'string' && YUAN_RE.test(s);
}

/** Parses a yuan string such as "1500.00" into fen (150000n). Throws MoneyFormatError otherwise. */
export function parseYuan(s: string): bigint {
  const m = typeof s === 'string' ? YUAN_RE.exec(s) : null;
  if (!m) throw new MoneyFormatError();
  return BigInt(m[1]) * 100n + BigInt(m[2]);
}

/**
 * Formats fen as a yuan string with two decimals. Negative values are allowed because
 * totals and differences can be negative ("-3.05"); no upper bound, since sums may
 * exceed the per-amount input limit.
 * Numbers must be safe integers and strings must be plain integers, otherwise the value
 * was already corrupted by float arithmetic or is not fen at all; both throw.
 */
export function formatFen(fen: bigint | number | string): string {
  let v: bigint;
  if (typeof fen === 'bigint') {
    v = fen;
  } else if (typeof fen === 'number') {
    if (!Number.isSafeInteger(fen)) throw new MoneyFormatError('金额（分）须为安全整数');
    v = BigInt(fen);
  } else if (typeof fen === 'string' && FEN_STRING_RE.test(fen)) {
    // PostgreSQL BIGINT / NUMERIC columns come back from pg as strings.
    v = BigInt(fen);
  } else {
    throw new MoneyFormatError('金额（分）须为整数');
  }
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${cents}`;
}
