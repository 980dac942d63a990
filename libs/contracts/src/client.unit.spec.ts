import { ApiError, createClient } from './client';
import { createHttpClient } from './http-client';
import { ROUTE_TABLE, type RouteAddress } from './route-table';
import { ROUTES } from './routes';

type Call = { url: string; init: RequestInit };

function fakeFetch(answer: (call: Call) => { status: number; body: unknown; headers?: Record<string, string> }) {
  const calls: Call[] = [];
  const fetch = (input: string, init?: RequestInit): Promise<Response> => {
    const call = { url: input, init: init ?? {} };
    calls.push(call);
    const a = answer(call);
    const body = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    return Promise.resolve(new Response(body, { status: a.status, headers: { 'content-type': 'application/json', ...a.headers } }));
  };
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch };
}

const sheet = {
  sheetId: 's1',
  version: 2,
  status: 'draft',
  fiscalYear: 2024,
  departmentId: 'd1',
  unitId: 'u1',
  projectName: '党员教育培训经费',
  funding: { fiscalAppropriation: '30.00', specialAccountAppropriation: '0.00', otherFunds: '0.00', total: '30.00' },
  fundingFen: { fiscalAppropriation: 300000, specialAccountAppropriation: 0, otherFunds: 0, total: 300000 },
  goal: '',
  indicators: [],
  createdBy: 'clerk',
  lastEditedBy: 'clerk',
  submissionNo: 0,
  waiverRequests: [],
  review: null,
  source: null,
  updatedAt: '2026-12-03T09:00:00.000Z',
};

describe('the typed client', () => {
  it('calls each service under its base path, with the caller’s headers, cookies and the version in If-Match', async () => {
    const { calls, fetch } = fakeFetch(() => ({ status: 200, body: sheet }));
    const api = createClient({ baseUrl: '/api', fetch, headers: () => ({ 'X-CSRF-Token': 't0k' }), credentials: 'same-origin' });
    const got = await api.sheets.edit({ sheetId: 's 1', body: { expectedVersion: 2, goal: '目标' }, ifMatch: 2 });
    expect(got.funding.total).toBe('30.00');
    expect(calls[0]!.url).toBe('/api/intake/sheets/s%201');
    expect(calls[0]!.init).toMatchObject({ method: 'PATCH', credentials: 'same-origin', body: JSON.stringify({ expectedVersion: 2, goal: '目标' }) });
    expect(calls[0]!.init.headers).toMatchObject({ 'X-CSRF-Token': 't0k', 'content-type': 'application/json', 'if-match': '"2"' });
  });

  it('puts queries in the URL and takes one base URL per service', async () => {
    const { calls, fetch } = fakeFetch(() => ({ status: 200, body: { items: [], total: 0, limit: 5, offset: 0 } }));
    const api = createClient({ baseUrl: { intake: 'http://i', review: 'http://r', reporting: 'http://p' }, fetch });
    await api.sheets.list({ query: { status: 'draft', limit: '5' } });
    expect(calls[0]!.url).toBe('http://i/sheets?status=draft&limit=5');
  });

  it('throws an ApiError with the service’s Chinese message and field errors', async () => {
    const { fetch } = fakeFetch(() => ({
      status: 400,
      body: { statusCode: 400, code: 'VALIDATION_FAILED', message: '输入有误，请按提示修改', fieldErrors: [{ field: 'projectName', message: '请填写项目名称' }] },
    }));
    const api = createClient({ baseUrl: '/api', fetch });
    const error = await api.sheets.create({ body: { fiscalYear: 2024, projectName: '', funding: {} } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', service: 'intake', message: '输入有误，请按提示修改', fieldErrors: [{ field: 'projectName', message: '请填写项目名称' }] });
  });

  it('checks answers against the contract unless told not to', async () => {
    const { fetch } = fakeFetch(() => ({ status: 200, body: { ...sheet, version: 'two' } }));
    await expect(createClient({ baseUrl: '/api', fetch, validate: true }).sheets.get({ sheetId: 's1' })).rejects.toThrow(/does not fit its contract: version/);
    await expect(createClient({ baseUrl: '/api', fetch, validate: false }).sheets.get({ sheetId: 's1' })).resolves.toMatchObject({ version: 'two' });
  });

  it('downloads an export as a file with its UTF-8 name', async () => {
    const { calls, fetch } = fakeFetch(() => ({
      status: 200,
      body: 'table',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="report-2024.txt"; filename*=UTF-8''${encodeURIComponent('组织部-2024.txt')}` },
    }));
    const file = await createClient({ baseUrl: '/api', fetch }).report.export({ query: { department: '组织部', format: 'txt' } });
    expect(calls[0]!.url).toBe(`/api/reporting/export?department=${encodeURIComponent('组织部')}&format=txt`);
    expect(file.fileName).toBe('组织部-2024.txt');
    expect(await file.blob.text()).toBe('table');
  });
});

describe('the client without schemas (the browser’s)', () => {
  it('has every route of the contracts under the same name and address, and no schema', () => {
    for (const service of ['intake', 'review', 'reporting'] as const) {
      expect(Object.keys(ROUTE_TABLE[service]).sort()).toEqual(Object.keys(ROUTES[service]).sort());
      for (const [name, route] of Object.entries(ROUTES[service])) {
        const address = (ROUTE_TABLE[service] as Record<string, RouteAddress>)[name]!;
        expect({ service: route.service, method: route.method, path: route.path }).toEqual({ service: address.service, method: address.method, path: address.path });
        expect(Object.values(address).some((v) => typeof v === 'object')).toBe(false);
      }
    }
  });

  it('calls the same addresses as the checked client, and takes an answer as it comes', async () => {
    const { calls, fetch } = fakeFetch(() => ({ status: 200, body: { ...sheet, version: 'two' } }));
    const api = createHttpClient({ baseUrl: '/api', fetch, validate: true });
    await expect(api.sheets.get({ sheetId: 's1' })).resolves.toMatchObject({ version: 'two' });
    await api.sheets.submit({ sheetId: 's1', body: { expectedVersion: 2 } });
    expect(calls.map((c) => [c.init.method, c.url, c.init.body])).toEqual([
      ['GET', '/api/intake/sheets/s1', undefined],
      ['POST', '/api/intake/sheets/s1/submit', JSON.stringify({ expectedVersion: 2 })],
    ]);
  });

  it('asks the headers function on each request with its method and route (the CSRF token only on writes)', async () => {
    const { calls, fetch } = fakeFetch(() => ({ status: 200, body: { items: [], nextBefore: null, unread: 0 } }));
    const asked: unknown[] = [];
    const api = createHttpClient({
      baseUrl: '/api',
      fetch,
      headers: (request): Record<string, string> => {
        asked.push(request);
        return request.method === 'GET' ? {} : { 'x-csrf-token': 't0k' };
      },
    });
    await api.inbox.list({ query: { unreadOnly: 'true' } });
    await api.inbox.markRead({ body: { all: true } });
    expect(asked).toEqual([
      { service: 'review', method: 'GET', path: '/inbox' },
      { service: 'review', method: 'POST', path: '/inbox/read' },
    ]);
    expect(calls[0]!.init.headers).not.toHaveProperty('x-csrf-token');
    expect(calls[1]!.init.headers).toMatchObject({ 'x-csrf-token': 't0k', 'content-type': 'application/json' });
  });

  it('gives each route the address a link would open (a download)', () => {
    const api = createHttpClient({ baseUrl: '/api' });
    expect(api.report.export.url({ query: { department: '组织部', fiscalYear: '2024', format: 'xlsx' } })).toBe(`/api/reporting/export?department=${encodeURIComponent('组织部')}&fiscalYear=2024&format=xlsx`);
    expect(api.sheets.history.url({ sheetId: 'a/b' })).toBe('/api/reporting/sheets/a%2Fb/history');
  });

  it('says in words what a failed answer that is not the service’s JSON means, instead of a proxy’s page', async () => {
    const html = fakeFetch(() => ({ status: 502, body: '<html><body>Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } }));
    const error = await createHttpClient({ baseUrl: '/api', fetch: html.fetch }).tasks.list().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'HTTP_ERROR', message: '服务暂时不可用，请稍后重试', service: 'review' });
    const plain = fakeFetch(() => ({ status: 413, body: 'request entity too large' }));
    await expect(createHttpClient({ baseUrl: '/api', fetch: plain.fetch }).imports.create({ query: { fiscalYear: '2024' }, body: 'x' })).rejects.toMatchObject({ status: 413, message: 'request entity too large' });
    const empty = fakeFetch(() => ({ status: 404, body: '' }));
    await expect(createHttpClient({ baseUrl: '/api', fetch: empty.fetch }).reviews.get({ reviewId: 'r' })).rejects.toMatchObject({ status: 404, message: '请求失败（404）' });
  });
});
