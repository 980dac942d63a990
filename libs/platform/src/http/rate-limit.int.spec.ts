import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { issueToken } from '../auth/jwt';
import { configureHttp } from '../bootstrap';
import { loadConfig } from '../config';
import { PlatformModule } from '../platform.module';
import { rateLimitKind } from './rate-limit';

const config = {
  ...loadConfig({ NODE_ENV: 'test' }),
  rateLimits: { writesPerMinute: 3, importsPerMinute: 1, exportsPerMinute: 2 },
};

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
}

@Module({ imports: [PlatformModule.forRoot('rate-limit-test', config)], controllers: [ThingsController] })
class TestModule {}

describe('rate limits and security headers', () => {
  let app: NestExpressApplication;
  let base: string;
  const as = (id: string) => ({ authorization: `Bearer ${issueToken(config.jwt.secret!, config.jwt.issuer, { id, role: 'admin' })}` });
  const call = async (method: string, path: string, user: string) => (await fetch(`${base}${path}`, { method, headers: as(user) })).status;

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
