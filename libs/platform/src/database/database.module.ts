import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/config';
import { PreparingClient } from './preparing-client';
import { runtimeConnectionOptions } from './runtime-role';
import { TenantDb } from '../tenancy/tenant-db';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        type: 'postgres' as const,
        url: config.DATABASE_URL,
        autoLoadEntities: true,
        synchronize: false,
        migrationsRun: false,
        // Never retry forever at boot: a wrong URL should stop the process quickly.
        retryAttempts: 3,
        retryDelay: 1000,
        extra: {
          options: runtimeConnectionOptions(),
          max: config.DB_POOL_SIZE ?? 10,
          application_name: 'station-network',
          connectionTimeoutMillis: 5000,
          // A PostgreSQL host gone silent (no RST) is noticed by TCP keepalive, not in two hours.
          keepAlive: true,
          keepAliveInitialDelayMillis: 10_000,
          ...(config.DB_AUTO_PREPARE === 'false' ? {} : { Client: PreparingClient }),
        },
      }),
    }),
  ],
  providers: [TenantDb],
  exports: [TenantDb],
})
export class DatabaseModule {}
