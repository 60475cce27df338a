import type { ConnectionOptions } from 'bullmq';
import Redis, { Cluster, ClusterNode, ClusterOptions, RedisOptions } from 'ioredis';

/**
 * Redis connections of both apps: one standalone server (REDIS_URL), or a Redis Cluster
 * (REDIS_CLUSTER_NODES, seed nodes `host:port,host:port,…`; credentials and TLS from REDIS_URL
 * when it is set). Every key the apps write is hash-tagged by QUEUE_PREFIX (`{sn}:…`), so one
 * prefix lives in one slot and BullMQ's multi-key scripts work on a cluster.
 */
export interface RedisSettings {
  REDIS_URL?: string;
  REDIS_CLUSTER_NODES?: string;
}

/** `host:port,host:port` → nodes; null when unset or blank. */
export function parseClusterNodes(value: string | undefined | null): { host: string; port: number }[] | null {
  const list = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length) return null;
  return list.map((s) => {
    const i = s.lastIndexOf(':');
    return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
  });
}

export interface RedisUrlOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
}

/** ioredis options from a redis:// or rediss:// URL (no retry policy). */
export function redisUrlOptions(url: string): RedisUrlOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

/** Cluster client options: credentials/TLS of REDIS_URL on every node, patient through a failover. */
function clusterOptions(settings: RedisSettings, redisOptions: RedisOptions): ClusterOptions {
  const auth: Partial<RedisUrlOptions> = settings.REDIS_URL ? redisUrlOptions(settings.REDIS_URL) : {};
  return {
    redisOptions: { username: auth.username, password: auth.password, tls: auth.tls, connectTimeout: 3000, ...redisOptions },
    // While a master is down and before its replica is promoted, commands wait and are retried
    // against the refreshed slot map instead of failing at once.
    clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 200,
    slotsRefreshTimeout: 2000,
    slotsRefreshInterval: 5000,
  };
}

/** The shared client for rate limits and health: a Redis, or a Cluster (same command surface). */
export function createRedisClient(settings: RedisSettings): Redis {
  const common: RedisOptions = { maxRetriesPerRequest: 2, connectTimeout: 3000 };
  const nodes = parseClusterNodes(settings.REDIS_CLUSTER_NODES);
  if (nodes) return new Cluster(nodes as ClusterNode[], clusterOptions(settings, common)) as unknown as Redis;
  return new Redis(settings.REDIS_URL!, { ...common, lazyConnect: false });
}

/**
 * BullMQ's `connection`: plain options for one server (BullMQ opens and closes its own
 * connections), or a Cluster client on a cluster, which BullMQ's Queues share and its Workers
 * duplicate (the caller closes the shared one: see QueueModule).
 */
export function createBullConnection(settings: RedisSettings): ConnectionOptions {
  const nodes = parseClusterNodes(settings.REDIS_CLUSTER_NODES);
  // BullMQ workers need blocking commands that never give up while Redis restarts.
  if (nodes) return new Cluster(nodes as ClusterNode[], clusterOptions(settings, { maxRetriesPerRequest: null }));
  return { ...redisUrlOptions(settings.REDIS_URL!), maxRetriesPerRequest: null };
}
