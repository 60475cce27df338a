import { Logger } from '@nestjs/common';

/** One line for an error BullMQ reports: its code and message, never the stack. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const message = error.message || error.name;
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}

/**
 * The `error` listener of a BullMQ Worker or Queue. Without one, BullMQ prints "Unhandled error"
 * with a stack for every failed reconnect while Redis is away (a restart, a Redis Cluster
 * failover); BullMQ reconnects by itself, so this is a warning, not a failure. One line per error
 * at warn level; the same error again within `quietMs` is only counted, and the count is told
 * with the next line.
 */
export function queueErrorListener(logger: Logger, source: string, quietMs = 10_000): (error: unknown) => void {
  let last: string | undefined;
  let lastAt = 0;
  let repeated = 0;
  return (error: unknown) => {
    const text = errorText(error);
    const now = Date.now();
    if (text === last && now - lastAt < quietMs) {
      repeated++;
      return;
    }
    logger.warn(`${source}: ${text}${repeated ? ` (the previous error repeated ${repeated}x)` : ''}`);
    last = text;
    lastAt = now;
    repeated = 0;
  };
}
