import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Actor, parsePublishedTable } from '@budget/domain';
import { eventHash } from '@budget/event-store';
import * as ExcelJS from 'exceljs';
import { api, eventually, token } from '../support/api';
import { e2eEnv, LOCAL_DIR } from '../support/e2e-env';
import { produceRaw } from '../support/kafka';
import { startAgain, stopService } from '../support/stack';
import { importReference, type ImportedReference, REFERENCE_DEPARTMENT, REFERENCE_TEXT, runCli, signOff, signOffAll, withE2eDatabase } from '../support/workflow';

jest.setTimeout(180_000);

// A year of its own: the intake and review e2e files work on 2022–2025 sheets of the same department.
const YEAR = 2026;
/** Approved last: the table before its approval lacks it. */
const LAST = '干部工作经费';
const DEPT = encodeURIComponent(REFERENCE_DEPARTMENT);
const REFERENCE = parsePublishedTable(REFERENCE_TEXT);
const AUDITOR: Actor = { id: 'e2e-rep-auditor', role: 'auditor', name: '审计' };

/** Source lines differ between a file and its re-export; everything else must not. */
function withoutLines(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'line' ? undefined : v)));
}

/** A download as bytes (api() reads text), with its headers. */
async function download(path: string, actor: Actor = AUDITOR): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`http://127.0.0.1:${e2eEnv().ports.reporting}${path}`, { headers: { authorization: `Bearer ${token(actor)}` }, signal: AbortSignal.timeout(60_000) });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

const table = (query = '', actor: Actor = AUDITOR) => api('reporting', 'GET', `/table?department=${DEPT}&fiscalYear=${YEAR}${query}`, { actor });
const projectNames = (body: any): string[] => body.units.flatMap((u: any) => u.projects.map((p: any) => p.name));

async function approvedInReport(count: number): Promise<any> {
  return eventually(
    async () => {
      const res = await table();
      return res.status === 200 && projectNames(res.body).length === count ? res.body : undefined;
    },
    { what: `${count} approved projects in the reporting table`, timeoutMs: 90_000 },
  );
}

describe('reporting on the real stack', () => {
  let imported: ImportedReference;
  let lastSheetId: string;
  let zxSheetId: string;
  let progressBeforeLast: any[];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const started = Date.now();
    imported = await importReference(YEAR);
    lastSheetId = imported.sheets.find((s) => s.projectName === LAST)!.sheetId;
    zxSheetId = imported.sheets.find((s) => s.projectName === 'ZXRCBT')!.sheetId;
    await signOffAll(imported.sheets.filter((s) => s.sheetId !== lastSheetId).map((s) => s.sheetId));
    await approvedInReport(10);
    progressBeforeLast = (await api('reporting', 'GET', `/progress?departmentId=${imported.departmentId}&fiscalYear=${YEAR}`, { actor: AUDITOR })).body.items;
    // Two messages the projection cannot apply, in the partition of the last sheet, ahead of its sign-off.
    const topic = `${e2eEnv().topicPrefix}budget.targets`;
    // Valid JSON (other e2e files read this topic with JSON.parse), but no event envelope.
    await produceRaw(topic, `sheet-${lastSheetId}`, JSON.stringify({ note: 'not an event' }));
    await produceRaw(
      topic,
      `sheet-${lastSheetId}`,
      JSON.stringify({
        eventId: randomUUID(),
        type: 'DraftTeleported',
        schemaVersion: 1,
        streamId: `sheet-${randomUUID()}`,
        streamVersion: 1,
        globalPosition: '1',
        occurredAt: new Date().toISOString(),
        recordedAt: new Date().toISOString(),
        actor: { id: 'e2e', role: 'admin' },
        correlationId: 'e2e',
        causationId: null,
        data: { sheetId: 'nowhere' },
        prevHash: '0'.repeat(64),
        hash: '0'.repeat(64),
      }),
    );
    await signOff(lastSheetId);
    await approvedInReport(11);
    timings.importAndSignOffMs = Date.now() - started;
  });

  afterAll(() => {
    console.log(`reporting e2e timings: ${JSON.stringify(timings)}`);
  });

  describe('the consolidated table', () => {
    it('lists every approved project in the reference order with exact totals', async () => {
      const res = await table();
      expect(res.status).toBe(200);
      const t = res.body;
      expect(t).toMatchObject({ departmentName: REFERENCE_DEPARTMENT, fiscalYear: YEAR, title: '项目支出绩效目标表（含转移支付项目）', displayUnit: '万元' });
      expect(t.grandTotal.funding.total).toBe('302.20');
      expect(t.grandTotal.fundingFen.total).toBe(302_200_000);
      expect(t.units.map((u: any) => [u.name, u.funding.total])).toEqual([
        [REFERENCE_DEPARTMENT, '287.20'],
        ['广州市荔湾区党群服务中心', '7.00'],
        ['中共广州市荔湾区委党史研究室', '3.00'],
        ['中共广州市荔湾区委组织部电教中心', '5.00'],
      ]);
      expect(projectNames(t)).toEqual(REFERENCE.table.units.flatMap((u) => u.projects.map((p) => p.name)));
      expect(t.units[0].projects.find((p: any) => p.name === 'ZXRCBT')).toMatchObject({ goal: '', indicators: [], funding: { total: '50.00' }, approval: { grade: '良' } });
      expect(t.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(t.chainHeads.length).toBe(12);
    });

    it('shows every sheet in the progress view with its status and where it waited', async () => {
      const res = await api('reporting', 'GET', `/progress?departmentId=${imported.departmentId}&fiscalYear=${YEAR}`, { actor: AUDITOR });
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: any) => p.projectName)).toEqual(REFERENCE.table.units.flatMap((u) => u.projects.map((p) => p.name)));
      expect(res.body.items.every((p: any) => p.status === 'approved' && p.waitingAt.stage === 'done')).toBe(true);
      const waiting = progressBeforeLast.find((p) => p.sheetId === lastSheetId);
      expect(waiting).toMatchObject({ status: 'draft', waitingAt: { stage: 'unit', label: '草稿，单位填报中' }, totalText: '61.30' });
      expect(progressBeforeLast.filter((p) => p.status === 'approved')).toHaveLength(10);
    });

    it('exports txt in the reference layout: parsed, it equals the parsed reference', async () => {
      const res = await download(`/export?department=${DEPT}&fiscalYear=${YEAR}&format=txt`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="report-${YEAR}.txt"; filename*=UTF-8''${encodeURIComponent(`${REFERENCE_DEPARTMENT}-${YEAR}年度项目支出绩效目标表.txt`)}`,
      );
      expect(res.headers.get('x-report-position')).toMatch(/^\d+$/);
      expect(res.headers.get('x-report-checksum')).toBe((await table()).body.checksum);
      const parsed = parsePublishedTable(res.bytes.toString('utf8'));
      expect(parsed.issues).toEqual([]);
      expect(withoutLines(parsed.table)).toEqual(withoutLines(REFERENCE.table));
      // The export as the issue's closing note shows it; a copy of this run's export lands in .local/reports.
      mkdirSync(join(LOCAL_DIR, 'reports'), { recursive: true });
      writeFileSync(join(LOCAL_DIR, 'reports', 'reference-export.txt'), res.bytes);
      expect(res.bytes.toString('utf8')).toBe(readFileSync(join(__dirname, 'reference-export.txt'), 'utf8'));
    });

    it('exports csv (UTF-8 with BOM, one row per project) and a printable html page carrying the position and the chain check', async () => {
      const csv = await download(`/export?department=${DEPT}&fiscalYear=${YEAR}&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.bytes.toString('utf8').trim().split(/\r?\n/);
      expect(lines).toHaveLength(12);
      expect(lines.find((l) => l.includes('ZXRCBT'))).toContain('50.00');

      const html = await download(`/export?department=${DEPT}&fiscalYear=${YEAR}&format=html`);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(html.headers.get('x-report-chains')).toBe('ok');
      const page = html.bytes.toString('utf8');
      expect(page).toMatch(/^<!DOCTYPE html>/);
      expect(page).toContain('302.20');
      expect(page).toContain('哈希链校验');
      expect(page).toMatch(/通过：12 条事件流/);
      expect(page).toContain(header(html.headers, 'x-report-position'));
    });

    it('exports xlsx that exceljs reads back with the expected cells', async () => {
      const res = await download(`/export?department=${DEPT}&fiscalYear=${YEAR}&format=xlsx`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('绩效目标表')!;
      expect(sheet.getCell('A1').value).toBe('项目支出绩效目标表（含转移支付项目）');
      expect(sheet.getCell('A2').value).toBe(`部门名称：${REFERENCE_DEPARTMENT}`);
      expect(sheet.getCell('A3').value).toBe('单位：万元');
      expect(sheet.getRow(4).values).toEqual([undefined, '项目名称（资金使用单位）', '总计', '财政拨款', '财政专户拨款', '其他资金', '绩效目标', '绩效指标']);
      expect([sheet.getCell('A5').value, sheet.getCell('B5').value, sheet.getCell('C5').value, sheet.getCell('D5').value]).toEqual(['合计', 302.2, 302.2, null]);
      expect(sheet.getCell('B5').numFmt).toBe('0.00');
      expect([sheet.getCell('A6').value, sheet.getCell('B6').value]).toEqual([REFERENCE_DEPARTMENT, 287.2]);
      expect(sheet.getCell('A6').font?.bold).toBe(true);
      expect([sheet.getCell('A8').value, sheet.getCell('B8').value]).toEqual([LAST, 61.3]);
      expect(sheet.getCell('G8').text).toMatch(/^1、1-产出指标；11-数量指标；档案散件整理及数字化量/);
      expect(sheet.getCell('F8').alignment?.wrapText).toBe(true);
      const zx = sheet.getRow(14);
      expect([zx.getCell(1).value, zx.getCell(2).value, zx.getCell(6).value, zx.getCell(7).value]).toEqual(['ZXRCBT', 50, null, null]);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });
      const meta = workbook.getWorksheet('导出信息')!;
      const entries = new Map<string, unknown>();
      meta.eachRow((row) => entries.set(row.getCell(1).text, row.getCell(2).value));
      expect(entries.get('数据截至日志位置')).toBe(res.headers.get('x-report-position'));
      expect(entries.get('内容校验值（SHA-256）')).toBe(res.headers.get('x-report-checksum'));
      expect(String(entries.get('哈希链校验'))).toMatch(/^通过/);
    });
  });

  describe('as of a moment', () => {
    let approval: any;
    let before: string;

    beforeAll(async () => {
      const history = await api('reporting', 'GET', `/sheets/${lastSheetId}/history`, { actor: AUDITOR });
      expect(history.status).toBe(200);
      approval = history.body.entries.find((e: any) => e.type === 'SheetApproved');
      before = new Date(Date.parse(approval.recordedAt) - 1).toISOString();
    });

    it('lacks the last approved project just before its approval, by time and by position', async () => {
      const byTime = await table(`&asOf=${encodeURIComponent(before)}`);
      expect(byTime.status).toBe(200);
      expect(projectNames(byTime.body)).not.toContain(LAST);
      expect(projectNames(byTime.body)).toHaveLength(10);
      expect(byTime.body.grandTotal.funding.total).toBe('240.90');
      expect(byTime.body.units[0].funding.total).toBe('225.90');
      expect(byTime.body.requested).toBe(before);

      const byPosition = await table(`&asOf=${BigInt(approval.position) - 1n}`);
      expect(projectNames(byPosition.body)).not.toContain(LAST);
      const at = await table(`&asOf=${approval.position}`);
      expect(projectNames(at.body)).toContain(LAST);
      expect(at.body.checksum).toBe((await table()).body.checksum);
    });

    it('exports the table as of that moment in every format', async () => {
      const txt = await download(`/export?department=${DEPT}&fiscalYear=${YEAR}&format=txt&asOf=${encodeURIComponent(before)}`);
      expect(txt.status).toBe(200);
      const parsed = parsePublishedTable(txt.bytes.toString('utf8'));
      expect(parsed.issues).toEqual([]);
      expect(parsed.table.units.flatMap((u) => u.projects.map((p) => p.name))).not.toContain(LAST);
      expect(BigInt(txt.headers.get('x-report-position')!)).toBeLessThan(BigInt(approval.position));
      for (const format of ['csv', 'xlsx', 'html']) {
        const res = await download(`/export?department=${DEPT}&fiscalYear=${YEAR}&format=${format}&asOf=${encodeURIComponent(before)}`);
        expect({ format, status: res.status }).toEqual({ format, status: 200 });
        expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('-截至'));
      }
    });

    it('diffs the two moments: exactly that project added', async () => {
      const res = await api('reporting', 'GET', `/diff?department=${DEPT}&fiscalYear=${YEAR}&from=${encodeURIComponent(before)}&to=${encodeURIComponent(approval.recordedAt)}`, {
        actor: AUDITOR,
      });
      expect(res.status).toBe(200);
      const d = res.body;
      expect(d.identical).toBe(false);
      expect(d.projectsAdded).toEqual([{ key: lastSheetId, sheetId: lastSheetId, unit: REFERENCE_DEPARTMENT, name: LAST, total: '61.30', totalFen: 61_300_000 }]);
      expect(d.projectsRemoved).toEqual([]);
      expect(d.projectsChanged).toEqual([]);
      expect(d.unitsAdded).toEqual([]);
      expect(d.unitsRemoved).toEqual([]);
      expect(d.grandTotal).toContainEqual({ field: 'total', before: '240.90', after: '302.20', beforeFen: 240_900_000, afterFen: 302_200_000 });
      const same = await api('reporting', 'GET', `/diff?department=${DEPT}&fiscalYear=${YEAR}&from=${encodeURIComponent(approval.recordedAt)}`, { actor: AUDITOR });
      expect(same.body.identical).toBe(true);
    });

    it('answers the CLI: export to a file, diff as JSON on stdout', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'reporting-e2e-'));
      const out = join(dir, 'table.txt');
      const exported = await runCli(['export', '--department', REFERENCE_DEPARTMENT, '--format', 'txt', '--year', String(YEAR), '--out', out]);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.stdout).toMatch(/^wrote .*table\.txt: txt/);
      expect(withoutLines(parsePublishedTable(readFileSync(out, 'utf8')).table)).toEqual(withoutLines(REFERENCE.table));

      const asOf = await runCli(['export', '--department', REFERENCE_DEPARTMENT, '--format', 'xlsx', '--year', String(YEAR), '--as-of', before, '--out', join(dir, 'before.xlsx')]);
      expect(asOf.code).toBe(0);
      expect(readFileSync(join(dir, 'before.xlsx')).subarray(0, 2).toString()).toBe('PK');

      const diff = await runCli(['diff', '--department', REFERENCE_DEPARTMENT, '--year', String(YEAR), '--from', before, '--to', new Date().toISOString()]);
      expect(diff.code).toBe(0);
      const parsed = JSON.parse(diff.stdout);
      expect(parsed.projectsAdded.map((p: any) => p.name)).toEqual([LAST]);
      expect(parsed.projectsRemoved).toEqual([]);
    });
  });

  describe('bad input', () => {
    const expect4xx = async (path: string, status: number, message: RegExp) => {
      const res = await api('reporting', 'GET', path, { actor: AUDITOR });
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      expect(res.body.message).toMatch(message);
    };

    it('answers an unknown department, a format that does not exist and bad parameters with clear 4xx in Chinese', async () => {
      await expect4xx(`/table?department=${encodeURIComponent('不存在的部门')}`, 404, /未找到部门“不存在的部门”/);
      await expect4xx(`/export?department=${encodeURIComponent('不存在的部门')}&format=txt`, 404, /未找到部门/);
      await expect4xx(`/export?department=${DEPT}&format=pdf`, 400, /不支持的导出格式“pdf”：可选 txt、csv、xlsx、html/);
      await expect4xx(`/export?department=${DEPT}`, 400, /导出格式/);
      await expect4xx(`/table?department=${DEPT}&fiscalYear=1999`, 400, /预算年度/);
      await expect4xx(`/table?department=${DEPT}&fiscalYear=2099`, 404, /没有 2099 年度/);
      await expect4xx(`/table?department=${DEPT}&colour=red`, 400, /未知的查询参数/);
      await expect4xx(`/table`, 400, /请提供部门/);
      await expect4xx(`/diff?department=${DEPT}`, 400, /起始时间点/);
    });

    it('refuses a moment in the future, before any event, or malformed, and a position outside the copy', async () => {
      const future = new Date(Date.now() + 86_400_000).toISOString();
      await expect4xx(`/table?department=${DEPT}&asOf=${encodeURIComponent(future)}`, 400, /在未来/);
      await expect4xx(`/export?department=${DEPT}&format=txt&asOf=${encodeURIComponent(future)}`, 400, /在未来/);
      await expect4xx(`/table?department=${DEPT}&asOf=2000-01-01T00:00:00Z`, 400, /早于第一个事件/);
      await expect4xx(`/table?department=${DEPT}&asOf=yesterday`, 400, /时间格式不正确/);
      await expect4xx(`/table?department=${DEPT}&asOf=2026-03-01`, 400, /时间格式不正确/);
      await expect4xx(`/diff?department=${DEPT}&from=2026-02-30T25:00:00Z`, 400, /时间格式不正确/);
      await expect4xx(`/diff?department=${DEPT}&from=2000-01-01T00:00:00Z`, 400, /早于第一个事件/);
      await expect4xx(`/table?department=${DEPT}&asOf=0`, 400, /早于第一个事件/);
      await expect4xx(`/table?department=${DEPT}&asOf=99999999999`, 400, /超出范围/);
    });

    it('makes the CLI fail with the service’s message and a usage error for missing flags', async () => {
      const unknown = await runCli(['export', '--department', '不存在的部门', '--format', 'txt', '--out', join(tmpdir(), 'never.txt')]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/404.*未找到部门/);
      const future = await runCli(['export', '--department', REFERENCE_DEPARTMENT, '--format', 'txt', '--as-of', '2999-01-01T00:00:00Z', '--out', join(tmpdir(), 'never.txt')]);
      expect(future.code).toBe(1);
      expect(future.stderr).toMatch(/在未来/);
      const pdf = await runCli(['export', '--department', REFERENCE_DEPARTMENT, '--format', 'pdf', '--out', join(tmpdir(), 'never.pdf')]);
      expect(pdf.code).toBe(1);
      expect(pdf.stderr).toMatch(/不支持的导出格式/);
      const usage = await runCli(['export', '--department', REFERENCE_DEPARTMENT, '--format', 'txt']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/--out is required/);
      const diffUsage = await runCli(['diff', '--department', REFERENCE_DEPARTMENT, '--from', '2026-01-01T00:00:00Z']);
      expect(diffUsage.code).toBe(2);
    });
  });

  describe('who sees what', () => {
    const otherReviewer: Actor = { id: 'e2e-rep-other', role: 'department_reviewer', departmentId: 'some-other-department', name: '他部门审核人' };

    it('answers 403 to another department and 401 without a token', async () => {
      for (const path of [
        `/table?department=${DEPT}&fiscalYear=${YEAR}`,
        `/export?department=${DEPT}&fiscalYear=${YEAR}&format=txt`,
        `/diff?department=${DEPT}&fiscalYear=${YEAR}&from=2026-01-01T00:00:00Z`,
        `/progress?departmentId=${imported.departmentId}`,
        `/sheets/${lastSheetId}/history`,
      ]) {
        const res = await api('reporting', 'GET', path, { actor: otherReviewer });
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      }
      expect((await api('reporting', 'GET', '/departments', { actor: otherReviewer })).body.items).toEqual([]);
      expect((await api('reporting', 'GET', `/table?department=${DEPT}`, { actor: null })).status).toBe(401);
    });

    it('shows a department reviewer their department and a unit only its own rows', async () => {
      const reviewer: Actor = { id: 'e2e-rep-own', role: 'department_reviewer', departmentId: imported.departmentId };
      expect((await table('', reviewer)).body.grandTotal.funding.total).toBe('302.20');
      const center = imported.units.find((u) => u.name === '广州市荔湾区党群服务中心')!;
      const clerk: Actor = { id: 'e2e-rep-center', role: 'unit_clerk', unitId: center.unitId, departmentId: imported.departmentId };
      const own = await table('', clerk);
      expect(own.status).toBe(200);
      expect(own.body.restrictedToUnit).toBe(center.unitId);
      expect(own.body.units.map((u: any) => [u.name, u.funding.total])).toEqual([['广州市荔湾区党群服务中心', '7.00']]);
      expect(own.body.grandTotal.funding.total).toBe('7.00');
      const txt = await download(`/export?department=${DEPT}&fiscalYear=${YEAR}&format=txt`, clerk);
      expect(parsePublishedTable(txt.bytes.toString('utf8')).table.units.map((u) => u.name)).toEqual(['广州市荔湾区党群服务中心']);
      const progress = await api('reporting', 'GET', `/progress?fiscalYear=${YEAR}`, { actor: clerk });
      expect(progress.body.items.map((p: any) => p.projectName)).toEqual(['党群服务中心业务工作经费']);
      expect((await api('reporting', 'GET', `/sheets/${lastSheetId}/history`, { actor: clerk })).status).toBe(403);
      expect((await api('reporting', 'GET', '/verify', { actor: clerk })).status).toBe(403);
      expect((await api('reporting', 'POST', '/rebuild', { actor: AUDITOR })).status).toBe(403);
    });
  });

  describe('audit', () => {
    it('tells the history of ZXRCBT: submission with waiver requests, findings, the waiver granted, grade and approval', async () => {
      const res = await api('reporting', 'GET', `/sheets/${zxSheetId}/history`, { actor: AUDITOR });
      expect(res.status).toBe(200);
      const entries: any[] = res.body.entries;
      expect(res.body).toMatchObject({ projectName: 'ZXRCBT', status: 'approved', fiscalYear: YEAR });
      expect(entries[0]).toMatchObject({ type: 'DraftCreated', label: '创建草稿', actor: { id: 'e2e-admin', role: 'admin' } });
      const submitted = entries.find((e) => e.type === 'SheetSubmitted');
      expect(submitted.actor).toMatchObject({ role: 'unit_clerk', roleLabel: '单位经办人' });
      expect(submitted.changes).toContainEqual({ field: 'status', before: '草稿', after: '已提交' });
      expect(submitted.details.waiverRequests.map((w: any) => w.ruleId)).toEqual(['S01', 'S02']);
      const findings = entries.find((e) => e.type === 'FindingsRecorded');
      expect(findings.details.findings.filter((f: any) => f.severity === 'B').map((f: any) => f.ruleId).sort()).toEqual(['S01', 'S02']);
      const waiver = entries.find((e) => e.type === 'WaiverDecided');
      expect(waiver).toMatchObject({ actor: { role: 'department_reviewer' }, details: { granted: true, level: 'department' } });
      expect(waiver.changes.map((c: any) => c.after)).toEqual(['已同意豁免', '已同意豁免']);
      expect(entries.find((e) => e.type === 'ReviewApproved')).toMatchObject({ actor: { role: 'finance_reviewer' }, details: { grade: '良' } });
      expect(entries.at(-1)).toMatchObject({ type: 'SheetApproved', changes: [{ field: 'status', before: '审核中', after: '已批复' }] });
      // Listed by time (the copy may hold a review event before the sheet event that caused it).
      const times = entries.map((e) => Date.parse(e.recordedAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    it('serves the copy itself, page by page in its own order', async () => {
      const first = await api('reporting', 'GET', `/events?subject=sheet-${zxSheetId}&limit=3`, { actor: AUDITOR });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(3);
      const rest = await api('reporting', 'GET', `/events?subject=sheet-${zxSheetId}&after=${first.body.next}&limit=1000`, { actor: AUDITOR });
      expect(rest.body.next).toBeNull();
      const items = [...first.body.items, ...rest.body.items];
      const positions = items.map((i: any) => BigInt(i.position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      const history = (await api('reporting', 'GET', `/sheets/${zxSheetId}/history`, { actor: AUDITOR })).body.entries;
      expect(items.map((i: any) => i.event.eventId).sort()).toEqual(history.map((e: any) => e.eventId).sort());
      const created = items.find((i: any) => i.event.type === 'DraftCreated');
      expect(created.event).toMatchObject({ streamId: `sheet-${zxSheetId}`, streamVersion: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(items.map((i: any) => i.event.type)).toContain('WaiverDecided');
      expect((await api('reporting', 'GET', '/events?after=x', { actor: AUDITOR })).status).toBe(400);
    });

    it('dead-letters what it cannot apply, with the reason, and moves on', async () => {
      const res = await api('reporting', 'GET', '/dead-letters', { actor: AUDITOR });
      expect(res.status).toBe(200);
      const ours = res.body.items.filter((d: any) => d.key === `sheet-${lastSheetId}`);
      expect(ours.map((d: any) => d.reason)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^UnprojectableEventError: UNKNOWN_EVENT_TYPE/), expect.stringMatching(/^MalformedMessageError: not an event envelope: eventId must be a UUID/)]),
      );
      // Behind them in the same partition, the last sheet's sign-off was applied (beforeAll waited for it).
      expect(projectNames((await table()).body)).toContain(LAST);
      const status = await api('reporting', 'GET', '/status', { actor: AUDITOR });
      expect(status.body.deadLetters).toBeGreaterThanOrEqual(2);
    });

    it('lists the dead letters of each service and replays them on an admin\'s word; what still fails stays, with its reason', async () => {
      const admin: Actor = { id: 'e2e-admin', role: 'admin', name: '管理员' };
      const ours = (items: any[]) => items.filter((d: any) => d.key === `sheet-${lastSheetId}` && d.replayedAt === null);
      // Review reads the same topic: the message without an envelope is its dead letter too (the unknown type it ignores).
      const review = await api('review', 'GET', '/dead-letters', { actor: AUDITOR });
      expect(review.status).toBe(200);
      expect(ours(review.body.items).map((d: any) => d.reason)).toEqual([expect.stringMatching(/^MalformedMessageError: not an event envelope/)]);
      expect((await api('intake', 'GET', '/dead-letters', { actor: AUDITOR })).status).toBe(200);
      // Reading is for auditors and admins; replaying for admins only; a consumer the service does not run is named back.
      expect((await api('review', 'GET', '/dead-letters', { actor: { id: 'e2e-clerk', role: 'unit_clerk', departmentId: imported.departmentId, unitId: 'x' } })).status).toBe(403);
      expect((await api('review', 'POST', '/dead-letters/replay', { actor: AUDITOR, json: {} })).status).toBe(403);
      const unknown = await api('reporting', 'POST', '/dead-letters/replay', { actor: admin, json: { consumer: 'nobody' } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toMatch(/没有名为“nobody”的消费者/);
      expect((await api('reporting', 'POST', '/dead-letters/replay', { actor: admin, json: { consumers: 'x' } })).status).toBe(400);

      const before = (await table()).body;
      const replay = await api('reporting', 'POST', '/dead-letters/replay', { actor: admin, json: { consumer: 'reporting' } });
      expect(replay.status).toBe(200);
      expect(replay.body.results).toEqual([{ consumer: 'reporting', replayed: 0, stillFailing: expect.any(Number) }]);
      expect(replay.body.results[0].stillFailing).toBeGreaterThanOrEqual(2);
      // Still there, still waiting, nothing applied. Reporting reads intake's topic with two consumers: the
      // projection (both messages are its dead letters) and the one recording reopenings after publication
      // (the message without an envelope is its dead letter too; the unknown type it ignores).
      const waiting = ours((await api('reporting', 'GET', '/dead-letters', { actor: AUDITOR })).body.items);
      expect(waiting.map((d: any) => `${d.consumer}: ${String(d.reason).split(':')[0]}`).sort()).toEqual([
        'reporting-reopenings: MalformedMessageError',
        'reporting: MalformedMessageError',
        'reporting: UnprojectableEventError',
      ]);
      expect((await table()).body).toEqual(before);

      const cli = await runCli(['dead-letters', '--service', 'review', '--replay']);
      expect(cli.code).toBe(1);
      expect(cli.stdout).toMatch(/^review review-submissions: 0 replayed, \d+ still failing$/m);
      expect(cli.stdout).toMatch(/^review: \d+ waiting/m);
      expect(cli.stdout).toContain(`key sheet-${lastSheetId}`);
    });

    it('verifies every hash chain of the copy, and names the first broken link after tampering', async () => {
      const ok = await api('reporting', 'GET', '/verify', { actor: AUDITOR });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ ok: true });
      expect(ok.body.eventsChecked).toBeGreaterThan(100);
      const cliOk = await runCli(['verify']);
      expect(cliOk.code).toBe(0);
      expect(cliOk.stdout).toMatch(/every hash chain holds/);

      const target = await withE2eDatabase(async (db) => {
        const { rows } = await db.query(
          `SELECT l.position::text AS position, l.event_id::text AS event_id, l.stream_id, l.stream_version, l.envelope
             FROM reporting.event_log l JOIN reporting.active_generation a ON a.generation = l.generation
            WHERE l.stream_id = $1 AND l.type = 'SheetApproved'`,
          [`sheet-${lastSheetId}`],
        );
        return rows[0];
      });
      const restore = JSON.stringify(target.envelope);
      await withE2eDatabase((db) =>
        db.query(
          `UPDATE reporting.event_log SET envelope = jsonb_set(envelope, '{data,grade}', '"优"')
            WHERE event_id = $1 AND generation = (SELECT generation FROM reporting.active_generation)`,
          [target.event_id],
        ),
      );
      try {
        const broken = await api('reporting', 'GET', '/verify', { actor: AUDITOR });
        expect(broken.body.ok).toBe(false);
        expect(broken.body.firstBroken).toEqual({
          streamId: target.stream_id,
          streamVersion: target.stream_version,
          eventId: target.event_id,
          reason: 'hash-mismatch',
          position: target.position,
          type: 'SheetApproved',
        });
        const cli = await runCli(['verify']);
        expect(cli.code).toBe(3);
        expect(cli.stdout).toContain(`first broken link: stream ${target.stream_id} version ${target.stream_version}, event ${target.event_id}`);
        const html = await download(`/export?department=${DEPT}&fiscalYear=${YEAR}&format=html`);
        expect(html.headers.get('x-report-chains')).toBe('broken');
        expect(html.bytes.toString('utf8')).toMatch(/未通过/);
      } finally {
        await withE2eDatabase((db) =>
          db.query(`UPDATE reporting.event_log SET envelope = $2::jsonb WHERE event_id = $1 AND generation = (SELECT generation FROM reporting.active_generation)`, [
            target.event_id,
            restore,
          ]),
        );
      }
      expect((await api('reporting', 'GET', '/verify', { actor: AUDITOR })).body.ok).toBe(true);
    });
  });

  describe('signed checkpoints', () => {
    const ADMIN: Actor = { id: 'e2e-rep-admin', role: 'admin', name: '管理员' };
    const stream = () => `sheet-${lastSheetId}`;

    it('publishes the public key, signs on demand and lists the checkpoints', async () => {
      const key = await api('reporting', 'GET', '/checkpoints/public-key', { actor: null });
      expect(key.status).toBe(200);
      expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/), publicKey: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/) });
      expect((await api('reporting', 'POST', '/checkpoints', { actor: AUDITOR })).status).toBe(403);
      const run = await api('reporting', 'POST', '/checkpoints', { actor: ADMIN });
      expect(run.status).toBe(201);
      expect(run.body.refused).toEqual([]);
      const list = await api('reporting', 'GET', `/checkpoints?departmentId=${imported.departmentId}&fiscalYear=${YEAR}`, { actor: AUDITOR });
      expect(list.status).toBe(200);
      const [latest] = list.body.items;
      expect(latest).toMatchObject({ scope: { departmentId: imported.departmentId, fiscalYear: YEAR }, keyId: key.body.keyId });
      const payload = JSON.parse(latest.payload);
      expect(payload.heads.map((h: any) => h.streamId)).toContain(stream());
      // Nothing moved: a second run signs nothing.
      const again = await api('reporting', 'POST', '/checkpoints', { actor: ADMIN });
      expect(again.body.signed.filter((c: any) => c.scope.departmentId === imported.departmentId && c.scope.fiscalYear === YEAR)).toEqual([]);
      const cli = await runCli(['checkpoint']);
      expect(cli.code).toBe(0);
      expect(cli.stdout).toMatch(/checkpoints at log position \d+/);
    });

    it('reports a history rewritten with recomputed hashes as 改写, though every chain is consistent', async () => {
      const ok = await api('reporting', 'GET', '/verify', { actor: AUDITOR });
      expect(ok.body).toMatchObject({ ok: true, chainsOk: true, checkpoints: { ok: true, firstProblem: null } });
      expect(ok.body.checkpoints.checkpointsChecked).toBeGreaterThan(0);
      expect(ok.body.summary).toMatch(/已签名检查点一致/);

      const active = 'generation = (SELECT generation FROM reporting.active_generation)';
      const original: { stream_version: number; envelope: any }[] = await withE2eDatabase(async (db) =>
        (await db.query(`SELECT stream_version, envelope FROM reporting.event_log WHERE stream_id = $1 AND ${active} ORDER BY stream_version`, [stream()])).rows,
      );
      const from = original.findIndex((r) => r.envelope.type === 'SheetApproved');
      expect(from).toBeGreaterThan(0);
      // Someone with write access to the database makes the approval 优 and re-hashes the stream from there on.
      let prevHash: string = original[from]!.envelope.prevHash;
      const rewritten = original.slice(from).map((r, i) => {
        const e = { ...r.envelope, prevHash, data: i === 0 ? { ...r.envelope.data, grade: '优' } : r.envelope.data };
        e.hash = eventHash(e);
        prevHash = e.hash;
        return { version: r.stream_version, envelope: e };
      });
      const write = (rows: { version: number; envelope: unknown }[], head: string) =>
        withE2eDatabase(async (db) => {
          for (const r of rows) await db.query(`UPDATE reporting.event_log SET envelope = $3::jsonb WHERE stream_id = $1 AND stream_version = $2 AND ${active}`, [stream(), r.version, JSON.stringify(r.envelope)]);
          await db.query(`UPDATE reporting.stream_heads SET hash = $2 WHERE stream_id = $1 AND ${active}`, [stream(), head]);
        });
      await write(rewritten, prevHash);
      try {
        const bad = await api('reporting', 'GET', '/verify', { actor: AUDITOR });
        expect(bad.status).toBe(200);
        // The chains alone cannot tell: every link holds.
        expect(bad.body).toMatchObject({ ok: false, chainsOk: true });
        expect(bad.body.firstBroken).toBeUndefined();
        expect(bad.body.checkpoints.firstProblem).toMatchObject({ reason: 'rewritten', streamId: stream(), streamVersion: original.at(-1)!.stream_version, actualHash: prevHash });
        expect(bad.body.summary).toMatch(/^未通过：.*历史被改写/);
        const cli = await runCli(['verify']);
        expect(cli.code).toBe(3);
        expect(cli.stdout).toMatch(/REWRITTEN/);
        expect(cli.stdout).toContain(`stream ${stream()}`);
      } finally {
        await write(original.slice(from).map((r) => ({ version: r.stream_version, envelope: r.envelope })), original.at(-1)!.envelope.hash);
      }
      expect((await api('reporting', 'GET', '/verify', { actor: AUDITOR })).body).toMatchObject({ ok: true, checkpoints: { ok: true } });
    });

    it('signs every export beside the file; verify-file checks it offline and refuses a changed byte', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'budget-signed-export-'));
      const keyFile = join(dir, 'reporting-public-key.pem');
      expect((await runCli(['public-key', '--out', keyFile])).code).toBe(0);
      const out = join(dir, 'table.txt');
      const exported = await runCli(['export', '--department', REFERENCE_DEPARTMENT, '--format', 'txt', '--year', String(YEAR), '--out', out]);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toMatch(/wrote .*table\.txt\.sig: signature of export [0-9a-f-]{36} \(checkpoint \d+\)/);
      // The signature travels beside the file: the reference layout is untouched.
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(__dirname, 'reference-export.txt'), 'utf8'));
      const sig = JSON.parse(readFileSync(`${out}.sig`, 'utf8'));
      expect(sig).toMatchObject({ format: 'budget-export-signature/1', checkpoint: { payload: expect.any(String), signature: expect.any(String) } });

      const good = await runCli(['verify-file', out, '--public-key', keyFile]);
      expect(good.stderr).toBe('');
      expect(good.code).toBe(0);
      expect(good.stdout).toMatch(/文件内容与签名一致[\s\S]*检查点 #\d+ 签名有效[\s\S]*VALID/);

      const tampered = join(dir, 'tampered.txt');
      writeFileSync(tampered, readFileSync(out, 'utf8').replace('302.20', '302.21'));
      const bad = await runCli(['verify-file', tampered, '--public-key', keyFile, '--signature', `${out}.sig`]);
      expect(bad.code).toBe(3);
      expect(bad.stdout).toMatch(/文件内容与签名不符[\s\S]*INVALID/);

      // A binary format the same way.
      const xlsx = join(dir, 'table.xlsx');
      expect((await runCli(['export', '--department', REFERENCE_DEPARTMENT, '--format', 'xlsx', '--year', String(YEAR), '--out', xlsx])).code).toBe(0);
      expect((await runCli(['verify-file', xlsx, '--public-key', keyFile])).code).toBe(0);
      // Another key does not verify it.
      const otherKey = join(dir, 'other.pem');
      writeFileSync(otherKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
      expect((await runCli(['verify-file', xlsx, '--public-key', otherKey])).code).toBe(3);
    });

    it('gives a unit its export signature without the department’s checkpoint heads, and nobody else’s', async () => {
      const center = imported.units.find((u) => u.name === '广州市荔湾区党群服务中心')!;
      const clerk: Actor = { id: 'e2e-rep-center', role: 'unit_clerk', unitId: center.unitId, departmentId: imported.departmentId };
      const other = imported.units.find((u) => u.unitId !== center.unitId)!;
      const neighbour: Actor = { id: 'e2e-rep-neighbour', role: 'unit_clerk', unitId: other.unitId, departmentId: imported.departmentId };
      const own = await download(`/export?department=${DEPT}&fiscalYear=${YEAR}&format=csv`, clerk);
      const ownId = own.headers.get('x-report-export-id')!;
      expect(own.headers.get('x-report-signature')).toBe(`/exports/${ownId}/signature`);
      const sig = await api('reporting', 'GET', `/exports/${ownId}/signature`, { actor: clerk });
      expect(sig.status).toBe(200);
      expect(sig.body.checkpoint).toBeNull();
      const payload = JSON.parse(sig.body.export.payload);
      expect(payload).toMatchObject({ unitId: center.unitId, bytes: own.bytes.length, checkpoint: { id: expect.any(String) } });
      expect(payload.chainHeads.every((h: any) => h.streamId.startsWith('sheet-'))).toBe(true);
      expect((await api('reporting', 'GET', `/exports/${ownId}/signature`, { actor: neighbour })).status).toBe(403);
      const whole = await download(`/export?department=${DEPT}&fiscalYear=${YEAR}&format=html`);
      expect((await api('reporting', 'GET', `/exports/${whole.headers.get('x-report-export-id')}/signature`, { actor: clerk })).status).toBe(403);
      expect(whole.bytes.toString('utf8')).toMatch(/检查点签名（Ed25519）/);
      expect((await api('reporting', 'GET', `/exports/${randomUUID()}/signature`, { actor: AUDITOR })).status).toBe(404);
    });
  });

  describe('restart and rebuild', () => {
    it('is correct after a restart and catches up on what happened while it was down', async () => {
      const checksum = (await table()).body.checksum;
      const started = Date.now();
      await stopService('reporting');
      const other = await importReference(YEAR + 1);
      await startAgain('reporting');
      timings.restartMs = Date.now() - started;
      expect((await table()).body.checksum).toBe(checksum);
      await eventually(
        async () => {
          const res = await api('reporting', 'GET', `/progress?departmentId=${other.departmentId}&fiscalYear=${YEAR + 1}`, { actor: AUDITOR });
          return res.status === 200 && res.body.items.length === 11;
        },
        { what: 'the drafts imported while reporting was down', timeoutMs: 60_000 },
      );
    });

    it('rebuilds from offset 0 of the topics into a fresh copy, answering meanwhile, and switches over with the same checksum', async () => {
      const live = (await table()).body;
      const before = (await api('reporting', 'GET', '/status', { actor: AUDITOR })).body;
      const started = await api('reporting', 'POST', '/rebuild', { actor: { id: 'e2e-admin', role: 'admin' } });
      expect(started.status).toBe(202);
      expect(started.body).toMatchObject({ status: 'copying', previousGeneration: before.generation, generation: expect.any(Number) });
      // The service keeps answering from the live copy while the new one is built.
      const during = await table();
      expect(during.status).toBe(200);
      expect(during.body.checksum).toBe(live.checksum);
      expect(during.body.generation).toBe(before.generation);
      // One at a time: a second request while it runs is refused (or, had the first finished already, starts the next one).
      const again = await api('reporting', 'POST', '/rebuild', { actor: { id: 'e2e-admin', role: 'admin' } });
      expect([202, 409]).toContain(again.status);
      if (again.status === 409) expect(again.body.message).toMatch(/正在进行中/);
      const rebuildId: string = again.status === 202 ? again.body.rebuildId : started.body.rebuildId;

      const seen = new Set<string>();
      const report = await eventually(
        async () => {
          const res = await api('reporting', 'GET', '/rebuild', { actor: AUDITOR });
          seen.add(res.body.status);
          return res.body.rebuildId === rebuildId && !['copying', 'waiting_for_live', 'comparing'].includes(res.body.status) ? res.body : undefined;
        },
        { what: 'the rebuild to finish', timeoutMs: 150_000, intervalMs: 100 },
      );
      timings.rebuildMs = report.durationMs;
      timings.rebuildEvents = report.progress.eventsCopied;
      expect(report.status).toBe('switched');
      expect(report.progress.percent).toBe(100);
      expect(report.progress.messagesDone).toBe(report.progress.messagesTotal);
      expect(report.comparison.equal).toBe(true);
      expect(report.comparison.rebuilt.checksum).toBe(report.comparison.live.checksum);
      expect(report.comparison.differences).toEqual([]);
      const ours = report.comparison.rebuilt.tables.find((t: any) => t.departmentId === imported.departmentId && t.fiscalYear === YEAR);
      expect(ours.checksum).toBe(live.checksum);
      expect(seen.has('copying') || seen.has('waiting_for_live') || seen.has('comparing')).toBe(true);

      const after = await table();
      expect(after.body.generation).toBe(report.generation);
      expect(after.body.checksum).toBe(live.checksum);
      expect((await api('reporting', 'GET', '/verify', { actor: AUDITOR })).body).toMatchObject({ ok: true, generation: report.generation });
      // As of a time, the rebuilt copy answers as the old one did (positions are renumbered, times are not).
      const history = await api('reporting', 'GET', `/sheets/${lastSheetId}/history`, { actor: AUDITOR });
      const approvedAt = history.body.entries.find((e: any) => e.type === 'SheetApproved').recordedAt;
      const justBefore = await table(`&asOf=${encodeURIComponent(new Date(Date.parse(approvedAt) - 1).toISOString())}`);
      expect(projectNames(justBefore.body)).not.toContain(LAST);
      expect(justBefore.body.grandTotal.funding.total).toBe('240.90');
    });

    it('rebuilds through the CLI, showing progress and the checksum comparison', async () => {
      const live = (await table()).body.checksum;
      const started = Date.now();
      const run = await runCli(['rebuild'], 170_000);
      timings.cliRebuildMs = Date.now() - started;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/rebuild .* into generation \d+ started/);
      expect(run.stdout).toMatch(/\[copying\] \d+\/\d+ messages/);
      expect(run.stdout).toMatch(/^live {5}generation \d+: \d+ events, \d+ tables, checksum [0-9a-f]{64}$/m);
      expect(run.stdout).toMatch(/^rebuilt {2}generation \d+: \d+ events, \d+ tables, checksum [0-9a-f]{64}$/m);
      expect(run.stdout).toMatch(/checksums equal/);
      expect(run.stdout).toMatch(/switched: 重建完成/);
      expect((await table()).body.checksum).toBe(live);
    });
  });
});

function header(headers: Headers, name: string): string {
  const value = headers.get(name);
  if (value === null) throw new Error(`missing header ${name}`);
  return value;
}
