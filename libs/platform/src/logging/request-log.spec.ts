import { createServer } from 'http';
import { AddressInfo } from 'net';
import pinoHttp from 'pino-http';
import { Writable } from 'stream';
import { httpLogOptions } from './logging.module';

describe('request log', () => {
  it('writes one line per request with id, method, url, status and time, and no headers', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, cb) => (lines.push(chunk.toString()), cb()) });
    const log = pinoHttp(httpLogOptions({ LOG_LEVEL: 'info' }), sink);
    const server = createServer((req, res) => {
      log(req, res);
      res.setHeader('set-cookie', 'session=server-secret');
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/graphql?x=1`, { headers: { authorization: 'Bearer secret-token', cookie: 'c=client-secret', 'x-request-id': 'req-42' } });
      expect(res.headers.get('x-request-id')).toBe('req-42');
      await res.text();
      const ignored = await fetch(`http://127.0.0.1:${port}/health`);
      await ignored.text();
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ requestId: 'req-42', req: { id: 'req-42', method: 'GET', url: '/graphql?x=1' }, res: { statusCode: 200 }, msg: 'request completed' });
    expect(typeof entry.responseTime).toBe('number');
    expect(Object.keys(entry.req).sort()).toEqual(['id', 'method', 'url']);
    expect(Object.keys(entry.res)).toEqual(['statusCode']);
    for (const secret of ['secret-token', 'client-secret', 'server-secret']) expect(lines[0]).not.toContain(secret);
  });
});
