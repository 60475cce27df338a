import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'crypto';
import { AppConfig } from '../config/config';

/** Personal fields are never logged, whatever object they appear in. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.adminPassword',
  '*.consumerName',
  '*.consumerPhone',
  '*.complainantName',
  '*.complainantPhone',
  '*.reporterName',
  '*.reporterPhone',
  '*.phone',
  '*.accessToken',
];

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: (req, res) => {
            const id = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
            res.setHeader('x-request-id', id);
            return id;
          },
          redact: { paths: REDACT_PATHS, censor: '[redacted]' },
          autoLogging: { ignore: (req) => req.url === '/health' },
          customProps: (req) => ({ requestId: (req as { id?: string }).id }),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
