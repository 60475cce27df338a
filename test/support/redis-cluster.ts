// A private Redis Cluster for tests and benchmarks: six `redis-server --cluster-enabled yes` on
// spare ports (three masters, one replica each, joined with `redis-cli --cluster create
// --cluster-replicas 1`), no persistence. Never the machine's Redis.
import { ChildProcess, execFile, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import Redis from 'ioredis';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** `count` consecutive ports whose cluster bus ports (+10000) are free too. */
async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    let ok = true;
    for (let i = 0; i < count && ok; i++) ok = (await portFree(base + i)) && (await portFree(base + i + 10000));
    if (ok) return base;
  }
  throw new Error('no free port range for the Redis Cluster');
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout))),
  );
}

export interface ClusterNodeInfo {
  port: number;
  id: string;
  role: 'master' | 'slave';
  masterId: string | null;
  slots: [number, number][];
  failed: boolean;
}

export class PrivateRedisCluster {
  readonly ports: number[] = [];
  private readonly procs = new Map<number, ChildProcess>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'sn-redis-cluster-'));
  /** Node timeout: how long a master must be unreachable before its replica is promoted. */
  constructor(private readonly nodeTimeoutMs = 2000) {}

  /** REDIS_CLUSTER_NODES for the apps. */
  get nodes(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  async start(): Promise<void> {
    const base = await freePortRange(6);
    for (let i = 0; i < 6; i++) this.ports.push(base + i);
    for (const port of this.ports) this.spawnNode(port);
    for (const port of this.ports) await this.waitPing(port);
    await run('redis-cli', ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes']);
    await this.waitHealthy(30_000, 3);
  }

  /** Kills the nodes if this process exits without stop() (a failed script must not leave a cluster running). */
  private readonly onExit = () => this.procs.forEach((p) => p.exitCode === null && p.signalCode === null && p.kill('SIGKILL'));

  private spawnNode(port: number): void {
    if (!this.procs.size) process.once('exit', this.onExit);
    const proc = spawn(
      'redis-server',
      [
        '--port', String(port), '--bind', '127.0.0.1', '--dir', this.dir,
        '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', String(this.nodeTimeoutMs),
        '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--repl-diskless-sync-delay', '0',
      ],
      { stdio: 'ignore' },
    );
    this.procs.set(port, proc);
  }

  private async waitPing(port: number): Promise<void> {
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      for (let i = 0; i < 200; i++) {
        try {
          if (probe.status !== 'ready') await probe.connect();
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          probe.disconnect();
          await sleep(50);
        }
      }
      throw new Error(`redis-server did not start on ${port}`);
    } finally {
      probe.disconnect();
    }
  }

  /** A one-off command to one node. */
  async command(port: number, ...args: string[]): Promise<unknown> {
    const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return await c.call(args[0], ...args.slice(1));
    } finally {
      c.disconnect();
    }
  }

  /** The cluster as a live node sees it (CLUSTER NODES). */
  async topology(): Promise<ClusterNodeInfo[]> {
    const alive = this.ports.filter((p) => this.procs.get(p)?.exitCode === null && this.procs.get(p)?.signalCode === null);
    const text = String(await this.command(alive[0], 'CLUSTER', 'NODES'));
    return text
      .trim()
      .split('\n')
      .map((line) => {
        const f = line.split(' ');
        const flags = f[2].split(',');
        return {
          port: Number(f[1].split('@')[0].split(':')[1]),
          id: f[0],
          role: flags.includes('master') ? ('master' as const) : ('slave' as const),
          masterId: f[3] === '-' ? null : f[3],
          slots: f.slice(8).filter((s) => /^\d/.test(s)).map((s) => (s.includes('-') ? (s.split('-').map(Number) as [number, number]) : ([Number(s), Number(s)] as [number, number]))),
          failed: flags.includes('fail') || flags.includes('fail?'),
        };
      });
  }

  /**
   * Waits until every slot is served by a master that is up, every live node says
   * cluster_state:ok and at least `minReplicas` replicas have synced with their masters.
   */
  async waitHealthy(timeoutMs: number, minReplicas = 0): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const nodes = await this.topology();
        const covered = nodes.filter((n) => n.role === 'master' && !n.failed).reduce((s, n) => s + n.slots.reduce((a, [x, y]) => a + y - x + 1, 0), 0);
        const states = await Promise.all(this.livePorts().map(async (p) => /cluster_state:ok/.test(String(await this.command(p, 'CLUSTER', 'INFO')))));
        // A replica can only be promoted once it has synced with its master.
        const synced = await Promise.all(this.livePorts().map(async (p) => /master_link_status:up/.test(String(await this.command(p, 'INFO', 'replication')))));
        if (covered === 16384 && states.every(Boolean) && synced.filter(Boolean).length >= minReplicas) return;
      } catch {
        /* a node is starting or failing over */
      }
      if (Date.now() > until) throw new Error('the Redis Cluster did not become healthy in time');
      await sleep(200);
    }
  }

  livePorts(): number[] {
    return this.ports.filter((p) => {
      const proc = this.procs.get(p);
      return proc && proc.exitCode === null && proc.signalCode === null;
    });
  }

  /** The slot of a key (or hash tag), and the port of the master serving it. */
  async masterOf(key: string): Promise<{ slot: number; port: number }> {
    const slot = Number(await this.command(this.livePorts()[0], 'CLUSTER', 'KEYSLOT', key));
    const master = (await this.topology()).find((n) => n.role === 'master' && !n.failed && n.slots.some(([a, b]) => slot >= a && slot <= b));
    if (!master) throw new Error(`no master serves slot ${slot}`);
    return { slot, port: master.port };
  }

  /**
   * Kills (SIGKILL) the master serving `key`'s slot and waits until its replica has been promoted
   * and the cluster is healthy again; returns the old and the new master's ports.
   */
  async failOver(key: string, timeoutMs = 60_000): Promise<{ slot: number; killed: number; promoted: number }> {
    const { slot, port } = await this.masterOf(key);
    await this.kill(port);
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const now = await this.masterOf(key);
        if (now.port !== port) {
          await this.waitHealthy(Math.max(1000, until - Date.now()));
          return { slot, killed: port, promoted: now.port };
        }
      } catch {
        /* no master for the slot yet */
      }
      if (Date.now() > until) throw new Error(`no replica took over slot ${slot} in time`);
      await sleep(200);
    }
  }

  async kill(port: number): Promise<void> {
    const p = this.procs.get(port);
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  /** Every key of every live master matching `pattern`, with the port it lives on. */
  async keys(pattern: string): Promise<{ port: number; key: string }[]> {
    const masters = (await this.topology()).filter((n) => n.role === 'master' && !n.failed && this.livePorts().includes(n.port));
    const out: { port: number; key: string }[] = [];
    for (const m of masters) {
      const c = new Redis({ port: m.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on('error', () => undefined);
      try {
        await c.connect();
        let cursor = '0';
        do {
          const [next, batch] = await c.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          cursor = next;
          for (const key of batch) out.push({ port: m.port, key });
        } while (cursor !== '0');
      } finally {
        c.disconnect();
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    process.removeListener('exit', this.onExit);
    await Promise.all([...this.procs.keys()].map((p) => this.kill(p)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
