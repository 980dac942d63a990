import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Actor } from '@budget/domain';
import { api, eventually, token } from '../support/api';
import { e2eEnv } from '../support/e2e-env';
import { importReference, type ImportedReference, intakeSheet, REFERENCE_DEPARTMENT, runCli, signOff, signOffAll } from '../support/workflow';

jest.setTimeout(240_000);

// A year of its own: the other e2e files work on other years of the same department.
const YEAR = 2034;
/** Left unapproved at first: publishing must list it or refuse. */
const LAST = '干部工作经费';
/** Reopened after publication, edited and approved again: version 2 corrects it. */
const CORRECTED = 'ZXRCBT';
const DEPT_NAME = encodeURIComponent(REFERENCE_DEPARTMENT);
const AUDITOR: Actor = { id: 'e2e-pub-auditor', role: 'auditor', name: '审计' };
const FINANCE: Actor = { id: 'e2e-pub-finance', role: 'finance_reviewer', name: '财政审核' };

async function download(path: string, actor: Actor = AUDITOR): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`http://127.0.0.1:${e2eEnv().ports.reporting}${path}`, { headers: { authorization: `Bearer ${token(actor)}` }, signal: AbortSignal.timeout(60_000) });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

describe('publication (公开) and correction (更正) on the real stack', () => {
  let imported: ImportedReference;
  let reviewer: Actor;
  let lastSheetId: string;
  let correctedSheetId: string;
  const publications = () => api('reporting', 'GET', `/departments/${imported.departmentId}/publications?fiscalYear=${YEAR}`, { actor: AUDITOR });
  const publishAs = (actor: Actor, body: unknown) => api('reporting', 'POST', `/departments/${imported.departmentId}/publications`, { actor, json: body });
  const exportOf = (version: number, format: string) => download(`/departments/${imported.departmentId}/publications/${version}/export?fiscalYear=${YEAR}&format=${format}`);
  const approvedInReport = (count: number, check: (body: any) => boolean = () => true) =>
    eventually(
      async () => {
        const res = await api('reporting', 'GET', `/table?department=${DEPT_NAME}&fiscalYear=${YEAR}`, { actor: AUDITOR });
        const names = res.status === 200 ? res.body.units.flatMap((u: any) => u.projects) : [];
        return names.length === count && check(res.body) ? res.body : undefined;
      },
      { what: `${count} approved projects in the reporting table`, timeoutMs: 90_000 },
    );

  beforeAll(async () => {
    imported = await importReference(YEAR);
    reviewer = { id: `demo-dept-${imported.departmentId}`, role: 'department_reviewer', departmentId: imported.departmentId, name: '演示部门审核人' };
    lastSheetId = imported.sheets.find((s) => s.projectName === LAST)!.sheetId;
    correctedSheetId = imported.sheets.find((s) => s.projectName === CORRECTED)!.sheetId;
    await signOffAll(imported.sheets.filter((s) => s.sheetId !== lastSheetId).map((s) => s.sheetId));
    await approvedInReport(imported.sheets.length - 1);
  }, 600_000);

  it('refuses a unit clerk (403) and a sheet neither approved nor excluded (Chinese message), and records nothing', async () => {
    const unit = imported.units[0]!;
    const clerk: Actor = { id: 'e2e-pub-clerk', role: 'unit_clerk', departmentId: imported.departmentId, unitId: unit.unitId, name: '经办人' };
    const byClerk = await publishAs(clerk, { fiscalYear: YEAR });
    expect(byClerk.status).toBe(403);
    expect(byClerk.body.message).toMatch(/[\u4e00-\u9fff]/);
    const unlisted = await publishAs(reviewer, { fiscalYear: YEAR });
    expect(unlisted.status).toBe(400);
    expect(unlisted.body.message).toBe(`“${LAST}”尚未批复，须列入不公开名单并说明理由`);
    expect((await publications()).body.items).toEqual([]);
  });

  it('publishes v1, reopens a sheet, re-approves it, publishes the correction v2 with its diff, and v1 exports byte for byte as before', async () => {
    await signOff(lastSheetId);
    const live = await approvedInReport(imported.sheets.length);

    // v1 through the CLI, as the department reviewer.
    const v1 = await runCli(['publish', '--department', REFERENCE_DEPARTMENT, '--year', String(YEAR)]);
    expect(v1).toMatchObject({ code: 0 });
    expect(v1.stdout).toContain(`已发布（第1版） version 1, checksum ${live.checksum}`);
    const txt1 = await exportOf(1, 'txt');
    const csv1 = await exportOf(1, 'csv');
    expect(txt1.status).toBe(200);
    expect(txt1.headers.get('x-report-checksum')).toBe(live.checksum);
    const current = await download(`/export?department=${DEPT_NAME}&fiscalYear=${YEAR}&format=txt`);
    expect(txt1.bytes.equals(current.bytes)).toBe(true);

    // Finance reopens with a reason; the sheet itself reopens in intake with that reason, as finance.
    const reopenPath = `/departments/${imported.departmentId}/publications/sheets/${correctedSheetId}/reopen`;
    const noReason = await api('reporting', 'POST', reopenPath, { actor: FINANCE, json: { fiscalYear: YEAR, reason: ' ' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/理由/);
    const reopened = await api('reporting', 'POST', reopenPath, { actor: FINANCE, json: { fiscalYear: YEAR, reason: '绩效目标表述需更正' } });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ sheetId: correctedSheetId, publishedVersion: 1, reason: '绩效目标表述需更正' });
    const last = (await api('intake', 'GET', `/sheets/${correctedSheetId}/events`)).body.events.at(-1);
    // It names the publication, so reporting's consumer records the reopening even had this request died after intake's reopen.
    expect(last).toMatchObject({
      type: 'SheetReopened',
      data: { reason: '绩效目标表述需更正', publication: { departmentId: imported.departmentId, fiscalYear: YEAR, publishedVersion: 1 } },
      actor: { id: FINANCE.id },
    });

    // The clerk corrects the goal; it goes through sign-off again.
    const sheet = await intakeSheet(correctedSheetId);
    expect(sheet.status).toBe('draft');
    const clerk: Actor = { id: `demo-clerk-${sheet.unitId}`, role: 'unit_clerk', unitId: sheet.unitId, departmentId: imported.departmentId, name: '演示经办人' };
    const newGoal = `${sheet.goal}（更正：按财政意见完善表述）`;
    const edited = await api('intake', 'PATCH', `/sheets/${correctedSheetId}`, { actor: clerk, json: { expectedVersion: sheet.version, goal: newGoal } });
    expect(edited.status).toBe(200);
    await signOff(correctedSheetId);
    await approvedInReport(imported.sheets.length, (body) => body.units.some((u: any) => u.projects.some((p: any) => p.goal === newGoal)));

    // v2 needs a reason; with it, it is the correction.
    const noCorrectionReason = await publishAs(reviewer, { fiscalYear: YEAR });
    expect(noCorrectionReason.status).toBe(400);
    expect(noCorrectionReason.body.message).toBe('更正公开须说明更正理由');
    const v2 = await runCli(['publish', '--department', REFERENCE_DEPARTMENT, '--year', String(YEAR), '--reason', '按财政意见更正ZXRCBT的绩效目标']);
    expect(v2).toMatchObject({ code: 0 });
    expect(v2.stdout).toContain('更正（第2版） version 2');

    const list = await publications();
    expect(list.body.items.map((i: any) => [i.version, i.kind, i.label, i.by, i.reason])).toEqual([
      [1, 'published', '已发布（第1版）', reviewer.id, null],
      [2, 'correction', '更正（第2版）', reviewer.id, '按财政意见更正ZXRCBT的绩效目标'],
    ]);
    const cliList = await runCli(['publications', '--department', REFERENCE_DEPARTMENT, '--year', String(YEAR)]);
    expect(cliList.stdout).toContain('v2 更正（第2版）');

    const diff = await api('reporting', 'GET', `/departments/${imported.departmentId}/publications/diff?fiscalYear=${YEAR}&from=1&to=2`, { actor: AUDITOR });
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ identical: false, projectsAdded: [], projectsRemoved: [] });
    expect(diff.body.projectsChanged).toEqual([expect.objectContaining({ sheetId: correctedSheetId, changes: [expect.objectContaining({ field: 'goal', after: newGoal })] })]);
    const cliDiff = await runCli(['diff', '--department', REFERENCE_DEPARTMENT, '--year', String(YEAR), '--from', 'v1', '--to', 'v2']);
    expect(JSON.parse(cliDiff.stdout).projectsChanged[0].sheetId).toBe(correctedSheetId);

    // v1 unchanged, byte for byte, over HTTP and through the CLI; v2 holds the new goal.
    expect((await exportOf(1, 'txt')).bytes.equals(txt1.bytes)).toBe(true);
    expect((await exportOf(1, 'csv')).bytes.equals(csv1.bytes)).toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), 'published-')), 'v1.txt');
    const cliExport = await runCli(['export', '--department', REFERENCE_DEPARTMENT, '--year', String(YEAR), '--published', '1', '--format', 'txt', '--out', out]);
    expect(cliExport).toMatchObject({ code: 0 });
    expect(readFileSync(out).equals(txt1.bytes)).toBe(true);
    const txt2 = await exportOf(2, 'txt');
    expect(txt2.bytes.toString('utf8')).toContain('按财政意见完善表述');
    expect(txt1.bytes.toString('utf8')).not.toContain('按财政意见完善表述');

    // The sheet's history says which published versions held which of its submissions: v1 the first, v2 the re-approved one.
    const history = await api('reporting', 'GET', `/sheets/${correctedSheetId}/history`, { actor: AUDITOR });
    expect(history.status).toBe(200);
    const held = history.body.publications as { version: number; kind: string; label: string; submissionNo: number }[];
    expect(held.map((p) => [p.version, p.kind, p.label])).toEqual([
      [1, 'published', '已发布（第1版）'],
      [2, 'correction', '更正（第2版）'],
    ]);
    expect(held[1]!.submissionNo).toBeGreaterThan(held[0]!.submissionNo);
    // A sheet nobody touched is in both versions with the same submission.
    const untouched = (await api('reporting', 'GET', `/sheets/${lastSheetId}/history`, { actor: AUDITOR })).body.publications as { version: number; submissionNo: number }[];
    expect(untouched.map((p) => p.version)).toEqual([1, 2]);
    expect(untouched[1]!.submissionNo).toBe(untouched[0]!.submissionNo);
  });
});
