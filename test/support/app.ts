import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'crypto';
import request from 'supertest';
import { createTestDatabase, ownerQuery, TestDatabase } from './db';

export const TEST_ADMIN_PASSWORD = 'platform-admin-pass-1';

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string; [k: string]: unknown } }[];
  status: number;
}

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  queuePrefix: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  /** Like gql, but fails the test on any error and returns data. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  sql<T = Record<string, any>>(query: string, params?: unknown[]): Promise<T[]>;
  login(username: string, password: string, tenantCode?: string): Promise<string>;
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

/** Environment for one test app: its own database, a unique queue prefix, fixed test secrets. */
export function testEnv(dbUrl: string, queuePrefix: string): Record<string, string> {
  return {
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    JWT_SECRET: 'test-secret-that-is-long-enough-000000',
    DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    PLATFORM_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    PORT: '0',
  };
}

/**
 * Boots the real API (real PostgreSQL and Redis) on a database cloned for this test file; or on
 * `opts.db` (a database of the test's own, e.g. on a private server), with `opts.env` on top.
 */
export async function startTestApp(opts: { db?: TestDatabase; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = opts.db ?? (await createTestDatabase());
  const queuePrefix = `{t${randomBytes(4).toString('hex')}}`;
  Object.assign(process.env, testEnv(db.url, queuePrefix), opts.env ?? {});
  const { createApiApp } = await import('../../apps/api/src/bootstrap');
  const app = await createApiApp({ logger: false });
  await app.init();
  const server = app.getHttpServer();
  let adminToken: string | undefined;

  const gql: TestApp['gql'] = async (query, variables, token) => {
    const req = request(server).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return { ...(res.body ?? {}), status: res.status };
  };
  const ok: TestApp['ok'] = async (query, variables, token) => {
    const res = await gql(query, variables, token);
    if (res.errors?.length || !res.data) throw new Error(`GraphQL error: ${JSON.stringify(res.errors ?? res)}`);
    return res.data as never;
  };
  const login: TestApp['login'] = async (username, password, tenantCode) => {
    const data = await ok<{ login: { accessToken: string } }>(
      `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`,
      { i: { username, password, tenantCode } },
    );
    return data.login.accessToken;
  };
  return {
    app,
    db,
    queuePrefix,
    gql,
    ok,
    login,
    sql: (q, p) => ownerQuery(db.url, q, p),
    adminToken: async () => (adminToken ??= await login('admin', TEST_ADMIN_PASSWORD)),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export function codeOf(res: GqlResult): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}
