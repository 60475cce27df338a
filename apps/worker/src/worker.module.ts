import { Module, OnApplicationBootstrap } from '@nestjs/common';
import Redis from 'ioredis';
import { HealthModule, InjectRedis, JobName, PlatformModule, QueueModule } from '@app/platform';
import { CenterModule } from '@app/center';
import { ReportingModule } from '@app/reporting';
import { EscalationProcessor } from './escalation.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { OutboxRelay } from './outbox-relay';
import { SupervisionProcessor } from './supervision.processor';
import { queueHealthProvider, warnIfRedisEvicts } from './queue-health';

/** Every job name must have a handler: the worker refuses to start otherwise (immich's setup()). */
export const JOB_HANDLERS: JobName[] = [...MaintenanceProcessor.handles, ...EscalationProcessor.handles, ...SupervisionProcessor.handles];

export function assertEveryJobHandled(handled: JobName[] = JOB_HANDLERS): void {
  const missing = Object.values(JobName).filter((n) => !handled.includes(n));
  if (missing.length) throw new Error(`No handler for job name(s): ${missing.join(', ')}`);
}

@Module({
  imports: [PlatformModule, QueueModule, CenterModule, ReportingModule, HealthModule.register({ imports: [QueueModule], providers: [queueHealthProvider] })],
  providers: [MaintenanceProcessor, EscalationProcessor, SupervisionProcessor, OutboxRelay],
})
export class WorkerModule implements OnApplicationBootstrap {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  async onApplicationBootstrap(): Promise<void> {
    assertEveryJobHandled();
    await warnIfRedisEvicts(this.redis);
  }
}
