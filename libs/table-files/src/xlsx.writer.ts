import { type Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as ExcelJS from 'exceljs';
import { FEN_PER_WAN_YUAN, formatIndicatorCell, fundingTotal, GRAND_TOTAL_LABEL, TABLE_HEADER, type Fen, type Funding } from '@budget/domain';
import { type ExportOptions, type ExportSource } from './export.types';
import { CHAIN_HEAD_HEADER, chainHeadRows, metadataEntries } from './metadata';

export const TABLE_SHEET_NAME = '绩效目标表';
export const METADATA_SHEET_NAME = '导出信息';
/** Title, 部门名称, 单位, then the header on row 4: frozen and printed on every page. */
export const XLSX_HEADER_ROW = 4;

/** Widths in characters of `0`; a Chinese character takes about two. */
const WIDTHS = [34, 11, 11, 13, 11, 56, 80] as const;
const WRAPPED = new Set([1, 6, 7]);
const AMOUNT_COLUMNS = [2, 3, 4, 5] as const;
const LINE_HEIGHT = 14.5;
const MAX_ROW_HEIGHT = 409; // Excel's limit, in points

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const HEADER_FILL = fill('FFD9D9D9');
const UNIT_FILL = fill('FFDDEBF7');
const GRAND_FILL = fill('FFF2F2F2');

/** When the zip's entries and the document's properties say the file was made: generatedAt, else the as-of event's time, else 1980-01-01 (the zip epoch). */
function fileDate(source: ExportSource): Date {
  const when = source.meta?.generatedAt ?? source.meta?.asOf?.recordedAt ?? null;
  const date = when === null ? new Date(NaN) : new Date(when);
  return Number.isNaN(date.getTime()) ? new Date(Date.UTC(1980, 0, 1)) : date;
}

type Normalise = (data: Record<string, unknown>, stats?: unknown) => Record<string, unknown>;

/**
 * exceljs' streaming writer whose zip entries are all dated `at`: exceljs appends each part to its
 * zip (archiver) without a date, and archiver stamps it with the clock. Every part is dated when
 * archiver normalises its entry; the two parts exceljs appends from its constructor (before the zip
 * can be told) are appended a microtask later, when it can.
 */
class DatedWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  constructor(out: Writable, at: Date) {
    super({ stream: out, useStyles: true, useSharedStrings: false });
    this.created = at;
    this.modified = at;
    const zip = (this as unknown as { zip: { _normalizeEntryData: Normalise } }).zip;
    const normalise = zip._normalizeEntryData.bind(zip);
    zip._normalizeEntryData = (data, stats) => normalise({ ...data, date: at }, stats);
  }

  override addThemes(): Promise<void> {
    return Promise.resolve().then(() => super.addThemes());
  }

  override addOfficeRels(): Promise<void> {
    return Promise.resolve().then(() => super.addOfficeRels());
  }
}

/**
 * The printed table as a workbook, written with exceljs' streaming WorkbookWriter: each row is
 * committed (written out) as soon as it is complete, so memory does not grow with the table.
 * Amounts are numbers in 万元 (分 converted here, at the boundary) shown with two decimals; a
 * zero amount is left blank as in the printed table. Unit rows are bold on a blue fill, the
 * 合计 row bold on grey. A4 landscape, one page wide, header row repeated on every page and
 * frozen on screen. With metadata (the default), a second sheet 导出信息 carries the as-of
 * position and chain heads. Ends `out` (exceljs does).
 */
export async function writeXlsx(source: ExportSource, out: Writable, options: ExportOptions = {}): Promise<void> {
  const { table } = source;
  // The workbook's dates come from the export's metadata, never from the clock: the same input gives the same bytes.
  const workbook = new DatedWorkbookWriter(out, fileDate(source));
  workbook.creator = 'budget reporting';
  const sheet = workbook.addWorksheet(TABLE_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: XLSX_HEADER_ROW, topLeftCell: `A${XLSX_HEADER_ROW + 1}`, activeCell: `A${XLSX_HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${XLSX_HEADER_ROW}:${XLSX_HEADER_ROW}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  sheet.columns = WIDTHS.map((width) => ({ width }));

  const last = TABLE_HEADER.length;
  const banner = (rowNumber: number, text: string, font: Partial<ExcelJS.Font>, horizontal: ExcelJS.Alignment['horizontal'], height: number): void => {
    sheet.mergeCells(rowNumber, 1, rowNumber, last);
    const row = sheet.getRow(rowNumber);
    row.height = height;
    const cell = row.getCell(1);
    cell.value = text;
    cell.font = font;
    cell.alignment = { horizontal, vertical: 'middle' };
    row.commit();
  };
  banner(1, table.title, { bold: true, size: 16 }, 'center', 30);
  banner(2, `部门名称：${table.departmentName}`, { size: 11 }, 'left', 20);
  banner(3, `单位：${table.displayUnit}`, { size: 11 }, 'left', 18);

  const header = sheet.getRow(XLSX_HEADER_ROW);
  TABLE_HEADER.forEach((label, i) => {
    const cell = header.getCell(i + 1);
    cell.value = label;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.height = 22;
  header.commit();

  let rowNumber = XLSX_HEADER_ROW;
  const addRow = (name: string, funding: Funding, goal: string, indicators: string, style: 'grand' | 'unit' | 'project'): void => {
    const row = sheet.getRow(++rowNumber);
    const texts = new Map<number, string>([
      [1, name],
      [6, goal],
      [7, indicators],
    ]);
    for (const [column, text] of texts) row.getCell(column).value = text === '' ? null : text;
    const values = [fundingTotal(funding), funding.fiscalAppropriation, funding.specialAccountAppropriation, funding.otherFunds];
    AMOUNT_COLUMNS.forEach((column, i) => {
      const fen = values[i] ?? 0;
      const cell = row.getCell(column);
      cell.value = fen === 0 ? null : wanYuan(fen);
      cell.numFmt = amountFormat(fen);
    });
    for (let column = 1; column <= last; column++) {
      const cell = row.getCell(column);
      cell.border = THIN;
      cell.alignment = { vertical: 'top', wrapText: WRAPPED.has(column), horizontal: AMOUNT_COLUMNS.some((c) => c === column) ? 'right' : 'left' };
      if (style !== 'project') {
        cell.font = { bold: true };
        cell.fill = style === 'unit' ? UNIT_FILL : GRAND_FILL;
      }
    }
    row.height = rowHeight(texts);
    row.commit();
  };

  addRow(GRAND_TOTAL_LABEL, table.grandTotal.funding, '', '', 'grand');
  for (const unit of table.units) {
    addRow(unit.name, unit.funding, '', '', 'unit');
    for (const project of unit.projects) {
      addRow(project.name, project.funding, project.goal, formatIndicatorCell(project.indicators), 'project');
      // Lets the zip stream drain into `out` between rows of a large table.
      if (rowNumber % 100 === 0) await nextTurn();
    }
  }
  sheet.commit();

  if (options.metadata !== false) {
    const meta = workbook.addWorksheet(METADATA_SHEET_NAME);
    meta.columns = [{ width: 24 }, { width: 40 }, { width: 70 }];
    for (const [label, value] of metadataEntries(source)) {
      const row = meta.addRow([label, value]);
      row.getCell(1).font = { bold: true };
      row.commit();
    }
    const heads = chainHeadRows(source);
    if (heads.length > 0) {
      meta.addRow([]).commit();
      const head = meta.addRow([...CHAIN_HEAD_HEADER]);
      head.font = { bold: true };
      head.commit();
      for (const [streamId, version, hash] of heads) meta.addRow([streamId, Number(version), hash]).commit();
    }
    meta.commit();
  }
  await workbook.commit();
}

/** 分 → 万元 as a number: the only place money becomes a float, for the spreadsheet's sake. */
export function wanYuan(fen: Fen): number {
  return fen / FEN_PER_WAN_YUAN;
}

/** Two decimals; more only for an amount that has them (1 元 is 0.0001 万元), so no money is hidden by rounding. */
function amountFormat(fen: Fen): string {
  return fen % (FEN_PER_WAN_YUAN / 100) === 0 ? '0.00' : '0.00####';
}

/** Excel does not fit a row to wrapped text on opening a written file: estimate the lines. */
function rowHeight(texts: ReadonlyMap<number, string>): number {
  let lines = 1;
  for (const [column, text] of texts) {
    const width = WIDTHS[column - 1] ?? 10;
    lines = Math.max(lines, Math.ceil(displayWidth(text) / (width - 1)));
  }
  return Math.min(MAX_ROW_HEIGHT, Math.max(18, lines * LINE_HEIGHT + 4));
}

function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}
