import * as ExcelJS from 'exceljs';
import { TABLE_HEADER } from '@budget/domain';
import { METADATA_SHEET_NAME, TABLE_SHEET_NAME, writeXlsx } from './xlsx.writer';
import { collect, largeTable, REFERENCE, REFERENCE_SOURCE } from './testing/export-fixtures';

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

describe('xlsx export', () => {
  let workbook: ExcelJS.Workbook;
  let sheet: ExcelJS.Worksheet;
  beforeAll(async () => {
    const { bytes } = await collect((out) => writeXlsx(REFERENCE_SOURCE, out));
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    workbook = await workbookOf(bytes);
    sheet = sheetOf(workbook, TABLE_SHEET_NAME);
  });

  it('has the title, the department and the unit of amounts above the header', () => {
    expect(sheet.getCell('A1').value).toBe('项目支出绩效目标表（含转移支付项目）');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').value).toBe('部门名称：中国共产党广州市荔湾区委员会组织部');
    expect(sheet.getCell('A3').value).toBe('单位：万元');
    expect(sheet.model.merges).toEqual(expect.arrayContaining(['A1:G1', 'A2:G2', 'A3:G3']));
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual([...TABLE_HEADER]);
    expect(sheet.getCell('A4').font?.bold).toBe(true);
  });

  it('writes rows in table order: 合计, then each unit row before its projects', () => {
    const names = [];
    for (let r = 5; r <= sheet.rowCount; r++) names.push(sheet.getCell(r, 1).value);
    const expected = ['合计', ...REFERENCE.units.flatMap((u) => [u.name, ...u.projects.map((p) => p.name)])];
    expect(names).toEqual(expected);
    expect(sheet.rowCount).toBe(4 + 1 + 4 + 11);
  });

  it('writes amounts as numbers with two decimals, zero amounts blank', () => {
    const grand = sheet.getRow(5);
    expect(grand.getCell(2).value).toBe(302.2);
    expect(grand.getCell(3).value).toBe(302.2);
    expect(grand.getCell(4).value).toBeNull();
    expect(grand.getCell(5).value).toBeNull();
    expect(grand.getCell(2).numFmt).toBe('0.00');
    const unit = sheet.getRow(6);
    expect(unit.getCell(1).value).toBe('中国共产党广州市荔湾区委员会组织部');
    expect(unit.getCell(2).value).toBe(287.2);
    expect(typeof unit.getCell(2).value).toBe('number');
    const organisation = sheet.getRow(10);
    expect(organisation.getCell(1).value).toBe('组织工作经费');
    expect(organisation.getCell(2).value).toBe(41.85);
    expect(organisation.getCell(2).numFmt).toBe('0.00');
    const units = [6, 15, 17, 19].map((r) => [sheet.getCell(r, 1).value, sheet.getCell(r, 2).value]);
    expect(units).toEqual([
      ['中国共产党广州市荔湾区委员会组织部', 287.2],
      ['广州市荔湾区党群服务中心', 7],
      ['中共广州市荔湾区委党史研究室', 3],
      ['中共广州市荔湾区委组织部电教中心', 5],
    ]);
  });

  it('sets unit rows apart and wraps long text', () => {
    const unit = sheet.getRow(6);
    expect(unit.getCell(1).font?.bold).toBe(true);
    expect(unit.getCell(1).fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } });
    const project = sheet.getRow(7);
    expect(project.getCell(1).font?.bold).toBeFalsy();
    expect(project.getCell(6).value).toBe(REFERENCE.units[0]!.projects[0]!.goal);
    expect(project.getCell(6).alignment?.wrapText).toBe(true);
    expect(project.getCell(7).value).toMatch(/^1、1-产出指标；11-数量指标；帮扶党内关爱扶助对象；实施周期指标值：≥100人；/);
    expect(project.getCell(7).alignment?.wrapText).toBe(true);
    expect(project.height).toBeGreaterThan(30);
    expect(sheet.getColumn(6).width).toBeGreaterThan(sheet.getColumn(2).width!);
    const zx = sheet.getRow(14);
    expect([zx.getCell(1).value, zx.getCell(2).value, zx.getCell(6).value, zx.getCell(7).value]).toEqual(['ZXRCBT', 50, null, null]);
  });

  it('freezes the header and prints A4 landscape with the header on every page', () => {
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' });
  });

  it('carries the as-of position and chain heads on a sheet of their own', () => {
    const meta = sheetOf(workbook, METADATA_SHEET_NAME);
    const values = meta.getSheetValues().flatMap((row) => (Array.isArray(row) ? [row.slice(1)] : []));
    expect(values).toEqual(
      expect.arrayContaining([
        ['数据截至日志位置', '123'],
        ['数据截至时间', '2025-03-01T08:02:03.000Z'],
        ['事件流', '版本', '哈希链头'],
        ['department-dept-1', 5, 'c'.repeat(64)],
        ['sheet-1-1', 4, 'd'.repeat(64)],
      ]),
    );
  });

  it('leaves the metadata sheet out on request, and shows sub-0.01 amounts with their decimals', async () => {
    const unit = REFERENCE.units[1]!;
    const odd = { fiscalAppropriation: 7_000_100, specialAccountAppropriation: 0, otherFunds: 0 };
    const table = { ...REFERENCE, grandTotal: { funding: odd, writtenTotal: 7_000_100 }, units: [{ ...unit, funding: odd, projects: [{ ...unit.projects[0]!, funding: odd }] }] };
    const { bytes } = await collect((out) => writeXlsx({ table }, out, { metadata: false }));
    const book = await workbookOf(bytes);
    expect(book.worksheets.map((w) => w.name)).toEqual([TABLE_SHEET_NAME]);
    const cell = sheetOf(book, TABLE_SHEET_NAME).getCell('B7');
    expect(cell.value).toBe(7.0001);
    expect(cell.numFmt).toBe('0.00####');
  });

  it('streams a large table', async () => {
    const { bytes, chunks } = await collect((out) => writeXlsx({ table: largeTable(200, 10) }, out));
    expect(chunks).toBeGreaterThan(1);
    const big = sheetOf(await workbookOf(bytes), TABLE_SHEET_NAME);
    expect(big.rowCount).toBe(4 + 1 + 200 * 11);
    expect(big.getCell(big.rowCount, 1).value).toBe('项目200-10');
  });
});

describe('xlsx export, its bytes', () => {
  afterEach(() => jest.useRealTimers());

  it('are the same for the same input whatever the clock says (the dates come from the metadata)', async () => {
    // Only Date is faked: the writer's setImmediate and the zip stream's timers run as usual.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask'] });
    const source = { ...REFERENCE_SOURCE, meta: { ...REFERENCE_SOURCE.meta, generatedAt: '2025-03-01T08:00:00.000Z' } };
    jest.setSystemTime(new Date('2026-12-05T09:00:00.000Z'));
    const first = (await collect((out) => writeXlsx(source, out))).bytes;
    jest.setSystemTime(new Date('2026-12-06T17:33:21.000Z'));
    const again = (await collect((out) => writeXlsx(source, out))).bytes;
    expect(again.equals(first)).toBe(true);
    const workbook = await workbookOf(again);
    expect(workbook.created.toISOString()).toBe('2025-03-01T08:00:00.000Z');
  });
});
