import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { EscalationJob, EscalationOutcome, EscalationResult, EscalationService } from '@app/center';
import { JobName, QueueName } from '@app/platform';
import { LoggedWorkerHost } from './logged-worker-host';

const num = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : d);

/**
 * Jobs held at once by one worker process. Each waits in the batcher below for a transaction
 * it shares with the jobs that arrived with it. From a backlog of 10,000 escalations, 256 jobs in
 * batches of up to 128 ran 1.2x faster than 64 and 64 (bench/escalation.ts); a quiet queue still
 * sends each job at once in a batch of its own.
 */
export const ESCALATION_CONCURRENCY = num(process.env.ESCALATION_CONCURRENCY, 256);
/** Largest batch per transaction. */
export const ESCALATION_BATCH = num(process.env.ESCALATION_BATCH, 128);
/** How many batch transactions run at once. */
export const ESCALATION_PARALLEL_BATCHES = num(process.env.ESCALATION_PARALLEL_BATCHES, 2);

/**
 * Group commit for escalation jobs: the jobs BullMQ hands over while a batch is being written
 * gather and go together into the next one (at most `maxBatch`, at most `parallel` batches at
 * once). A lone job goes at once (on the next turn of the event loop), so batching adds no wait
 * when the queue is quiet; under load the batches grow by themselves.
 */
export class EscalationBatcher {
  private readonly waiting: { job: EscalationJob; resolve: (r: EscalationResult) => void; reject: (e: Error) => void }[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (jobs: EscalationJob[]) => Promise<EscalationOutcome[]>,
    private readonly maxBatch = ESCALATION_BATCH,
    private readonly parallel = ESCALATION_PARALLEL_BATCHES,
  ) {}

  submit(job: EscalationJob): Promise<EscalationResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.parallel || !this.waiting.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running >= this.parallel || !this.waiting.length) return;
    const batch = this.waiting.splice(0, this.maxBatch);
    this.running++;
    try {
      const outcomes = await this.run(batch.map((b) => b.job));
      batch.forEach((b, i) => {
        const o = outcomes[i];
        if (o instanceof Error) b.reject(o);
        else if (o === undefined) b.reject(new Error('No outcome for the job'));
        else b.resolve(o);
      });
    } catch (e) {
      for (const b of batch) b.reject(e as Error);
    } finally {
      this.running--;
      this.schedule();
    }
  }
}

/**
 * Escalation jobs (jobId = outbox id): one center case per escalated dispute, the dispute set
 * ESCALATED and the outbox row DONE in one transaction (shared with the other jobs of its
 * batch). Retries and duplicates are absorbed by the processor (unique key on the source
 * dispute; a DONE row is left alone).
 */
// Jobs take milliseconds: a short lock lets BullMQ hand the active jobs of a killed worker to
// another within seconds (stalled-job recovery) instead of the default 30 s.
@Processor(QueueName.ESCALATION, { concurrency: ESCALATION_CONCURRENCY, lockDuration: 10_000, stalledInterval: 5_000 })
export class EscalationProcessor extends LoggedWorkerHost {
  static readonly handles = [JobName.ESCALATE_DISPUTE];
  private readonly batcher: EscalationBatcher;

  constructor(private readonly escalation: EscalationService) {
    super();
    this.batcher = new EscalationBatcher((jobs) => this.escalation.processEscalations(jobs));
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.ESCALATE_DISPUTE:
        return { result: await this.batcher.submit(job.data) };
      default:
        throw new Error(`No handler for job ${job.name}`);
    }
  }
}
