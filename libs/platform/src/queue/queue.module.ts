import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ConnectionOptions, Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import { AppConfig } from '../config/config';
import { createBullConnection, redisUrlOptions } from '../redis/redis-connection';
import { DEFAULT_JOB_OPTIONS, QueueName } from './queue-names';
import { queueErrorListener } from './queue-errors';

/** BullMQ connection options for one Redis server at `url` (tests and benchmarks use it too). */
export function redisConnectionOptions(url: string) {
  // BullMQ workers need blocking commands that never give up while Redis restarts.
  return { ...redisUrlOptions(url), maxRetriesPerRequest: null };
}

const BULL_CONNECTION = Symbol('BULL_CONNECTION');

/**
 * On a Redis Cluster, BullMQ's Queues share one Cluster client that BullMQ never closes (its
 * Workers use duplicates they own): close the queues, then the client.
 */
@Injectable()
class SharedConnectionCloser implements OnApplicationShutdown {
  constructor(
    @Inject(BULL_CONNECTION) private readonly connection: ConnectionOptions,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (!(this.connection instanceof Cluster)) return;
    const queues = Object.values(QueueName).map((n) => this.moduleRef.get<Queue>(getQueueToken(n), { strict: false }));
    await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
    const cluster = this.connection;
    await cluster.quit().catch(() => cluster.disconnect());
  }
}

const QUEUE_ERROR_LISTENERS = Symbol('QUEUE_ERROR_LISTENERS');

/**
 * Every queue (the API's producers, the outbox relay's, the worker's health checks) gets an
 * `error` listener as soon as it exists: connection errors while Redis is away are logged (warn)
 * instead of BullMQ's "Unhandled error". The workers' own listeners are on the processors.
 */
const queueErrorListeners: Provider = {
  provide: QUEUE_ERROR_LISTENERS,
  inject: Object.values(QueueName).map((n) => getQueueToken(n)),
  useFactory: (...queues: Queue[]) => {
    const logger = new Logger('Queue');
    for (const q of queues) q.on('error', queueErrorListener(logger, `queue ${q.name}`));
    return queues.length;
  },
};

/** BullMQ wiring shared by both apps: connection (one server or a cluster), hash-tagged prefix, default job options. */
@Module({
  imports: [
    BullModule.forRootAsync({
      extraProviders: [{ provide: BULL_CONNECTION, inject: [AppConfig], useFactory: (config: AppConfig) => createBullConnection(config) }, SharedConnectionCloser],
      inject: [AppConfig, BULL_CONNECTION],
      useFactory: (config: AppConfig, connection: ConnectionOptions) => ({
        connection,
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [queueErrorListeners],
  exports: [BullModule],
})
export class QueueModule {}
