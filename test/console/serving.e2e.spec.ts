import { INestApplication } from '@nestjs/common';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { SPA_PATH } from '../../apps/api/src/console';
import { startTestApp, TestApp } from '../support/app';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../support/console-build';

/**
 * Paths of the Express app's routes (Nest controllers; serve-static's catch-all), less the
 * catch-all routes Nest registers for middleware applied to every path. Apollo is mounted with
 * `use('/graphql')` (not a route) and is checked by request below.
 */
function routePaths(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance();
  const stack: { route?: { path: string } }[] = express.router.stack;
  return stack.map((l) => l.route?.path).filter((p): p is string => typeof p === 'string' && !/^\/?\{\*\w+\}$/.test(p));
}

/** The API serves the built console at `/` without shadowing any API route (issue 10, point 1). */
describe('console served by the API', () => {
  let t: TestApp;
  let server: unknown;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    process.env.CONSOLE_DIR = CONSOLE_DIST;
    t = await startTestApp();
    server = t.app.getHttpServer();
  });
  afterAll(() => t?.close());

  const get = (path: string) => request(server as never).get(path);

  it('serves index.html at / and for client-side routes (SPA fallback), never cached', async () => {
    const index = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
    for (const path of ['/', '/sign-in', '/counter/0193a000-0000-7000-8000-000000000000/print/agreement', '/no/such/page']) {
      const res = await get(path);
      expect({ path, status: res.status, type: res.type }).toEqual({ path, status: 200, type: 'text/html' });
      expect(res.text).toBe(index);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves the hashed assets with a long cache; a missing asset is 404, not index.html', async () => {
    const asset = readdirSync(join(CONSOLE_DIST, 'assets')).find((f) => f.startsWith('vendor-') && f.endsWith('.js'))!;
    const res = await get(`/assets/${asset}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/javascript');
    expect(res.headers['cache-control']).toContain('immutable');
    // A client that accepts gzip gets the build's precompressed copy.
    const raw = readFileSync(join(CONSOLE_DIST, 'assets', asset));
    const gz = await get(`/assets/${asset}`).set('accept-encoding', 'gzip, deflate, br').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toContain('text/javascript');
    expect(gz.headers['cache-control']).toContain('immutable');
    // superagent inflates the body; the bytes on the wire are the .gz file.
    expect(Number(gz.headers['content-length'])).toBe(statSync(join(CONSOLE_DIST, 'assets', `${asset}.gz`)).size);
    expect(Number(gz.headers['content-length'])).toBeLessThan(raw.length / 2);
    expect((gz.body as Buffer).equals(raw)).toBe(true);
    const plain = await get(`/assets/${asset}`).set('accept-encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const missing = await get('/assets/missing-0000.js');
    expect(missing.status).toBe(404);
    expect(missing.type).not.toBe('text/html');
  });

  it('leaves /graphql, /health and /exports/* to the API, errors included', async () => {
    const health = await get('/health');
    expect(health.type).toBe('application/json');
    // A GET to /graphql reaches Apollo (which refuses it without a preflight header), not the SPA.
    const gqlGet = await get('/graphql?query=%7B__typename%7D');
    expect(gqlGet.type).not.toBe('text/html');
    const gqlPost = await t.gql('{ __typename }');
    expect(gqlPost.data).toEqual({ __typename: 'Query' });
    const ledger = await get('/exports/ledger.csv');
    expect(ledger.status).toBe(401);
    expect(ledger.type).toBe('application/json');
    // The body limit still answers 413 (not a 404 or the SPA).
    const big = await request(server as never).post('/graphql').set('content-type', 'application/json').send({ query: '{ __typename }', pad: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);
    const unknownExport = await get('/exports/nothing.csv');
    expect(unknownExport.status).toBe(404);
    expect(unknownExport.type).not.toBe('text/html');
  });

  it('every API route of the Express app is excluded from the SPA fallback', () => {
    const paths = routePaths(t.app);
    expect(paths).toContain('/health');
    for (const path of paths) {
      const concrete = path.replace(/:(\w+)/g, 'x').replace(/\{\*\w+\}|\*\w*/g, 'x');
      expect({ path, spa: SPA_PATH.test(concrete) }).toEqual({ path, spa: false });
    }
  });
});
