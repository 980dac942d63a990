import * as ExcelJS from 'exceljs';
import { DomainError, type SourceRecord } from '@budget/domain';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The rows of the worksheet that holds the published table (the first whose rows include a
 * header starting with 项目名称; our own export's 导出信息 sheet is skipped), as text cells for
 * parsePublishedRecords, each row with its Excel row number as its line. What departments' workbooks
 * do is read as a clerk would read it:
 * - a merged range (title, 部门名称, a unit's name over several columns) counts once, in its
 *   top-left cell; the other cells of the range are empty;
 * - numbers are amounts as shown: floating-point noise from Excel's arithmetic (302.20000000000005)
 *   is rounded away at 4 decimals, a number with more real decimals stays as it is for A02;
 * - text may be rich text or a formula's result; line breaks inside a cell are kept as `\n`.
 */
export async function readXlsxRecords(bytes: Buffer): Promise<SourceRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new DomainError('VALIDATION_FAILED', `无法读取Excel文件（.xlsx）：${(e as Error).message}`);
  }
  const sheets = workbook.worksheets.map(sheetRecords);
  const withHeader = sheets.find((records) => records.some((r) => r.cells.some((c) => c.replace(/\s/g, '').startsWith('项目名称'))));
  const chosen = withHeader ?? sheets[0];
  if (!chosen) throw new DomainError('VALIDATION_FAILED', 'Excel文件中没有工作表');
  return chosen;
}

function sheetRecords(sheet: ExcelJS.Worksheet): SourceRecord[] {
  const records: SourceRecord[] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= width; column++) cells.push(cellText(row.getCell(column)));
    while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
    records.push({ line: rowNumber, cells });
  });
  return records;
}

function cellText(cell: ExcelJS.Cell): string {
  // The other cells of a merged range repeat its value in exceljs; on paper they are one cell.
  if (cell.isMerged && cell.master.address !== cell.address) return '';
  return valueText(cell.value);
}

function valueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n');
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((t) => t.text).join('').replace(/\r\n?/g, '\n');
  if ('formula' in value || 'sharedFormula' in value) return valueText((value as ExcelJS.CellFormulaValue).result);
  if ('text' in value && typeof value.text === 'string') return value.text; // a hyperlink
  if ('error' in value) return String(value.error);
  return '';
}

function numberText(n: number): string {
  const rounded = Math.round(n * 10_000) / 10_000;
  return String(Math.abs(rounded - n) < 1e-9 ? rounded : n);
}
