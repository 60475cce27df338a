// Abuse limits (issue 9, item 6) not already shown elsewhere. Covered before this file:
// body size (413), depth, aliases and tokens in test/platform/graphql.e2e.spec.ts; login
// throttling in test/identity.e2e.spec.ts; the public-comment rate limit in
// test/evaluation.e2e.spec.ts. Here: the cost limit, the directive limit and batched requests.
import request from 'supertest';
import { GRAPHQL_LIMITS } from '@app/platform';
import { startTestApp, TestApp } from '../support/app';
import { expectError } from '../support/access';

describe('hardening: abuse limits not covered elsewhere (issue 9)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.adminToken();
  });
  afterAll(() => t?.close());

  it('rejects a document above the cost limit that passes the depth, alias and token limits, before executing it', async () => {
    // Each fragment spreads the previous one four times: shallow, few tokens, no aliases, but
    // the cost (every spread counted) grows 4× per level.
    const frags = ['fragment F0 on OrgUnit { id name level regionCode }'];
    for (let i = 1; i <= 8; i++) frags.push(`fragment F${i} on OrgUnit { ${`...F${i - 1} `.repeat(4)}}`);
    const doc = `{ orgUnits { ...F8 } } ${frags.join(' ')}`;
    expect(doc.split(/\s+/).length).toBeLessThan(GRAPHQL_LIMITS.maxTokens);
    const res = await t.gql(doc, {}, token);
    expectError(res, 'BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/cost/i);
    expect(res.data ?? null).toBeNull();
    // The same shape, two levels only, is cheap enough and runs.
    const cheap = await t.gql(`{ orgUnits { ...F2 } } ${frags.slice(0, 3).join(' ')}`, {}, token);
    expect(cheap.errors ?? []).toEqual([]);
  });

  it('rejects more directives than the limit', async () => {
    const dirs = Array.from({ length: GRAPHQL_LIMITS.maxDirectives + 5 }, () => '@include(if: true)').join(' ');
    const res = await t.gql(`{ me ${dirs} { id } }`, {}, token);
    expectError(res, 'BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/directive/i);
    expect(res.data ?? null).toBeNull();
  });

  it('refuses batched requests (one HTTP request cannot carry many operations past the per-request limits)', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send(Array.from({ length: 50 }, () => ({ query: '{ me { id } }' })));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
