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
});
