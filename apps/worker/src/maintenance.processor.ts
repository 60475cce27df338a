import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobName, QueueName } from '@app/platform';
import { LoggedWorkerHost } from './logged-worker-host';

/** A heartbeat job proves end to end that the worker consumes its queues. */
@Processor(QueueName.MAINTENANCE)
export class MaintenanceProcessor extends LoggedWorkerHost {
  static readonly handles = [JobName.HEARTBEAT];

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.HEARTBEAT:
        // `workMs` lets operators (and the shutdown test) see that active jobs finish on close.
        if (job.data.workMs) await new Promise((r) => setTimeout(r, Math.min(Number(job.data.workMs), 10_000)));
        return { ok: true, at: job.data.at };
      default:
        throw new Error(`No handler for job ${job.name}`);
    }
  }
}
