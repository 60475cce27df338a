import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { PlatformError } from '../errors';

/**
 * Chinese messages for class-validator's built-in constraints, whose default messages are English
 * ("description must be shorter than or equal to 500 characters"). `n` is the constraint's number
 * as the English message states it (the only place the exception factory can read it from).
 */
const CHINESE_MESSAGES: Record<string, (n: string | undefined) => string> = {
  maxLength: (n) => `不能超过 ${n} 个字符`,
  minLength: (n) => `至少需要 ${n} 个字符`,
  isUuid: () => '编号无效',
  isEnum: () => '取值无效',
  isIn: () => '取值无效',
  matches: () => '格式不正确',
  min: (n) => `不能小于 ${n}`,
  max: (n) => `不能大于 ${n}`,
  isBoolean: () => '须为是或否',
  isString: () => '须为文本',
  isInt: () => '须为整数',
  isNumber: () => '须为数字',
  isDate: () => '须为有效的时间',
  arrayMaxSize: (n) => `最多 ${n} 项`,
  arrayMinSize: (n) => `至少需要 ${n} 项`,
  nestedValidation: () => '格式不正确',
};

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The user-facing (Chinese only) message of one failed constraint: a message written for the
 * decorator is kept (without a leading English property name, e.g. `orgUnitId 无效` → `无效`);
 * class-validator's English defaults are replaced by their Chinese equivalent.
 */
export function chineseConstraintMessage(property: string, constraint: string, message: string): string {
  if (CJK.test(message)) {
    const stripped = message.startsWith(property) ? message.slice(property.length).replace(/^\s*[:：]?\s*/, '') : message;
    return stripped && CJK.test(stripped[0]) ? stripped : message;
  }
  const n = /(-?\d+(?:\.\d+)?)\D*$/.exec(message)?.[1];
  return CHINESE_MESSAGES[constraint]?.(n) ?? '输入无效';
}

/** The first failed constraint, depth first in declaration order, with its property path. */
function firstLeaf(errors: ValidationError[], path: string[] = []): { path: string[]; message: string } | null {
  for (const e of errors) {
    const [constraint, message] = Object.entries(e.constraints ?? {})[0] ?? [];
    if (constraint !== undefined) {
      return { path: [...path, e.property], message: chineseConstraintMessage(e.property, constraint, message) };
    }
    const nested = firstLeaf(e.children ?? [], [...path, e.property]);
    if (nested) return nested;
  }
  return null;
}

/** Text PostgreSQL cannot store (NUL) or jsonb cannot carry (lone UTF-16 surrogates). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string in an argument value that could not be stored, if any. */
export function unstorablePath(value: unknown, path: string[] = [], seen = new WeakSet<object>()): string[] | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (value && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const [k, v] of Object.entries(value)) {
      const found = unstorablePath(v, [...path, k], seen);
      if (found) return found;
    }
  }
  return null;
}

/** GqlParamtype.ARGS of @nestjs/graphql (not exported): pipes also see root, context and info. */
const GQL_ARGS = 3;

/** Every argument, scalars included, is screened for unstorable text before class-validator runs. */
class PlatformValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const screened = (metadata.type as unknown) === GQL_ARGS || metadata.type === 'body' || metadata.type === 'query';
    const bad = screened ? unstorablePath(value, metadata.data ? [metadata.data] : []) : null;
    if (bad) {
      const named = [...bad].reverse().find((p) => !/^\d+$/.test(p)) ?? 'input';
      throw PlatformError.badInput(named, '含有无法保存的字符（如 NUL 或不成对的代理字符）', { path: bad.join('.') });
    }
    return super.transform(value, metadata);
  }
}

/**
 * class-validator failures become BAD_USER_INPUT. The message is Chinese only (it is shown to
 * users, beside the field or in a form's banner); `extensions.field` names the innermost property
 * (`hasReceipt`, `workingDays`: the console matches it to the form's field names) and
 * `extensions.path` the full dotted path (`checklist.hasReceipt`, `rectifications.0.workingDays`).
 *
 * Several failed fields: the first one (declaration order, depth first) is reported, message,
 * field and path alike. Joining every message would not say which field each belongs to, now that
 * messages no longer name their field; fixing that field and resubmitting shows the next.
 */
export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
    transform: true,
    whitelist: false,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const leaf = firstLeaf(errors);
      if (!leaf) return PlatformError.badInput('input', '输入无效');
      // Array elements appear as numeric path parts: name the property, keep the full path.
      const named = [...leaf.path].reverse().find((p) => !/^\d+$/.test(p)) ?? leaf.path[0];
      return PlatformError.badInput(named, leaf.message, { path: leaf.path.join('.') });
    },
  });
}
