// Shared by bench/soak.ts and bench/restarts.ts: the built apps as child processes (as deployed),
// a build when dist is missing, RSS sampling, percentiles and a tiny GraphQL client.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, openSync, readFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';

export const ROOT = join(__dirname, '..', '..');
export const API_MAIN = join(ROOT, 'dist/apps/api/main.js');
export const WORKER_MAIN = join(ROOT, 'dist/apps/worker/main.js');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the apps when their bundles are missing; retries (other work may leave the tree mid-change). */
export async function ensureBuilt(log: (l: string) => void, attempts = 5): Promise<void> {
  if (existsSync(API_MAIN) && existsSync(WORKER_MAIN)) return;
  for (let i = 1; i <= attempts; i++) {
    log(`dist/apps/{api,worker}/main.js missing: npm run build (attempt ${i}/${attempts}) …`);
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status === 0 && existsSync(API_MAIN) && existsSync(WORKER_MAIN)) return;
    // The apps may have built although a later step of the build failed.
    if (existsSync(API_MAIN) && existsSync(WORKER_MAIN)) {
      log('npm run build failed after building both apps: using them');
      return;
    }
    if (i < attempts) await sleep(30_000);
  }
  throw new Error('npm run build failed: build the apps, then run again');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** One of the built apps as a child process, its output appended to `logFile`. */
export class AppProcess {
  proc?: ChildProcess;
  restarts = -1;
  constructor(
    readonly name: string,
    private readonly main: string,
    private readonly env: Record<string, string>,
    readonly port: number,
    private readonly logFile: string,
    /** Preload bench/support/heap-probe.js (with --expose-gc and an IPC channel) for heapAfterGc(). */
    private readonly heapProbe = false,
  ) {}

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const out = openSync(this.logFile, 'a');
    const argv = this.heapProbe ? ['--expose-gc', '-r', join(__dirname, 'heap-probe.js'), this.main] : [this.main];
    this.proc = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...this.env, PORT: String(this.port) }, stdio: ['ignore', out, out, ...(this.heapProbe ? (['ipc'] as const) : [])] });
    this.restarts++;
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (!this.running) throw new Error(`${this.name} exited at start (code ${this.proc.exitCode}); see ${this.logFile}`);
      if ((await this.health()).status === 200) return;
      await sleep(100);
    }
    throw new Error(`${this.name} did not answer /health within ${timeoutMs} ms; see ${this.logFile}`);
  }

  async health(): Promise<{ status: number; body?: any }> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.port}/health`, { signal: AbortSignal.timeout(3000) });
      return { status: res.status, body: await res.json().catch(() => undefined) };
    } catch {
      return { status: 0 };
    }
  }

  /** After a full GC in the app (heap probe): RSS and V8 heap in use, in MB. */
  heapAfterGc(timeoutMs = 10_000): Promise<{ rss: number; heapUsed: number }> {
    const p = this.proc;
    if (!this.heapProbe || !p?.send) return Promise.reject(new Error(`${this.name}: no heap probe`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        p.off('message', onMessage);
        reject(new Error(`${this.name}: heap probe did not answer`));
      }, timeoutMs);
      const onMessage = (m: { heap?: NodeJS.MemoryUsage }) => {
        if (!m?.heap) return;
        clearTimeout(timer);
        p.off('message', onMessage);
        resolve({ rss: m.heap.rss / 2 ** 20, heapUsed: m.heap.heapUsed / 2 ** 20 });
      };
      p.on('message', onMessage);
      p.send('heap');
    });
  }

  /** Resident set size in MB (from /proc). */
  rssMb(): number {
    if (!this.pid) return 0;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || !this.running) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface GqlResponse {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POST /graphql; never throws (network errors come back as status 0). */
export async function gqlAt(url: string, query: string, variables: Record<string, unknown>, token?: string, timeoutMs = 30_000): Promise<GqlResponse> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as GqlResponse;
    return { status: res.status, data: body.data, errors: body.errors };
  } catch (e) {
    return { status: 0, errors: [{ message: (e as Error).message, extensions: { code: 'NETWORK' } }] };
  }
}

export function okData(r: GqlResponse, what: string): Record<string, any> {
  if (r.status !== 200 || r.errors?.length || !r.data) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.errors ?? r.data)}`);
  return r.data;
}

export function machineLine(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require('os') as typeof import('os');
  return `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
}
