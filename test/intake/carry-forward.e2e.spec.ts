import type { Actor } from '@budget/domain';
import { api, eventually } from '../support/api';
import { importReference, type ImportedReference, intakeSheet, type IntakeSheet, runCli, sheetsOf, signOff } from '../support/workflow';

// 持续性项目: an approved sheet of YEAR carried into YEAR + 1 (years no other e2e file uses).
jest.setTimeout(240_000);

const YEAR = 2040;
const NEXT = YEAR + 1;
const AUDITOR: Actor = { id: 'e2e-carry-auditor', role: 'auditor', name: '审计' };
const ALREADY_CARRIED = `已结转：该项目${NEXT}年度的绩效目标表已经存在，请勿重复结转`;

/** What carrying forward copies: everything but the id, the year, the version and the workflow's traces. */
const contentOf = (s: any) => ({ departmentId: s.departmentId, unitId: s.unitId, projectName: s.projectName, funding: s.funding, fundingFen: s.fundingFen, goal: s.goal, indicators: s.indicators });

describe('carrying a continuing project into the next fiscal year', () => {
  let imported: ImportedReference;
  let origin: IntakeSheet;
  let clerk: Actor;
  let otherClerk: Actor;
  let carried: any;

  beforeAll(async () => {
    imported = await importReference(YEAR);
    const cadre = imported.sheets.find((s) => s.projectName === '干部工作经费')!;
    origin = await signOff(cadre.sheetId);
    const otherUnit = imported.units.find((u) => u.unitId !== origin.unitId)!;
    clerk = { id: 'e2e-carry-clerk', role: 'unit_clerk', unitId: origin.unitId, departmentId: origin.departmentId, name: '组织部经办人' };
    otherClerk = { id: 'e2e-carry-other', role: 'unit_clerk', unitId: otherUnit.unitId, departmentId: origin.departmentId, name: '其他单位经办人' };
  });

  it('refuses another unit’s clerk with 403 and creates nothing', async () => {
    const res = await api('intake', 'POST', `/sheets/${origin.sheetId}/carry-forward`, { actor: otherClerk, json: {} });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', message: '只能为本单位创建绩效目标表' });
    expect(await sheetsOf(imported.departmentId, NEXT)).toEqual([]);
  });

  it('refuses a sheet that is not approved, in Chinese, and creates nothing', async () => {
    const draft = imported.sheets.find((s) => s.projectName === '关爱党员专项经费')!;
    const res = await api('intake', 'POST', `/sheets/${draft.sheetId}/carry-forward`, { actor: clerk, json: {} });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'ILLEGAL_STATE', message: '只有已批复的绩效目标表可以结转到下一年度' });
    const unknownKey = await api('intake', 'POST', `/sheets/${origin.sheetId}/carry-forward`, { actor: clerk, json: { fiscalYear: NEXT } });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.fieldErrors).toEqual([{ field: 'fiscalYear', message: '未知字段' }]);
    expect(await sheetsOf(imported.departmentId, NEXT)).toEqual([]);
  });

  it('given the approved sheet, when its unit’s clerk carries it forward, then next year’s draft has its content and its origin', async () => {
    const res = await api('intake', 'POST', `/sheets/${origin.sheetId}/carry-forward`, { actor: clerk, json: {} });
    expect(res.status).toBe(201);
    carried = res.body;
    expect(carried).toMatchObject({ version: 1, status: 'draft', fiscalYear: NEXT, submissionNo: 0, createdBy: clerk.id, review: null, source: null, waiverRequests: [] });
    expect(carried.sheetId).not.toBe(origin.sheetId);
    expect(carried.origin).toEqual({ sheetId: origin.sheetId, fiscalYear: YEAR, submissionNo: origin.submissionNo, reviewId: expect.any(String) });
    expect(contentOf(carried)).toEqual(contentOf(origin));
    expect(carried.indicators).toHaveLength(4);
    // the read model holds the link: GET shows it, and the year's list holds the draft
    const read = await api('intake', 'GET', `/sheets/${carried.sheetId}`, { actor: clerk });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ sheetId: carried.sheetId, version: 1, origin: carried.origin });
    expect((await sheetsOf(imported.departmentId, NEXT)).map((s) => s.sheetId)).toEqual([carried.sheetId]);
    // the origin stays as it was, approved, without an origin of its own
    const after = await intakeSheet(origin.sheetId);
    expect(after).toMatchObject({ status: 'approved', version: origin.version });
    expect(after).not.toHaveProperty('origin');
  });

  it('answers a second carry 409 已结转, naming the existing draft, and creates nothing', async () => {
    const again = await api('intake', 'POST', `/sheets/${origin.sheetId}/carry-forward`, { actor: clerk, json: {} });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_EXISTS', message: ALREADY_CARRIED, sheetId: carried.sheetId });
    const byReviewer = await api('intake', 'POST', `/sheets/${origin.sheetId}/carry-forward`, { actor: { id: 'e2e-carry-dept', role: 'department_reviewer', departmentId: origin.departmentId }, json: {} });
    expect(byReviewer.status).toBe(409);
    const forbidden = await api('intake', 'POST', `/sheets/${origin.sheetId}/carry-forward`, { actor: otherClerk, json: {} });
    expect(forbidden.status).toBe(403);
    expect(await sheetsOf(imported.departmentId, NEXT)).toHaveLength(1);
    expect((await intakeSheet(carried.sheetId)).version).toBe(1);
    const events = await api('intake', 'GET', `/sheets/${carried.sheetId}/events`, { actor: clerk });
    expect(events.body.events.map((e: any) => e.type)).toEqual(['DraftCreated']);
  });

  it('the carried draft is edited like any other', async () => {
    const res = await api('intake', 'PATCH', `/sheets/${carried.sheetId}`, { actor: clerk, json: { expectedVersion: 1, goal: `${NEXT}年度继续完成干部人事档案数字化。` } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, goal: `${NEXT}年度继续完成干部人事档案数字化。`, origin: carried.origin });
  });

  it('the history in reporting names the origin on the draft’s creation', async () => {
    const history = await eventually(
      async () => {
        const res = await api('reporting', 'GET', `/sheets/${carried.sheetId}/history`, { actor: AUDITOR });
        return res.status === 200 && res.body.entries.length >= 2 ? res.body : undefined;
      },
      { what: 'the carried draft’s history in reporting', timeoutMs: 60_000 },
    );
    expect(history).toMatchObject({ sheetId: carried.sheetId, fiscalYear: NEXT });
    expect(history.entries[0]).toMatchObject({ type: 'DraftCreated', actor: { id: clerk.id }, details: { origin: carried.origin } });
  });

  it('npm run cli -- carry-forward --sheet <id> carries another approved sheet, and refuses it the second time', async () => {
    const zx = imported.sheets.find((s) => s.projectName === 'ZXRCBT')!;
    await signOff(zx.sheetId);
    const first = await runCli(['carry-forward', '--sheet', zx.sheetId, '--json']);
    expect(first.code).toBe(0);
    const draft = JSON.parse(first.stdout);
    expect(draft).toMatchObject({ status: 'draft', fiscalYear: NEXT, projectName: 'ZXRCBT', origin: { sheetId: zx.sheetId, fiscalYear: YEAR } });
    const second = await runCli(['carry-forward', '--sheet', zx.sheetId]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`intake answered 409: ALREADY_EXISTS ${ALREADY_CARRIED}`);
    const usage = await runCli(['carry-forward']);
    expect(usage.code).toBe(2);
    expect((await sheetsOf(imported.departmentId, NEXT)).map((s) => s.sheetId).sort()).toEqual([carried.sheetId, draft.sheetId].sort());
  });

  it('the department’s reviewer carries the rest of the year’s approved sheets at once; a second run and another department change nothing', async () => {
    const care = imported.sheets.find((s) => s.projectName === '关爱党员专项经费')!;
    await signOff(care.sheetId);
    const reviewer: Actor = { id: 'e2e-carry-dept', role: 'department_reviewer', departmentId: imported.departmentId, name: '主管部门审核人' };
    const path = `/departments/${imported.departmentId}/carry-forward`;
    const foreign = await api('intake', 'POST', path, { actor: { ...reviewer, id: 'e2e-carry-foreign', departmentId: 'e2e-some-other-department' }, json: { fromYear: YEAR } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe('只能结转本部门的绩效目标表');
    expect((await api('intake', 'POST', path, { actor: reviewer, json: {} })).body.fieldErrors).toEqual([{ field: 'fromYear', message: '请填写结转的预算年度' }]);
    const before = (await sheetsOf(imported.departmentId, NEXT)).length;
    const res = await api('intake', 'POST', path, { actor: reviewer, json: { fromYear: YEAR } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ departmentId: imported.departmentId, fromYear: YEAR, toYear: NEXT, counts: { carried: 1, alreadyCarried: 2 } });
    const made = res.body.sheets.find((s: any) => s.outcome === 'carried');
    expect(made).toMatchObject({ originId: care.sheetId, projectName: '关爱党员专项经费' });
    expect(res.body.sheets.find((s: any) => s.originId === origin.sheetId)).toMatchObject({ sheetId: carried.sheetId, outcome: 'already-carried' });
    expect(await intakeSheet(made.sheetId)).toMatchObject({ status: 'draft', fiscalYear: NEXT, origin: { sheetId: care.sheetId, fiscalYear: YEAR } });
    expect(await sheetsOf(imported.departmentId, NEXT)).toHaveLength(before + 1);
    const again = await api('intake', 'POST', path, { actor: reviewer, json: { fromYear: YEAR } });
    expect(again.body.counts).toEqual({ carried: 0, alreadyCarried: 3 });
    expect(await sheetsOf(imported.departmentId, NEXT)).toHaveLength(before + 1);
  });
});
