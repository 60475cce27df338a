import { getQueueToken } from '@nestjs/bullmq';
import { Logger, Provider } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { EXTRA_HEALTH_CHECKS, ExtraHealthCheck, QueueName } from '@app/platform';

/** /health of the worker also reports each queue's reachability and backlog. */
export const queueHealthProvider: Provider = {
  provide: EXTRA_HEALTH_CHECKS,
  inject: Object.values(QueueName).map((n) => getQueueToken(n)),
  useFactory: (...queues: Queue[]): ExtraHealthCheck[] => [
    async () => {
      const out: Record<string, { status: 'up' | 'down'; waiting?: number; failed?: number; message?: string }> = {};
      for (const q of queues) {
        try {
          const counts = await q.getJobCounts('waiting', 'failed');
          out[`queue:${q.name}`] = { status: 'up', waiting: counts.waiting, failed: counts.failed };
        } catch (e) {
          out[`queue:${q.name}`] = { status: 'down', message: (e as Error).message };
        }
      }
      return out;
    },
  ],
};

/** Redis that may evict keys can drop queued jobs silently: say so loudly at start. */
export async function warnIfRedisEvicts(redis: Redis, logger = new Logger('Redis')): Promise<string | null> {
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy !== 'noeviction') {
      logger.warn(`Redis maxmemory-policy is "${policy}": queued jobs may be evicted. Set maxmemory-policy noeviction.`);
    }
    return policy;
  } catch {
    return null; // CONFIG may be disabled on managed Redis.
  }
}
