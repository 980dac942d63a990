import { randomUUID } from 'node:crypto';
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { issueToken } from '../auth/jwt';
import { configureHttp } from '../bootstrap';
import { loadConfig, type PlatformConfig } from '../config';
import { PlatformModule } from '../platform.module';
import { redisConnectionOptions } from '../redis';
import { rateLimitKind } from './rate-limit';

// The counters live in the shared Redis (REDIS_HOST/REDIS_PORT) under a key prefix of this run's own.
const limits = { RATE_LIMIT_WRITES_PER_MINUTE: '3', RATE_LIMIT_IMPORTS_PER_MINUTE: '1', RATE_LIMIT_EXPORTS_PER_MINUTE: '2' };
const testEnv = (vars: Record<string, string>): NodeJS.ProcessEnv => ({
  NODE_ENV: 'test',
  ...(process.env.REDIS_HOST ? { REDIS_HOST: process.env.REDIS_HOST } : {}),
  ...(process.env.REDIS_PORT ? { REDIS_PORT: process.env.REDIS_PORT } : {}),
  ...limits,
  ...vars,
});
const config = loadConfig(testEnv({ RATE_LIMIT_KEY_PREFIX: `rate-limit-int-${randomUUID()}:` }));

@Controller()
class ThingsController {
  @Post('things')
  @HttpCode(200)
  write() {
    return { ok: true };
  }
  @Get('things')
  read() {
    return { ok: true };
  }
  @Post('imports')
  @HttpCode(200)
  importTable() {
    return { ok: true };
  }
  @Get('export')
  exportTable() {
    return { ok: true };
  }
  @Get('departments/:departmentId/publications/:version/export')
  exportPublished() {
    return { ok: true };
  }
  @Get('table')
  table() {
    return { ok: true };
  }
  @Get('diff')
  diff() {
    return { ok: true };
  }
  @Get('verify')
  verify() {
    return { ok: true };
  }
}

@Module({ imports: [PlatformModule.forRoot('rate-limit-test', config)], controllers: [ThingsController] })
class TestModule {}

/** An application instance of its own (as one replica of a service) with `settings`; its address and close(). */
async function startInstance(settings: PlatformConfig): Promise<{ base: string; close(): Promise<void> }> {
  @Module({ imports: [PlatformModule.forRoot('rate-limit-test', settings)], controllers: [ThingsController] })
  class InstanceModule {}
  const app = await NestFactory.create<NestExpressApplication>(InstanceModule, { bodyParser: false, logger: false });
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { base: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

const as = (id: string) => ({ authorization: `Bearer ${issueToken(config.jwt.secret!, config.jwt.issuer, { id, role: 'admin' })}` });
const statusAt = async (base: string, method: string, path: string, user: string) => (await fetch(`${base}${path}`, { method, headers: as(user) })).status;

describe('rate limits and security headers', () => {
  let app: NestExpressApplication;
  let base: string;
  const call = (method: string, path: string, user: string) => statusAt(base, method, path, user);

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(TestModule, { bodyParser: false, logger: false });
    configureHttp(app);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => app.close());

  it('tells imports, exports and other writes apart; reads are not limited', () => {
    expect(rateLimitKind('POST', '/imports')).toBe('imports');
    expect(rateLimitKind('GET', '/export')).toBe('exports');
    expect(rateLimitKind('PATCH', '/sheets/1')).toBe('writes');
    expect(rateLimitKind('GET', '/sheets')).toBeNull();
    expect(rateLimitKind('GET', '/departments/d1/publications/1/export')).toBe('exports');
    expect(rateLimitKind('GET', '/diff')).toBe('exports');
    expect(rateLimitKind('GET', '/verify')).toBe('exports');
    expect(rateLimitKind('GET', '/table', { verify: 'true' })).toBe('exports');
    expect(rateLimitKind('GET', '/table', { verify: ['false', '1'] })).toBe('exports');
    expect(rateLimitKind('GET', '/table', { verify: 'false' })).toBeNull();
    expect(rateLimitKind('GET', '/table')).toBeNull();
    expect(rateLimitKind('GET', '/departments/d1/publications/diff')).toBeNull();
    expect(rateLimitKind('GET', '/exports/e1/signature')).toBeNull();
  });

  it('counts published exports, verified tables, diffs and chain checks against the export budget of the minute', async () => {
    const heavy = ['/departments/d1/publications/1/export?format=txt', '/table?verify=true', '/diff', '/verify'];
    for (const [i, path] of heavy.entries()) {
      const user = `heavy-reader-${i}`;
      expect([await call('GET', path, user), await call('GET', path, user), await call('GET', path, user)]).toEqual([200, 200, 429]);
    }
    // One budget for every heavy read of a user, and a plain table read is not limited.
    expect([await call('GET', '/diff', 'mixed'), await call('GET', '/verify', 'mixed'), await call('GET', '/table?verify=1', 'mixed')]).toEqual([200, 200, 429]);
    for (let i = 0; i < 5; i++) expect(await call('GET', '/table?verify=false', 'mixed')).toBe(200);
  });

  it('limits each user on its own: 429 with a Chinese message once the budget of the minute is spent', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await call('POST', '/things', 'writer'));
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await fetch(`${base}/things`, { method: 'POST', headers: as('writer') });
    expect(await refused.json()).toMatchObject({ statusCode: 429, message: '请求过于频繁，请稍后再试' });
    expect(await call('POST', '/things', 'someone-else')).toBe(200);
    for (let i = 0; i < 10; i++) expect(await call('GET', '/things', 'writer')).toBe(200);
    expect([await call('POST', '/imports', 'importer'), await call('POST', '/imports', 'importer')]).toEqual([200, 429]);
    expect([await call('GET', '/export', 'exporter'), await call('GET', '/export', 'exporter'), await call('GET', '/export', 'exporter')]).toEqual([200, 200, 429]);
  });

  it('reads bodies of signed-in callers and refuses the others before reading', async () => {
    const ok = await fetch(`${base}/things`, { method: 'POST', headers: { ...as('body-writer'), 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(ok.status).toBe(200);
    const anonymous = await fetch(`${base}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(anonymous.status).toBe(401);
  });

  it('sets security headers', async () => {
    const res = await fetch(`${base}/things`, { headers: as('reader') });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('rate limits shared across processes (RATE_LIMIT_STORE, RATE_LIMIT_KEY_PREFIX)', () => {
  it('two instances with the same key prefix spend one budget per user, counted in Redis under that prefix', async () => {
    const prefix = `rate-limit-int-${randomUUID()}:`;
    const settings = loadConfig(testEnv({ RATE_LIMIT_KEY_PREFIX: prefix }));
    const [a, b] = [await startInstance(settings), await startInstance(settings)];
    const redis = new Redis({ ...redisConnectionOptions(settings.redis), lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      // 3 writes a minute: two on one instance and one on the other spend them all, on both.
      expect([await statusAt(a.base, 'POST', '/things', 'clerk'), await statusAt(b.base, 'POST', '/things', 'clerk'), await statusAt(a.base, 'POST', '/things', 'clerk')]).toEqual([200, 200, 200]);
      expect([await statusAt(b.base, 'POST', '/things', 'clerk'), await statusAt(a.base, 'POST', '/things', 'clerk')]).toEqual([429, 429]);
      expect(await statusAt(b.base, 'POST', '/things', 'another-clerk')).toBe(200);
      await redis.connect();
      expect((await redis.keys(`${prefix}*`)).sort()).toEqual([
        `${prefix}{writes:user:another-clerk:writes}:hits`,
        `${prefix}{writes:user:clerk:writes}:blocked`,
        `${prefix}{writes:user:clerk:writes}:hits`,
      ]);
    } finally {
      if (redis.status !== 'wait') await redis.quit().catch(() => undefined);
      await Promise.all([a.close(), b.close()]);
    }
  });

  /** Starts an instance with each settings: the first spends its user's 3 writes, the second still has its own. */
  async function expectSeparateBudgets(first: PlatformConfig, second: PlatformConfig): Promise<void> {
    const [a, b] = [await startInstance(first), await startInstance(second)];
    try {
      for (let i = 0; i < 3; i++) expect(await statusAt(a.base, 'POST', '/things', 'clerk')).toBe(200);
      expect(await statusAt(a.base, 'POST', '/things', 'clerk')).toBe(429);
      expect(await statusAt(b.base, 'POST', '/things', 'clerk')).toBe(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }

  it('another deployment (key prefix) on the same Redis has budgets of its own', async () => {
    await expectSeparateBudgets(loadConfig(testEnv({ RATE_LIMIT_KEY_PREFIX: `rate-limit-int-${randomUUID()}:` })), loadConfig(testEnv({ RATE_LIMIT_KEY_PREFIX: `rate-limit-int-${randomUUID()}:` })));
  });

  it('RATE_LIMIT_STORE=memory counts per process', async () => {
    const settings = loadConfig(testEnv({ RATE_LIMIT_STORE: 'memory' }));
    await expectSeparateBudgets(settings, settings);
  });

  it('while Redis does not answer, each process still limits on its own (no 500, no open door)', async () => {
    // Nothing listens on this port of the test's range.
    const instance = await startInstance(loadConfig(testEnv({ REDIS_PORT: process.env.RATE_LIMIT_DEAD_REDIS_PORT ?? '21330', RATE_LIMIT_KEY_PREFIX: `rate-limit-int-${randomUUID()}:` })));
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await statusAt(instance.base, 'POST', '/things', 'clerk'));
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await instance.close();
    }
  });
});
