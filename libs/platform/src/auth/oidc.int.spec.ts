import { createHmac, createPublicKey } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Module, Post, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Actor } from '@budget/domain';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { OTHER_AUDIENCE, oidcServiceEnv, publicJwk, signingKey, signInAt, TestProvider } from '../testing/oidc-provider';
import { configureHttp } from '../bootstrap';
import { loadConfig, type PlatformConfig } from '../config';
import { PlatformModule } from '../platform.module';
import { CurrentActor } from './decorators';
import { issueToken } from './jwt';

/**
 * The services' authentication against a real OpenID provider (oidc-provider in a child process):
 * the guard and the check before the body parsers of a small Nest application, configured as a
 * service is (PlatformModule, configureHttp), with a write that counts what it was let do.
 */

const writes: Actor[] = [];

@Controller()
class ProbeController {
  @Get('whoami')
  whoami(@CurrentActor() actor: Actor) {
    return actor;
  }

  @Post('things')
  @HttpCode(200)
  write(@CurrentActor() actor: Actor, @Body() body: unknown) {
    writes.push(actor);
    return { ok: true, body };
  }
}

function moduleOf(config: PlatformConfig): Type<unknown> {
  @Module({ imports: [PlatformModule.forRoot('oidc-probe', config)], controllers: [ProbeController] })
  class ProbeModule {}
  return ProbeModule;
}

async function serve(config: PlatformConfig): Promise<{ app: NestExpressApplication; base: string }> {
  const app = await NestFactory.create<NestExpressApplication>(moduleOf(config), { bodyParser: false, logger: false });
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
}

const forged = (header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => string) => {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sign(input)}`;
};

describe('OpenID Connect: the services verify the provider’s tokens against its keys', () => {
  let provider: TestProvider;
  let other: TestProvider;
  let app: NestExpressApplication;
  let base: string;
  let config: PlatformConfig;

  const call = async (token: string, method = 'GET', path = '/whoami') => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(method === 'POST' ? { body: JSON.stringify({ n: 1 }) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** A write refused with 401 and not done. */
  const refusedWrite = async (token: string) => {
    const before = writes.length;
    const res = await call(token, 'POST', '/things');
    expect(writes.length).toBe(before);
    return res;
  };

  beforeAll(async () => {
    [provider, other] = await Promise.all([TestProvider.start(), TestProvider.start()]);
    // Test mode: the development HS256 secret is accepted too (as in the e2e stack); no clock skew, for the expiry case.
    config = loadConfig({ NODE_ENV: 'test', ...oidcServiceEnv(provider.issuer), JWT_CLOCK_SKEW_SECONDS: '0' });
    ({ app, base } = await serve(config));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([provider?.stop(), other?.stop()]);
  });

  it('accepts a token of the provider with the actor its claims and the role map say, RS256 and ES256', async () => {
    const clerk = await signInAt(provider, 'clerk');
    expect(decodeProtectedHeader(clerk.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect((await call(clerk.access_token)).body).toEqual({ id: 'oidc-clerk', role: 'unit_clerk', departmentId: 'oidc-dep-1', unitId: 'oidc-unit-1', name: '统一认证经办人' });
    const finance = await signInAt(provider, 'finance', { clientId: 'budget-test-es' });
    expect(decodeProtectedHeader(finance.access_token).alg).toBe('ES256');
    expect((await call(finance.access_token)).body).toEqual({ id: 'oidc-finance', role: 'finance_reviewer', departmentIds: ['oidc-dep-1', 'oidc-dep-2'], name: '统一认证财政审核人' });
    const admin = await signInAt(provider, 'admin');
    const write = await call(admin.access_token, 'POST', '/things');
    expect(write).toEqual({ status: 200, body: { ok: true, body: { n: 1 } } });
    expect(writes.at(-1)).toMatchObject({ id: 'oidc-admin', role: 'admin' });
  }, 60_000);

  it('keeps HS256 for development and tests, synchronously, beside the provider', async () => {
    const token = issueToken(config.jwt.secret!, config.jwt.issuer, { id: 'dev-admin', role: 'admin' }, 60);
    expect((await call(token)).body).toEqual({ id: 'dev-admin', role: 'admin' });
  });

  it('refuses a person the role map gives no role, or two roles', async () => {
    for (const login of ['nobody', 'twohats']) {
      const { access_token } = await signInAt(provider, login);
      const res = await refusedWrite(access_token);
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/角色/);
    }
  }, 60_000);

  it('refuses a token for another audience, the ID token, and a token of another issuer (401, nothing done)', async () => {
    const elsewhere = await signInAt(provider, 'admin', { resource: OTHER_AUDIENCE });
    expect(decodeJwt(elsewhere.access_token).aud).toBe(OTHER_AUDIENCE);
    expect(await refusedWrite(elsewhere.access_token)).toMatchObject({ status: 401, body: { message: '登录凭证不是签发给本系统的' } });
    // The ID token is signed by the same keys, but is meant for the web server (aud = client id), not for the services.
    expect((await refusedWrite(elsewhere.id_token)).status).toBe(401);
    const stranger = await signInAt(other, 'admin');
    expect(decodeJwt(stranger.access_token).aud).toBe('urn:budget:api');
    const before = await other.jwksRequests();
    expect(await refusedWrite(stranger.access_token)).toMatchObject({ status: 401, body: { message: '登录凭证无效' } });
    // Refused on its issuer alone: nobody makes the services fetch keys from an address of their choosing.
    expect(await other.jwksRequests()).toBe(before);
  }, 60_000);

  it('refuses an expired token of the provider', async () => {
    const { access_token } = await signInAt(provider, 'admin', { clientId: 'budget-test-short' });
    const { exp, iat } = decodeJwt(access_token);
    expect(exp! - iat!).toBe(2);
    expect((await call(access_token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, (exp! + 1) * 1000 - Date.now()));
    expect(await refusedWrite(access_token)).toMatchObject({ status: 401, body: { message: '登录凭证已过期，请重新登录' } });
  }, 30_000);

  it('refuses alg=none and HS256 signed with the provider’s public key (algorithm confusion), and a changed payload', async () => {
    const { access_token } = await signInAt(provider, 'clerk');
    const header = decodeProtectedHeader(access_token);
    const claims = { ...decodeJwt(access_token), realm_access: { roles: ['BPT_GLY'] } };
    const none = forged({ alg: 'none', typ: 'at+jwt' }, claims, () => '');
    expect((await refusedWrite(none)).status).toBe(401);
    const rsa = provider.keys.find((k) => k.kty === 'RSA')!;
    const pem = createPublicKey({ key: publicJwk(rsa) as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    for (const secret of [pem, JSON.stringify(publicJwk(rsa)), String(rsa.n)]) {
      const confused = forged({ alg: 'HS256', typ: 'at+jwt', kid: header.kid }, claims, (input) => createHmac('sha256', secret).update(input).digest('base64url'));
      expect((await refusedWrite(confused)).status).toBe(401);
    }
    const [h, , s] = access_token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    expect((await refusedWrite(tampered)).status).toBe(401);
  }, 30_000);

  describe('key rotation (the provider restarted with other keys, same issuer)', () => {
    it('takes a new key after fetching the key set again; an old key is trusted while the provider still publishes it', async () => {
      const first = provider.keys;
      const before = await signInAt(provider, 'admin');
      expect((await call(before.access_token)).status).toBe(200);

      // Graceful rotation: a new signing key, the old one still published.
      const second = signingKey('RSA');
      await provider.restart({ keys: [second, ...first] });
      const after = await signInAt(provider, 'admin');
      expect(decodeProtectedHeader(after.access_token).kid).toBe(second.kid);
      await new Promise((r) => setTimeout(r, 1100)); // the unknown-kid cooldown of this configuration (1 s)
      expect((await call(after.access_token)).body).toMatchObject({ id: 'oidc-admin' });
      expect(await provider.jwksRequests()).toBe(1);
      expect((await call(before.access_token)).status).toBe(200);

      // Abrupt rotation: the old keys withdrawn. Once the set is fetched again (the new kid makes it so),
      // a token of a withdrawn key is refused although it has not expired.
      const third = signingKey('RSA');
      await provider.restart({ keys: [third, signingKey('EC')] });
      const latest = await signInAt(provider, 'admin');
      await new Promise((r) => setTimeout(r, 1100));
      expect((await call(latest.access_token)).status).toBe(200);
      expect(await refusedWrite(after.access_token)).toMatchObject({ status: 401, body: { message: '登录凭证的签名密钥未知，请重新登录' } });
      expect(await refusedWrite(before.access_token)).toMatchObject({ status: 401 });
    }, 90_000);

    it('fetches the key set at most once per cooldown, however many unknown key ids arrive', async () => {
      const { access_token } = await signInAt(provider, 'admin');
      const claims = decodeJwt(access_token);
      const stranger = signingKey('RSA');
      const { SignJWT, importJWK } = await import('jose');
      const key = await importJWK(stranger as never, 'RS256');
      const made = await Promise.all(
        Array.from({ length: 5 }, (_, i) => new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: `made-up-${i}` }).sign(key)),
      );
      await new Promise((r) => setTimeout(r, 1100));
      const fetchedBefore = await provider.jwksRequests();
      for (const token of made) expect((await refusedWrite(token)).status).toBe(401);
      expect((await provider.jwksRequests()) - fetchedBefore).toBeLessThanOrEqual(1);
    }, 30_000);

    it('answers 503 (and does nothing) while the provider cannot be asked for keys it has not given yet', async () => {
      // Another configuration (its own key cache), which has not fetched the keys yet.
      const fresh = await serve(loadConfig({ NODE_ENV: 'test', ...oidcServiceEnv(provider.issuer), OIDC_HTTP_TIMEOUT_MS: '2000' }));
      try {
        const { access_token } = await signInAt(provider, 'admin');
        await provider.stop();
        const before = writes.length;
        const res = await fetch(`${fresh.base}/things`, { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, body: '{}' });
        expect(res.status).toBe(503);
        expect(writes.length).toBe(before);
      } finally {
        await fresh.app.close();
        await provider.restart();
      }
    }, 60_000);
  });

  describe('production', () => {
    it('requires the provider’s configuration and refuses HS256, even signed with a secret the deployment once had', async () => {
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('OIDC_ISSUER is not set');
      expect(() => loadConfig({ NODE_ENV: 'production', ...oidcServiceEnv(provider.issuer), JWT_SECRET: 'a-deployment-secret-of-at-least-32-bytes' })).toThrow('JWT_SECRET is set');
      const production = loadConfig({ NODE_ENV: 'production', ...oidcServiceEnv(provider.issuer) });
      expect(production.jwt.secret).toBeUndefined();
      const { app: prod, base: prodBase } = await serve(production);
      try {
        const hs = issueToken(config.jwt.secret!, production.jwt.issuer, { id: 'dev-admin', role: 'admin' }, 60);
        const before = writes.length;
        const res = await fetch(`${prodBase}/things`, { method: 'POST', headers: { authorization: `Bearer ${hs}`, 'content-type': 'application/json' }, body: '{}' });
        expect(res.status).toBe(401);
        expect(writes.length).toBe(before);
        const { access_token } = await signInAt(provider, 'auditor');
        const ok = await fetch(`${prodBase}/whoami`, { headers: { authorization: `Bearer ${access_token}` } });
        expect(await ok.json()).toEqual({ id: 'oidc-auditor', role: 'auditor', name: '统一认证审计人员' });
      } finally {
        await prod.close();
      }
    }, 60_000);
  });
});
