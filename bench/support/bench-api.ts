// Shared by the HTTP benchmarks: a database of their own (migrated), the real API on an
// ephemeral port in this process, a GraphQL client and login, and the owner connection.
import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'net';
import { Client } from 'pg';
import { runMigrations } from '@app/platform';

export interface BenchApi {
  url: string;
  app: INestApplication;
  /** Owner (superuser) connection to the bench database, for bulk seeding and EXPLAIN. */
  owner: Client;
  gql(query: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, any>>;
  login(username: string, tenantCode?: string): Promise<string>;
  /** Closes the API and drops the database unless `keep`. */
  close(keep?: boolean): Promise<void>;
}

export async function startBenchApi(label: string, password: string): Promise<BenchApi> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sn_bench_${label}_${process.pid}`;
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const owner = new Client({ connectionString: url });
  let app: INestApplication | undefined;
  const close = async (keep = false) => {
    await app?.close().catch(() => undefined);
    await owner.end().catch(() => undefined);
    if (!keep) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    await runMigrations(url);
    Object.assign(process.env, {
      DATABASE_URL: url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      JWT_SECRET: 'bench-secret-that-is-long-enough-0000000',
      DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      PLATFORM_ADMIN_PASSWORD: password,
      QUEUE_PREFIX: `{bench${process.pid}}`,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DB_POOL_SIZE: '10',
    });
    const { createApiApp } = await import('../../apps/api/src/bootstrap');
    app = await createApiApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    await owner.connect();
  } catch (e) {
    await close();
    throw e;
  }
  const endpoint = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
  const gql: BenchApi['gql'] = async (query, variables, token) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const login: BenchApi['login'] = async (username, tenantCode) =>
    (await gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password, tenantCode } })).login.accessToken as string;
  return { url, app, owner, gql, login, close };
}
