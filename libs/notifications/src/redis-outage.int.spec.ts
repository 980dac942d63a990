import { randomUUID } from 'node:crypto';
import { type NotificationsConfig } from './config';
import { NotificationDispatcher } from './dispatcher';
import { InMemoryRecipientDirectory } from './in-memory-directory';
import { NotificationInbox } from './inbox';
import { type LogLevel } from './logger';
import { Notifier } from './notifier';
import {
  TEST_REDIS_PORT,
  type TcpProxy,
  type TestSchema,
  count,
  createTcpProxy,
  createTestSchema,
  deleteRedisPrefix,
  inTransaction,
  sleep,
  testConfig,
  waitFor,
} from './testing/harness';
import { type SheetRef } from './types';
import { NotificationWorkers } from './workers';

jest.setTimeout(40_000);

const sheet: SheetRef = { sheetId: 'sheet-p3-2025', projectName: '基层党建', fiscalYear: 2025, departmentId: 'D1', unitId: 'U1' };

let db: TestSchema;
let proxy: TcpProxy;
let config: NotificationsConfig;
const logs: { level: LogLevel; message: string }[] = [];

beforeAll(async () => {
  db = await createTestSchema();
  // Redis "is down" for everything connecting through the proxy until it is opened.
  proxy = await createTcpProxy(TEST_REDIS_PORT);
  config = testConfig(db.schema, { redis: { port: proxy.port } });
});

afterAll(async () => {
  // Shut down while Redis was away, BullMQ's fetch watchdog (drainDelay + 1 s) and ioredis'
  // disconnect timer (2 s) run out on their own; wait for them so that Jest exits clean.
  await sleep(3_200);
  await proxy.close();
  await deleteRedisPrefix(config.queuePrefix);
  await db.drop();
});

it('keeps requests in PostgreSQL while Redis is down, at start and later, and delivers each once when it is back', async () => {
  const directory = new InMemoryRecipientDirectory({ users: [{ userId: 'clerk-1', role: 'unit_clerk', departmentId: 'D1', unitId: 'U1' }] });
  const notifier = new Notifier(db.pool, directory, config);
  const inbox = new NotificationInbox(db.pool, { schema: db.schema });
  const logger = (level: LogLevel, message: string): void => {
    logs.push({ level, message });
  };
  const dispatcher = new NotificationDispatcher(db.pool, config, { logger });
  const workers = new NotificationWorkers(db.pool, directory, config, { logger });
  dispatcher.start();
  workers.start();
  const statusOf = async (eventId: string): Promise<string | undefined> => (await notifier.deliveriesOf(eventId))[0]?.status;

  try {
    // Down from the start: BullMQ never connected.
    const first = randomUUID();
    await inTransaction(db.pool, (tx) => notifier.request(tx, { kind: 'revision_requested', sourceEventId: first, sheet }));
    await inTransaction(db.pool, (tx) => notifier.request(tx, { kind: 'revision_requested', sourceEventId: first, sheet }));
    await sleep(1_500);
    expect(await statusOf(first)).toBe('pending');
    expect(await inbox.unreadCount('clerk-1')).toBe(0);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('Redis unavailable'))).toBe(true);

    await proxy.open();
    await waitFor('delivered once Redis is back', async () => (await statusOf(first)) === 'delivered', 15_000);
    expect(await inbox.unreadCount('clerk-1')).toBe(1);
    expect(logs.some((l) => l.level === 'info' && l.message.includes('dispatching again'))).toBe(true);

    // Down again while connected: commands fail fast, requests wait again.
    await proxy.close();
    const second = randomUUID();
    await inTransaction(db.pool, (tx) => notifier.request(tx, { kind: 'revision_requested', sourceEventId: second, sheet }));
    await sleep(1_500);
    expect(await statusOf(second)).toBe('pending');

    await proxy.open();
    await waitFor('delivered after the second outage', async () => (await statusOf(second)) === 'delivered', 15_000);
    await sleep(500);
    expect(await inbox.unreadCount('clerk-1')).toBe(2);
    expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".notification_inbox WHERE user_id = 'clerk-1'`)).toBe(2);

    // Shutting down while Redis is away must not hang.
    await proxy.close();
    await sleep(300);
  } finally {
    const stopping = Date.now();
    await dispatcher.stop();
    await workers.stop();
    expect(Date.now() - stopping).toBeLessThan(10_000);
  }
});
