import { Logger } from '@nestjs/common';
import { queueErrorListener } from './queue-errors';

describe('queueErrorListener', () => {
  it('logs one warn line per error (code and message, no stack), counting repeats within the quiet period', () => {
    const warn = jest.fn();
    let now = 1_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const listen = queueErrorListener({ warn } as unknown as Logger, 'worker', 10_000);
      const refused = Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' });
      listen(refused);
      listen(refused);
      listen(refused);
      now += 10_001;
      listen(refused);
      listen(new Error('CLUSTERDOWN The cluster is down'));
      listen('not an error');
      expect(warn.mock.calls.map((c) => c[0])).toEqual([
        'worker: ECONNREFUSED connect failed',
        'worker: ECONNREFUSED connect failed (the previous error repeated 2x)',
        'worker: CLUSTERDOWN The cluster is down',
        'worker: not an error',
      ]);
    } finally {
      clock.mockRestore();
    }
  });
});
