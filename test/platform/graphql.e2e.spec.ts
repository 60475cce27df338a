import { readFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GRAPHQL_LIMITS } from '@app/platform';
import { startTestApp, TestApp } from '../support/app';
import { expectError } from '../support/access';
import { printServedSchema, generateSchemaText } from '../../apps/api/src/schema-file';

describe('GraphQL plumbing', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.adminToken();
  });
  afterAll(() => t?.close());

  it('serves exactly the committed apps/api/schema.graphql (run `npm run schema` when this fails)', async () => {
    const served = printServedSchema(t.app.get(GraphQLSchemaHost).schema);
    const committed = readFileSync(join(__dirname, '../../apps/api/schema.graphql'), 'utf8');
    expect(served).toEqual(committed);
    // The build's generator (no database) produces the same text as the running server.
    expect(await generateSchemaText()).toEqual(served);
  });

  it('rejects a document deeper than the limit before executing it', async () => {
    let q = 'id';
    for (let i = 0; i < GRAPHQL_LIMITS.maxDepth + 2; i++) q = `parent { ${q} }`;
    const res = await t.gql(`{ orgUnits { ${q} } }`, {}, token);
    expectError(res, 'BAD_USER_INPUT');
    expect(res.data ?? null).toBeNull();
  });

  it('rejects too many aliases and a flood of tokens at parse time', async () => {
    const aliases = Array.from({ length: GRAPHQL_LIMITS.maxAliases + 5 }, (_, i) => `a${i}: me { id }`).join(' ');
    expectError(await t.gql(`{ ${aliases} }`, {}, token), 'BAD_USER_INPUT');
    const flood = `{ me { ${'id '.repeat(GRAPHQL_LIMITS.maxTokens + 10)} } }`;
    const res = await t.gql(flood, {}, token);
    expectError(res, 'BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/token/i);
  });

  it('refuses a request body above the size limit', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ me { id } }', variables: { pad: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
  });

  it('maps unknown enum values and wrong types to BAD_USER_INPUT naming the field', async () => {
    const res = await t.gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId: 'x', name: 'n', level: 'PLANET' } }, token);
    expectError(res, 'BAD_USER_INPUT', 'level');
  });

  it('answers /health with PostgreSQL and Redis up', async () => {
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('echoes a request id header for log correlation', async () => {
    const res = await request(t.app.getHttpServer()).get('/health').set('x-request-id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
  });
});
