// Redis Cluster (issue 9, item 7), reduced: both apps on a private Redis Cluster of three masters
// with one replica each (REDIS_CLUSTER_NODES), never the machine's Redis. The rate limiter and
// /health use the cluster, escalations become cases before and after the master serving the
// queue prefix's slot is killed and its replica promoted, and every key of the hash-tagged
// prefix sits in one slot (an untagged prefix is refused with CROSSSLOT). The full run with
// worker kills is `bench/escalation-chaos.ts --cluster`.
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectError } from '../support/access';
import { createTenantFixture, TenantFixture } from '../support/fixtures';
import { PrivateRedisCluster } from '../support/redis-cluster';
import { addStationStaff, createStation } from '../support/stations';

const OPEN = `mutation($i: OpenDisputeInput!) { openDispute(input: $i) { id } }`;
const ESCALATE = `mutation($id: ID!, $r: String!) { escalateDispute(id: $id, reason: $r) { id } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('hardening: Redis Cluster (issue 9)', () => {
  let cluster: PrivateRedisCluster;
  let t: TestApp;
  let worker: INestApplication | undefined;
  let fx: TenantFixture;
  let station: string;
  let staff: string;
  let seq = 0;

  beforeAll(async () => {
    cluster = new PrivateRedisCluster();
    await cluster.start();
    process.env.REDIS_CLUSTER_NODES = cluster.nodes;
    process.env.OUTBOX_REDISPATCH_AFTER_MS = '2000';
    process.env.SUPERVISION_EVERY_MS = '3600000';
    t = await startTestApp();
    fx = await createTenantFixture(t, 'rc');
    station = await createStation(t, fx, { orgUnitId: fx.units.countyA, category: 'SUPERMARKET' });
    staff = await addStationStaff(t, fx, station, 'rc-staff');
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await cluster?.stop();
    delete process.env.REDIS_CLUSTER_NODES;
  });

  const escalateNew = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = ++seq;
      const d = await t.ok<{ openDispute: { id: string } }>(
        OPEN,
        { i: { stationId: station, consumerName: `集群${k}`, consumerPhone: `137${String(10_000_000 + k * 7).slice(-8)}`, subject: `纠纷 ${k}`, description: '和解不成', claimType: 'REFUND' } },
        staff,
      );
      await t.ok(ESCALATE, { id: d.openDispute.id, r: '和解不成' }, staff);
      ids.push(d.openDispute.id);
    }
    return ids;
  };
  const caseCounts = async (ids: string[]) =>
    (
      await t.sql<{ cases: number; distinct: number; escalated: number }>(
        `SELECT count(c.id)::int AS cases, count(DISTINCT c.source_dispute_id)::int AS distinct,
                (SELECT count(*)::int FROM disputes WHERE id = ANY($1::uuid[]) AND status = 'ESCALATED') AS escalated
           FROM center_cases c WHERE c.source_dispute_id = ANY($1::uuid[])`,
        [ids],
      )
    )[0];
  const waitForCases = async (ids: string[], timeoutMs = 60_000) => {
    const until = Date.now() + timeoutMs;
    let c = await caseCounts(ids);
    while ((c.cases < ids.length || c.escalated < ids.length) && Date.now() < until) {
      await sleep(200);
      c = await caseCounts(ids);
    }
    return c;
  };

  it('serves /health and the login rate limit from the cluster', async () => {
    const health = await request(t.app.getHttpServer()).get('/health');
    expect(health.status).toBe(200);
    expect(health.body.info.redis.status).toBe('up');
    for (let i = 0; i < 5; i++) {
      const res = await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { tenantCode: fx.code, username: 'officer-a', password: 'wrong-password-1' } });
      expectError(res, 'UNAUTHENTICATED');
    }
    const blocked = await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { tenantCode: fx.code, username: 'officer-a', password: 'wrong-password-1' } });
    expectError(blocked, 'TOO_MANY_REQUESTS');
    const keys = await cluster.keys(`${t.queuePrefix}:login-fail*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it('escalations become cases once each, before and after the master of the queue slot fails over', async () => {
    const { createWorkerApp } = await import('../../apps/worker/src/bootstrap');
    worker = await createWorkerApp({ logger: false });
    await worker.init();
    const before = await escalateNew(5);
    expect(await waitForCases(before)).toEqual({ cases: 5, distinct: 5, escalated: 5 });

    const f = await cluster.failOver(t.queuePrefix);
    expect(f.promoted).not.toBe(f.killed);
    const after = await escalateNew(5);
    const all = [...before, ...after];
    expect(await waitForCases(all)).toEqual({ cases: 10, distinct: 10, escalated: 10 });
    const [outbox] = await t.sql<{ done: number; total: number }>(
      `SELECT count(*) FILTER (WHERE status = 'DONE')::int AS done, count(*)::int AS total FROM outbox WHERE aggregate_id = ANY($1::uuid[])`,
      [all],
    );
    expect(outbox).toEqual({ done: 10, total: 10 });

    // The hash tag: every BullMQ key of the prefix lives in the tag's slot, on one master.
    const keys = await cluster.keys(`${t.queuePrefix}:escalation:*`);
    expect(keys.length).toBeGreaterThan(0);
    const { slot, port } = await cluster.masterOf(t.queuePrefix);
    for (const k of keys) {
      expect(k.port).toBe(port);
      expect(Number(await cluster.command(k.port, 'CLUSTER', 'KEYSLOT', k.key))).toBe(slot);
    }
  });

  it('refuses an untagged prefix on the cluster (CROSSSLOT), which is why QUEUE_PREFIX must be hash-tagged', async () => {
    const conn = new Cluster(cluster.ports.filter((p) => cluster.livePorts().includes(p)).map((port) => ({ host: '127.0.0.1', port })), { redisOptions: { maxRetriesPerRequest: null } });
    conn.on('error', () => undefined);
    const untagged = new Queue('escalation', { connection: conn, prefix: 'untagged' });
    try {
      await expect(untagged.add('x', {})).rejects.toThrow(/CROSSSLOT/);
    } finally {
      await untagged.close();
      await conn.quit().catch(() => conn.disconnect());
    }
  });
});
