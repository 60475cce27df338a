import pino from 'pino';
import { Writable } from 'stream';
import { REDACT_PATHS } from './logging.module';

describe('log redaction', () => {
  it('never writes authorization headers or personal fields', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, cb) => (lines.push(chunk.toString()), cb()) });
    const log = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
    log.info({ req: { headers: { authorization: 'Bearer secret-token' } }, input: { consumerPhone: '13800138000', consumerName: '张三', subject: '退货' } }, 'x');
    const out = lines.join('');
    expect(out).not.toContain('secret-token');
    expect(out).not.toContain('13800138000');
    expect(out).not.toContain('张三');
    expect(out).toContain('退货');
  });
});
