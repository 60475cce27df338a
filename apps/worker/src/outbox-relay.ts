import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { ClaimedOutboxRow, EscalationService } from '@app/center';
import { OUTBOX_CHANNEL } from '@app/disputes';
import { AppConfig, DEFAULT_JOB_OPTIONS, JobName, PgListener, QueueName } from '@app/platform';

export interface RelayOptions {
  /** Pause between polls when the last claim was not full (ms); a NOTIFY of a new row cuts it short. */
  intervalMs: number;
  /**
   * The pause while the relay hears notifications (ms, at least intervalMs): polls are then only
   * for rows to re-send, so they can be rare.
   */
  listeningIntervalMs: number;
  /** A DISPATCHED row not DONE after this long is sent again (its job may be lost). */
  redispatchAfterMs: number;
  batch: number;
  /** Give up a send after this long (Redis unreachable): the claim rolls back. */
  sendTimeoutMs: number;
  enabled: boolean;
}

export function relayOptionsFromEnv(env: Record<string, string | undefined> = process.env): RelayOptions {
  const num = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
  return {
    intervalMs: num(env.OUTBOX_RELAY_INTERVAL_MS, 50),
    listeningIntervalMs: num(env.OUTBOX_RELAY_LISTENING_INTERVAL_MS, 1_000),
    redispatchAfterMs: num(env.OUTBOX_REDISPATCH_AFTER_MS, 30_000),
    batch: num(env.OUTBOX_RELAY_BATCH, 200),
    sendTimeoutMs: num(env.OUTBOX_RELAY_SEND_TIMEOUT_MS, 5_000),
    enabled: env.OUTBOX_RELAY_ENABLED !== 'false',
  };
}

/**
 * The outbox relay (DESIGN.md "Escalation" step 2): a loop in every worker process that claims
 * outbox rows by status across tenants (several relays share the work through SKIP LOCKED),
 * adds one BullMQ job per row with jobId = outbox id and commits the claim only once Redis has
 * the jobs. Rows DISPATCHED but not DONE after `redispatchAfterMs` are claimed again, so a job
 * Redis lost is re-sent; the processor absorbs any duplicate. Stops gracefully before the
 * queues close (onModuleDestroy runs before the BullMQ connections shut down).
 *
 * The loop does not wait for its next poll when a row is written: a trigger on the outbox
 * NOTIFYs `outbox_pending` at commit, and the relay LISTENs on a connection of its own
 * (reconnected when lost). Polling stays as the fallback: a notification missed while that
 * connection was down, or rows to re-send, are found by the next poll.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  readonly options = relayOptionsFromEnv();
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A notification came in since the current round began: run another at once. */
  private nudged = false;
  private backingOff = false;
  private sleeping = false;
  private readonly listener: PgListener;

  constructor(
    private readonly escalation: EscalationService,
    @InjectQueue(QueueName.ESCALATION) private readonly queue: Queue,
    config: AppConfig,
  ) {
    this.listener = new PgListener({
      connectionString: config.DATABASE_URL,
      channel: OUTBOX_CHANNEL,
      applicationName: 'station-network-relay',
      logger: this.logger,
      fallback: 'polling only',
      onNotification: () => this.nudge(),
      // Rows committed while nobody listened: the next round finds them.
      onListening: () => this.nudge(),
    });
  }

  onApplicationBootstrap(): void {
    if (this.options.enabled) this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.listener.start();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await this.listener.stop();
  }

  /** The pause before the next poll: long while notifications wake the relay, short otherwise. */
  private pollInterval(): number {
    return this.listener.isListening() ? Math.max(this.options.intervalMs, this.options.listeningIntervalMs) : this.options.intervalMs;
  }

  /** Whether the relay currently hears outbox notifications (else it only polls). */
  isListening(): boolean {
    return this.listener.isListening();
  }

  /** Whether the loop is waiting for its next round (between polls). */
  isSleeping(): boolean {
    return this.sleeping;
  }

  /** Wakes the loop: a row was committed. */
  private nudge(): void {
    this.nudged = true;
    // Not during a backoff after failures (Redis or PostgreSQL down): new rows must not turn it into a busy loop.
    if (!this.backingOff) this.wake?.();
  }

  /** One claim-and-send round; returns the rows claimed. */
  async tick(redispatchAfterMs = this.options.redispatchAfterMs): Promise<ClaimedOutboxRow[]> {
    return this.escalation.claimOutbox(this.options.batch, redispatchAfterMs, (rows) => this.send(rows));
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let claimed = 0;
      this.nudged = false;
      try {
        claimed = (await this.tick()).length;
        failures = 0;
      } catch (e) {
        failures++;
        if (failures === 1 || failures % 100 === 0) this.logger.warn(`Relay round failed (${failures}x): ${(e as Error).message}`);
      }
      if (!this.running) break;
      this.backingOff = failures > 0;
      if (claimed < this.options.batch && !(this.nudged && !failures)) await this.sleep(failures ? Math.min(this.options.intervalMs * 2 ** Math.min(failures, 5), 2_000) : this.pollInterval());
    }
  }

  private sleep(ms: number): Promise<void> {
    this.sleeping = true;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.sleeping = false;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** Sends the jobs of `rows`; the whole send (re-send checks and the add) within sendTimeoutMs. */
  private async send(rows: ClaimedOutboxRow[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.addJobs(rows),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('Redis did not accept the jobs in time')), this.options.sendTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async addJobs(rows: ClaimedOutboxRow[]): Promise<void> {
    const jobs: { name: JobName; data: unknown; opts: JobsOptions }[] = [];
    const resent: string[] = [];
    for (const row of rows) {
      const data = this.escalation.jobFor(row);
      if (!data) continue;
      if (row.attempts > 1) resent.push(row.id);
      jobs.push({ name: JobName.ESCALATE_DISPUTE, data, opts: { ...DEFAULT_JOB_OPTIONS, jobId: row.id } });
    }
    // A re-sent row's earlier job may still be retained under its id, finished: failed for good,
    // or completed while its transaction's commit was lost (a database failover or restore). It
    // would swallow the add (jobId de-duplication), so it makes way. A job still waiting or
    // running is left alone: it will do the work.
    await Promise.all(
      resent.map(async (id) => {
        const existing = await this.queue.getJob(id);
        if (!existing) return;
        const state = await existing.getState();
        if (state === 'completed' || state === 'failed') await existing.remove();
      }),
    );
    if (jobs.length) await this.queue.addBulk(jobs as never);
  }
}
