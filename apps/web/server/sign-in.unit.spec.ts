import express from 'express';
import type { AddressInfo } from 'node:net';
import { loadWebConfig } from './config';
import { signInRoutes } from './sign-in';
import type { SessionStore } from './sessions';

const provider = { OIDC_ISSUER: 'https://sso.example.gov.cn/realms/czj', OIDC_AUDIENCE: 'budget-api' };

/** The sign-in routes of a web server started with `env`, on a port of its own; no session exists. */
async function signInServer(env: NodeJS.ProcessEnv) {
  const config = loadWebConfig(env, '/nonexistent');
  const app = express();
  app.use('/auth', signInRoutes(config, {} as SessionStore, () => Promise.resolve(undefined), undefined));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { call, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('the development sign-in', () => {
  it.each([['development'], ['test']])('exists with NODE_ENV=%s: /methods says so and /dev/login answers', async (NODE_ENV) => {
    const web = await signInServer({ NODE_ENV });
    try {
      expect((await web.call('GET', '/methods')).body).toEqual({ development: true, oidc: false });
      expect(await web.call('POST', '/dev/login', {})).toMatchObject({ status: 400, body: { message: '请选择角色' } });
    } finally {
      await web.close();
    }
  });

  it.each([['staging'], ['preview'], [undefined]])('is not registered with NODE_ENV=%s (nor in production): no password-less sign-in', async (NODE_ENV) => {
    const web = await signInServer({ ...(NODE_ENV !== undefined ? { NODE_ENV } : {}), ...provider });
    try {
      expect((await web.call('GET', '/methods')).body).toEqual({ development: false, oidc: false });
      expect(await web.call('POST', '/dev/login', { role: 'admin' })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      expect((await web.call('GET', '/dev/options')).status).toBe(404);
    } finally {
      await web.close();
    }
  });

  it('follows NODE_ENV in the web configuration', () => {
    expect(loadWebConfig({ NODE_ENV: 'development' }, '/x')).toMatchObject({ development: true, production: false });
    expect(loadWebConfig({ NODE_ENV: 'staging', ...provider }, '/x')).toMatchObject({ development: false, production: false });
    expect(() => loadWebConfig({ NODE_ENV: 'staging', JWT_SECRET: 'a-deployment-secret-of-at-least-32-bytes', ...provider }, '/x')).toThrow('HS256 tokens are accepted only with NODE_ENV=development or test');
  });
});
