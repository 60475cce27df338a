import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

export async function createWorkerApp(options: { logger?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(WorkerModule, { bufferLogs: true });
  app.useLogger(options.logger === false ? false : app.get(Logger));
  // Closing queues waits for active jobs to finish (BullMQ Worker.close), then the pool closes.
  app.enableShutdownHooks();
  return app;
}
