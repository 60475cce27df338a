import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { queueErrorListener } from '@app/platform';

/**
 * The base of every processor: a Worker with no `error` listener makes BullMQ print "Unhandled
 * error" (with a stack) for each failed reconnect during a Redis restart or Redis Cluster
 * failover. Here they are logged at warn level through the Nest logger, one line each, repeats
 * counted (queueErrorListener); BullMQ reconnects by itself.
 */
export abstract class LoggedWorkerHost extends WorkerHost {
  private readonly reportWorkerError = queueErrorListener(new Logger(this.constructor.name), 'worker');

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.reportWorkerError(error);
  }
}
