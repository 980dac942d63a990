import type { Request, Response } from 'express';
import { checkCsrf, readCookie, sessionCookie } from './http-security';

function req(method: string, headers: Record<string, string>): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, headers: lower, header: (name: string) => lower[name.toLowerCase()] } as unknown as Request;
}

function res() {
  const out = { status: 0, body: undefined as unknown };
  const response = {
    status(code: number) {
      out.status = code;
      return response;
    },
    json(body: unknown) {
      out.body = body;
      return response;
    },
  };
  return { response: response as unknown as Response, out };
}

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, on the whole site, and Secure in production', () => {
    expect(sessionCookie('abc', { maxAgeSeconds: 60, secure: false })).toBe('budget_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60');
    expect(sessionCookie('abc', { maxAgeSeconds: 60, secure: true })).toMatch(/; Secure$/);
  });

  it('is read from a header holding other cookies', () => {
    expect(readCookie(req('GET', { cookie: 'a=1; budget_session=xyz; b=2' }), 'budget_session')).toBe('xyz');
    expect(readCookie(req('GET', { cookie: 'a=1' }), 'budget_session')).toBeUndefined();
    expect(readCookie(req('GET', {}), 'budget_session')).toBeUndefined();
  });
});

describe('CSRF', () => {
  const token = 'the-session-token';

  it('lets reads through without a token', () => {
    const { response, out } = res();
    expect(checkCsrf(req('GET', {}), response, token)).toBe(true);
    expect(out.status).toBe(0);
  });

  it('refuses a write without the token, or with another one, in words', () => {
    const attempts: Record<string, string>[] = [{}, { 'x-csrf-token': 'guessed' }, { 'x-csrf-token': `${token}x` }];
    for (const headers of attempts) {
      const { response, out } = res();
      expect(checkCsrf(req('POST', { host: '127.0.0.1:3000', ...headers }), response, token)).toBe(false);
      expect(out.status).toBe(403);
      expect(out.body).toMatchObject({ code: 'CSRF', message: '页面已过期，请刷新后重试' });
    }
  });

  it('refuses a write from another origin even with the token', () => {
    const { response, out } = res();
    expect(checkCsrf(req('PATCH', { host: '127.0.0.1:3000', origin: 'http://evil.example', 'x-csrf-token': token }), response, token)).toBe(false);
    expect(out.body).toMatchObject({ message: '请求来源不被允许' });
  });

  it('accepts a write from this origin with the token', () => {
    const { response } = res();
    expect(checkCsrf(req('DELETE', { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'x-csrf-token': token }), response, token)).toBe(true);
  });
});
