import { QueryClient } from '@tanstack/react-query';
import { api } from './client';
import { ApiError, setCsrfToken } from './http';
import { endSessionOnUnauthorized, SESSION_KEY } from './session';
import { fakeApi, refusal } from './testing/fake-api';

afterEach(() => setCsrfToken(undefined));

describe('the browser’s client of the services', () => {
  it('goes through the web server (/api/<service>) with the session cookie, and sends the CSRF token on writes only', async () => {
    const { calls, fetch } = fakeApi((call) => (call.method === 'GET' ? { items: [], total: 0, limit: 1000, offset: 0 } : { marked: 0, unread: 0 }));
    setCsrfToken('t0k');
    await api.sheets.list({ query: { status: 'draft', limit: '1000' } });
    await api.inbox.markRead({ body: { all: true } });
    expect(calls.map((c) => [c.method, c.url])).toEqual([
      ['GET', '/api/intake/sheets?status=draft&limit=1000'],
      ['POST', '/api/review/inbox/read'],
    ]);
    expect(calls[0]!.headers).not.toHaveProperty('x-csrf-token');
    expect(calls[1]!.headers).toMatchObject({ 'x-csrf-token': 't0k', 'content-type': 'application/json' });
    expect(calls[1]!.body).toEqual({ all: true });
    expect(fetch.mock.calls.every(([, init]) => init?.credentials === 'same-origin')).toBe(true);
  });

  it('throws the service’s refusal in its words, with its field errors', async () => {
    fakeApi(() => {
      throw new ApiError(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: '输入有误，请按提示修改', fieldErrors: [{ field: 'projectName', message: '请填写项目名称' }] });
    });
    const error = await api.sheets.create({ body: { fiscalYear: 2025, projectName: '', funding: {} } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '输入有误，请按提示修改', service: 'intake', fieldErrors: [{ field: 'projectName', message: '请填写项目名称' }] });
  });

  it('a 401 ends the session (the layout then goes to /login); a 403 does not', async () => {
    const client = new QueryClient();
    client.setQueryData(SESSION_KEY, { actor: { id: 'c', role: 'unit_clerk' }, roleLabel: '', csrfToken: 't0k', via: 'dev' });
    const stop = endSessionOnUnauthorized(client);
    try {
      fakeApi(() => {
        throw refusal(403, 'FORBIDDEN', '您无权查看该绩效目标表');
      });
      await expect(api.sheets.get({ sheetId: 's1' })).rejects.toMatchObject({ status: 403 });
      expect(client.getQueryData(SESSION_KEY)).not.toBeNull();
      fakeApi(() => {
        throw refusal(401, 'UNAUTHENTICATED', '请先登录');
      });
      await expect(api.tasks.list()).rejects.toMatchObject({ status: 401, message: '请先登录' });
      expect(client.getQueryData(SESSION_KEY)).toBeNull();
    } finally {
      stop();
    }
  });
});
