import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * What a load balancer in front of a service's replicas does, in-process: each request goes to the
 * next replica in turn; one that refuses the connection (killed, or not started yet) is skipped.
 * A request that reached a replica and lost its answer is not sent again (it may have taken effect):
 * the caller gets 502 and reads the state again, as a person would reload.
 */
export class Balancer {
  private server: Server | null = null;
  private next = 0;
  /** Requests answered, by replica port. */
  readonly served = new Map<number, number>();
  /** Requests answered 502, by what went wrong. */
  readonly failed = new Map<string, number>();

  constructor(private readonly targets: () => readonly number[]) {}

  async listen(port: number): Promise<void> {
    const server = createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const ports = this.targets();
    let why = 'no replica running';
    // Each replica once, from the next in turn (other requests move the turn on meanwhile).
    const first = this.next++;
    for (let attempt = 0; attempt < ports.length; attempt++) {
      const port = ports[(first + attempt) % ports.length];
      if (port === undefined) break;
      const outcome = await this.tryOne(port, req, body, res);
      if (outcome === 'answered') {
        this.served.set(port, (this.served.get(port) ?? 0) + 1);
        return;
      }
      why = `${outcome}`;
      if (outcome.startsWith('lost')) break;
    }
    this.failed.set(why, (this.failed.get(why) ?? 0) + 1);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ statusCode: 502, code: 'BAD_GATEWAY', message: '服务暂时不可用，请稍后重试' }));
  }

  /** 'refused': never reached the replica (try another); 'lost …': reached it, no (whole) answer. */
  private tryOne(port: number, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<'answered' | 'refused' | `lost ${string}`> {
    return new Promise((resolve) => {
      const upstream = request(
        // A connection per request (no keep-alive): a pooled socket the replica has just closed would read as a lost answer.
        { host: '127.0.0.1', port, method: req.method, path: req.url, agent: false, headers: { ...req.headers, host: `127.0.0.1:${port}`, 'content-length': String(body.length), connection: 'close' } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => resolve('answered'));
          answer.on('error', (e: NodeJS.ErrnoException) => resolve(`lost ${e.code ?? e.message}`));
        },
      );
      upstream.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' ? 'refused' : `lost ${e.code ?? e.message}`));
      upstream.end(body);
    });
  }
}
