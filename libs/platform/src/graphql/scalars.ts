import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { GraphQLScalarType } from 'graphql';

/**
 * Contract `DateTime`: ISO-8601 with an offset (RFC 3339), e.g. 2026-03-31T23:59:00+08:00. A time
 * without one is refused, not read as UTC: "2026-03-31T23:59:00" meant in China would otherwise be
 * stored eight hours late (another day, another month's statistics). Also the scalar of every
 * `Date` field (BUILD_SCHEMA_OPTIONS.scalarsMap).
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTime.toConfig(),
  name: 'DateTime',
  description: '时间：带时区的 ISO-8601 格式，如 2026-03-31T23:59:00+08:00（不带时区的时间不予接受）',
  specifiedByURL: undefined,
});

/** Contract `Date`: a business date YYYY-MM-DD in China Standard Time, kept as a string. */
export const DateScalar = new GraphQLScalarType({
  ...GraphQLLocalDate.toConfig(),
  name: 'Date',
  description: '业务日期 YYYY-MM-DD（中国标准时间）',
});
