import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '@budget/platform';
import { SessionStore } from './sessions';

describe('SessionStore on Redis', () => {
  const { redis: settings } = loadConfig();
  const redis = new Redis({ host: settings.host, port: settings.port });
  const prefix = `test-web-${randomBytes(4).toString('hex')}:`;
  const actor = { id: 'demo-clerk-u1', role: 'unit_clerk' as const, departmentId: 'd1', unitId: 'u1' };

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('keeps a session under an unguessable id with its own CSRF token, with the idle time as expiry', async () => {
    const store = new SessionStore(redis, prefix, 600, 3600);
    const session = await store.create(actor, 'dev');
    expect(session.id).toMatch(/^[\w-]{43}$/);
    expect(session.csrfToken).not.toBe(session.id);
    expect(await store.get(session.id)).toEqual(session);
    const ttl = await redis.ttl(`${prefix}${session.id}`);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('forgets a session past its maximum age, a destroyed one, and ids of the wrong form', async () => {
    const store = new SessionStore(redis, prefix, 600, 60);
    const old = await store.create(actor, 'dev', Date.now() - 61_000);
    expect(await store.get(old.id)).toBeUndefined();
    expect(await redis.exists(`${prefix}${old.id}`)).toBe(0);
    const gone = await store.create(actor, 'dev');
    await store.destroy(gone.id);
    expect(await store.get(gone.id)).toBeUndefined();
    expect(await store.get('*')).toBeUndefined();
    expect(await store.get(undefined)).toBeUndefined();
  });

  it('never lets a session outlive its maximum age through renewals', async () => {
    const store = new SessionStore(redis, prefix, 600, 100);
    const session = await store.create(actor, 'dev', Date.now() - 90_000);
    expect(await store.get(session.id)).toBeDefined();
    expect(await redis.ttl(`${prefix}${session.id}`)).toBeLessThanOrEqual(10);
  });
});
