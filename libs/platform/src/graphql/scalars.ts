import { GraphQLLocalDate } from 'graphql-scalars';
import { GraphQLScalarType } from 'graphql';
export { GraphQLISODateTime as DateTimeScalar } from '@nestjs/graphql';

/** Contract `Date`: a business date YYYY-MM-DD in China Standard Time, kept as a string. */
export const DateScalar = new GraphQLScalarType({
  ...GraphQLLocalDate.toConfig(),
  name: 'Date',
  description: '业务日期 YYYY-MM-DD（中国标准时间）',
});
