import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '@budget/domain';
import { api, token } from '../support/api';
import { e2eEnv, e2eRunId, LOCAL_DIR } from '../support/e2e-env';
import { REFERENCE_TEXT } from '../support/workflow';
import { AUDITOR, securityFixture, type SecurityFixture, settledState } from './fixture';
import { type RegisteredRoute, registeredRoutes } from './routes';

const YEAR = 2032;

/**
 * Every route the three services register × every organisation-bound role of a foreign
 * organisation (and the auditor on writes), aimed at the home department's data. A route added
 * without a scope check fails here: it either answers with home's ids or changes home's state.
 */
describe('security: every registered route × role × foreign organisation', () => {
  let f: SecurityFixture;
  let routes: RegisteredRoute[];
  const answers: { route: string; role: string; status: number; code: string | null }[] = [];

  let homeExportId: string;

  beforeAll(async () => {
    routes = await registeredRoutes();
    f = await securityFixture(YEAR, 'm');
    // An export of home's table, whose signature outsiders must not read.
    const res = await fetch(`http://127.0.0.1:${e2eEnv().ports.reporting}/export?department=${f.home.departmentId}&fiscalYear=${YEAR}&format=csv`, {
      headers: { authorization: `Bearer ${token(AUDITOR)}` },
    });
    await res.arrayBuffer();
    homeExportId = res.headers.get('x-report-export-id')!;
  }, 240_000);

  afterAll(() => {
    mkdirSync(LOCAL_DIR, { recursive: true });
    writeFileSync(join(LOCAL_DIR, `security-matrix-${e2eRunId()}.json`), JSON.stringify(answers, null, 2));
  });

  function target(route: RegisteredRoute): { path: string; json?: unknown; text?: string } {
    const params: Record<string, string> = {
      departmentId: f.home.departmentId,
      sheetId: f.homeSheetId,
      indicatorId: f.homeIndicatorId,
      reviewId: f.homeReviewId,
      userId: 'e2e-sec-contact',
      exportId: homeExportId,
      version: '1',
      delegationId: 'e2e-sec-delegation',
      date: '2025-10-09',
      id: route.path.startsWith('/webhooks/dead-letters') ? '1' : 'e2e-sec-hook',
    };
    let path = route.path.replace(/:(\w+)/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`no value for :${name} of ${route.method} ${route.path}: add it to the matrix`);
      return encodeURIComponent(value);
    });
    const d = f.home.departmentId;
    const query: Record<string, string> = {
      'reporting GET /table': `department=${d}&fiscalYear=${YEAR}&verify=true`,
      'reporting GET /export': `department=${d}&fiscalYear=${YEAR}&format=xlsx`,
      'reporting GET /diff': `department=${d}&fiscalYear=${YEAR}&from=2020-01-01T00:00:00Z`,
      'reporting GET /progress': `departmentId=${d}`,
      'reporting GET /departments/:departmentId/publications': `fiscalYear=${YEAR}`,
      'reporting GET /departments/:departmentId/publications/:version/export': `fiscalYear=${YEAR}&format=txt`,
      'reporting GET /departments/:departmentId/publications/diff': `fiscalYear=${YEAR}&from=1&to=2`,
      'intake GET /sheets': `departmentId=${d}&limit=1000`,
      'intake POST /imports': `fiscalYear=${YEAR}`,
      'review GET /reviews': `departmentId=${d}`,
      'review GET /notifications': `sourceEventId=00000000-0000-0000-0000-000000000000`,
    };
    const q = query[`${route.service} ${route.method} ${route.path}`];
    if (q) path += `?${q}`;
    if (route.path === '/imports') return { path, text: REFERENCE_TEXT };
    if (route.method === 'GET') return { path };
    const bodies: Record<string, unknown> = {
      'PATCH /sheets/:sheetId': { expectedVersion: 999, projectName: '越权修改' },
      'POST /sheets/:sheetId/reopen': { expectedVersion: 999, reason: '越权重新开放' },
      'POST /sheets/:sheetId/carry-forward': {},
      'POST /departments/:departmentId/carry-forward': { fromYear: YEAR },
      'POST /departments/:departmentId/batch-reminders': { fiscalYear: YEAR, deadline: '2099-12-31', batchId: 'e2e-sec-batch' },
      'POST /sheets': { fiscalYear: YEAR, projectName: '越权创建', unitId: f.homeUnit.unitId, departmentId: f.home.departmentId },
      'POST /departments/:departmentId/units': { name: '越权添加的单位' },
      'PUT /departments/:departmentId/sign-off-chain': { chain: [{ level: 'finance', role: 'finance_reviewer', mayWaive: true, dueHours: 72 }] },
      'PUT /webhooks/:id': { url: 'https://hooks.example.cn/x', secret: 'a-secret-of-sixteen+', departmentId: f.home.departmentId },
      'PUT /calendar/days/:date': { kind: 'day_off', reason: '越权设置' },
      'POST /calendar/days/:date/clear': { reason: '越权取消' },
      'POST /deadlines/sweep': {},
      'PUT /contacts/:userId': { role: 'unit_clerk', departmentId: f.home.departmentId, unitId: f.homeUnit.unitId, email: 'x@example.cn' },
      'POST /departments': { name: '越权创建的部门' },
      'POST /delegations': { delegateId: 'e2e-sec-contact', from: '2099-01-01', to: '2099-01-02', reason: '越权委托' },
      'POST /delegations/:delegationId/revoke': { reason: '越权撤销' },
      'POST /departments/:departmentId/publications': { fiscalYear: YEAR },
      'POST /departments/:departmentId/publications/sheets/:sheetId/reopen': { fiscalYear: YEAR, reason: '越权重新开放' },
    };
    return { path, json: bodies[`${route.method} ${route.path}`] ?? { expectedVersion: 999 } };
  }

  const leaks = (body: unknown): string | undefined => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return f.homeIds.find((id) => text.includes(id));
  };

  it('finds the routes of all three services', () => {
    for (const service of ['intake', 'review', 'reporting'] as const) expect(routes.filter((r) => r.service === service).length).toBeGreaterThan(5);
    expect(routes.filter((r) => !r.isPublic).length).toBeGreaterThanOrEqual(45);
  });

  it('refuses every non-public route without a token', async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      const t = target(route);
      const res = await api(route.service, route.method, t.path, { actor: null, ...(t.json !== undefined ? { json: t.json } : {}), ...(t.text !== undefined ? { text: t.text } : {}) });
      answers.push({ route: `${route.service} ${route.method} ${route.path}`, role: '(no token)', status: res.status, code: res.body?.code ?? null });
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
    }
  });

  it('answers a foreign organisation with 4xx or with nothing of home, and changes nothing', async () => {
    const before = await settledState();
    const actors: [string, Actor, (r: RegisteredRoute) => boolean][] = [
      ...Object.entries(f.foreignActors).map(([role, actor]): [string, Actor, (r: RegisteredRoute) => boolean] => [`foreign ${role}`, actor, () => true]),
      // Auditors read everything by design; they never write.
      ['auditor', AUDITOR, (r) => r.method !== 'GET'],
    ];
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const [role, actor, applies] of actors) {
        if (!applies(route)) continue;
        const t = target(route);
        const res = await api(route.service, route.method, t.path, { actor, ...(t.json !== undefined ? { json: t.json } : {}), ...(t.text !== undefined ? { text: t.text } : {}) });
        const name = `${route.service} ${route.method} ${route.path}`;
        answers.push({ route: name, role, status: res.status, code: res.body?.code ?? null });
        const message = typeof res.body?.message === 'string' ? res.body.message : '';
        if (res.status === 404 && message.startsWith('Cannot ')) failures.push(`${name}: not registered as listed (${message})`);
        else if (res.status >= 500) failures.push(`${name} as ${role}: ${res.status} ${message}`);
        else if (res.status >= 200 && res.status < 300) {
          const leaked = leaks(res.body);
          if (leaked) failures.push(`${name} as ${role}: ${res.status} with home's id ${leaked}`);
        } else if (res.status < 400) failures.push(`${name} as ${role}: ${res.status}`);
        else if (!/[\u4e00-\u9fff]/.test(message)) failures.push(`${name} as ${role}: ${res.status} without a Chinese message (${message})`);
        if (res.body?.currentVersion !== undefined) failures.push(`${name} as ${role}: names currentVersion`);
      }
    }
    expect(failures).toEqual([]);
    expect(await settledState()).toEqual(before);
  }, 300_000);
});
