import { ApolloDriverConfig } from '@nestjs/apollo';
import { AppConfig, DateTimeScalar, formatGraphQLError, graphqlProtection, GRAPHQL_LIMITS } from '@app/platform';
import { join } from 'path';

export const SCHEMA_FILE = join(process.cwd(), 'apps/api/schema.graphql');

export const BUILD_SCHEMA_OPTIONS = { dateScalarMode: 'isoDate' as const, numberScalarMode: 'integer' as const, scalarsMap: [{ type: Date, scalar: DateTimeScalar }] };

/**
 * The schema is generated in memory at boot; `npm run schema` (part of the build) writes it
 * to apps/api/schema.graphql, and a test fails when the committed file is stale.
 */
export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const dev = config.NODE_ENV === 'development';
  const armor = graphqlProtection();
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    buildSchemaOptions: BUILD_SCHEMA_OPTIONS,
    playground: false,
    introspection: true,
    includeStacktraceInErrorResponses: dev,
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
    formatError: (formatted, error) => formatGraphQLError(formatted, error, dev),
    plugins: [...armor.plugins],
    validationRules: [...armor.validationRules],
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
  } as ApolloDriverConfig;
}
