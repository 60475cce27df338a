import { ConfigError, loadConfig } from './config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a-development-secret',
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  PLATFORM_ADMIN_PASSWORD: 'admin-pass-123',
};

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('accepts a valid environment and fills defaults', () => {
    const c = loadConfig(valid);
    expect(c.PORT).toBe(3000);
    expect(c.QUEUE_PREFIX).toBe('{sn}');
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.NODE_ENV).toBe('development');
  });

  it.each(['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'DATA_KEY', 'PLATFORM_ADMIN_PASSWORD'])(
    'names %s when it is missing',
    (name) => {
      const e = errorOf({ ...valid, [name]: undefined });
      expect(e.variables).toEqual([name]);
      expect(e.message).toContain(name);
    },
  );

  it.each([
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'localhost:6379'],
    ['PORT', 'eighty'],
    ['DATA_KEY', 'short'],
    ['QUEUE_PREFIX', 'sn'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['DB_AUTO_PREPARE', 'yes'],
    ['DB_IDLE_TX_TIMEOUT_MS', '1m'],
    ['PRINCIPAL_CACHE_TTL_MS', '30s'],
    ['PRINCIPAL_CACHE_TTL_MS', '-1'],
  ])('names %s when it is malformed', (name, value) => {
    const e = errorOf({ ...valid, [name]: value });
    expect(e.variables).toContain(name);
    expect(e.message).toContain(name);
  });

  it('requires a 32-character JWT_SECRET in production only', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'development' })).not.toThrow();
    const e = errorOf({ ...valid, NODE_ENV: 'production' });
    expect(e.variables).toEqual(['JWT_SECRET']);
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).not.toThrow();
  });

  it('takes Redis Cluster seed nodes instead of REDIS_URL, and names a malformed list', () => {
    const c = loadConfig({ ...valid, REDIS_URL: undefined, REDIS_CLUSTER_NODES: '127.0.0.1:7000, 127.0.0.1:7001' });
    expect(c.REDIS_CLUSTER_NODES).toBe('127.0.0.1:7000, 127.0.0.1:7001');
    expect(() => loadConfig({ ...valid, REDIS_CLUSTER_NODES: '' })).not.toThrow();
    expect(errorOf({ ...valid, REDIS_URL: undefined, REDIS_CLUSTER_NODES: '' }).variables).toEqual(['REDIS_URL']);
    expect(errorOf({ ...valid, REDIS_CLUSTER_NODES: '127.0.0.1' }).variables).toEqual(['REDIS_CLUSTER_NODES']);
    // With cluster nodes, a REDIS_URL (for credentials) must still be well-formed.
    expect(errorOf({ ...valid, REDIS_URL: 'localhost:6379', REDIS_CLUSTER_NODES: 'a:1' }).variables).toEqual(['REDIS_URL']);
  });
});
