import { DomainError, type SourceRecord } from '@budget/domain';
import { attribute, decodeText, sharedStrings, stringItemText } from './xlsx-xml';
import { DEFAULT_XLSX_LIMITS, unreadable, type XlsxLimits, ZipArchive } from './xlsx-zip';

export { decodeText } from './xlsx-xml';
export { DEFAULT_XLSX_LIMITS, type XlsxLimits } from './xlsx-zip';

/**
 * A reader of .xlsx workbooks for imports and uploads, bounded in the work it does: the zip's
 * directory is read first, every part is inflated with a ceiling on what it may grow to (a
 * workbook of a few MB that inflates to GB is refused, not unpacked), and the rows of a worksheet
 * are scanned lazily, so the first rows (where a table names its department) can be read and
 * checked before the rest is. Reads what Excel, WPS and exceljs write: shared and inline strings
 * (rich text runs joined, phonetic runs left out), numbers, booleans, errors, formulas by their
 * cached result, dates by their number format, merged ranges, hidden sheets.
 *
 * Written for these imports instead of exceljs' reader, which inflates without a ceiling and
 * builds a full object model (≈ 3.5 × the time of the text import for a city's table).
 */

export interface XlsxSheet {
  readonly name: string;
  /** Hidden or very hidden in Excel. */
  readonly hidden: boolean;
  /**
   * The sheet's non-empty rows in order, each with its Excel row number as `line` and its cells
   * as text from column A (trailing empty cells dropped). The other cells of a merged range are
   * empty: on paper they are one cell. Scanned lazily: stopping early reads no further.
   */
  rows(): Generator<SourceRecord>;
}

export interface XlsxWorkbook {
  readonly sheets: readonly XlsxSheet[];
}


/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** For each cell style index, whether its number format shows a date. */
function dateStyles(xml: string | null): boolean[] {
  if (xml === null) return [];
  const custom = new Map<number, string>();
  const numFmt = /<(?:[A-Za-z_][\w.-]*:)?numFmt\b([^>]*?)\/?>/g;
  for (let m = numFmt.exec(xml); m; m = numFmt.exec(xml)) {
    const id = Number(attribute(m[1] ?? '', 'numFmtId'));
    custom.set(id, attribute(m[1] ?? '', 'formatCode') ?? '');
  }
  const xfs = /<(?:[A-Za-z_][\w.-]*:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?cellXfs>/.exec(xml)?.[1] ?? '';
  const out: boolean[] = [];
  const xf = /<(?:[A-Za-z_][\w.-]*:)?xf\b([^>]*?)\/?>/g;
  for (let m = xf.exec(xfs); m; m = xf.exec(xfs)) {
    const id = Number(attribute(m[1] ?? '', 'numFmtId') ?? '0');
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormatCode(code) : DATE_FORMAT_IDS.has(id));
  }
  return out;
}

/** `B12` → [12, 2]. */
function decodeAddress(ref: string): [number, number] | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  let column = 0;
  for (const ch of (m[1] ?? '').toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]), column];
}

/** Excel's serial day number (1900 system; 1904 when the workbook says so) as an ISO date. */
function serialDate(serial: number, date1904: boolean): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.round(serial * 86_400_000)).toISOString().slice(0, 10);
}

/** Amounts as shown: floating-point noise from Excel's arithmetic (302.20000000000005) rounded away at 4 decimals. */
export function numberText(n: number): string {
  const rounded = Math.round(n * 10_000) / 10_000;
  return String(Math.abs(rounded - n) < 1e-9 ? rounded : n);
}

interface SheetContext {
  readonly strings: () => readonly string[];
  readonly dates: () => readonly boolean[];
  readonly date1904: boolean;
  readonly limits: XlsxLimits;
}

/**
 * The merged ranges by row: for each row a range covers, its columns and its top-left cell. A
 * range may be as tall as the sheet, so the rows listed are bounded; a workbook that needs more
 * is refused.
 */
function mergedRanges(xml: string, limits: XlsxLimits): Map<number, [number, number, number, number][]> {
  const byRow = new Map<number, [number, number, number, number][]>();
  const at = xml.lastIndexOf('<mergeCells');
  if (at < 0) return byRow;
  let budget = 4 * limits.maxRows + 100_000;
  const merge = /<(?:[A-Za-z_][\w.-]*:)?mergeCell\b([^>]*?)\/?>/g;
  merge.lastIndex = at;
  for (let m = merge.exec(xml); m; m = merge.exec(xml)) {
    const [from, to] = (attribute(m[1] ?? '', 'ref') ?? '').split(':');
    const a = decodeAddress(from ?? '');
    const b = decodeAddress(to ?? from ?? '');
    if (!a || !b) continue;
    budget -= b[0] - a[0] + 1;
    if (budget < 0) throw new DomainError('TOO_LARGE', '工作表的合并单元格过多，无法导入，请取消整列或整行的合并后再导入', {});
    for (let r = a[0]; r <= b[0]; r++) {
      const list = byRow.get(r);
      const range: [number, number, number, number] = [a[1], b[1], a[0], a[1]];
      if (list) list.push(range);
      else byRow.set(r, [range]);
    }
  }
  return byRow;
}

/** Whether the cell is one of the other cells of a merged range (not its top-left one). */
function mergedAway(ranges: Map<number, [number, number, number, number][]>, row: number, column: number): boolean {
  const list = ranges.get(row);
  if (!list) return false;
  return list.some(([from, to, masterRow, masterColumn]) => column >= from && column <= to && (row !== masterRow || column !== masterColumn));
}

const ROW = /<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*?)(\/?)>/g;
const CELL = /<((?:[A-Za-z_][\w.-]*:)?)c\b([^>]*?)(\/?)>/g;
const VALUE = /<(?:[A-Za-z_][\w.-]*:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?v>/;
const INLINE = /<(?:[A-Za-z_][\w.-]*:)?is\b[^>]*>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?is>/;

function cellText(type: string | null, style: number, content: string, ctx: SheetContext): string {
  if (type === 'inlineStr') return stringItemText(INLINE.exec(content)?.[1] ?? '');
  // `<v>…</v>` as Excel writes it, else the general pattern (a prefix, attributes).
  const open = content.indexOf('<v>');
  const close = open >= 0 ? content.indexOf('</v>', open) : -1;
  const raw = close >= 0 ? content.slice(open + 3, close) : VALUE.exec(content)?.[1];
  if (raw === undefined) return type === null || type === 'n' ? '' : stringItemText(INLINE.exec(content)?.[1] ?? '');
  switch (type ?? 'n') {
    case 's':
      return ctx.strings()[Number(raw)] ?? '';
    case 'str':
    case 'e':
      return decodeText(raw).replace(/\r\n?/g, '\n');
    case 'b':
      return raw.trim() === '0' ? 'FALSE' : 'TRUE';
    case 'd':
      return decodeText(raw).slice(0, 10);
    default: {
      const n = Number(raw);
      if (!Number.isFinite(n)) return decodeText(raw);
      return ctx.dates()[style] ? serialDate(n, ctx.date1904) : numberText(n);
    }
  }
}

function* sheetRows(xml: string, ctx: SheetContext): Generator<SourceRecord> {
  const merged = mergedRanges(xml, ctx.limits);
  const dataStart = xml.indexOf('sheetData');
  if (dataStart < 0) return;
  const row = new RegExp(ROW.source, 'g');
  const cell = new RegExp(CELL.source, 'g');
  row.lastIndex = dataStart;
  let lastRow = 0;
  let count = 0;
  for (let r = row.exec(xml); r; r = row.exec(xml)) {
    const rowNumber = Number(attribute(r[1] ?? '', 'r') ?? lastRow + 1) || lastRow + 1;
    lastRow = rowNumber;
    if (r[2] === '/') continue;
    const contentStart = r.index + r[0].length;
    const closing = xml.indexOf('row>', contentStart);
    const contentEnd = closing < 0 ? xml.length : xml.lastIndexOf('<', closing);
    const cells: string[] = [];
    cell.lastIndex = contentStart;
    let column = 0;
    for (let c = cell.exec(xml); c && c.index < contentEnd; c = cell.exec(xml)) {
      const attributes = ` ${c[2] ?? ''}`;
      const address = decodeAddress(attribute(attributes, 'r') ?? '');
      column = address ? address[1] : column + 1;
      let content = '';
      if (c[3] !== '/') {
        const end = xml.indexOf(`</${c[1] ?? ''}c>`, c.index + c[0].length);
        content = xml.slice(c.index + c[0].length, end < 0 ? contentEnd : end);
        cell.lastIndex = end < 0 ? contentEnd : end;
      }
      if (mergedAway(merged, rowNumber, column)) continue;
      const text = cellText(attribute(attributes, 't'), Number(attribute(attributes, 's') ?? '0'), content, ctx);
      if (text === '') continue;
      while (cells.length < column - 1) cells.push('');
      cells[column - 1] = text;
    }
    row.lastIndex = closing < 0 ? xml.length : closing;
    if (cells.length === 0) continue;
    if (++count > ctx.limits.maxRows) {
      throw new DomainError('TOO_LARGE', `工作表超过${ctx.limits.maxRows}行，一次导入不能超过${ctx.limits.maxRows}行，请按部门分开导入`, { limit: ctx.limits.maxRows });
    }
    yield { line: rowNumber, cells };
  }
}

/** Where a relationship's target lives in the zip, from the folder of the part that names it. */
function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/');
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

export function openWorkbook(bytes: Buffer, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): XlsxWorkbook {
  if (bytes.length < 22) throw unreadable('文件不是xlsx（zip）格式，请在Excel中“另存为”Excel工作簿（.xlsx）');
  const zip = new ZipArchive(bytes, limits);
  const workbookXml = zip.text('xl/workbook.xml');
  if (workbookXml === null) throw unreadable('文件中没有工作簿（xl/workbook.xml），请在Excel中“另存为”Excel工作簿（.xlsx）');
  const relsXml = zip.text('xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map<string, { type: string; target: string }>();
  const rel = /<(?:[A-Za-z_][\w.-]*:)?Relationship\b([^>]*?)\/?>/g;
  for (let m = rel.exec(relsXml); m; m = rel.exec(relsXml)) {
    const id = attribute(m[1] ?? '', 'Id');
    const target = attribute(m[1] ?? '', 'Target');
    if (id && target) targets.set(id, { type: attribute(m[1] ?? '', 'Type') ?? '', target: resolveTarget('xl', target) });
  }
  const partOf = (suffix: string, fallback: string): string => [...targets.values()].find((t) => t.type.endsWith(`/${suffix}`))?.target ?? fallback;
  let strings: string[] | null = null;
  let dates: boolean[] | null = null;
  const ctx: SheetContext = {
    strings: () => (strings ??= sharedStrings(zip.text(partOf('sharedStrings', 'xl/sharedStrings.xml')))),
    dates: () => (dates ??= dateStyles(zip.text(partOf('styles', 'xl/styles.xml')))),
    date1904: /date1904\s*=\s*["'](?:1|true)["']/.test(workbookXml),
    limits,
  };
  const sheets: XlsxSheet[] = [];
  const sheet = /<(?:[A-Za-z_][\w.-]*:)?sheet\b([^>]*?)\/?>/g;
  for (let m = sheet.exec(workbookXml); m; m = sheet.exec(workbookXml)) {
    const attributes = m[1] ?? '';
    const id = /(?:^|\s)[\w]+:id\s*=\s*"([^"]*)"/.exec(attributes)?.[1] ?? '';
    const path = targets.get(id)?.target ?? `xl/worksheets/sheet${sheets.length + 1}.xml`;
    const state = attribute(attributes, 'state');
    let xml: string | null = null;
    sheets.push({
      name: attribute(attributes, 'name') ?? '',
      hidden: state === 'hidden' || state === 'veryHidden',
      rows: () => sheetRows((xml ??= zip.text(path) ?? ''), ctx),
    });
  }
  if (sheets.length === 0) throw unreadable('Excel文件中没有工作表');
  return { sheets };
}
