/**
 * class-validator decorators for DTOs / GraphQL inputs, built on the pure helpers of this
 * folder so the rules live in exactly one place.
 *
 * Like the built-in decorators, none of these trims its input: whitespace around a value
 * makes it invalid, normalisation is the caller's (transformer's) job.
 */
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';
import { checkCreditCode, CREDIT_CODE_MESSAGES } from './credit-code';
import { isMainlandPhone, PHONE_MESSAGE } from './phone';
import { isYuanString, MONEY_MESSAGE } from './money';

export const BUSINESS_DATE_MESSAGE = '日期须为有效的 YYYY-MM-DD 格式';
export const NOT_BLANK_MESSAGE = '不能为空';

/** Message used by @IsCreditCode when the value is not a string at all. */
export const CREDIT_CODE_TYPE_MESSAGE = CREDIT_CODE_MESSAGES.LENGTH;

export const IS_CREDIT_CODE = 'isCreditCode';
export const IS_MAINLAND_PHONE = 'isMainlandPhone';
export const IS_MONEY = 'isMoney';
export const IS_BUSINESS_DATE = 'isBusinessDate';
export const NOT_BLANK = 'notBlank';

const BUSINESS_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Strict calendar date 'YYYY-MM-DD' (proleptic Gregorian, year 0001–9999): rejects
 * '2024-2-1', '2024-02-30', '2023-02-29', timestamps and anything Date.parse would
 * leniently accept.
 */
export function isBusinessDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = BUSINESS_DATE_RE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= daysInMonth;
}

/** A string with at least one non-whitespace character (full-width space U+3000 counts as whitespace). */
export function isNotBlank(s: unknown): s is string {
  return typeof s === 'string' && /\S/.test(s);
}

/**
 * The specific GB 32100-2015 failure for the value being reported. With `each: true`
 * class-validator passes the whole collection, so report the first failing element.
 */
function creditCodeMessage(args: ValidationArguments): string {
  const values: unknown[] =
    args.value instanceof Set || args.value instanceof Map
      ? [...args.value.values()]
      : Array.isArray(args.value)
        ? args.value
        : [args.value];
  for (const v of values) {
    if (typeof v !== 'string') return CREDIT_CODE_TYPE_MESSAGE;
    const r = checkCreditCode(v);
    if (!r.ok) return r.message;
  }
  return CREDIT_CODE_TYPE_MESSAGE;
}

/** Unified social credit code (GB 32100-2015); message names the failed check. */
export function IsCreditCode(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_CREDIT_CODE,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && checkCreditCode(value).ok,
        defaultMessage: creditCodeMessage,
      },
    },
    validationOptions,
  );
}

/** Mainland mobile, or landline with area code (see phone.ts). */
export function IsMainlandPhone(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_MAINLAND_PHONE,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isMainlandPhone(value),
        defaultMessage: () => PHONE_MESSAGE,
      },
    },
    validationOptions,
  );
}

/** Yuan amount string with exactly two decimals, e.g. "1500.00" (see money.ts). */
export function IsMoney(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_MONEY,
      validator: {
        validate: (value: unknown) => isYuanString(value),
        defaultMessage: () => MONEY_MESSAGE,
      },
    },
    validationOptions,
  );
}

/** Strict 'YYYY-MM-DD' that is a real calendar date. */
export function IsBusinessDate(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_BUSINESS_DATE,
      validator: {
        validate: (value: unknown) => isBusinessDate(value),
        defaultMessage: () => BUSINESS_DATE_MESSAGE,
      },
    },
    validationOptions,
  );
}

/** String with non-whitespace content; rejects '', '   ', null, undefined and non-strings. */
export function NotBlank(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: NOT_BLANK,
      validator: {
        validate: (value: unknown) => isNotBlank(value),
        defaultMessage: () => NOT_BLANK_MESSAGE,
      },
    },
    validationOptions,
  );
}
