import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from './domain-error';

const INTERNAL_MESSAGE = '服务器内部错误，请稍后重试';

/** Apollo's own codes for documents and variables that fail before execution. */
const APOLLO_INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST']);

/** Exhaustive: a new ErrorCode does not compile until it is mapped here. */
export function extensionCodeOf(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.FORBIDDEN:
    case ErrorCode.NOT_FOUND:
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.CONFLICT:
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.TOO_MANY_REQUESTS:
      return code;
    default: {
      const never: never = code;
      return never;
    }
  }
}

/** Variable coercion messages name the variable path, e.g. `Variable "$input" got invalid value "X" at "input.claimType"`. */
function fieldFromCoercionMessage(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message);
  if (at) return at[1].split('.').pop();
  const field = /[Ff]ield "(?:[A-Za-z0-9_]+\.)?([A-Za-z0-9_]+)"/.exec(message);
  if (field) return field[1];
  const arg = /[Aa]rgument "(?:[A-Za-z0-9_.]+\()?([A-Za-z0-9_]+)\)?"/.exec(message);
  if (arg) return arg[1];
  // A plain argument passed as a variable: `Variable "$from" got invalid value ...`.
  return /Variable "\$([A-Za-z0-9_]+)"/.exec(message)?.[1];
}

/**
 * GraphQL's own failures to coerce a variable (`Variable "$i" got invalid value "X" at
 * "i.level"; Value "X" does not exist in "Level" enum.`): the user-facing message in Chinese, by
 * kind; the field is named in `extensions.field` (fieldFromCoercionMessage). Undefined for errors
 * in the document itself (parse and validation errors), which are a client's, not a user's.
 */
const COERCION_MESSAGES: [RegExp, string][] = [
  [/ does not exist in "[^"]*" enum/, '取值无效'],
  [/; Int cannot represent/, '须为整数'],
  [/; Float cannot represent/, '须为数字'],
  [/; Boolean cannot represent/, '须为是或否'],
  [/; String cannot represent/, '须为文本'],
  [/; ID cannot represent/, '编号无效'],
  [/; Value is not a valid LocalDate|; Expected type "Date"/, '日期须为有效的 YYYY-MM-DD 格式'],
  [/; DateTime cannot represent|; Expected type "DateTime"/, '时间须为带时区的 ISO-8601 格式，如 2026-03-31T23:59:00+08:00'],
  [/ was not provided\.| must not be null\.| not to be null\.| must be non-null\./, '不能为空'],
  [/; Field "[^"]*" is not defined by type/, '含有未定义的字段'],
];

export function coercionMessage(message: string): string | undefined {
  if (!message.startsWith('Variable "$')) return undefined;
  return COERCION_MESSAGES.find(([re]) => re.test(message))?.[1] ?? '格式不正确';
}

/**
 * The one place where errors become GraphQL errors: domain errors keep their code and field,
 * input errors become BAD_USER_INPUT naming the field, everything else is an internal error
 * without a stack trace (outside development).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown, exposeInternals: boolean): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError ?? error : error;
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: {
        code: extensionCodeOf(original.code),
        ...(original.field ? { field: original.field } : {}),
        ...(original.details ?? {}),
      },
    };
  }
  const code = formatted.extensions?.code as string | undefined;
  if (code && APOLLO_INPUT_CODES.has(code)) {
    const field = fieldFromCoercionMessage(formatted.message);
    return {
      message: coercionMessage(formatted.message) ?? `输入无效：${formatted.message}`,
      locations: formatted.locations,
      extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}), reason: code },
    };
  }
  if (code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'PERSISTED_QUERY_NOT_SUPPORTED' || code === 'OPERATION_RESOLUTION_FAILURE') {
    return { message: formatted.message, extensions: { code } };
  }
  return {
    message: exposeInternals ? formatted.message : INTERNAL_MESSAGE,
    path: formatted.path,
    locations: formatted.locations,
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      ...(exposeInternals && formatted.extensions?.stacktrace ? { stacktrace: formatted.extensions.stacktrace } : {}),
    },
  };
}
