import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { ClaimedOutboxRow, EscalationService } from '@app/center';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName } from '@app/platform';

export interface RelayOptions {
  /** Pause between polls when the last claim was not full (ms). */
  intervalMs: number;
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
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  readonly options = relayOptionsFromEnv();
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly escalation: EscalationService,
    @InjectQueue(QueueName.ESCALATION) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.enabled) this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** One claim-and-send round; returns the rows claimed. */
  async tick(redispatchAfterMs = this.options.redispatchAfterMs): Promise<ClaimedOutboxRow[]> {
    return this.escalation.claimOutbox(this.options.batch, redispatchAfterMs, (rows) => this.send(rows));
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let claimed = 0;
      try {
        claimed = (await this.tick()).length;
        failures = 0;
      } catch (e) {
        failures++;
        if (failures === 1 || failures % 100 === 0) this.logger.warn(`Relay round failed (${failures}x): ${(e as Error).message}`);
      }
      if (!this.running) break;
      if (claimed < this.options.batch) await this.sleep(failures ? Math.min(this.options.intervalMs * 2 ** Math.min(failures, 5), 2_000) : this.options.intervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async send(rows: ClaimedOutboxRow[]): Promise<void> {
    const jobs: { name: JobName; data: unknown; opts: JobsOptions }[] = [];
    for (const row of rows) {
      const data = this.escalation.jobFor(row);
      if (!data) continue;
      if (row.attempts > 1) {
        // A re-send: a job that failed for good is still retained under this id and would
        // swallow the add (jobId de-duplication), so it makes way.
        const existing = await this.queue.getJob(row.id);
        if (existing && (await existing.isFailed())) await existing.remove();
      }
      jobs.push({ name: JobName.ESCALATE_DISPUTE, data, opts: { ...DEFAULT_JOB_OPTIONS, jobId: row.id } });
    }
    if (!jobs.length) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.addBulk(jobs as never),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('Redis did not accept the jobs in time')), this.options.sendTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
