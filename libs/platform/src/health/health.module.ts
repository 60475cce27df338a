import { Controller, DynamicModule, Get, Inject, Injectable, Module, Optional, Provider } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import Redis from 'ioredis';
import { InjectRedis } from '../redis/redis.module';
import { Public } from '../auth/public';

/** Extra checks an app contributes (the worker adds its queues). */
export const EXTRA_HEALTH_CHECKS = Symbol('EXTRA_HEALTH_CHECKS');
export type ExtraHealthCheck = () => Promise<Record<string, { status: 'up' | 'down'; [k: string]: unknown }>>;

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly health: HealthIndicatorService,
  ) {}

  async pingCheck(key: string) {
    const indicator = this.health.check(key);
    try {
      let timer: NodeJS.Timeout | undefined;
      const pong = await Promise.race([
        this.redis.ping(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000))),
      ]).finally(() => clearTimeout(timer));
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: String(pong) });
    } catch (e) {
      return indicator.down({ message: (e as Error).message });
    }
  }
}

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    @Optional() @Inject(EXTRA_HEALTH_CHECKS) private readonly extra?: ExtraHealthCheck[],
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 2000 }),
      () => this.redis.pingCheck('redis'),
      ...(this.extra ?? []).map((c) => () => c() as never),
    ]);
  }
}

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [RedisHealthIndicator],
})
export class HealthModule {
  /** The worker adds its queue checks; the API uses the module as it is. */
  static register(extra: { imports?: DynamicModule['imports']; providers: Provider[] }): DynamicModule {
    return { module: HealthModule, imports: extra.imports, providers: extra.providers };
  }
}
