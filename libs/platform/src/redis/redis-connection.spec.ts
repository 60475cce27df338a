import { Cluster } from 'ioredis';
import { createBullConnection, parseClusterNodes, redisUrlOptions } from './redis-connection';

describe('Redis connection settings', () => {
  it('parses cluster seed nodes', () => {
    expect(parseClusterNodes(undefined)).toBeNull();
    expect(parseClusterNodes(' ')).toBeNull();
    expect(parseClusterNodes('10.0.0.1:7000, redis-2:7001')).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-2', port: 7001 },
    ]);
  });

  it('reads credentials, database and TLS from a URL', () => {
    expect(redisUrlOptions('rediss://u:p%40ss@h:6380/2')).toMatchObject({ host: 'h', port: 6380, username: 'u', password: 'p@ss', db: 2, tls: {} });
  });

  it('gives BullMQ plain options for one server and a Cluster client (blocking-safe) for a cluster', async () => {
    expect(createBullConnection({ REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
    const c = createBullConnection({ REDIS_URL: 'redis://:secret@x:1', REDIS_CLUSTER_NODES: '127.0.0.1:1' }) as Cluster;
    c.on('error', () => undefined);
    try {
      expect(c).toBeInstanceOf(Cluster);
      expect(c.options.redisOptions).toMatchObject({ password: 'secret', maxRetriesPerRequest: null });
    } finally {
      c.disconnect();
    }
  });
});
