import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { runtimeConnectionOptions } from './runtime-role';

export interface PgListenerOptions {
  connectionString: string;
  /** The channel to LISTEN on (an identifier: letters, digits, underscores). */
  channel: string;
  /** application_name of the connection, so it can be told apart in pg_stat_activity. */
  applicationName: string;
  logger: Logger;
  /** What is lost while not listening, for the warning ("polling only"). */
  fallback: string;
  onNotification: (payload: string) => void;
  /** The connection listens (again): notifications sent while it did not were missed. */
  onListening?: () => void;
  /** The connection was lost; a new one is being made. */
  onLost?: () => void;
}

/**
 * A LISTEN connection of its own, reconnected with backoff while started. Each start has its own
 * generation: a connect that finishes after a stop (or a stop and a new start) ends its client
 * instead of installing it. Users treat "not listening" as "notifications may be missed".
 */
export class PgListener {
  private client?: Client;
  private running = false;
  private generation = 0;

  constructor(private readonly options: PgListenerOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error(`Invalid channel name ${options.channel}`);
  }

  /** Whether notifications are heard now. */
  isListening(): boolean {
    return !!this.client;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect(++this.generation);
  }

  async stop(): Promise<void> {
    this.running = false;
    // A connect still in progress ends its client itself when it sees the generation changed.
    this.generation++;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(generation: number): Promise<void> {
    const current = () => this.running && generation === this.generation;
    const { connectionString, channel, applicationName, logger, fallback } = this.options;
    let failures = 0;
    while (current() && !this.client) {
      const client = new Client({ connectionString, options: runtimeConnectionOptions(), application_name: applicationName, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
      client.on('error', () => undefined); // followed by 'end'
      try {
        await client.connect();
        await client.query(`LISTEN ${channel}`);
      } catch (e) {
        await client.end().catch(() => undefined);
        if (++failures === 1 || failures % 100 === 0) logger.warn(`Cannot listen on ${channel} (${failures}x): ${(e as Error).message}; ${fallback}`);
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** Math.min(failures, 6), 5_000)).unref());
        continue;
      }
      if (!current() || this.client) {
        await client.end().catch(() => undefined);
        return;
      }
      client.on('notification', (n) => this.options.onNotification(n.payload ?? ''));
      client.on('end', () => {
        if (this.client !== client) return;
        this.client = undefined;
        this.options.onLost?.();
        if (current()) void this.connect(generation);
      });
      this.client = client;
      this.options.onListening?.();
    }
  }
}
