import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A local HTTP endpoint that records every POST; `failing` makes it answer 500. */
export async function startWebhookReceiver(): Promise<{ url: string; received: ReceivedWebhook[]; failing: { on: boolean }; close: () => Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const failing = { on: false };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failing.on) {
        res.writeHead(500).end('down');
        return;
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks/budget`,
    received,
    failing,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
