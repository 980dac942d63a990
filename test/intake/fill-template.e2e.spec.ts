import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ExcelJS from 'exceljs';
import type { Actor } from '@budget/domain';
import { api } from '../support/api';
import { e2eEnv } from '../support/e2e-env';

jest.setTimeout(120_000);

/*
 * 填报模板 on the real stack: a clerk downloads the template of their unit, fills it offline
 * (edited here with exceljs as Excel would save it), and uploads it. A project changed by someone
 * else since the download is a conflict and keeps its content; the others apply; uploading the
 * same file again changes nothing.
 */

const REFERENCE = readFileSync(join(__dirname, '..', 'fixtures', 'liwan-organization-department.txt'), 'utf8');
const YEAR = 2036;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const C = { projectName: 1, fiscal: 2, special: 3, other: 4, goal: 6, level1: 7, level2: 8, name: 9, periodTarget: 10, annualTarget: 11, sheetId: 12, version: 13, indicatorId: 14 };

interface Sheet {
  sheetId: string;
  version: number;
  projectName: string;
  goal: string;
  funding: { fiscalAppropriation: string; otherFunds: string };
  indicators: { indicatorId: string; name: string; annualTarget: { text: string } }[];
}

async function download(actor: Actor, query = ''): Promise<{ status: number; bytes: Buffer; headers: Headers; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${e2eEnv().ports.intake}/fill-template?fiscalYear=${YEAR}${query}`, {
    headers: { authorization: `Bearer ${(await import('../support/api')).token(actor)}` },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: unknown = null;
  if (!res.ok) body = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, bytes, headers: res.headers, body };
}

const upload = (actor: Actor, bytes: Buffer) => api('intake', 'POST', '/fill-template', { actor, rawBody: bytes, contentType: XLSX });

async function sheetsOf(actor: Actor): Promise<Sheet[]> {
  const res = await api<{ items: Sheet[] }>('intake', 'GET', `/sheets?fiscalYear=${YEAR}&limit=1000`, { actor });
  return res.body.items;
}

describe('the filling template on the real stack', () => {
  let clerk: Actor;
  let otherClerk: Actor;
  let before: Sheet[];
  let downloaded: Buffer;
  let filled: Buffer;

  beforeAll(async () => {
    const imported = await api('intake', 'POST', `/imports?fiscalYear=${YEAR}`, { text: REFERENCE });
    expect(imported.status).toBe(200);
    const [org, center] = imported.body.units as { unitId: string }[];
    const departmentId = imported.body.department.departmentId as string;
    clerk = { id: 'clerk-template', role: 'unit_clerk', unitId: org!.unitId, departmentId, name: '组织部经办人' };
    otherClerk = { id: 'clerk-template-2', role: 'unit_clerk', unitId: center!.unitId, departmentId, name: '党群服务中心经办人' };
    before = await sheetsOf(clerk);
  });

  it('downloads the unit’s drafts as an xlsx, one row per indicator, ids and versions in hidden columns', async () => {
    const res = await download(clerk);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="fill-template-2036\.xlsx"; filename\*=UTF-8''/);
    downloaded = res.bytes;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(downloaded as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('填报')!;
    const ids = new Set<string>();
    let indicatorRows = 0;
    sheet.eachRow((row, n) => {
      if (n < 4) return;
      const id = row.getCell(C.sheetId).value;
      if (typeof id === 'string') ids.add(id);
      if (row.getCell(C.indicatorId).value) indicatorRows++;
    });
    expect([...ids].sort()).toEqual(before.map((s) => s.sheetId).sort());
    expect(indicatorRows).toBe(before.reduce((n, s) => n + s.indicators.length, 0));
    expect(sheet.getColumn(C.sheetId).hidden).toBe(true);
  });

  it('refuses another unit’s template to a clerk, and a body that is no workbook', async () => {
    const res = await download(clerk, `&unitId=${otherClerk.unitId}`);
    expect(res.status).toBe(403);
    expect((res.body as { message: string }).message).toMatch(/本单位/);
    const bad = await upload(clerk, Buffer.from('项目名称\t总计'));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^无法读取Excel文件/);
  });

  it('applies the clerk’s edits, reports a project changed meanwhile as a conflict, and leaves it as the other edit made it', async () => {
    const [first, second, third] = before;
    // Meanwhile, in the 填报 screen, the third project's goal changes.
    const meanwhile = await api('intake', 'PATCH', `/sheets/${third!.sheetId}`, { actor: clerk, json: { expectedVersion: third!.version, goal: '在网页上改过的目标' } });
    expect(meanwhile.status).toBe(200);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(downloaded as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('填报')!;
    const firstRowOf = (sheetId: string): number => {
      let found = 0;
      sheet.eachRow((row, n) => {
        if (found === 0 && row.getCell(C.sheetId).value === sheetId) found = n;
      });
      return found;
    };
    sheet.getCell(firstRowOf(first!.sheetId), C.goal).value = '通过模板修改的绩效目标';
    sheet.getCell(firstRowOf(second!.sheetId), C.fiscal).value = 12.3456;
    sheet.getCell(firstRowOf(third!.sheetId), C.goal).value = '在模板里改的目标';
    // A new indicator for the first project: a row inserted right under its first row.
    sheet.spliceRows(firstRowOf(first!.sheetId) + 1, 0, [null, null, null, null, null, null, '3-满意度指标', '31-服务对象满意度', '模板新增指标', '≥90%', '≥95%']);
    // A new project at the bottom, with two indicators.
    let last = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(C.sheetId).value || row.getCell(C.projectName).value) last = n;
    });
    const put = (r: number, values: Record<number, string | number>) => Object.entries(values).forEach(([c, v]) => (sheet.getCell(r, Number(c)).value = v));
    put(last + 1, { [C.projectName]: '模板新建项目', [C.fiscal]: 8.5, [C.other]: '1.25', [C.goal]: '离线填写的新项目。', [C.level1]: '1-产出指标', [C.level2]: '11-数量指标', [C.name]: '活动场次', [C.periodTarget]: '≥4次', [C.annualTarget]: '≥4次' });
    put(last + 2, { [C.level1]: '2-效益指标', [C.level2]: '22-社会效益', [C.name]: '群众参与度', [C.periodTarget]: '有所提升', [C.annualTarget]: '有所提升' });
    filled = Buffer.from(await wb.xlsx.writeBuffer());

    const res = await upload(clerk, filled);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ created: 1, updated: 2, unchanged: before.length - 3, conflicts: 1, rejected: 0 });
    const conflict = res.body.projects.find((p: { outcome: string }) => p.outcome === 'conflict');
    expect(conflict).toMatchObject({ sheetId: third!.sheetId, downloadedVersion: third!.version, currentVersion: third!.version + 1 });
    expect(conflict.message).toMatch(/下载模板后该项目已被修改/);

    const after = new Map((await sheetsOf(clerk)).map((s) => [s.sheetId, s]));
    expect(after.get(first!.sheetId)?.goal).toBe('通过模板修改的绩效目标');
    expect(after.get(first!.sheetId)?.indicators.map((i) => i.name)).toEqual([first!.indicators[0]!.name, '模板新增指标', ...first!.indicators.slice(1).map((i) => i.name)]);
    expect(after.get(second!.sheetId)?.funding.fiscalAppropriation).toBe('12.3456');
    expect(after.get(third!.sheetId)).toMatchObject({ goal: '在网页上改过的目标', version: third!.version + 1 });
    const created = [...after.values()].find((s) => s.projectName === '模板新建项目');
    expect(created).toMatchObject({ goal: '离线填写的新项目。', funding: { fiscalAppropriation: '8.50', otherFunds: '1.25' } });
    expect(created?.indicators.map((i) => [i.name, i.annualTarget.text])).toEqual([
      ['活动场次', '≥4次'],
      ['群众参与度', '有所提升'],
    ]);
  });

  it('changes nothing when the same file is uploaded again', async () => {
    const versions = new Map((await sheetsOf(clerk)).map((s) => [s.sheetId, s.version]));
    const res = await upload(clerk, filled);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ created: 0, updated: 0, unchanged: before.length, conflicts: 1, rejected: 0 });
    const again = await sheetsOf(clerk);
    expect(again).toHaveLength(versions.size);
    expect(new Map(again.map((s) => [s.sheetId, s.version]))).toEqual(versions);
  });

  it('refuses the template to a clerk of another unit, changing nothing', async () => {
    const versions = new Map((await sheetsOf(clerk)).map((s) => [s.sheetId, s.version]));
    const res = await upload(otherClerk, filled);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('该模板不是本单位的填报模板，未作任何修改');
    expect(new Map((await sheetsOf(clerk)).map((s) => [s.sheetId, s.version]))).toEqual(versions);
  });
});
