import { writeFileSync } from 'node:fs';
import type { Actor } from '@budget/domain';
import { Redis } from 'ioredis';
import { decodeJwt } from 'jose';
import { startWebServer } from '../../apps/web/server/web-server';
import { CookieBrowser, oidcServiceEnv, signInAt, stackRedisOptions, testAccounts, TestProvider } from '@budget/platform/testing';
import { api } from '../support/api';
import { e2eEnv, e2eRunId } from '../support/e2e-env';
import { settledState } from './fixture';

/**
 * Production sign-in on the running stack: the run's OpenID provider (started by the global setup,
 * its test accounts bound here to an organisation of this test), the three services that verify
 * its tokens against its keys, and the web server in production mode signing in through it with
 * the authorization code flow and PKCE, followed as a browser would, cookies and redirects.
 */

const env = e2eEnv();
const provider = { issuer: env.oidc.issuer };
const webPort = env.oidc.webPorts[0]!;
const web = `http://127.0.0.1:${webPort}`;
const sessionPrefix = `e2e-${e2eRunId()}:web:`;

let org: { departmentId: string; unitId: string };

/** The provider's token of a test account, as the services receive it. */
async function tokenOf(login: string): Promise<string> {
  return (await signInAt(provider, login)).access_token;
}

async function as(token: string, service: 'intake' | 'review' | 'reporting', method: string, path: string, json?: unknown) {
  return api(service, method, path, { actor: null, headers: { authorization: `Bearer ${token}` }, ...(json !== undefined ? { json } : {}) });
}

/** The web server in production mode, as a client of the run's provider. */
async function startWeb(clientId: string, extra: Record<string, string> = {}) {
  const { JWT_SECRET: _, ...rest } = process.env;
  return startWebServer({
    ...rest,
    ...oidcServiceEnv(provider.issuer),
    NODE_ENV: 'production',
    WEB_PORT: String(webPort),
    WEB_STATIC_DIR: '/nonexistent',
    WEB_SESSION_PREFIX: sessionPrefix,
    INTAKE_URL: `http://127.0.0.1:${env.ports.intake}`,
    REVIEW_URL: `http://127.0.0.1:${env.ports.review}`,
    REPORTING_URL: `http://127.0.0.1:${env.ports.reporting}`,
    OIDC_CLIENT_ID: clientId,
    OIDC_CLIENT_SECRET: `${clientId}-secret-for-tests-only`,
    OIDC_REDIRECT_URI: `${web}/auth/oidc/callback`,
    ...extra,
  });
}

/** Signs in at the web server through the provider as `login`; the browser ends on the application's first page. */
async function signInThroughWeb(browser: CookieBrowser, login: string) {
  const { url } = await browser.follow(`${web}/auth/oidc/login`, { login, stopAt: (u) => u === `${web}/` || u.startsWith(`${web}/login`) });
  return url;
}

async function me(browser: CookieBrowser) {
  const res = await browser.request(`${web}/auth/me`);
  return { status: res.status, body: (await res.json()) as { actor: Actor; csrfToken: string; via: string } };
}

beforeAll(async () => {
  const department = await api('intake', 'POST', '/departments', { json: { name: '统一身份认证测试部门' } });
  expect(department.status).toBe(201);
  const unit = await api('intake', 'POST', `/departments/${department.body.departmentId}/units`, { json: { name: '统一身份认证测试单位' } });
  org = { departmentId: department.body.departmentId, unitId: unit.body.units[0].unitId };
  // The directory's entries of the test accounts now name this organisation.
  const bound = testAccounts().map((a) => ({
    ...a,
    ...(a.department ? { department: org.departmentId } : {}),
    ...(a.unit ? { unit: org.unitId } : {}),
    ...(a.desk ? { desk: [org.departmentId] } : {}),
  }));
  writeFileSync(env.oidc.accountsFile, JSON.stringify(bound));
}, 60_000);

describe('the services and the provider’s tokens', () => {
  it('accept a token of the provider on each service, as the person its claims say', async () => {
    const clerk = await tokenOf('clerk');
    const departments = await as(clerk, 'intake', 'GET', '/departments');
    expect(departments.status).toBe(200);
    expect(departments.body.items.map((d: { departmentId: string }) => d.departmentId)).toEqual([org.departmentId]);
    const draft = await as(clerk, 'intake', 'POST', '/sheets', { fiscalYear: 2032, projectName: '统一身份认证项目', funding: { fiscalAppropriation: '1.00' } });
    expect(draft.status).toBe(201);
    expect(draft.body.unitId).toBe(org.unitId);
    const events = await as(clerk, 'intake', 'GET', `/sheets/${draft.body.sheetId}/events`);
    expect(events.body.events[0].actor).toEqual({ id: 'oidc-clerk', role: 'unit_clerk', departmentId: org.departmentId, unitId: org.unitId, name: '统一认证经办人' });
    expect((await as(clerk, 'review', 'GET', '/reviews')).status).toBe(200);
    expect((await as(clerk, 'reporting', 'GET', '/departments')).status).toBe(200);
    // A finance reviewer whose desk is this department reads the draft; the auditor reads the chain.
    expect((await as(await tokenOf('finance'), 'intake', 'GET', `/sheets/${draft.body.sheetId}`)).status).toBe(200);
    expect((await as(await tokenOf('auditor'), 'reporting', 'GET', '/verify')).status).toBe(200);
    // The clerk's role stops at the clerk's door.
    expect((await as(clerk, 'intake', 'POST', '/departments', { name: '经办人不能登记部门' })).status).toBe(403);
  }, 60_000);

  it('refuse the provider’s tokens meant for others, and forgeries made from its public keys: 401, nothing changes', async () => {
    const before = await settledState();
    const elsewhere = await signInAt(provider, 'admin', { resource: 'urn:other:api' });
    // Another organisation's provider: same software, same claims and audience, its own keys and issuer.
    const other = await TestProvider.start();
    const foreign = await signInAt(other, 'admin').finally(() => other.stop());
    const admin = await tokenOf('admin');
    const claims = decodeJwt(admin);
    const head = (h: object) => Buffer.from(JSON.stringify(h)).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const keys = (await (await fetch(`${provider.issuer}/jwks`)).json()) as { keys: { kid: string; n?: string }[] };
    const { createHmac, createPublicKey } = await import('node:crypto');
    const rsa = keys.keys.find((k) => k.n)!;
    const pem = createPublicKey({ key: rsa as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    const hsInput = `${head({ alg: 'HS256', typ: 'at+jwt', kid: rsa.kid })}.${body}`;
    const cases: [string, string][] = [
      ['another audience', elsewhere.access_token],
      ['another issuer', foreign.access_token],
      ['the ID token', elsewhere.id_token],
      ['HS256 with the provider’s public key', `${hsInput}.${createHmac('sha256', pem).update(hsInput).digest('base64url')}`],
      ['alg none', `${head({ alg: 'none', typ: 'at+jwt' })}.${body}.`],
      ['a changed payload', `${admin.split('.')[0]}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${admin.split('.')[2]}`],
    ];
    for (const [what, token] of cases) {
      // Registered routes only, so that the 401 comes from the guard and not from a missing route.
      for (const [service, method, path, json] of [
        ['intake', 'POST', '/departments', { name: '伪造令牌创建的部门' }],
        ['review', 'PUT', '/webhooks/e2e-oidc-forged', { url: 'https://hooks.example.cn/x', secret: 'a-secret-of-sixteen+' }],
        ['reporting', 'POST', '/rebuild', {}],
      ] as const) {
        const res = await as(token, service, method, path, json);
        expect({ what, service, status: res.status }).toEqual({ what, service, status: 401 });
      }
    }
    expect(await settledState()).toEqual(before);
  }, 120_000);
});

describe('the web server signs in through the provider (production mode)', () => {
  let server: Awaited<ReturnType<typeof startWeb>> | undefined;
  const redis = new Redis(stackRedisOptions());

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  afterAll(async () => {
    const keys = await redis.keys(`${sessionPrefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('offers only the provider, and signs in with the authorization code, PKCE, state and nonce', async () => {
    server = await startWeb('budget-web');
    expect(await (await fetch(`${web}/auth/methods`)).json()).toEqual({ development: false, oidc: true });
    expect((await fetch(`${web}/auth/dev/options`)).status).toBe(404);
    expect((await fetch(`${web}/auth/dev/login`, { method: 'POST' })).status).toBe(404);

    const browser = new CookieBrowser();
    expect(await signInThroughWeb(browser, 'clerk')).toBe(`${web}/`);
    const authorize = new URL(browser.visited.find((u) => u.startsWith(`${provider.issuer}/auth?`))!);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'budget-web',
      redirect_uri: `${web}/auth/oidc/callback`,
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(browser.cookies.has('budget_session')).toBe(true);
    expect(browser.cookies.has('budget_login')).toBe(false);

    const session = await me(browser);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ via: 'oidc', actor: { id: 'oidc-clerk', role: 'unit_clerk', departmentId: org.departmentId, unitId: org.unitId, name: '统一认证经办人' } });
    expect(JSON.stringify(session.body)).not.toMatch(/eyJ/); // no token reaches the browser

    // Through the web server, the services get the provider's access token and see the same person.
    const departments = await browser.request(`${web}/api/intake/departments`);
    expect(((await departments.json()) as { items: { departmentId: string }[] }).items.map((d) => d.departmentId)).toEqual([org.departmentId]);
    const created = await browser.request(`${web}/api/intake/sheets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.body.csrfToken },
      body: JSON.stringify({ fiscalYear: 2032, projectName: '网页统一身份认证项目', funding: { fiscalAppropriation: '2.00' } }),
    });
    expect(created.status).toBe(201);
    const { sheetId } = (await created.json()) as { sheetId: string };
    const events = (await (await browser.request(`${web}/api/intake/sheets/${sheetId}/events`)).json()) as { events: { actor: Actor }[] };
    expect(events.events[0]!.actor).toMatchObject({ id: 'oidc-clerk', role: 'unit_clerk' });
  }, 60_000);

  it('refuses an answer with another state, without this browser’s cookie, or a second time: no session', async () => {
    server = await startWeb('budget-web');
    const toCallback = async (browser: CookieBrowser) => {
      const { url } = await browser.follow(`${web}/auth/oidc/login`, { login: 'admin', stopAt: (u) => u.startsWith(`${web}/auth/oidc/callback`) });
      return url;
    };
    const backTo = async (browser: CookieBrowser, url: string) => {
      const res = await browser.request(url);
      return { status: res.status, location: res.headers.get('location') };
    };

    const victim = new CookieBrowser();
    const stolen = await toCallback(new CookieBrowser());
    // Someone else's answer (login CSRF): this browser never started that sign-in.
    expect(await backTo(victim, stolen)).toEqual({ status: 303, location: '/login?error=state' });
    expect(victim.cookies.has('budget_session')).toBe(false);

    // Another state than this browser's: refused, and this browser's own pending sign-in is given up.
    const browser = new CookieBrowser();
    const answer = await toCallback(browser);
    const login = browser.cookies.get('budget_login')!;
    const changed = new URL(answer);
    changed.searchParams.set('state', 'x'.repeat(43));
    expect(await backTo(browser, changed.href)).toEqual({ status: 303, location: '/login?error=state' });
    browser.cookies.set('budget_login', login);
    expect(await backTo(browser, answer)).toEqual({ status: 303, location: '/login?error=state' });
    expect(browser.cookies.has('budget_session')).toBe(false);

    // The same answer twice (cookie put back): the pending sign-in is used once.
    const twice = new CookieBrowser();
    const first = await toCallback(twice);
    const cookie = twice.cookies.get('budget_login')!;
    expect(await backTo(twice, first)).toEqual({ status: 303, location: '/' });
    twice.cookies.clear();
    twice.cookies.set('budget_login', cookie);
    expect(await backTo(twice, first)).toEqual({ status: 303, location: '/login?error=state' });
    expect(twice.cookies.has('budget_session')).toBe(false);

    // A person without a role of ours is told so, and gets no session.
    const nobody = new CookieBrowser();
    expect(await signInThroughWeb(nobody, 'nobody')).toBe(`${web}/login?error=role`);
    expect((await me(nobody)).status).toBe(401);
  }, 60_000);

  it('ends the session with the access token when no refresh token was granted', async () => {
    server = await startWeb('budget-web-norefresh', { OIDC_REFRESH_MARGIN_SECONDS: '1' });
    const browser = new CookieBrowser();
    await signInThroughWeb(browser, 'admin');
    expect((await me(browser)).status).toBe(200);
    const key = `${sessionPrefix}${browser.cookies.get('budget_session')}`;
    const { expiresAt, refreshToken } = (JSON.parse((await redis.get(key))!) as { tokens: { expiresAt: number; refreshToken?: string } }).tokens;
    expect(refreshToken).toBeUndefined();
    await new Promise((r) => setTimeout(r, expiresAt - Date.now() + 200));
    expect((await me(browser)).status).toBe(401);
    expect((await browser.request(`${web}/api/intake/departments`)).status).toBe(401);
    expect(await redis.exists(key)).toBe(0);
  }, 60_000);

  it('refreshes the access token with the refresh token, and the services take the new one', async () => {
    server = await startWeb('budget-web-short', { OIDC_REFRESH_MARGIN_SECONDS: '1' });
    const browser = new CookieBrowser();
    await signInThroughWeb(browser, 'admin');
    const key = `${sessionPrefix}${browser.cookies.get('budget_session')}`;
    const first = (JSON.parse((await redis.get(key))!) as { tokens: { accessToken: string; expiresAt: number; refreshToken?: string } }).tokens;
    expect(first.refreshToken).toBeDefined();
    await new Promise((r) => setTimeout(r, first.expiresAt - Date.now() + 200));
    // Several requests at once: one refresh (under the lock), all answered.
    const answers = await Promise.all([0, 1, 2].map(() => browser.request(`${web}/api/intake/departments`)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const second = (JSON.parse((await redis.get(key))!) as { tokens: { accessToken: string; expiresAt: number } }).tokens;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBeGreaterThan(first.expiresAt);
    expect((await me(browser)).body.actor).toMatchObject({ id: 'oidc-admin', role: 'admin' });
  }, 60_000);

  it('signs out at the provider too (RP-initiated logout), and back to the sign-in page', async () => {
    server = await startWeb('budget-web');
    const browser = new CookieBrowser();
    await signInThroughWeb(browser, 'auditor');
    const { csrfToken } = (await me(browser)).body;
    const out = await browser.request(`${web}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
    expect(out.status).toBe(200);
    const { redirect } = (await out.json()) as { redirect: string };
    const end = new URL(redirect);
    expect(`${end.origin}${end.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${web}/login`);
    expect(decodeJwt(end.searchParams.get('id_token_hint')!).sub).toBe('oidc-auditor');
    expect((await me(browser)).status).toBe(401);

    // The provider asks for confirmation (its own page), then sends the browser back to our sign-in page.
    const { res } = await browser.follow(redirect);
    const html = await res!.text();
    expect(html).toContain('是否退出统一身份认证');
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!;
    const fields = new URLSearchParams([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as [string, string]));
    fields.set('logout', 'yes');
    const confirmed = await browser.request(new URL(action, redirect).href, { method: 'POST', body: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(confirmed.status).toBe(303);
    const { url } = await browser.follow(new URL(confirmed.headers.get('location')!, redirect).href, { stopAt: (u) => u.startsWith(web) });
    expect(url).toBe(`${web}/login`);
  }, 60_000);
});
