import { cacheExchange, Client, fetchExchange, mapExchange } from 'urql';

/**
 * The console's GraphQL client: POST /graphql (same origin: the API serves the console, the
 * Vite dev server proxies), the bearer token of the signed-in user, urql's document cache
 * (a mutation refetches cached queries that returned the same __typename). An
 * UNAUTHENTICATED answer (expired or revoked token) signs the user out.
 */
export function createClient(token: string | null, onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    exchanges: [
      mapExchange({
        onError(error) {
          if (token && error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
