import type { CombinedError } from 'urql';

/**
 * One API error as the console shows it: the Chinese message, the English code from
 * `extensions.code` and, for BAD_USER_INPUT, the input field it names (`extensions.field`: the
 * innermost property, e.g. `amountClaimed`, `hasProof`; `extensions.path` has the full path).
 */
export interface ApiError {
  message: string;
  code: string;
  field?: string;
  path?: string;
}

export const NETWORK_ERROR_MESSAGE = '无法连接服务器，请检查网络后重试';

export function apiErrors(error: CombinedError | null | undefined): ApiError[] {
  if (!error) return [];
  const out: ApiError[] = error.graphQLErrors.map((e) => {
    const ext = (e.extensions ?? {}) as Record<string, unknown>;
    return {
      message: e.message,
      code: typeof ext.code === 'string' ? ext.code : 'INTERNAL_SERVER_ERROR',
      field: typeof ext.field === 'string' ? ext.field : undefined,
      path: typeof ext.path === 'string' ? ext.path : undefined,
    };
  });
  if (!out.length && error.networkError) out.push({ message: NETWORK_ERROR_MESSAGE, code: 'NETWORK_ERROR' });
  if (!out.length) out.push({ message: error.message.replace(/^\[\w+\]\s*/, ''), code: 'INTERNAL_SERVER_ERROR' });
  return out;
}

/** The error of one input field (matched on extensions.field), if any. */
export function fieldError(errors: ApiError[], field: string): ApiError | undefined {
  return errors.find((e) => e.field === field);
}

export function hasCode(error: CombinedError | null | undefined, code: string): boolean {
  return apiErrors(error).some((e) => e.code === code);
}
