import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ExcelJS from 'exceljs';
import { formatIndicatorCell, fundingTotal, parsePublishedTable, TABLE_HEADER, type Actor, type Funding } from '@budget/domain';
import { api, eventually } from '../support/api';
import { e2eEnv } from '../support/e2e-env';
import { readTopic } from '../support/kafka';

jest.setTimeout(60_000);

const REFERENCE = readFileSync(join(__dirname, '..', 'fixtures', 'liwan-organization-department.txt'), 'utf8');
const DEPARTMENT = '中国共产党广州市荔湾区委员会组织部';

interface Summary {
  department: { departmentId: string; name: string; created: boolean };
  units: { unitId: string; name: string; total: string; projectCount: number }[];
  grandTotal: string;
  projects: { read: number; created: number; alreadyPresent: number };
  sheets: { sheetId: string; unit: string; projectName: string; total: string; outcome: string }[];
  issues: unknown[];
}

describe('intake on the real stack', () => {
  let summary: Summary;
  let clerk: Actor;
  let otherClerk: Actor;

  beforeAll(async () => {
    const res = await api<Summary>('intake', 'POST', '/imports?fiscalYear=2024', { text: REFERENCE });
    expect(res.status).toBe(200);
    summary = res.body;
    const [org, center] = summary.units;
    clerk = { id: 'clerk-org', role: 'unit_clerk', unitId: org!.unitId, departmentId: summary.department.departmentId, name: '组织部经办人' };
    otherClerk = { id: 'clerk-center', role: 'unit_clerk', unitId: center!.unitId, departmentId: summary.department.departmentId, name: '党群服务中心经办人' };
  });

  describe('importing the reference table', () => {
    it('reads the department, 4 units, 11 projects and the totals', () => {
      expect(summary.department.name).toBe(DEPARTMENT);
      expect(summary.units.map((u) => [u.name, u.total, u.projectCount])).toEqual([
        [DEPARTMENT, '287.20', 8],
        ['广州市荔湾区党群服务中心', '7.00', 1],
        ['中共广州市荔湾区委党史研究室', '3.00', 1],
        ['中共广州市荔湾区委组织部电教中心', '5.00', 1],
      ]);
      expect(summary.grandTotal).toBe('302.20');
      expect(summary.projects).toEqual({ read: 11, created: 11, alreadyPresent: 0 });
      expect(summary.issues).toEqual([]);
      expect(summary.sheets.find((s) => s.projectName === 'ZXRCBT')).toMatchObject({ unit: DEPARTMENT, total: '50.00' });
    });

    it('creates one draft per project, every cell preserved', async () => {
      const list = await api('intake', 'GET', `/sheets?departmentId=${summary.department.departmentId}&fiscalYear=2024&limit=100`);
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(11);
      const cadre = list.body.items.find((s: any) => s.projectName === '干部工作经费');
      expect(cadre.status).toBe('draft');
      expect(cadre.funding).toEqual({ fiscalAppropriation: '61.30', specialAccountAppropriation: '0.00', otherFunds: '0.00', total: '61.30' });
      expect(cadre.fundingFen.total).toBe(61_300_000);
      expect(cadre.indicators).toHaveLength(4);
      expect(cadre.indicators[0]).toMatchObject({
        level1: '1-产出指标',
        level2: '11-数量指标',
        name: '档案散件整理及数字化量',
        periodTarget: { text: '3000件' },
        annualTarget: { text: '>3000件' },
      });
      const care = list.body.items.find((s: any) => s.projectName === '关爱党员专项经费');
      expect(care.indicators[3].periodTarget.text).toBe('困难党员 生活改善');
      const zx = list.body.items.find((s: any) => s.projectName === 'ZXRCBT');
      expect(zx).toMatchObject({ goal: '', indicators: [], funding: { total: '50.00' } });
    });

    it('imports the same table twice without duplicating anything', async () => {
      const again = await api<Summary>('intake', 'POST', '/imports?fiscalYear=2024', { text: REFERENCE });
      expect(again.status).toBe(200);
      expect(again.body.projects).toEqual({ read: 11, created: 0, alreadyPresent: 11 });
      expect(again.body.department.created).toBe(false);
      const list = await api('intake', 'GET', `/sheets?departmentId=${summary.department.departmentId}&fiscalYear=2024`);
      expect(list.body.total).toBe(11);
      const dept = await api('intake', 'GET', `/departments/${summary.department.departmentId}`);
      expect(dept.body.units).toHaveLength(4);
    });

    it('publishes every draft on budget.targets, keyed by its stream id', async () => {
      const topic = `${e2eEnv().topicPrefix}budget.targets`;
      const wanted = new Set(summary.sheets.map((s) => `sheet-${s.sheetId}`));
      const messages = await readTopic(topic, (ms) => [...wanted].every((id) => ms.some((m) => m.key === id && m.event.type === 'DraftCreated')));
      for (const streamId of wanted) {
        const created = messages.filter((m) => m.key === streamId && m.event.type === 'DraftCreated');
        expect(created).toHaveLength(1);
        expect(created[0]!.event).toMatchObject({ streamId, streamVersion: 1, schemaVersion: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      }
      expect(messages.some((m) => m.event.type === 'DepartmentRegistered')).toBe(true);
    });

    it('imports the same table as an .xlsx workbook (merged title rows, amounts as numbers) with the same summary', async () => {
      const sheet = new ExcelJS.Workbook();
      const ws = sheet.addWorksheet('绩效目标表');
      const { table } = parsePublishedTable(REFERENCE);
      const wan = (fen: number) => (fen === 0 ? null : fen / 1_000_000);
      const amounts = (f: Funding) => [wan(fundingTotal(f)), wan(f.fiscalAppropriation), wan(f.specialAccountAppropriation), wan(f.otherFunds)];
      ws.addRow([table.title]);
      ws.addRow([`部门名称：${table.departmentName}`]);
      ws.addRow(['单位：万元']);
      ws.addRow([...TABLE_HEADER]);
      ws.addRow(['合计', ...amounts(table.grandTotal.funding)]);
      for (const unit of table.units) {
        ws.addRow([unit.name, ...amounts(unit.funding)]);
        for (const p of unit.projects) ws.addRow([p.name, ...amounts(p.funding), p.goal || null, formatIndicatorCell(p.indicators) || null]);
      }
      for (const row of [1, 2, 3]) ws.mergeCells(row, 1, row, 7);
      const bytes = new Uint8Array(await sheet.xlsx.writeBuffer());
      const res = await api<Summary>('intake', 'POST', '/imports?fiscalYear=2024', {
        rawBody: bytes,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      expect(res.status).toBe(200);
      expect(res.body.issues).toEqual([]);
      expect(res.body.projects).toEqual({ read: 11, created: 0, alreadyPresent: 11 });
      expect(res.body.units).toEqual(summary.units.map((u) => ({ ...u, created: false })));
      expect(res.body.sheets.map((s) => s.sheetId)).toEqual(summary.sheets.map((s) => s.sheetId));
      const broken = await api('intake', 'POST', '/imports?fiscalYear=2024', {
        rawBody: new Uint8Array([1, 2, 3]),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      expect(broken.status).toBe(400);
      expect(broken.body.message).toMatch(/^无法读取Excel文件/);
    });

    it('rejects text that is not a published table, changing nothing', async () => {
      const res = await api('intake', 'POST', '/imports?fiscalYear=2024', { text: 'hello\tworld\n' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      const noYear = await api('intake', 'POST', '/imports', { text: REFERENCE });
      expect(noYear.status).toBe(400);
    });
  });

  describe('authentication and organisation scope', () => {
    it('answers 401 without a token or with a forged one', async () => {
      expect((await api('intake', 'GET', '/sheets', { actor: null })).status).toBe(401);
      const forged = await api('intake', 'GET', '/sheets', { actor: null, headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl' } });
      expect(forged.status).toBe(401);
      expect(forged.body.message).toMatch(/登录凭证/);
    });

    it('keeps a clerk to their own unit', async () => {
      const mine = await api('intake', 'GET', '/sheets?fiscalYear=2024', { actor: clerk });
      expect(mine.body.total).toBe(8);
      const theirs = summary.sheets.find((s) => s.unit === '广州市荔湾区党群服务中心')!;
      expect((await api('intake', 'GET', `/sheets/${theirs.sheetId}`, { actor: clerk })).status).toBe(403);
      const sheet = (await api('intake', 'GET', `/sheets/${theirs.sheetId}`, { actor: otherClerk })).body;
      const edit = await api('intake', 'PATCH', `/sheets/${theirs.sheetId}`, { actor: clerk, json: { expectedVersion: sheet.version, goal: '别人的项目' } });
      expect(edit.status).toBe(403);
      const after = (await api('intake', 'GET', `/sheets/${theirs.sheetId}`, { actor: otherClerk })).body;
      expect(after.version).toBe(sheet.version);
    });

    it('does not let a clerk create drafts for another unit or import tables', async () => {
      const res = await api('intake', 'POST', '/sheets', {
        actor: clerk,
        json: { fiscalYear: 2024, unitId: otherClerk.unitId, projectName: '越权项目', funding: { fiscalAppropriation: '1.00' } },
      });
      expect(res.status).toBe(403);
      expect((await api('intake', 'POST', '/imports?fiscalYear=2024', { actor: clerk, text: REFERENCE })).status).toBe(403);
    });
  });

  describe('drafting, editing and submitting', () => {
    const newDraft = async (projectName: string) => {
      const res = await api('intake', 'POST', '/sheets', {
        actor: clerk,
        json: {
          fiscalYear: 2031,
          projectName,
          funding: { fiscalAppropriation: '12.3456', otherFunds: 1 },
          goal: '通过开展党员教育培训，提高党员队伍素质，服务全区中心工作。',
          indicators: [{ level1: '1-产出指标', level2: '11-数量指标', name: '培训人次', periodTarget: '≥500人次', annualTarget: '≥500人次' }],
        },
      });
      expect(res.status).toBe(201);
      return res.body;
    };

    it('creates a draft with exact amounts and a derived total', async () => {
      const sheet = await newDraft('党员教育培训经费');
      expect(sheet).toMatchObject({ status: 'draft', version: 1, unitId: clerk.unitId, departmentId: clerk.departmentId });
      expect(sheet.funding).toEqual({ fiscalAppropriation: '12.3456', specialAccountAppropriation: '0.00', otherFunds: '1.00', total: '13.3456' });
      expect(sheet.indicators[0].annualTarget.parsed).toMatchObject({ kind: 'quantitative', comparator: '>=', number: '500' });
    });

    it('answers bad input with field-level 400s in Chinese and changes nothing', async () => {
      const before = (await api('intake', 'GET', '/sheets', { actor: clerk })).body.total;
      const cases: { body?: unknown; raw?: string; field?: string }[] = [
        { raw: '{"fiscalYear": 2031, "projectName": ' },
        { body: { fiscalYear: '二〇二五', projectName: 'x', funding: {} }, field: 'fiscalYear' },
        { body: { fiscalYear: 2031, projectName: 42, funding: {} }, field: 'projectName' },
        { body: { fiscalYear: 2031, funding: {} }, field: 'projectName' },
        { body: { fiscalYear: 2031, projectName: 'x', funding: { fiscalAppropriation: '-1' } }, field: 'funding.fiscalAppropriation' },
        { body: { fiscalYear: 2031, projectName: 'x', funding: { fiscalAppropriation: '1.00001' } }, field: 'funding.fiscalAppropriation' },
        { body: { fiscalYear: 2031, projectName: 'x', funding: { fiscalAppropriation: 0.1, total: '0.10' } }, field: 'funding.total' },
        { body: { fiscalYear: 2031, projectName: 'x', funding: {}, goal: '长'.repeat(6000) }, field: 'goal' },
        { body: { fiscalYear: 2031, projectName: 'x'.repeat(300), funding: {} }, field: 'projectName' },
        { body: { fiscalYear: 2031, projectName: 'x', funding: {}, indicators: [{ level1: '1-产出指标' }] }, field: 'indicators[0].level2' },
        { body: { fiscalYear: 2031, projectName: 'x', funding: {}, colour: 'red' }, field: 'colour' },
      ];
      for (const c of cases) {
        const res = await api('intake', 'POST', '/sheets', { actor: clerk, ...(c.raw !== undefined ? { rawBody: c.raw } : { json: c.body }) });
        expect({ status: res.status, case: c.field ?? 'malformed' }).toEqual({ status: 400, case: c.field ?? 'malformed' });
        expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
        if (c.field) expect(res.body.fieldErrors.map((f: any) => f.field)).toContain(c.field);
      }
      const unknownUnit = await api('intake', 'POST', '/sheets', { json: { fiscalYear: 2031, unitId: 'no-such-unit', projectName: 'x', funding: {} } });
      expect(unknownUnit.status).toBe(400);
      expect(unknownUnit.body.fieldErrors).toEqual([{ field: 'unitId', message: '未知的资金使用单位' }]);
      expect((await api('intake', 'GET', '/sheets', { actor: clerk })).body.total).toBe(before);
    });

    it('answers a stale version with 409 and the current version', async () => {
      const sheet = await newDraft('档案数字化经费');
      const ok = await api('intake', 'PATCH', `/sheets/${sheet.sheetId}`, { actor: clerk, json: { expectedVersion: 1, goal: '完成干部人事档案数字化，提高档案管理水平和利用效率。' } });
      expect(ok.status).toBe(200);
      expect(ok.body.version).toBe(2);
      const stale = await api('intake', 'PATCH', `/sheets/${sheet.sheetId}`, { actor: clerk, json: { expectedVersion: 1, projectName: '改名' } });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
      const viaHeader = await api('intake', 'PATCH', `/sheets/${sheet.sheetId}`, { actor: clerk, headers: { 'if-match': '"2"' }, json: { projectName: '档案数字化专项经费' } });
      expect(viaHeader.status).toBe(200);
      const missing = await api('intake', 'PATCH', `/sheets/${sheet.sheetId}`, { actor: clerk, json: { projectName: '无版本' } });
      expect(missing.status).toBe(400);
    });

    it('lets exactly one of two concurrent edits win', async () => {
      const sheet = await newDraft('并发编辑测试经费');
      const results = await Promise.all(
        ['甲', '乙', '丙', '丁'].map((who) => api('intake', 'PATCH', `/sheets/${sheet.sheetId}`, { actor: clerk, json: { expectedVersion: 1, goal: `由${who}修改的绩效目标，内容足够长以满足要求。` } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      const events = (await api('intake', 'GET', `/sheets/${sheet.sheetId}/events`, { actor: clerk })).body.events;
      expect(events.map((e: any) => e.type)).toEqual(['DraftCreated', 'DraftGoalChanged']);
    });

    it('edits indicators, submits, refuses edits while submitted, and withdraws', async () => {
      const sheet = await newDraft('人才工作经费');
      let v = sheet.version;
      const added = await api('intake', 'POST', `/sheets/${sheet.sheetId}/indicators`, {
        actor: clerk,
        json: { expectedVersion: v, level1: '2-效益指标', level2: '22-社会效益', name: '人才工作影响力', periodTarget: '有所提升', annualTarget: '有所提升' },
      });
      expect(added.status).toBe(201);
      v = added.body.version;
      const ids = added.body.indicators.map((i: any) => i.indicatorId);
      const reordered = await api('intake', 'PUT', `/sheets/${sheet.sheetId}/indicators/order`, { actor: clerk, json: { expectedVersion: v, indicatorIds: [...ids].reverse() } });
      expect(reordered.status).toBe(200);
      expect(reordered.body.indicators.map((i: any) => i.indicatorId)).toEqual([...ids].reverse());
      v = reordered.body.version;
      const badOrder = await api('intake', 'PUT', `/sheets/${sheet.sheetId}/indicators/order`, { actor: clerk, json: { expectedVersion: v, indicatorIds: [ids[0]] } });
      expect(badOrder.status).toBe(400);
      const changed = await api('intake', 'PATCH', `/sheets/${sheet.sheetId}/indicators/${ids[0]}`, { actor: clerk, json: { expectedVersion: v, annualTarget: '≥600人次' } });
      expect(changed.status).toBe(200);
      v = changed.body.version;
      const submitted = await api('intake', 'POST', `/sheets/${sheet.sheetId}/submit`, { actor: clerk, json: { expectedVersion: v } });
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', submissionNo: 1 });
      v = submitted.body.version;
      const editWhileSubmitted = await api('intake', 'PATCH', `/sheets/${sheet.sheetId}`, { actor: clerk, json: { expectedVersion: v, goal: '提交后修改' } });
      expect(editWhileSubmitted.status).toBe(409);
      expect(editWhileSubmitted.body.code).toBe('ILLEGAL_STATE');
      const withdrawn = await api('intake', 'POST', `/sheets/${sheet.sheetId}/withdraw`, { actor: clerk, json: { expectedVersion: v, reason: '补充指标' } });
      const events = (await api('intake', 'GET', `/sheets/${sheet.sheetId}/events`, { actor: clerk })).body.events;
      const edits = ['DraftCreated', 'DraftIndicatorAdded', 'DraftIndicatorsReordered', 'DraftIndicatorChanged', 'SheetSubmitted'];
      if (withdrawn.status === 200) {
        expect(withdrawn.body.status).toBe('draft');
        expect(events.map((e: any) => e.type)).toEqual([...edits, 'SheetWithdrawn']);
      } else {
        // The review service, which reads every submission at once, took the sheet up first: a submission
        // under review (or already sent back) is no longer withdrawn, and the refusal says why in words.
        expect(withdrawn.status).toBe(409);
        expect(['ILLEGAL_STATE', 'VERSION_CONFLICT']).toContain(withdrawn.body.code);
        expect(withdrawn.body.message).toMatch(/[\u4e00-\u9fff]/);
        expect(events.map((e: any) => e.type).slice(0, edits.length)).toEqual(edits);
        expect(events.map((e: any) => e.type)).not.toContain('SheetWithdrawn');
        expect(['SheetReviewStarted', 'SheetRevisionRequested']).toContain(events[edits.length]?.type);
      }
      for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
      expect(events[0].actor).toMatchObject({ id: clerk.id, role: 'unit_clerk' });
    });

    it('filters the list by status and year within scope', async () => {
      const draftsOwnYear = await api('intake', 'GET', '/sheets?fiscalYear=2031&status=draft', { actor: clerk });
      expect(draftsOwnYear.status).toBe(200);
      expect(draftsOwnYear.body.items.every((s: any) => s.fiscalYear === 2031 && s.status === 'draft')).toBe(true);
      expect((await api('intake', 'GET', '/sheets?status=nonsense', { actor: clerk })).status).toBe(400);
      const outside = await api('intake', 'GET', `/sheets?unitId=${otherClerk.unitId}`, { actor: clerk });
      expect(outside.body.total).toBe(0);
    });
  });

  it('serves its OpenAPI description and health without a token', async () => {
    const doc = await api('intake', 'GET', '/openapi.json', { actor: null });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/sheets', '/sheets/{sheetId}/submit', '/imports']));
    const health = await eventually(async () => {
      const h = await api('intake', 'GET', '/health', { actor: null });
      return h.status === 200 && h.body.checks.outbox.backlog === 0 ? h : null;
    });
    expect(health.body.status).toBe('up');
  });
});
