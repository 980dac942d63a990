import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { postToCheckedTarget } from './webhook-delivery';
import { type Lookup, resolveWebhookTarget } from './webhook-target';

/**
 * DNS rebinding: a name answers an allowed address to the check and another one to the
 * connection. The delivery must go to the checked address. Only loopback is used: the receiver
 * listens on 127.0.0.1, the "rebound" answer is 127.0.0.2, where nothing listens and which the
 * policy does not allow.
 */
describe('webhook delivery pinned to the checked address', () => {
  let server: Server;
  let port: number;
  const received: { host: string | undefined; body: string; url: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ host: req.headers.host, body, url: req.url });
        res.writeHead(204, 'No Content').end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('connects to the address that passed the check, not to what the name answers next', async () => {
    const answers = ['127.0.0.1', '127.0.0.2'];
    const asked: string[] = [];
    const rebinding: Lookup = (host) => {
      asked.push(host);
      const address = answers.shift() ?? '127.0.0.2';
      return Promise.resolve([{ address, family: 4 }]);
    };
    const policy = { allow: ['127.0.0.1/32'], requireHttps: false };
    const target = await resolveWebhookTarget(`http://hooks.rebind.test:${port}/budget?x=1`, policy, rebinding);
    expect(target).toMatchObject({ host: 'hooks.rebind.test', address: '127.0.0.1', family: 4 });
    // Whatever the name says now, the check has been made on 127.0.0.1 …
    await expect(resolveWebhookTarget(`http://hooks.rebind.test:${port}/budget`, policy, rebinding)).rejects.toThrow('本机回环地址（127.0.0.2）');
    // … and the delivery goes there, with the name in the Host header; the system resolver is never asked.
    const reply = await postToCheckedTarget(target, { body: '{"kind":"task_waiting"}', headers: { 'content-type': 'application/json' }, timeoutMs: 5000 });
    expect(reply).toEqual({ status: 204, statusText: 'No Content' });
    expect(received).toEqual([{ host: `hooks.rebind.test:${port}`, body: '{"kind":"task_waiting"}', url: '/budget?x=1' }]);
    expect(asked).toEqual(['hooks.rebind.test', 'hooks.rebind.test']);
  });

  it('posts to a literal address as it is, and fails when nothing listens there', async () => {
    const target = await resolveWebhookTarget(`http://127.0.0.1:${port}/literal`, { allow: ['127.0.0.1'], requireHttps: false });
    expect((await postToCheckedTarget(target, { body: '{}', headers: {}, timeoutMs: 5000 })).status).toBe(204);
    const closed = await resolveWebhookTarget('http://127.0.0.2:9/none', { allow: ['127.0.0.0/8'], requireHttps: false });
    await expect(postToCheckedTarget(closed, { body: '{}', headers: {}, timeoutMs: 5000 })).rejects.toThrow(/ECONNREFUSED/);
  });
});
