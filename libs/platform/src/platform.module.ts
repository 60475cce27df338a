import { Global, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit/audit-event.entity';
import { randomUUID } from 'crypto';
import { AuditService } from './audit/audit.service';
import { ConfigModule } from './config/config.module';
import { PersonalDataCipher } from './crypto/personal-data';
import { DatabaseModule } from './database/database.module';
import { DataLoaderFactory } from './graphql/loaders';
import { LoggingModule } from './logging/logging.module';
import { RedisModule } from './redis/redis.module';

/** What both apps need: config, request context, database, Redis, logs, audit, personal data. */
@Global()
@Module({
  imports: [
    ConfigModule,
    ClsModule.forRoot({
      global: true,
      middleware: {
        mount: true,
        generateId: true,
        idGenerator: (req) => (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
      },
    }),
    LoggingModule,
    DatabaseModule,
    RedisModule,
    TypeOrmModule.forFeature([AuditEvent]),
  ],
  providers: [AuditService, PersonalDataCipher, DataLoaderFactory],
  exports: [AuditService, PersonalDataCipher, DataLoaderFactory],
})
export class PlatformModule {}
