import { INestApplication, Logger } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import request from 'supertest';
import Redis from 'ioredis';
import { JobName, QueueName, redisConnectionOptions } from '@app/platform';
import { createTestDatabase, ownerQuery, TestDatabase } from './support/db';
import { testEnv } from './support/app';
import { assertEveryJobHandled } from '../apps/worker/src/worker.module';
import { warnIfRedisEvicts } from '../apps/worker/src/queue-health';
import { EscalationProcessor } from '../apps/worker/src/escalation.processor';
import { MaintenanceProcessor } from '../apps/worker/src/maintenance.processor';
import { SupervisionProcessor } from '../apps/worker/src/supervision.processor';

describe('worker (e2e)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let prefix: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    prefix = `{w${Date.now().toString(36)}}`;
    Object.assign(process.env, testEnv(db.url, prefix));
    const { createWorkerApp } = await import('../apps/worker/src/bootstrap');
    app = await createWorkerApp({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('serves /health with PostgreSQL, Redis and its queues up', async () => {
    const res = await request(app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' }, [`queue:${QueueName.MAINTENANCE}`]: { status: 'up' } });
  });

  it('consumes jobs from its hash-tagged queues', async () => {
    const queue = app.get<Queue>(getQueueToken(QueueName.MAINTENANCE));
    expect(queue.opts.prefix).toBe(prefix);
    const events = new QueueEvents(QueueName.MAINTENANCE, { connection: redisConnectionOptions(process.env.REDIS_URL!), prefix });
    await events.waitUntilReady();
    const job = await queue.add(JobName.HEARTBEAT, { at: 'now' });
    expect(await job.waitUntilFinished(events, 10_000)).toEqual({ ok: true, at: 'now' });
    // Every key of the queue carries the hash tag, so one Redis Cluster slot holds them all.
    const redis = new Redis(process.env.REDIS_URL!);
    const keys = await redis.keys(`${prefix}:${QueueName.MAINTENANCE}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.quit();
    await events.close();
  });

  it('schedules the periodic reports at 00:10 China time on the 1st, and the supervision jobs', async () => {
    const queue = app.get<Queue>(getQueueToken(QueueName.SUPERVISION));
    const schedulers = await queue.getJobSchedulers();
    const byName = Object.fromEntries(schedulers.map((s) => [s.name, s]));
    expect(byName[JobName.PERIODIC_REPORTS]).toMatchObject({ pattern: '10 0 1 * *', tz: 'Asia/Shanghai' });
    expect(byName[JobName.AUTO_ESCALATE]?.every).toBeTruthy();
    expect(byName[JobName.SWEEP_DEADLINES]?.every).toBeTruthy();
  });

  it('refreshes the statistics rollups on a schedule: the marked days are rebuilt and their marks cleared', async () => {
    const queue = app.get<Queue>(getQueueToken(QueueName.SUPERVISION));
    const scheduler = (await queue.getJobSchedulers()).find((s) => s.name === JobName.REFRESH_STATISTICS);
    expect(Number(scheduler?.every)).toBeGreaterThan(0);
    const [{ id }] = await ownerQuery<{ id: string }>(db.url, `INSERT INTO tenants (id, code, name) VALUES (gen_random_uuid(), 'wk', '统计') RETURNING id`);
    await ownerQuery(db.url, `INSERT INTO stats_dirty (tenant_id, day) VALUES ($1, '2026-03-01'), ($1, '2026-03-02'), ($1, '2026-03-05')`, [id]);
    const events = new QueueEvents(QueueName.SUPERVISION, { connection: redisConnectionOptions(process.env.REDIS_URL!), prefix });
    await events.waitUntilReady();
    const job = await queue.add(JobName.REFRESH_STATISTICS, {});
    // 3, or 0 when the scheduled run came first: either way only this handler clears marks.
    expect(await job.waitUntilFinished(events, 10_000)).toEqual({ days: expect.any(Number) });
    expect(await ownerQuery(db.url, `SELECT id FROM stats_dirty WHERE tenant_id = $1`, [id])).toEqual([]);
    await events.close();
  });

  it('the auto-escalation job first makes provisional settlement windows final, then escalates', async () => {
    const queue = app.get<Queue>(getQueueToken(QueueName.SUPERVISION));
    const events = new QueueEvents(QueueName.SUPERVISION, { connection: redisConnectionOptions(process.env.REDIS_URL!), prefix });
    await events.waitUntilReady();
    const job = await queue.add(JobName.AUTO_ESCALATE, {});
    // Nothing to do in this database; the result tells both steps ran (the steps themselves: disputes e2e).
    expect(await job.waitUntilFinished(events, 10_000)).toEqual({ escalated: 0, confirmed: 0 });
    await events.close();
  });

  it('logs Redis errors of its workers and queues (warn, one line, repeats counted) instead of an unhandled error', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const processors = [EscalationProcessor, SupervisionProcessor, MaintenanceProcessor];
      for (const cls of processors) {
        const worker = app.get(cls).worker;
        expect(worker.listenerCount('error')).toBeGreaterThan(0);
        const error = Object.assign(new Error(`connect ECONNREFUSED 10.9.9.9:6379 (${cls.name})`), { code: 'ECONNREFUSED' });
        // What a Redis Cluster failover does to every worker connection, again and again.
        expect(() => worker.emit('error', error)).not.toThrow();
        worker.emit('error', error);
      }
      // The outbox relay adds its jobs through the escalation queue.
      const queue = app.get<Queue>(getQueueToken(QueueName.ESCALATION));
      expect(queue.listenerCount('error')).toBeGreaterThan(0);
      queue.emit('error', new Error('CLUSTERDOWN The cluster is down (relay)'));
      const lines = warn.mock.calls.map((c) => String(c[0]));
      for (const cls of processors) expect(lines.filter((l) => l.includes(cls.name))).toEqual([`worker: connect ECONNREFUSED 10.9.9.9:6379 (${cls.name})`]);
      expect(lines.filter((l) => l.includes('(relay)'))).toEqual([`queue ${QueueName.ESCALATION}: CLUSTERDOWN The cluster is down (relay)`]);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      consoleError.mockRestore();
    }
  });

  it('finishes an active job before it shuts down (graceful close)', async () => {
    const queue = app.get<Queue>(getQueueToken(QueueName.MAINTENANCE));
    const job = await queue.add(JobName.HEARTBEAT, { at: 'slow', workMs: 800 });
    for (let i = 0; i < 100 && !(await job.isActive()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await job.isActive()).toBe(true);
    const reader = new Queue(QueueName.MAINTENANCE, { connection: redisConnectionOptions(process.env.REDIS_URL!), prefix });
    await app.close();
    app = undefined as never;
    const after = await reader.getJob(job.id!);
    expect(await after!.isCompleted()).toBe(true);
    expect(after!.returnvalue).toEqual({ ok: true, at: 'slow' });
    await reader.close();
  });

  it('refuses to start when a job name has no handler', () => {
    expect(() => assertEveryJobHandled([])).toThrow(/heartbeat/);
    expect(() => assertEveryJobHandled(Object.values(JobName))).not.toThrow();
  });

  it('warns when Redis may evict keys', async () => {
    const warn = jest.fn();
    const fake = { config: async () => ['maxmemory-policy', 'allkeys-lru'] } as unknown as Redis;
    expect(await warnIfRedisEvicts(fake, { warn } as never)).toBe('allkeys-lru');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('noeviction'));
    const quiet = jest.fn();
    await warnIfRedisEvicts({ config: async () => ['maxmemory-policy', 'noeviction'] } as unknown as Redis, { warn: quiet } as never);
    expect(quiet).not.toHaveBeenCalled();
  });
});
