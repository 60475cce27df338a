import { GraphQLError } from 'graphql';
import { ErrorCode, PlatformError } from './domain-error';
import { formatGraphQLError } from './format-error';

describe('formatGraphQLError', () => {
  it('keeps a domain error code, message and field', () => {
    const err = new GraphQLError('x', { originalError: PlatformError.badInput('amount', '金额无效') });
    expect(formatGraphQLError({ message: 'x' }, err, false)).toMatchObject({ message: '金额无效', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'amount' } });
  });

  it('hides internal errors and their stack traces outside development', () => {
    const err = new GraphQLError('relation "x" does not exist', { originalError: new Error('relation "x" does not exist') });
    const out = formatGraphQLError({ message: 'relation "x" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, err, false);
    expect(out.message).not.toContain('relation');
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    const dev = formatGraphQLError({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, err, true);
    expect(dev.extensions?.stacktrace).toEqual(['at x']);
  });

  it('names the field of a variable coercion failure', () => {
    const out = formatGraphQLError(
      { message: 'Variable "$i" got invalid value "PLANET" at "i.level"; Value "PLANET" does not exist in "OrgUnitLevel" enum.', extensions: { code: 'BAD_USER_INPUT' } },
      new Error('x'),
      false,
    );
    expect(out.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'level' });
    const plain = formatGraphQLError({ message: 'Variable "$from" got invalid value "2025-13-01"; Expected type "Date".', extensions: { code: 'BAD_USER_INPUT' } }, new Error('x'), false);
    expect(plain.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it('words a variable coercion failure in Chinese for the user, the field only in extensions', () => {
    const cases: [string, string][] = [
      ['Variable "$i" got invalid value "PLANET" at "i.level"; Value "PLANET" does not exist in "OrgUnitLevel" enum.', '取值无效'],
      ['Variable "$i" got invalid value "2026-13-01" at "i.inspectedOn"; Value is not a valid LocalDate: 2026-13-01', '日期须为有效的 YYYY-MM-DD 格式'],
      ['Variable "$i" got invalid value 1.5 at "i.quota"; Int cannot represent non-integer value: 1.5', '须为整数'],
      ['Variable "$i" got invalid value {} ; Field "name" of required type "String!" was not provided.', '不能为空'],
      ['Variable "$id" of non-null type "ID!" must not be null.', '不能为空'],
      ['Variable "$i" got invalid value { x: 1 }; Field "x" is not defined by type "OpenDisputeInput".', '含有未定义的字段'],
      ['Variable "$i" got invalid value [] at "i.level"; Expected type "OrgUnitLevel" to be something new.', '格式不正确'],
    ];
    for (const [message, chinese] of cases) {
      const out = formatGraphQLError({ message, extensions: { code: 'BAD_USER_INPUT' } }, new Error('x'), false);
      expect([message, out.message]).toEqual([message, chinese]);
      expect(out.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_USER_INPUT' });
    }
    // Errors in the document itself stay a client's (developer's) message.
    const parse = formatGraphQLError({ message: 'Syntax Error: Unexpected Name "x".', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, new Error('x'), false);
    expect(parse.message).toBe('输入无效：Syntax Error: Unexpected Name "x".');
  });
});
