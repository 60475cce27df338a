import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { EscalationService } from '@app/center';
import { JobName, QueueName } from '@app/platform';

/** Jobs processed at once by one worker process (each is one short transaction). */
export const ESCALATION_CONCURRENCY = Number(process.env.ESCALATION_CONCURRENCY || 8);

/**
 * Escalation jobs (jobId = outbox id): one center case per escalated dispute, the dispute set
 * ESCALATED and the outbox row DONE in one transaction. Retries and duplicates are absorbed by
 * the processor (unique key on the source dispute; a DONE row is left alone).
 */
// Jobs take milliseconds: a short lock lets BullMQ hand the active jobs of a killed worker to
// another within seconds (stalled-job recovery) instead of the default 30 s.
@Processor(QueueName.ESCALATION, { concurrency: ESCALATION_CONCURRENCY, lockDuration: 10_000, stalledInterval: 5_000 })
export class EscalationProcessor extends WorkerHost {
  static readonly handles = [JobName.ESCALATE_DISPUTE];

  constructor(private readonly escalation: EscalationService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.ESCALATE_DISPUTE:
        return { result: await this.escalation.processEscalation(job.data) };
      default:
        throw new Error(`No handler for job ${job.name}`);
    }
  }
}
