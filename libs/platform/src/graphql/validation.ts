import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { PlatformError } from '../errors';

function firstLeaf(errors: ValidationError[], path: string[] = []): { path: string[]; message: string } | null {
  for (const e of errors) {
    if (e.constraints && Object.keys(e.constraints).length) {
      return { path: [...path, e.property], message: Object.values(e.constraints)[0] };
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
      throw PlatformError.badInput(named, `${named}: 含有无法保存的字符（如 NUL 或不成对的代理字符）`, { path: bad.join('.') });
    }
    return super.transform(value, metadata);
  }
}

/** class-validator failures become BAD_USER_INPUT naming the (innermost) field. */
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
      return PlatformError.badInput(named, `${named}: ${leaf.message}`, { path: leaf.path.join('.') });
    },
  });
}
