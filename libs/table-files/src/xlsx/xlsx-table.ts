import { DomainError, type SourceRecord } from '@budget/domain';
import { DEFAULT_XLSX_LIMITS, openWorkbook, type XlsxLimits, type XlsxSheet, type XlsxWorkbook } from './xlsx-reader';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** How many rows of each sheet are looked at for the table's header. */
const HEADER_SEARCH_ROWS = 200;

/**
 * The worksheet that holds the published table: the first whose first rows include a header
 * starting with 项目名称 (our own export's 导出信息 sheet is skipped), else the first sheet.
 */
export function tableSheet(workbook: XlsxWorkbook): XlsxSheet {
  for (const sheet of workbook.sheets) {
    let n = 0;
    for (const record of sheet.rows()) {
      if (record.cells.some((c) => c.length < 200 && c.replace(/\s/g, '').startsWith('项目名称'))) return sheet;
      if (++n >= HEADER_SEARCH_ROWS) break;
    }
  }
  const first = workbook.sheets[0];
  if (!first) throw new DomainError('VALIDATION_FAILED', 'Excel文件中没有工作表');
  return first;
}

/**
 * The rows of the worksheet that holds the published table, as text cells for
 * parsePublishedRecords, each row with its Excel row number as its line. What departments'
 * workbooks do is read as a clerk would read it:
 * - a merged range (title, 部门名称, a unit's name over several columns, or a unit's name merged
 *   down over its projects in a unit column) counts once, in its top-left cell; the other cells
 *   of the range are empty;
 * - numbers are amounts as shown: floating-point noise from Excel's arithmetic (302.20000000000005)
 *   is rounded away at 4 decimals, a number with more real decimals stays as it is for A02;
 * - text may be rich text or a formula's result; line breaks inside a cell are kept as `\n`.
 */
export function readXlsxRecords(bytes: Buffer, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): Promise<SourceRecord[]> {
  try {
    return Promise.resolve([...tableSheet(openWorkbook(bytes, limits)).rows()]);
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
