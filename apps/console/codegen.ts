import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed GraphQL operations for the console: every `graphql(\`...\`)` in src/**\/*.tsx is checked
 * against the API's schema and typed; `npm run console:codegen` writes src/gql (checked in; a
 * test fails when it is stale). Paths are relative to the repository root.
 */
export const CONSOLE_GQL_DIR = 'apps/console/src/gql/';

const config: CodegenConfig = {
  overwrite: true,
  schema: 'apps/api/schema.graphql',
  documents: ['apps/console/src/**/*.tsx'],
  ignoreNoDocuments: true,
  generates: {
    [CONSOLE_GQL_DIR]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        scalars: { Date: 'string', DateTime: 'string' },
      },
    },
    // Every enum of the schema as a string union (the client preset emits only the enums the
    // operations use; labels.ts needs all of them).
    [`${CONSOLE_GQL_DIR}enums.ts`]: {
      plugins: ['typescript'],
      config: { onlyEnums: true, enumsAsTypes: true },
    },
  },
};

export default config;
