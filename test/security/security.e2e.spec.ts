import { createHash, createHmac } from 'node:crypto';
import type { Actor } from '@budget/domain';
import { loadConfig } from '@budget/platform';
import jwt from 'jsonwebtoken';
import { api, eventually, token } from '../support/api';
import { e2eEnv } from '../support/e2e-env';
import { REFERENCE_TEXT, sheetsOf, signOff, withE2eDatabase } from '../support/workflow';
import { ADMIN, AUDITOR, securityFixture, type SecurityFixture, settledState } from './fixture';

const YEAR = 2031;
const { jwt: auth } = loadConfig();

function sign(claims: Record<string, unknown>, opts: jwt.SignOptions & { key?: jwt.Secret } = {}): string {
  const { key, ...rest } = opts;
  return jwt.sign({ role: 'admin', ...claims }, key ?? auth.secret!, { algorithm: 'HS256', subject: 'e2e-sec-forger', issuer: auth.issuer, ...rest });
}

/** An HS256 token signed with an empty key, made by hand (jsonwebtoken refuses to sign with one). */
function emptyKeyToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify({ sub: 'e2e-sec-forger', role: 'admin', iss: auth.issuer, iat: now, exp: now + 600 })).toString('base64url');
  return `${head}.${body}.${createHmac('sha256', Buffer.alloc(0)).update(`${head}.${body}`).digest('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const BAD_TOKENS: readonly [string, () => string][] = [
  ['forged: another secret', () => sign({ exp: now() + 600 }, { key: 'another-secret-of-the-same-length-0123456789' })],
  ['empty HMAC key', emptyKeyToken],
  ['without exp', () => sign({})],
  ['expired an hour ago', () => sign({ iat: now() - 7200, exp: now() - 3600 })],
  ['another issuer', () => sign({ exp: now() + 600 }, { issuer: 'someone-else' })],
  ['lifetime of 30 days', () => sign({}, { expiresIn: 30 * 24 * 3600 })],
  ['not valid before tomorrow', () => sign({ nbf: now() + 86_400, exp: now() + 90_000 })],
  ['alg none', () => jwt.sign({ role: 'admin', exp: now() + 600 }, '', { algorithm: 'none', subject: 'x', issuer: auth.issuer })],
  ['role system', () => sign({ role: 'system', exp: now() + 600 })],
  ['garbage', () => 'not.a.token'],
];

describe('security: hostile requests answer 4xx and change nothing', () => {
  let f: SecurityFixture;
  let before: Record<string, string>;

  beforeAll(async () => {
    f = await securityFixture(YEAR, 'a');
    // Version 1 of home's year: one sheet of a unit other than the clerk's approved (a publication
    // needs one), every sheet not approved left out (other files' sheets may share the department and
    // year). Its chain heads still name every sheet.
    const approved = f.home.sheets.find((s) => s.unit === f.home.units[0]!.name && s.unit !== f.homeUnit.name);
    if (!approved) throw new Error('no sheet of another unit to approve');
    await signOff(approved.sheetId);
    const reviewer: Actor = { id: 'e2e-sec-dept', role: 'department_reviewer', departmentId: f.home.departmentId };
    await eventually(
      async () => {
        const exclusions = (await sheetsOf(f.home.departmentId, YEAR)).filter((s) => s.status !== 'approved').map((s) => ({ sheetId: s.sheetId, reason: '尚未批复' }));
        const published = await api('reporting', 'POST', `/departments/${f.home.departmentId}/publications`, { actor: reviewer, json: { fiscalYear: YEAR, exclusions } });
        // 409 until reporting has the approval.
        if (published.status !== 201 && published.status !== 409) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
        return published.status === 201;
      },
      { what: 'version 1 of the home year published', timeoutMs: 60_000 },
    );
    before = await settledState();
  }, 240_000);

  afterAll(async () => {
    // Every refusal of this file together: nothing of intake, review or reporting changed.
    expect(await settledState()).toEqual(before);
  }, 120_000);

  describe('tokens', () => {
    const targets: readonly [Parameters<typeof api>[0], string, string, unknown][] = [
      ['intake', 'POST', '/departments', { name: '伪造令牌创建的部门' }],
      ['intake', 'GET', '/sheets', undefined],
      ['review', 'PUT', '/webhooks/e2e-sec-forged', { url: 'https://hooks.example.cn/x', secret: 'a-secret-of-sixteen+' }],
      ['reporting', 'GET', `/table?department=${'x'}`, undefined],
    ];
    it.each(BAD_TOKENS)('refuses a token %s with 401 on every service', async (_, make) => {
      for (const [service, method, path, json] of targets) {
        const res = await api(service, method, path, { actor: null, headers: { authorization: `Bearer ${make()}` }, ...(json ? { json } : {}) });
        expect({ service, path, status: res.status }).toEqual({ service, path, status: 401 });
        expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      }
    });

    it('refuses a missing or malformed Authorization header with 401', async () => {
      for (const header of [undefined, 'Basic YWRtaW46YWRtaW4=', 'Bearer', `Bearer ${sign({ exp: now() + 600 })} extra`]) {
        const res = await api('intake', 'POST', '/departments', { actor: null, json: { name: '无令牌' }, ...(header ? { headers: { authorization: header } } : {}) });
        expect(res.status).toBe(401);
      }
    });
  });

  describe('organisations', () => {
    it('shows a unit clerk only its own unit’s chain heads, verification and counts', async () => {
      const all = await api('reporting', 'GET', `/table?department=${f.home.departmentId}&fiscalYear=${YEAR}`, { actor: ADMIN });
      const own = await api('reporting', 'GET', `/table?department=${f.home.departmentId}&fiscalYear=${YEAR}&verify=true`, { actor: f.homeClerk });
      expect(own.status).toBe(200);
      const ownSheets = f.home.sheets.filter((s) => s.unit === f.homeUnit.name).map((s) => `sheet-${s.sheetId}`);
      expect(all.body.chainHeads.length).toBeGreaterThan(ownSheets.length);
      expect(own.body.chainHeads.map((h: { streamId: string }) => h.streamId).sort()).toEqual(ownSheets.sort());
      expect(own.body.chainVerification).toMatchObject({ ok: true, streamsChecked: ownSheets.length });
      const others = f.home.sheets.filter((s) => s.unit !== f.homeUnit.name).map((s) => s.sheetId);
      for (const format of ['xlsx', 'html'] as const) {
        const res = await fetch(`http://127.0.0.1:${e2eEnv().ports.reporting}/export?department=${f.home.departmentId}&fiscalYear=${YEAR}&format=${format}`, {
          headers: { authorization: `Bearer ${token(f.homeClerk)}` },
        });
        expect(res.status).toBe(200);
        const bytes = Buffer.from(await res.arrayBuffer());
        const text = format === 'xlsx' ? await xlsxText(bytes) : bytes.toString('utf8');
        expect(text).toContain(ownSheets[0]!.slice('sheet-'.length));
        for (const id of others) expect(text).not.toContain(id);
      }
      const departments = await api('reporting', 'GET', '/departments', { actor: f.homeClerk });
      expect(departments.body.items).toHaveLength(1);
      expect(departments.body.items[0].units).toEqual([{ unitId: f.homeUnit.unitId, name: f.homeUnit.name }]);
      expect(departments.body.items[0].fiscalYears.find((y: { fiscalYear: number }) => y.fiscalYear === YEAR)).toMatchObject({ sheets: ownSheets.length });
    });

    it('shows a unit clerk a published version with its own unit’s chain heads only, and signs the file', async () => {
      const ownSheets = f.home.sheets.filter((s) => s.unit === f.homeUnit.name).map((s) => s.sheetId);
      const others = f.home.sheets.filter((s) => s.unit !== f.homeUnit.name).map((s) => s.sheetId);
      const port = e2eEnv().ports.reporting;
      for (const [actor, format] of [[f.homeClerk, 'xlsx'], [f.homeClerk, 'html'], [AUDITOR, 'html']] as const) {
        const res = await fetch(`http://127.0.0.1:${port}/departments/${f.home.departmentId}/publications/1/export?fiscalYear=${YEAR}&format=${format}`, {
          headers: { authorization: `Bearer ${token(actor)}` },
        });
        expect(res.status).toBe(200);
        const bytes = Buffer.from(await res.arrayBuffer());
        const text = format === 'xlsx' ? await xlsxText(bytes) : bytes.toString('utf8');
        expect(text).toContain(ownSheets[0]!);
        if (actor === AUDITOR) expect(text).toContain(others[0]!);
        else for (const id of others) expect(text).not.toContain(id);
        const exportId = res.headers.get('x-report-export-id');
        expect(res.headers.get('x-report-signature')).toBe(`/exports/${exportId}/signature`);
        const sig = await api('reporting', 'GET', `/exports/${exportId}/signature`, { actor });
        expect(sig.status).toBe(200);
        expect(JSON.parse(sig.body.export.payload)).toMatchObject({ sha256: createHash('sha256').update(bytes).digest('hex'), unitId: actor === AUDITOR ? null : f.homeUnit.unitId });
      }
      const list = await api('reporting', 'GET', `/departments/${f.home.departmentId}/publications?fiscalYear=${YEAR}`, { actor: f.homeClerk });
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([expect.objectContaining({ version: 1, excluded: ownSheets.length })]);
      for (const id of others) expect(JSON.stringify(list.body)).not.toContain(id);
    });

    it('answers another unit’s write with 403 before comparing versions (no 409, no currentVersion)', async () => {
      const stranger = f.foreignActors.unit_clerk;
      const neighbour: Actor = { ...f.homeClerk, id: 'e2e-sec-neighbour', unitId: f.home.units.find((u) => u.unitId !== f.homeUnit.unitId)!.unitId };
      for (const actor of [stranger, neighbour]) {
        for (const [method, path, json] of [
          ['PATCH', `/sheets/${f.homeSheetId}`, { expectedVersion: 999, projectName: '越权修改' }],
          ['POST', `/sheets/${f.homeSheetId}/submit`, { expectedVersion: 999 }],
          ['POST', `/sheets/${f.homeSheetId}/withdraw`, { expectedVersion: 999 }],
        ] as const) {
          const res = await api('intake', method, path, { actor, json });
          expect({ actor: actor.id, path, status: res.status }).toEqual({ actor: actor.id, path, status: 403 });
          expect(res.body.currentVersion).toBeUndefined();
        }
      }
      // The owner with a stale version still learns the current one.
      const own = await api('intake', 'PATCH', `/sheets/${f.homeSheetId}`, { actor: f.homeClerk, json: { expectedVersion: 999, projectName: '越权修改' } });
      expect(own.status).toBe(409);
      expect(own.body.currentVersion).toBeGreaterThan(0);
    });

    it('holds a finance reviewer to the departments of the desk, reopening and chain changes included', async () => {
      const desk = f.foreignActors.finance_reviewer;
      expect((await api('intake', 'GET', `/sheets/${f.homeSheetId}`, { actor: desk })).status).toBe(403);
      expect((await api('intake', 'GET', `/sheets?departmentId=${f.home.departmentId}`, { actor: desk })).body.items).toEqual([]);
      expect(JSON.stringify((await api('intake', 'GET', '/sheets?limit=1000', { actor: desk })).body)).not.toContain(f.home.departmentId);
      expect((await api('intake', 'POST', `/sheets/${f.homeSheetId}/reopen`, { actor: desk, json: { expectedVersion: 999, reason: '越权重新开放' } })).status).toBe(403);
      expect((await api('review', 'GET', `/reviews/${f.homeReviewId}`, { actor: desk })).status).toBe(403);
      expect(JSON.stringify((await api('review', 'GET', '/reviews', { actor: desk })).body)).not.toContain(f.home.departmentId);
      expect((await api('review', 'PUT', `/departments/${f.home.departmentId}/sign-off-chain`, { actor: desk, json: { chain: [] } })).status).toBe(403);
      expect((await api('reporting', 'GET', `/table?department=${f.home.departmentId}&fiscalYear=${YEAR}`, { actor: desk })).status).toBe(403);
      expect((await api('reporting', 'GET', `/progress?departmentId=${f.home.departmentId}`, { actor: desk })).status).toBe(403);
      expect((await api('reporting', 'GET', '/events', { actor: desk })).status).toBe(403);
      const verify = await api('reporting', 'GET', '/verify', { actor: desk });
      expect(verify.status).toBe(200);
      expect(verify.body.streamsChecked).toBeLessThan((await api('reporting', 'GET', '/verify', { actor: AUDITOR })).body.streamsChecked);
      // Assigned to home, the same reviewer reads it.
      expect((await api('intake', 'GET', `/sheets/${f.homeSheetId}`, { actor: { ...desk, departmentIds: [f.home.departmentId] } })).status).toBe(200);
    });

    it('refuses another department’s import before it changes anything', async () => {
      const res = await api('intake', 'POST', `/imports?fiscalYear=${YEAR}`, { actor: f.foreignActors.department_reviewer, text: REFERENCE_TEXT });
      expect(res.status).toBe(403);
    });
  });

  describe('hostile bodies', () => {
    const patch = (rawBody: string, contentType = 'application/json') =>
      api('intake', 'PATCH', `/sheets/${f.homeSheetId}`, { actor: f.homeClerk, rawBody, contentType });

    it.each([
      ['malformed JSON', '{"expectedVersion": 1, "projectName": ', 400, 'MALFORMED_JSON'],
      ['a JSON array', '[1, 2, 3]', 400, 'VALIDATION_FAILED'],
      ['a JSON string', '"改名"', 400, 'MALFORMED_JSON'],
      ['a __proto__ key', '{"expectedVersion": 1, "__proto__": {"role": "admin"}, "constructor": {"prototype": {"x": 1}}}', 400, 'VALIDATION_FAILED'],
      ['2 000 levels of nesting', `{"expectedVersion": 1, "goal": ${'['.repeat(2000)}${']'.repeat(2000)}}`, 400, 'VALIDATION_FAILED'],
      ['a 2 MB JSON body', JSON.stringify({ expectedVersion: 1, goal: '目'.repeat(700_000) }), 413, 'PAYLOAD_TOO_LARGE'],
    ] as const)('answers %s with %i', async (_, body, status, code) => {
      const res = await patch(body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    });

    it('answers a body without a valid token with 401 before reading it (a malformed one is not even parsed)', async () => {
      const variants: Record<string, string>[] = [{}, { authorization: `Bearer ${sign({})}` }];
      for (const headers of variants) {
        const res = await api('intake', 'PATCH', `/sheets/${f.homeSheetId}`, { actor: null, rawBody: '{"expectedVersion": ', headers });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
        expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      }
      const anonymousImport = await api('intake', 'POST', `/imports?fiscalYear=${YEAR}`, { actor: null, text: 'x'.repeat(5 * 1024 * 1024) });
      expect(anonymousImport.status).toBe(401);
    });

    it('answers an unknown charset with 415 and an 11 MB import with 413', async () => {
      expect((await patch('{"expectedVersion": 1}', 'application/json; charset=ebcdic')).status).toBe(415);
      const huge = await api('intake', 'POST', `/imports?fiscalYear=${YEAR}`, { text: 'x'.repeat(11 * 1024 * 1024) });
      expect(huge.status).toBe(413);
    });
  });

  describe('webhooks', () => {
    it.each([
      'http://169.254.169.254/latest/meta-data/',
      'http://100.100.100.200/latest/meta-data/',
      'http://10.0.0.1/hook',
      'http://172.16.5.4/hook',
      'http://192.168.1.1/hook',
      'http://127.0.0.2:8080/hook',
      'http://0.0.0.0/hook',
      'http://[::1]/hook',
      'http://[fe80::1]/hook',
      'http://[fd00:ec2::254]/hook',
      'http://[::ffff:169.254.169.254]/hook',
      'file:///etc/passwd',
      'gopher://127.0.0.1:6379/_FLUSHALL',
    ])('refuses a subscription to %s with 400 on the url', async (url) => {
      const res = await api('review', 'PUT', '/webhooks/e2e-sec-ssrf', { json: { url, secret: 'a-secret-of-sixteen+' } });
      expect(res.status).toBe(400);
      expect(res.body.fieldErrors).toEqual([expect.objectContaining({ field: 'url' })]);
    });
  });

  describe('download names', () => {
    it('keeps CR, LF and quotes of a name out of the headers', async () => {
      const port = e2eEnv().ports.reporting;
      for (const query of [`format=txt%0d%0aX-Injected:%20yes`, `format=txt&department=${encodeURIComponent('x"\r\nX-Injected: yes')}`]) {
        const res = await fetch(`http://127.0.0.1:${port}/export?department=${f.home.departmentId}&fiscalYear=${YEAR}&${query}`, {
          headers: { authorization: `Bearer ${token(ADMIN)}` },
        });
        expect(res.status).toBe(400);
        expect(res.headers.get('x-injected')).toBeNull();
      }
      const ok = await fetch(`http://127.0.0.1:${port}/export?department=${f.home.departmentId}&fiscalYear=${YEAR}&format=txt`, {
        headers: { authorization: `Bearer ${token(ADMIN)}` },
      });
      const disposition = ok.headers.get('content-disposition')!;
      expect(disposition).toMatch(/^attachment; filename="report-2031\.txt"; filename\*=UTF-8''[A-Za-z0-9%._~!*'()-]+$/);
      expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('rebuild', () => {
    it('refuses a rebuild while another process holds the rebuild lock', async () => {
      const { REBUILD_LOCK } = await import('../../apps/reporting/src/rebuild/rebuild.service');
      await withE2eDatabase(async (db) => {
        await db.query('SELECT pg_advisory_lock($1::bigint)', [REBUILD_LOCK]);
        try {
          const res = await api('reporting', 'POST', '/rebuild');
          expect(res.status).toBe(409);
          expect(res.body.message).toContain('另一个重建正在进行中');
        } finally {
          await db.query('SELECT pg_advisory_unlock($1::bigint)', [REBUILD_LOCK]);
        }
      });
    });
  });
});

/** The text of an xlsx file's shared strings and sheets, enough to look for ids. */
async function xlsxText(bytes: Buffer): Promise<string> {
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const parts: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        parts.push(String(cell.text));
      }),
    ),
  );
  return parts.join('\n');
}
