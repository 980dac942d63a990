import { loadConfig } from '@budget/platform';
import { REDIS_SERVER_MISSING, securedInfraAvailable, startRedisWithPassword } from '@budget/platform/testing';
import { SessionStore, sessionRedis } from './sessions';

// The sessions' Redis with a password (REDIS_PASSWORD): a redis-server of its own on port 5281
// (REDIS_AUTH_TEST_PORT moves it) with --requirepass, started and stopped here.
jest.setTimeout(30_000);

const PORT = Number(process.env.REDIS_AUTH_TEST_PORT ?? 5281);
const PASSWORD = 'web-sessions-int-password';
// Skipped where redis-server is missing, except in CI and with REQUIRE_SECURED_INFRA=1 (scripts/test.sh): there it fails.
const maybe = securedInfraAvailable('redis-auth.int.spec', REDIS_SERVER_MISSING ? 'redis-server is not on PATH (deploy/infra.sh installs it)' : undefined) ? describe : describe.skip;

maybe('web sessions on a Redis that requires a password', () => {
  let server: { stop(): Promise<void> };

  beforeAll(async () => {
    server = await startRedisWithPassword(PORT, PASSWORD);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('keeps sessions with REDIS_PASSWORD set', async () => {
    const config = loadConfig({ NODE_ENV: 'test', REDIS_PORT: String(PORT), REDIS_PASSWORD: PASSWORD });
    const redis = sessionRedis(config.redis);
    await redis.connect();
    try {
      const store = new SessionStore(redis, 'test-web-auth:', 600, 3600);
      const session = await store.create({ id: 'demo-clerk-u1', role: 'unit_clerk', departmentId: 'd1', unitId: 'u1' }, 'dev');
      expect(await store.get(session.id)).toEqual(session);
    } finally {
      redis.disconnect();
    }
  });

  it('is refused without the password, or with a wrong one', async () => {
    for (const env of [{}, { REDIS_PASSWORD: 'wrong' }]) {
      const config = loadConfig({ NODE_ENV: 'test', REDIS_PORT: String(PORT), ...env });
      const redis = sessionRedis(config.redis);
      redis.on('error', () => undefined);
      try {
        await redis.connect().catch(() => undefined);
        await expect(new SessionStore(redis, 'test-web-auth:', 600, 3600).get('x'.repeat(43))).rejects.toThrow(/NOAUTH|WRONGPASS|invalid password|Authentication required/i);
      } finally {
        redis.disconnect();
      }
    }
  });
});
