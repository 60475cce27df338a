import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Limits that reject an abusive document before it executes. Tokens are limited at parse
 * time (a flood of fields never reaches validation); depth, aliases, directives and cost are
 * validation rules, so nothing runs when one is exceeded.
 */
export const GRAPHQL_LIMITS = {
  maxTokens: 5000,
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxCost: 20000,
};

export function graphqlProtection() {
  const armor = new ApolloArmor({
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens },
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, flattenFragments: true },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost },
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect();
}
