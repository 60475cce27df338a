import { spawnSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

function boot(app: 'api' | 'worker', env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, ['-r', '@swc-node/register', join(ROOT, `apps/${app}/src/main.ts`)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(40),
  DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
  PLATFORM_ADMIN_PASSWORD: 'Admin-pass-2026',
};

describe('boot-time configuration check', () => {
  it.each(['api', 'worker'] as const)('%s stops with a message naming a missing variable', (app) => {
    const r = boot(app, { ...valid, DATA_KEY: undefined });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('DATA_KEY');
  });

  it('api refuses a short JWT_SECRET in production, naming it', () => {
    const r = boot('api', { ...valid, NODE_ENV: 'production', JWT_SECRET: 'short-secret-123' });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('JWT_SECRET');
  });
});
