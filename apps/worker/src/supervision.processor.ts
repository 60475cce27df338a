import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { EscalationService } from '@app/center';
import { PERIODIC_REPORTS_CRON, PeriodicReportsService, StatisticsRollups } from '@app/reporting';
import { JobName, QueueName } from '@app/platform';
import { LoggedWorkerHost } from './logged-worker-host';

/** How often the repeatable supervision jobs run (ms). */
export const SUPERVISION_EVERY_MS = Number(process.env.SUPERVISION_EVERY_MS || 60_000);
/** How often the statistics rollups catch up with the dirty days (ms); reads are exact either way. */
export const STATISTICS_REFRESH_EVERY_MS = Number(process.env.STATISTICS_REFRESH_EVERY_MS || 15_000);

/**
 * Repeatable supervision jobs (job schedulers, one per name whatever the number of workers):
 * auto-escalation of OPEN disputes past settle_by, the deadline breach sweeper, and the periodic
 * reports (month, quarter, half year and year all end on the last day of a month, so one monthly
 * run at 00:10 China time stores every report whose period just ended), and the statistics
 * rollups' refresh (StatisticsRollups).
 */
@Processor(QueueName.SUPERVISION, { concurrency: 1 })
export class SupervisionProcessor extends LoggedWorkerHost implements OnApplicationBootstrap {
  static readonly handles = [JobName.AUTO_ESCALATE, JobName.SWEEP_DEADLINES, JobName.PERIODIC_REPORTS, JobName.REFRESH_STATISTICS];
  private readonly logger = new Logger('Supervision');

  constructor(
    private readonly escalation: EscalationService,
    private readonly reports: PeriodicReportsService,
    private readonly rollups: StatisticsRollups,
    @InjectQueue(QueueName.SUPERVISION) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const opts = { removeOnComplete: { age: 3600, count: 100 }, removeOnFail: { age: 7 * 24 * 3600, count: 1000 } };
    for (const name of [JobName.AUTO_ESCALATE, JobName.SWEEP_DEADLINES]) {
      await this.queue.upsertJobScheduler(name, { every: SUPERVISION_EVERY_MS }, { name, data: {}, opts });
    }
    await this.queue.upsertJobScheduler(JobName.REFRESH_STATISTICS, { every: STATISTICS_REFRESH_EVERY_MS }, { name: JobName.REFRESH_STATISTICS, data: {}, opts });
    await this.queue.upsertJobScheduler(JobName.PERIODIC_REPORTS, PERIODIC_REPORTS_CRON, { name: JobName.PERIODIC_REPORTS, data: {}, opts });
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.AUTO_ESCALATE: {
        // First the final settlement windows of a year just published, so the overdue check uses
        // them; the escalation runs even when that step failed (the job then fails after it).
        const confirmed = await this.escalation.confirmProvisionalSettleBy().then(
          (n) => ({ n, error: null }),
          (e: Error) => ({ n: 0, error: e }),
        );
        if (confirmed.n) this.logger.log(`Confirmed the settlement window of ${confirmed.n} dispute(s)`);
        const escalated = await this.escalation.autoEscalate();
        if (escalated) this.logger.log(`Escalated ${escalated} overdue dispute(s)`);
        if (confirmed.error) throw confirmed.error;
        return { escalated, confirmed: confirmed.n };
      }
      case JobName.SWEEP_DEADLINES: {
        // First the deadlines that waited for a calendar year, so they are swept too; the sweep
        // runs even when that step failed (the job then fails after it, and is retried).
        const pending = await this.escalation.startPendingDeadlines().then(
          (n) => ({ n, error: null }),
          (e: Error) => ({ n: 0, error: e }),
        );
        const urged = await this.escalation.sweepDeadlines();
        if (urged) this.logger.log(`Urged ${urged} breached deadline(s)`);
        if (pending.error) throw pending.error;
        return { started: pending.n, urged };
      }
      case JobName.PERIODIC_REPORTS: {
        const written = await this.reports.generate();
        this.logger.log(`Stored ${written} periodic report(s)`);
        return { written };
      }
      case JobName.REFRESH_STATISTICS:
        return { days: await this.rollups.refresh() };
      default:
        throw new Error(`No handler for job ${job.name}`);
    }
  }
}
