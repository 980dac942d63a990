import { randomBytes } from 'node:crypto';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import { type AddressInfo, type Server, type Socket, createServer as createTcpServer, connect } from 'node:net';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { type NotificationsConfig, type NotificationsConfigInput, resolveNotificationsConfig } from '../config';
import { errorText } from '../logger';
import { notificationsSchemaSql } from '../schema';

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/budget';
export const TEST_REDIS_HOST = process.env.REDIS_HOST ?? '127.0.0.1';
export const TEST_REDIS_PORT = Number(process.env.REDIS_PORT ?? 6379);

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface TestSchema {
  readonly pool: Pool;
  readonly schema: string;
  drop(): Promise<void>;
}

/** A fresh schema with the notification tables; its name is random, so test files run side by side. */
export async function createTestSchema(prefix = 'notif_test'): Promise<TestSchema> {
  const schema = uniqueName(prefix);
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 12 });
  for (const statement of notificationsSchemaSql(schema)) await pool.query(statement);
  return {
    pool,
    schema,
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

/** Short timings and a queue prefix of its own, so a run never meets another run's jobs. */
export function testConfig(schema: string, overrides: NotificationsConfigInput = {}): NotificationsConfig {
  return resolveNotificationsConfig({
    ...overrides,
    schema,
    queuePrefix: overrides.queuePrefix ?? uniqueName('notif_test'),
    redis: { host: TEST_REDIS_HOST, port: TEST_REDIS_PORT, commandTimeoutMs: 1_000, maxReconnectDelayMs: 200, connectTimeoutMs: 1_000, ...overrides.redis },
    // The test receivers listen on loopback, which webhooks refuse unless allowed.
    webhook: { attempts: 3, backoffMs: 150, timeoutMs: 2_000, allow: ['127.0.0.1/32'], ...overrides.webhook },
    email: { attempts: 2, backoffMs: 100, ...overrides.email },
    inbox: { attempts: 3, backoffMs: 100, ...overrides.inbox },
    dispatcher: { pollIntervalMs: 200, maxBackoffMs: 400, ...overrides.dispatcher },
  });
}

/** Deletes every Redis key of a queue prefix (SCAN, not KEYS, on a shared server). */
export async function deleteRedisPrefix(prefix: string): Promise<number> {
  const redis = new Redis({ host: TEST_REDIS_HOST, port: TEST_REDIS_PORT, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  return deleted;
}

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
  readonly headers: Map<string, string>;
  readonly subject: string;
  readonly text: string;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly messages: ReceivedMail[];
  close(): Promise<void>;
}

/** A local SMTP server on an ephemeral port that keeps what it receives (no TLS, no auth). */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          raw,
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...parseMail(raw),
        });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Just enough MIME for our own single-part text mails: unfolded headers, RFC 2047 words, base64 / quoted-printable bodies. */
export function parseMail(raw: string): { headers: Map<string, string>; subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const bodyRaw = raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const decodeWords = (value: string): string =>
    value
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, data: string) =>
        encoding.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : Buffer.from(decodeQuotedPrintable(data.replace(/_/g, ' ')), 'binary').toString('utf8'),
      );
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(bodyRaw.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(decodeQuotedPrintable(bodyRaw.replace(/=\r\n/g, '')), 'binary').toString('utf8')
        : bodyRaw;
  return { headers, subject: decodeWords(headers.get('subject') ?? ''), text: text.replace(/\r\n/g, '\n') };
}

function decodeQuotedPrintable(value: string): string {
  return value.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export interface ReceivedHook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly at: number;
  readonly answered: number;
}

export interface TestWebhookReceiver {
  readonly url: string;
  readonly received: ReceivedHook[];
  /** Paths answered with 500 while listed. */
  readonly failing: Set<string>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<TestWebhookReceiver> {
  const received: ReceivedHook[] = [];
  const failing = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const answered = failing.has(path) ? 500 : 204;
      received.push({ path, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8'), at: Date.now(), answered });
      res.statusCode = answered;
      res.end(answered === 500 ? 'receiver is down' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failing,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface TcpProxy {
  readonly port: number;
  /** Accept connections and forward them to the target. */
  open(): Promise<void>;
  /** Refuse connections and cut every open one: to its clients, the target is down. */
  close(): Promise<void>;
}

/** A switchable TCP forwarder on a port of its own: Redis "goes down" for whoever connects through it. */
export async function createTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  return {
    port,
    async open() {
      if (server) return;
      const s = createTcpServer((client) => {
        const upstream = connect(targetPort, targetHost);
        sockets.add(client);
        sockets.add(upstream);
        const drop = (): void => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      server = s;
    },
    async close() {
      const s = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${errorText(last)}` : ''}`);
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function count(pool: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT (${sql})::int AS n`, params);
  return rows[0]!.n;
}

/** Runs `work` in a transaction on its own client, as a service's event handler would. */
export async function inTransaction<T>(pool: Pool, work: (tx: import('pg').PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK');
    throw error;
  } finally {
    tx.release();
  }
}
