import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

/**
 * docker/compose.yml and docker/Dockerfile against the runtime contract (DESIGN.md): pinned
 * images, durable Redis, every contract variable for api and worker, ports, commands, the
 * migration step, and a non-root production-only image.
 */

const root = path.resolve(__dirname, '..');
const composePath = path.join(root, 'docker/compose.yml');
const dockerfilePath = path.join(root, 'docker/Dockerfile');
const envExamplePath = path.join(root, 'docker/.env.example');
const designPath = path.resolve(__dirname, '../../shared/DESIGN.md');

/** The contract's variables, also read from DESIGN.md below when that file is present. */
const CONTRACT_VARS = [
  'DATABASE_URL',
  'REDIS_URL',
  'PORT',
  'JWT_SECRET',
  'DATA_KEY',
  'PLATFORM_ADMIN_PASSWORD',
  'QUEUE_PREFIX',
  'LOG_LEVEL',
  'NODE_ENV',
];
const SECRETS = ['JWT_SECRET', 'DATA_KEY', 'PLATFORM_ADMIN_PASSWORD'];
const API_CMD = 'node dist/apps/api/main.js';
const WORKER_CMD = 'node dist/apps/worker/main.js';
const MIGRATE_CMDS = ['npm run migrate', 'node scripts/migrate.js'];

type Service = {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: Array<string | number | { target?: number | string; published?: number | string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  restart?: string;
};
type Compose = { services: Record<string, Service> };

// Compose honours YAML merge keys (<<: *anchor); so must the parser.
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as Compose;
const services = compose.services ?? {};
const dockerfile = readFileSync(dockerfilePath, 'utf8');

function service(name: string): Service {
  const s = services[name];
  if (!s) throw new Error(`docker/compose.yml has no service "${name}"`);
  return s;
}

function env(name: string): Record<string, string> {
  const e = service(name).environment ?? {};
  if (Array.isArray(e)) {
    return Object.fromEntries(
      e.map((line) => {
        const i = line.indexOf('=');
        return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}

function commandLine(cmd: string | string[] | undefined): string | undefined {
  if (cmd === undefined) return undefined;
  return (Array.isArray(cmd) ? cmd.join(' ') : cmd).trim().replace(/\s+/g, ' ');
}

function dependsOn(name: string): Record<string, string> {
  const d = service(name).depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v?.condition ?? 'service_started']));
}

/** Dockerfile instructions (continuations joined, comments dropped), grouped by FROM stage. */
function dockerStages(text: string): Array<Array<{ op: string; args: string }>> {
  const joined = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\r?\n/g, ' ');
  const stages: Array<Array<{ op: string; args: string }>> = [];
  for (const line of joined.split('\n')) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const op = m[1].toUpperCase();
    if (op === 'FROM') stages.push([]);
    if (stages.length) stages[stages.length - 1].push({ op, args: m[2].trim() });
  }
  return stages;
}

function dockerCmd(args: string): string {
  const a = args.trim();
  if (a.startsWith('[')) return commandLine(JSON.parse(a) as string[])!;
  return commandLine(a)!;
}

const stages = dockerStages(dockerfile);
const finalStage = stages[stages.length - 1] ?? [];
const imageCmd = (() => {
  const cmds = finalStage.filter((i) => i.op === 'CMD');
  return cmds.length ? dockerCmd(cmds[cmds.length - 1].args) : undefined;
})();

/** The command a service really runs: its own, else the image's CMD (for services built here). */
function effectiveCommand(name: string): string | undefined {
  return commandLine(service(name).command) ?? (service(name).build ? imageCmd : undefined);
}

/** Backticked UPPER_CASE names in DESIGN.md's "Runtime contract" section. */
function contractVarsFromDesign(text: string): { vars: string[]; commands: string[] } {
  const start = text.search(/^#+\s*Runtime contract/m);
  if (start < 0) throw new Error('DESIGN.md has no "Runtime contract" section');
  const rest = text.slice(start);
  const body = rest.indexOf('\n') + 1;
  const next = rest.slice(body).search(/^#+\s/m);
  const section = next < 0 ? rest : rest.slice(0, body + next);
  const ticked = [...section.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  return {
    vars: [...new Set(ticked.filter((t) => /^[A-Z][A-Z0-9_]*$/.test(t)))],
    commands: ticked.filter((t) => /^(node|npm) /.test(t)),
  };
}

describe('docker/compose.yml', () => {
  it('has the services postgres, redis, migrate, api and worker', () => {
    expect(Object.keys(services).sort()).toEqual(expect.arrayContaining(['api', 'migrate', 'postgres', 'redis', 'worker']));
  });

  it.each(['postgres', 'redis'])('pins the %s image to an exact version', (name) => {
    const image = service(name).image ?? '';
    const m = /^([^@]+?)(?::([^:@/]+))?(?:@sha256:[0-9a-f]{64})?$/.exec(image);
    const tag = m?.[2];
    expect({ image, tag }).toEqual({ image, tag: expect.stringMatching(/\d/) });
    expect(tag).not.toBe('latest');
  });

  it('runs Redis with AOF fsync every second and without eviction', () => {
    const cmd = commandLine(service('redis').command) ?? '';
    expect(cmd).toMatch(/--appendonly\s+yes\b/);
    expect(cmd).toMatch(/--appendfsync\s+everysec\b/);
    expect(cmd).toMatch(/--maxmemory-policy\s+noeviction\b/);
  });

  it.each(['postgres', 'redis'])('gives %s a health check and a named volume', (name) => {
    const s = service(name) as Service & { healthcheck?: { test?: unknown }; volumes?: unknown[] };
    expect(s.healthcheck?.test).toBeTruthy();
    expect(s.volumes?.length).toBeGreaterThan(0);
  });

  it.each(['api', 'worker'])('gives %s every runtime-contract variable', (name) => {
    const e = env(name);
    const missing = CONTRACT_VARS.filter((v) => !(v in e) || e[v] === '');
    expect(missing).toEqual([]);
    expect(e.NODE_ENV).toBe('production');
  });

  it.each(['api', 'worker', 'migrate'])('makes %s require the secrets (${VAR:?...}) instead of defaulting them', (name) => {
    const e = env(name);
    for (const v of SECRETS) expect({ [v]: e[v] }).toEqual({ [v]: expect.stringMatching(new RegExp(`^\\$\\{${v}:?\\?.+\\}$`)) });
  });

  it.each(['api', 'worker', 'migrate'])('points %s at the postgres and redis services', (name) => {
    const e = env(name);
    expect(new URL(e.DATABASE_URL.replace(/\$\{[^}]*\}/g, 'x')).hostname).toBe('postgres');
    expect(new URL(e.REDIS_URL).hostname).toBe('redis');
  });

  it('hash-tags QUEUE_PREFIX for Redis Cluster', () => {
    for (const name of ['api', 'worker']) expect(env(name).QUEUE_PREFIX).toMatch(/^\{[^}]+\}/);
  });

  it("publishes the api on its PORT and gives the worker a different PORT", () => {
    const apiPort = env('api').PORT;
    const targets = (service('api').ports ?? []).map((p) => {
      if (typeof p === 'object') return String(p.target);
      const s = String(p).replace(/\/(tcp|udp)$/, '');
      return s.slice(s.lastIndexOf(':') + 1);
    });
    expect(targets).toContain(apiPort);
    expect(env('worker').PORT).not.toBe(apiPort);
  });

  it('runs the api and the worker with the contract commands', () => {
    expect(effectiveCommand('api')).toBe(API_CMD);
    expect(effectiveCommand('worker')).toBe(WORKER_CMD);
  });

  it('runs migrations once, after PostgreSQL is healthy, before the api and the worker', () => {
    expect(MIGRATE_CMDS).toContain(effectiveCommand('migrate'));
    expect(dependsOn('migrate').postgres).toBe('service_healthy');
    expect(service('migrate').restart ?? 'no').toBe('no');
    for (const name of ['api', 'worker']) {
      expect(dependsOn(name)).toMatchObject({ migrate: 'service_completed_successfully', redis: 'service_healthy' });
    }
  });

  it('documents every interpolated variable in docker/.env.example', () => {
    const text = readFileSync(composePath, 'utf8');
    const used = [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
    const example = readFileSync(envExamplePath, 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]));
    expect(used.filter((v) => !documented.has(v))).toEqual([]);
  });

  (existsSync(designPath) ? it : it.skip)('follows the runtime contract as DESIGN.md lists it', () => {
    const { vars, commands } = contractVarsFromDesign(readFileSync(designPath, 'utf8'));
    expect(vars).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'PORT']));
    for (const name of ['api', 'worker']) {
      const e = env(name);
      expect({ service: name, missing: vars.filter((v) => !(v in e)) }).toEqual({ service: name, missing: [] });
    }
    // The start and migrate commands the contract names are the ones compose runs.
    const run = ['api', 'worker'].map(effectiveCommand);
    for (const c of commands.filter((c) => /main\.js$/.test(c))) expect(run).toContain(c);
    if (commands.includes('npm run migrate')) expect(MIGRATE_CMDS).toContain(effectiveCommand('migrate'));
  });
});

describe('docker/Dockerfile', () => {
  it('is multi-stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
  });

  it('runs the final stage as a user that is not root', () => {
    const users = finalStage.filter((i) => i.op === 'USER').map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users[users.length - 1]);
  });

  it('installs production dependencies only in the final stage', () => {
    const installs = finalStage.filter((i) => i.op === 'RUN' && /\bnpm (ci|install|i)\b/.test(i.args));
    expect(installs.length).toBeGreaterThan(0);
    for (const i of installs) expect(i.args).toMatch(/--omit[= ]dev\b/);
    // No dev-dependency tree copied over from a build stage.
    const copiedModules = finalStage.filter((i) => i.op === 'COPY' && /node_modules/.test(i.args));
    expect(copiedModules).toEqual([]);
  });

  it('exposes 3000 and starts the api by default', () => {
    expect(finalStage.some((i) => i.op === 'EXPOSE' && /\b3000\b/.test(i.args))).toBe(true);
    expect(imageCmd).toBe(API_CMD);
  });

  it('pins its base image to an exact version', () => {
    const args = Object.fromEntries(
      [...dockerfile.matchAll(/^\s*ARG\s+([A-Za-z_]+)=(\S+)/gm)].map((m) => [m[1], m[2]]),
    );
    for (const stage of stages) {
      const from = stage[0].args.split(/\s+/)[0].replace(/^\$\{?([A-Za-z_]+)\}?$/, (_, a: string) => args[a] ?? a);
      if (stages.some((s) => s[0].args.split(/\s+AS\s+/i)[1]?.trim() === from)) continue; // FROM an earlier stage
      expect(from).toMatch(/^[^:]+:[^:]*\d[^:]*$/);
      expect(from).not.toMatch(/:latest$/);
    }
  });
});
