import * as ExcelJS from 'exceljs';
import { DEFAULT_XLSX_LIMITS } from '@budget/table-files';
import { buildTemplate, COL, TEMPLATE_SHEET, type TemplateSheet } from './template-layout';
import { readTemplate } from './template-reading';

const INFO = { fiscalYear: 2026, unitId: 'unit-1', unitName: '某区河道管理所', departmentName: '某区某局', downloadedAt: '2026-12-03T08:00:00.000Z' };
const SHEETS: TemplateSheet[] = [
  {
    sheetId: 'sheet-a',
    version: 3,
    projectName: '河道巡查经费',
    funding: { fiscalAppropriation: 40_000_000, specialAccountAppropriation: 0, otherFunds: 10_000_000 },
    goal: '开展河道巡查，及时发现并处置问题。',
    indicators: [
      { indicatorId: 'i-1', level1: '1-产出指标', level2: '13-时效指标', name: '完成时间', periodTarget: '2024年6月', annualTarget: '年底前完成' },
      { indicatorId: 'i-2', level1: '1-产出指标', level2: '11-数量指标', name: '巡查里程', periodTarget: '≥10km', annualTarget: '3~5次' },
    ],
  },
  { sheetId: 'sheet-b', version: 1, projectName: '设备购置', funding: { fiscalAppropriation: 1_234_500, specialAccountAppropriation: 0, otherFunds: 0 }, goal: '', indicators: [] },
];

async function edit(bytes: Buffer, change: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(TEMPLATE_SHEET);
  if (!sheet) throw new Error('no 填报 sheet');
  change(sheet);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the filling template', () => {
  it('given drafts, when downloaded and read back unchanged, then each project is one block with its version and indicators', async () => {
    const uploaded = readTemplate(await buildTemplate(INFO, SHEETS), DEFAULT_XLSX_LIMITS);
    expect(uploaded.fiscalYear).toBe(2026);
    expect(uploaded.unitId).toBe('unit-1');
    expect(uploaded.projects.map((p) => [p.sheetId, p.downloadedVersion, p.projectName, p.amounts, p.goal, p.indicators.length, p.problems])).toEqual([
      ['sheet-a', 3, '河道巡查经费', { fiscal: '40', special: '', other: '10' }, '开展河道巡查，及时发现并处置问题。', 2, []],
      ['sheet-b', 1, '设备购置', { fiscal: '1.2345', special: '', other: '' }, '', 0, []],
    ]);
    expect(uploaded.projects[0]?.indicators[1]).toEqual({ row: 5, indicatorId: 'i-2', level1: '1-产出指标', level2: '11-数量指标', name: '巡查里程', periodTarget: '≥10km', annualTarget: '3~5次' });
  });

  it('has drop-downs for 一级 and 二级 from the framework, number checks on the amounts, hidden and locked id columns', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplate(INFO, SHEETS)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(TEMPLATE_SHEET)!;
    const validation = (address: string) => (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model[address];
    expect(validation('G4')).toMatchObject({ type: 'list', formulae: ['指标体系!$A$2:$A$5'] });
    expect(validation('H4')).toMatchObject({ type: 'list', formulae: [expect.stringContaining('OFFSET(指标体系!$D$1,MATCH($G4')] });
    expect(validation('B4')).toMatchObject({ type: 'custom', formulae: ['OR(ISBLANK(B4),AND(ISNUMBER(B4),B4>=0,ROUND(B4,4)=B4))'] });
    expect(sheet.getColumn(COL.sheetId).hidden).toBe(true);
    expect(sheet.getColumn(COL.version).hidden).toBe(true);
    expect(sheet.getCell(4, COL.sheetId).protection?.locked).not.toBe(false); // locked is Excel's default
    expect(sheet.getCell(4, COL.goal).protection).toMatchObject({ locked: false });
    const framework = wb.getWorksheet('指标体系')!;
    expect(framework.state).toBe('hidden');
    expect(framework.getColumn(1).values.slice(2)).toEqual(['1-产出指标', '2-效益指标', '3-满意度指标', '4-成本指标']);
  });

  it('given a clerk’s edits (an inserted indicator row, a new project below, a changed amount), when read, then each lands in its project', async () => {
    const bytes = await edit(await buildTemplate(INFO, SHEETS), (sheet) => {
      sheet.getCell(4, COL.fiscal).value = 45.5;
      // A row inserted inside the first project: its hidden cells are empty.
      sheet.spliceRows(6, 0, [null, null, null, null, null, null, '3-满意度指标', '31-服务对象满意度', '群众满意度', '≥90%', '≥90%']);
      sheet.getCell(9, COL.projectName).value = '新建项目';
      sheet.getCell(9, COL.other).value = '3.5';
      sheet.getCell(9, COL.level1).value = '1-产出指标';
      sheet.getCell(10, COL.level1).value = '2-效益指标';
      sheet.getCell(10, COL.level2).value = '22-社会效益';
    });
    const { projects } = readTemplate(bytes, DEFAULT_XLSX_LIMITS);
    expect(projects.map((p) => [p.sheetId, p.projectName, p.rows, p.indicators.map((i) => i.indicatorId ?? i.level1)])).toEqual([
      ['sheet-a', '河道巡查经费', { from: 4, to: 6 }, ['i-1', 'i-2', '3-满意度指标']],
      ['sheet-b', '设备购置', { from: 7, to: 7 }, []],
      [null, '新建项目', { from: 9, to: 10 }, ['1-产出指标', '2-效益指标']],
    ]);
    expect(projects[0]?.amounts.fiscal).toBe('45.5');
    expect(projects[2]?.amounts.other).toBe('3.5');
  });

  it('reports project fields typed on a later row of a project, and rows that belong to no project', async () => {
    const bytes = await edit(await buildTemplate(INFO, SHEETS), (sheet) => {
      sheet.getCell(5, COL.goal).value = '写在了第二行的目标';
    });
    expect(readTemplate(bytes, DEFAULT_XLSX_LIMITS).projects[0]?.problems).toEqual(['第5行：项目名称、资金和绩效目标只填在项目的第一行（第4行）']);
    const stray = await edit(await buildTemplate(INFO, []), (sheet) => {
      sheet.getCell(4, COL.level1).value = '1-产出指标';
    });
    expect(readTemplate(stray, DEFAULT_XLSX_LIMITS).projects[0]?.problems).toEqual(['第4行没有项目名称，也不在任何项目之下']);
  });

  it('refuses a workbook that is no template, in words', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['项目名称']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect(() => readTemplate(bytes, DEFAULT_XLSX_LIMITS)).toThrow('不是本系统下载的填报模板：缺少模板信息。请先下载填报模板，在其中填写后上传');
  });
});
