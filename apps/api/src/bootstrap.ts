import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from '@app/platform';
import { AppModule } from './app.module';

/** Request bodies above this are refused before parsing (abuse limit). */
export const BODY_LIMIT = '1mb';

export async function createApiApp(options: { logger?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(options.logger === false ? false : app.get(Logger));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  return app;
}
