import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
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

/**
 * The request log (pino-http): one line per request with its id, method, url, status and
 * response time. Lean request/response serializers (no headers): the default ones serialised
 * every header of every request and response, which with the redaction paths cost about a sixth
 * of the API's CPU per request (bench/disputes-open.ts), and a header is where a token would leak.
 */
export function httpLogOptions(config: Pick<AppConfig, 'LOG_LEVEL'>): Options {
  return {
    level: config.LOG_LEVEL,
    genReqId: (req, res) => {
      const id = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    autoLogging: { ignore: (req) => req.url === '/health' },
    customProps: (req) => ({ requestId: (req as { id?: string }).id }),
  };
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: httpLogOptions(config) }),
    }),
  ],
})
export class LoggingModule {}
