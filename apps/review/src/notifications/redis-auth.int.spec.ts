import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { redisOptions } from '@budget/notifications';
import { loadConfig } from '@budget/platform';
import { REDIS_SERVER_MISSING, startRedisWithPassword } from '@budget/platform/testing';
import { notificationsConfig } from './notifications.config';

// BullMQ (the notification queues) on a Redis that requires a password: a redis-server of its own on
// port 5282 (REDIS_AUTH_TEST_PORT + 1 moves it) with --requirepass, started and stopped here.
jest.setTimeout(30_000);

const PORT = Number(process.env.REDIS_AUTH_TEST_PORT ?? 5281) + 1;
const PASSWORD = 'notifications-int-password';
const missing = REDIS_SERVER_MISSING;
if (missing) console.warn('redis-auth.int.spec: skipped: redis-server is not on PATH (deploy/infra.sh installs it)');
const maybe = missing ? describe.skip : describe;

function configWith(env: NodeJS.ProcessEnv) {
  const all = { NODE_ENV: 'test', REDIS_PORT: String(PORT), NOTIFICATIONS_QUEUE_PREFIX: 'redis-auth-int', ...env };
  return notificationsConfig(loadConfig(all), all);
}

maybe('notification queues on a Redis that requires a password', () => {
  let server: { stop(): Promise<void> };

  beforeAll(async () => {
    server = await startRedisWithPassword(PORT, PASSWORD);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('queues and works a job with REDIS_PASSWORD set', async () => {
    const config = configWith({ REDIS_PASSWORD: PASSWORD });
    expect(config.redis.password).toBe(PASSWORD);
    const queue = new Queue('auth-check', { prefix: config.queuePrefix, connection: redisOptions(config, 'producer') });
    let worker: Worker | undefined;
    try {
      const done = new Promise<unknown>((resolve) => {
        worker = new Worker('auth-check', (job) => Promise.resolve(resolve(job.data)), { prefix: config.queuePrefix, connection: redisOptions(config, 'worker') });
      });
      await queue.add('ping', { hello: '预算' });
      expect(await done).toEqual({ hello: '预算' });
    } finally {
      await worker?.close();
      await queue.close();
    }
  });

  it('is refused without the password, or with a wrong one', async () => {
    for (const env of [{}, { REDIS_PASSWORD: 'wrong' }]) {
      const config = configWith(env);
      // The connection options BullMQ is given, on a client of its own.
      const redis = new Redis({ ...redisOptions(config, 'producer'), lazyConnect: true });
      const errors: string[] = [];
      redis.on('error', (e: Error) => errors.push(e.message));
      try {
        const outcome = await redis.connect().then(
          () => redis.ping(),
          (e: Error) => e.message,
        ).catch((e: Error) => e.message);
        expect(outcome).not.toBe('PONG');
        expect([outcome, ...errors].join(' | ')).toMatch(/NOAUTH|WRONGPASS|invalid password|Authentication required/i);
      } finally {
        redis.disconnect();
      }
    }
  });
});
