import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** class-validator failures become BAD_USER_INPUT naming the (innermost) field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
