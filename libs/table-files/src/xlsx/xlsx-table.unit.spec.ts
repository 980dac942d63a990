import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ExcelJS from 'exceljs';
import {
  FEN_PER_WAN_YUAN,
  formatIndicatorCell,
  fundingTotal,
  parsePublishedRecords,
  parsePublishedTable,
  TABLE_HEADER,
  writePublishedTable,
  type Funding,
  type PublishedTable,
} from '@budget/domain';
import { readXlsxRecords } from './xlsx-table';

function fixture(...parts: string[]): string {
  let root = __dirname;
  while (!existsSync(path.join(root, 'nx.json')) && path.dirname(root) !== root) root = path.dirname(root);
  return readFileSync(path.join(root, 'test', 'fixtures', ...parts), 'utf8');
}

const REFERENCE_TEXT = fixture('liwan-organization-department.txt');
const REFERENCE = parsePublishedTable(REFERENCE_TEXT);

type Cell = string | number | null;

/** A workbook with the rows given; `merge` lists 1-based [row, fromColumn, toColumn] ranges. */
async function workbook(rows: readonly (readonly Cell[])[], merge: readonly [number, number, number][] = [], extraSheet = false): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (extraSheet) wb.addWorksheet('说明').addRow(['本表由财政局下发，请勿修改表头']);
  const sheet = wb.addWorksheet('绩效目标表');
  rows.forEach((row) => sheet.addRow([...row]));
  // exceljs repeats a merged range's value in its other cells when read back: the reader must not.
  for (const [r, from, to] of merge) sheet.mergeCells(r, from, r, to);
  if (extraSheet) wb.addWorksheet('导出信息').addRow(['导出时间', '2026-11-26']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const wan = (fen: number): number | null => (fen === 0 ? null : fen / FEN_PER_WAN_YUAN);

/** Our own export's layout: title, 部门名称, 单位 merged over the width, amounts as numbers, zero blank. */
function exportLayout(table: PublishedTable): { rows: Cell[][]; merge: [number, number, number][] } {
  const amounts = (f: Funding): Cell[] => [wan(fundingTotal(f)), wan(f.fiscalAppropriation), wan(f.specialAccountAppropriation), wan(f.otherFunds)];
  const rows: Cell[][] = [
    [table.title],
    [`部门名称：${table.departmentName}`],
    [`单位：${table.displayUnit}`],
    [...TABLE_HEADER],
    ['合计', ...amounts(table.grandTotal.funding), null, null],
    ...table.units.flatMap((u) => [
      [u.name, ...amounts(u.funding), null, null],
      ...u.projects.map((p) => [p.name, ...amounts(p.funding), p.goal || null, formatIndicatorCell(p.indicators) || null]),
    ]),
  ];
  return { rows, merge: [1, 2, 3].map((r) => [r, 1, 7] as [number, number, number]) };
}

describe('readXlsxRecords', () => {
  it('given the reference in our export’s layout, when imported, then it reads the same table with no issue, and writes back byte for byte', async () => {
    const { rows, merge } = exportLayout(REFERENCE.table);
    const parsed = parsePublishedRecords(await readXlsxRecords(await workbook(rows, merge, true)));
    expect(parsed.issues).toEqual([]);
    expect(writePublishedTable(parsed.table)).toBe(writePublishedTable(REFERENCE.table));
    expect(parsed.table.units[0]?.line).toBe(6); // Excel row numbers
  });

  it('given a department’s workbook (numbers as text, float noise, merged unit rows, line breaks, a synonym header), when imported, then it reads as the text does', async () => {
    const rows: Cell[][] = [
      ['项目支出绩效目标表（含转移支付项目）'],
      ['预算部门：某区某局', null, null, null, null, null, '单位：万元'],
      ['项目名称', '资金总额', '一般公共预算', '财政专户拨款', '其他资金', '年度绩效目标', '绩效指标'],
      ['合 计', 0.1 + 0.2 + 30, '30.30', null, '-', null, null],
      ['某区某局', 30.3, 30.3, null, null, null, null],
      [
        '培训经费',
        '30.30',
        30.3,
        null,
        '—',
        '加强培训，\r\n提升干部能力素质，全年培训不少于1200人次。',
        '1、1-产出指标；11-数量指标；培训人数；实施周期指标值：≥1200人；年度指标值：1200至1500人\n2、3-满意度指标；31-服务对象满意度；满意度；实施周期指标值：≥90%；年度指标值：90%（含）以上',
      ],
    ];
    const parsed = parsePublishedRecords(await readXlsxRecords(await workbook(rows, [[1, 1, 7], [5, 6, 7]])));
    expect(parsed.issues).toEqual([]);
    expect(parsed.table.departmentName).toBe('某区某局');
    expect(parsed.table.grandTotal.writtenTotal).toBe(30_300_000);
    const project = parsed.table.units[0]?.projects[0];
    expect(project?.goal).toBe('加强培训，\n提升干部能力素质，全年培训不少于1200人次。');
    expect(project?.indicators.map((i) => i.annualTarget)).toEqual(['1200至1500人', '90%（含）以上']);
  });

  it('given an amount with more than 4 real decimals, when imported, then A02 names it', async () => {
    const rows: Cell[][] = [['部门名称：某部门'], ['单位：万元'], [...TABLE_HEADER], ['合计', 1.123456, 1.123456], ['某单位', 1, 1], ['某项目', 1, 1, null, null, '目标', null]];
    const { issues } = parsePublishedRecords(await readXlsxRecords(await workbook(rows)));
    expect(issues.filter((i) => i.code === 'A02').map((i) => [i.line, i.actual])).toEqual([
      [4, '1.123456'],
      [4, '1.123456'],
    ]);
  });

  it('given bytes that are no workbook, when imported, then a validation error in Chinese', async () => {
    await expect(readXlsxRecords(Buffer.from('项目名称\t总计'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^无法读取Excel文件/) as unknown });
  });
});
