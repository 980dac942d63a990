import * as ExcelJS from 'exceljs';
import { FEN_PER_WAN_YUAN, formatLevelLabel, type Funding, LEVEL1_INDICATORS, LEVEL2_INDICATORS } from '@budget/domain';

/**
 * The filling template (填报模板): one worksheet, one row per indicator.
 *
 * Why one row per indicator and not one sheet per project: a unit has from a few to a hundred
 * projects, and a hundred tabs cannot be searched, filtered, sorted or printed as one; in one
 * table a clerk sees all projects at once, filters by 一级指标, copies an indicator row to another
 * project, and adds an indicator by inserting a row, which is what clerks do all day in Excel.
 * The columns are the fields of the 填报 screen, with the framework's drop-downs on 一级/二级.
 * A project's own fields (name, amounts, goal) are on its first row; its further rows leave
 * them blank. A new project is a row with a project name and no 表编号.
 *
 * Hidden, locked columns carry what the upload needs: the sheet's id and the version it was
 * downloaded at (on every row of the project, so rows inserted among them belong to it), and each
 * indicator's id. A hidden sheet 模板信息 names the unit and the year.
 */

export const TEMPLATE_FORMAT = 'budget-fill-template/1';
export const TEMPLATE_SHEET = '填报';
export const FRAMEWORK_SHEET = '指标体系';
export const INFO_SHEET = '模板信息';

/** 1-based columns of the 填报 sheet. */
export const COL = {
  projectName: 1,
  fiscal: 2,
  special: 3,
  other: 4,
  total: 5,
  goal: 6,
  level1: 7,
  level2: 8,
  name: 9,
  periodTarget: 10,
  annualTarget: 11,
  sheetId: 12,
  version: 13,
  indicatorId: 14,
} as const;

export const TEMPLATE_HEADER = [
  '项目名称',
  '财政拨款（万元）',
  '财政专户拨款（万元）',
  '其他资金（万元）',
  '总计（万元，自动计算）',
  '绩效目标',
  '一级指标',
  '二级指标',
  '三级指标',
  '实施周期指标值',
  '年度指标值',
  '表编号（勿改）',
  '版本（勿改）',
  '指标编号（勿改）',
] as const;

const TITLE_ROW = 1;
const NOTE_ROW = 2;
const HEADER_ROW = 3;
const FIRST_DATA_ROW = 4;
/** Empty rows with the drop-downs and number checks below the drafts, for new projects and indicators. */
const SPARE_ROWS = 300;

export interface TemplateIndicator {
  readonly indicatorId: string;
  readonly level1: string;
  readonly level2: string;
  readonly name: string;
  readonly periodTarget: string;
  readonly annualTarget: string;
}

export interface TemplateSheet {
  readonly sheetId: string;
  readonly version: number;
  readonly projectName: string;
  readonly funding: Funding;
  readonly goal: string;
  readonly indicators: readonly TemplateIndicator[];
}

export interface TemplateInfo {
  readonly fiscalYear: number;
  readonly unitId: string;
  readonly unitName: string;
  readonly departmentName: string;
  readonly downloadedAt: string;
}

/** 万元 as a number for the cell: at most 4 decimals, which a double reads back exactly (numberText rounds at 4). */
function wan(fen: number): number | null {
  return fen === 0 ? null : fen / FEN_PER_WAN_YUAN;
}

export async function buildTemplate(info: TemplateInfo, sheets: readonly TemplateSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '预算绩效管理系统';
  workbook.created = new Date(info.downloadedAt);
  workbook.modified = new Date(info.downloadedAt);
  const sheet = workbook.addWorksheet(TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 1 }] });

  // The framework for the drop-downs: 一级 in A; each 二级 beside its 一级 in C:D, grouped by 一级.
  const framework = workbook.addWorksheet(FRAMEWORK_SHEET, { state: 'hidden' });
  framework.getCell('A1').value = '一级指标';
  framework.getCell('C1').value = '一级指标';
  framework.getCell('D1').value = '二级指标';
  LEVEL1_INDICATORS.forEach((l, i) => (framework.getCell(i + 2, 1).value = formatLevelLabel(l)));
  const level2 = [...LEVEL2_INDICATORS].sort((a, b) => a.level1Code.localeCompare(b.level1Code) || a.code.localeCompare(b.code));
  level2.forEach((l, i) => {
    const parent = LEVEL1_INDICATORS.find((p) => p.code === l.level1Code);
    framework.getCell(i + 2, 3).value = parent ? formatLevelLabel(parent) : '';
    framework.getCell(i + 2, 4).value = formatLevelLabel(l);
  });

  const infoSheet = workbook.addWorksheet(INFO_SHEET, { state: 'veryHidden' });
  const infoRows: [string, string | number][] = [
    ['格式', TEMPLATE_FORMAT],
    ['预算年度', info.fiscalYear],
    ['单位编号', info.unitId],
    ['资金使用单位', info.unitName],
    ['部门', info.departmentName],
    ['下载时间', info.downloadedAt],
  ];
  infoRows.forEach((row) => infoSheet.addRow(row));

  sheet.getCell(TITLE_ROW, 1).value = `${info.fiscalYear}年度项目支出绩效目标填报模板：${info.unitName}`;
  sheet.getCell(TITLE_ROW, 1).font = { bold: true, size: 14 };
  sheet.getCell(NOTE_ROW, 1).value =
    '每个绩效指标占一行。项目名称、资金和绩效目标只填在项目的第一行，其后的指标行留空；新增指标：在项目的行之间插入一行；新增项目：在空行填写项目名称。金额单位为万元，最多4位小数。灰色列请勿修改。';
  sheet.getCell(NOTE_ROW, 1).alignment = { wrapText: true, vertical: 'top' };
  sheet.mergeCells(TITLE_ROW, 1, TITLE_ROW, COL.annualTarget);
  sheet.mergeCells(NOTE_ROW, 1, NOTE_ROW, COL.annualTarget);
  sheet.getRow(NOTE_ROW).height = 36;
  const header = sheet.getRow(HEADER_ROW);
  TEMPLATE_HEADER.forEach((label, i) => {
    const cell = header.getCell(i + 1);
    cell.value = label;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: i + 1 >= COL.sheetId || i + 1 === COL.total ? 'FFD9D9D9' : 'FFDDEBF7' } };
  });
  const widths = [28, 12, 12, 12, 12, 40, 14, 16, 24, 18, 18, 38, 8, 38];
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));

  let row = FIRST_DATA_ROW;
  for (const s of sheets) {
    const rows = Math.max(1, s.indicators.length);
    for (let i = 0; i < rows; i++, row++) {
      const r = sheet.getRow(row);
      if (i === 0) {
        r.getCell(COL.projectName).value = s.projectName;
        r.getCell(COL.fiscal).value = wan(s.funding.fiscalAppropriation);
        r.getCell(COL.special).value = wan(s.funding.specialAccountAppropriation);
        r.getCell(COL.other).value = wan(s.funding.otherFunds);
        r.getCell(COL.goal).value = s.goal === '' ? null : s.goal;
      }
      const indicator = s.indicators[i];
      if (indicator) {
        r.getCell(COL.level1).value = indicator.level1;
        r.getCell(COL.level2).value = indicator.level2;
        r.getCell(COL.name).value = indicator.name;
        r.getCell(COL.periodTarget).value = indicator.periodTarget === '' ? null : indicator.periodTarget;
        r.getCell(COL.annualTarget).value = indicator.annualTarget === '' ? null : indicator.annualTarget;
        r.getCell(COL.indicatorId).value = indicator.indicatorId;
      }
      r.getCell(COL.sheetId).value = s.sheetId;
      r.getCell(COL.version).value = s.version;
    }
  }
  const lastRow = row + SPARE_ROWS - 1;
  for (let r = FIRST_DATA_ROW; r <= lastRow; r++) {
    const cells = sheet.getRow(r);
    for (let c = 1; c <= COL.indicatorId; c++) {
      const cell = cells.getCell(c);
      const locked = c === COL.total || c >= COL.sheetId;
      cell.protection = { locked };
      if (locked) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      if (c === COL.goal || c === COL.name || c === COL.projectName) cell.alignment = { wrapText: true, vertical: 'top' };
      // Target values stay text: Excel must not turn 2024.6 or 1/2 into a number or a date.
      if (c >= COL.level1 && c <= COL.annualTarget) cell.numFmt = '@';
      if (c >= COL.fiscal && c <= COL.total) cell.numFmt = '0.00##';
    }
    cells.getCell(COL.total).value = { formula: `IF(COUNT(B${r}:D${r})=0,"",SUM(B${r}:D${r}))` };
  }
  // exceljs writes data validations over ranges but does not declare them on Worksheet.
  const validations = (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  const range = (column: number): string => `${columnLetter(column)}${FIRST_DATA_ROW}:${columnLetter(column)}${lastRow}`;
  for (const column of [COL.fiscal, COL.special, COL.other]) {
    const at = `${columnLetter(column)}${FIRST_DATA_ROW}`;
    validations.add(range(column), {
      type: 'custom',
      allowBlank: true,
      formulae: [`OR(ISBLANK(${at}),AND(ISNUMBER(${at}),${at}>=0,ROUND(${at},4)=${at}))`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '金额有误',
      error: '请填写不小于0的数字，单位万元，最多4位小数',
    });
  }
  validations.add(range(COL.level1), {
    type: 'list',
    allowBlank: true,
    formulae: [`${FRAMEWORK_SHEET}!$A$2:$A$${LEVEL1_INDICATORS.length + 1}`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '一级指标',
    error: '请从下拉列表中选择一级指标',
  });
  const level1At = `$${columnLetter(COL.level1)}${FIRST_DATA_ROW}`;
  const parents = `${FRAMEWORK_SHEET}!$C$2:$C$${level2.length + 1}`;
  validations.add(range(COL.level2), {
    type: 'list',
    allowBlank: true,
    // The 二级 of the row's 一级: the run of rows of 指标体系 whose column C is that 一级.
    formulae: [`OFFSET(${FRAMEWORK_SHEET}!$D$1,MATCH(${level1At},${parents},0),0,MAX(1,COUNTIF(${parents},${level1At})),1)`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '二级指标',
    error: '请先选择一级指标，再从下拉列表中选择其下的二级指标',
  });
  for (let c = COL.sheetId; c <= COL.indicatorId; c++) sheet.getColumn(c).hidden = true;
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    formatCells: true,
    insertRows: true,
    deleteRows: true,
    autoFilter: true,
    sort: false,
  });
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: COL.annualTarget } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function columnLetter(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
