import { DomainError } from '../errors';
import { formatWanYuan, fundingTotal, parseWanYuan, ZERO_FUNDING, type Fen, type Funding } from '../money';
import {
  DISPLAY_UNIT,
  GRAND_TOTAL_LABEL,
  TABLE_HEADER,
  type PublishedIndicator,
  type PublishedProject,
  type PublishedTable,
  type PublishedUnit,
  type TableIssue,
} from './model';

export interface ParsedPublishedTable {
  readonly table: PublishedTable;
  readonly issues: readonly TableIssue[];
}

interface Row {
  readonly line: number;
  readonly name: string;
  /** The unit column's cell, in layouts that have one (资金使用单位 beside 项目名称); '' otherwise. */
  readonly unit: string;
  readonly funding: Funding;
  readonly writtenTotal: Fen;
  readonly goal: string;
  readonly indicatorCell: string;
}

/**
 * How much one reading may take on: a request that asks for more is refused with TOO_LARGE
 * (413) before the work is done, never left to run. The defaults of the pure functions are no
 * limits; the intake service passes its configured ones (IMPORT_MAX_ROWS, …).
 */
export interface ImportLimits {
  /** Rows of the table, every line or worksheet row counted. */
  readonly maxRows: number;
  /** Indicators of the whole table. */
  readonly maxIndicators: number;
  /** Characters of one cell (Excel's own limit is 32,767). */
  readonly maxCellChars: number;
}

export const NO_LIMITS: ImportLimits = { maxRows: Infinity, maxIndicators: Infinity, maxCellChars: Infinity };

/** What the intake service allows per import unless configured otherwise: a 20,000-project city fits. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxRows: 50_000, maxIndicators: 500_000, maxCellChars: 32_767 };

export function checkCellSize(cell: string, line: number, limits: ImportLimits): void {
  if (cell.length > limits.maxCellChars) {
    throw new DomainError(
      'TOO_LARGE',
      `第${line}行有一个单元格长${cell.length}个字符，超过上限${limits.maxCellChars}个字符（Excel单元格最多32767个字符），请检查该行是否缺少分隔符或引号`,
      { line, limit: limits.maxCellChars },
    );
  }
}

export function checkRowCount(rows: number, limits: ImportLimits): void {
  if (rows > limits.maxRows) {
    throw new DomainError('TOO_LARGE', `表格超过${limits.maxRows}行，一次导入不能超过${limits.maxRows}行，请按部门分开导入`, { limit: limits.maxRows });
  }
}

function checkIndicatorCount(indicators: number, limits: ImportLimits): void {
  if (indicators > limits.maxIndicators) {
    throw new DomainError('TOO_LARGE', `表格的绩效指标超过${limits.maxIndicators}条，一次导入不能超过${limits.maxIndicators}条，请按部门分开导入`, {
      limit: limits.maxIndicators,
    });
  }
}

/** The four amount columns in table order, and how to read each from a row. */
const AMOUNTS: readonly { readonly label: string; readonly of: (r: Pick<Row, 'funding' | 'writtenTotal'>) => Fen }[] = [
  { label: '总计', of: (r) => r.writtenTotal },
  { label: '财政拨款', of: (r) => r.funding.fiscalAppropriation },
  { label: '财政专户拨款', of: (r) => r.funding.specialAccountAppropriation },
  { label: '其他资金', of: (r) => r.funding.otherFunds },
];

/**
 * Reads the published layout (domain.md "The published table's layout") and the variants
 * departments use: tab- or comma-separated (what Excel exports, with quoted cells that hold line
 * breaks), header labels from a table of synonyms (a column that is not there is empty), `-` or
 * `—` for a zero amount, `合 计`/`总计` for the 合计 row, `预算部门：` for `部门名称：` and
 * `单位：万元` on the department's line. Everything readable is read and every inconsistency is
 * reported as an issue, never corrected; it throws `DomainError('VALIDATION_FAILED')` only when
 * the text is not such a table at all, or its header has a column it does not know.
 */
export function parsePublishedTable(text: string, options: ParseOptions = {}): ParsedPublishedTable {
  const body = text.replace(/^\uFEFF/, '');
  const limits = options.limits ?? NO_LIMITS;
  return parseRecords(readRecords(body, delimiterOf(body), limits), limits);
}

export interface ParseOptions {
  readonly limits?: ImportLimits;
}

/** One row of the source: its cells and the 1-based line it starts on. */
export interface SourceRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * The same reading over rows that come from elsewhere (an xlsx worksheet): cells as text, line
 * numbers as the source counts them.
 */
export function parsePublishedRecords(records: readonly SourceRecord[], options: ParseOptions = {}): ParsedPublishedTable {
  const limits = options.limits ?? NO_LIMITS;
  checkRowCount(records.length, limits);
  for (const record of records) for (const cell of record.cells) checkCellSize(cell, record.line, limits);
  return parseRecords(records, limits);
}

/**
 * The department a table names, read from its first rows only (up to the header), so that who
 * may import it is decided before its body is read. Null when no `部门名称：…` line comes
 * before a header within those rows.
 */
export function publishedDepartmentOf(records: Iterable<SourceRecord>, maxRows = 200): string | null {
  const preamble: SourceRecord[] = [];
  for (const record of records) {
    if (looksLikeHeader(record)) {
      try {
        return readPreamble(preamble, []).departmentName.trim();
      } catch {
        return null;
      }
    }
    preamble.push(record);
    if (preamble.length >= maxRows) return null;
  }
  return null;
}

/** publishedDepartmentOf for a table as text: reads its first 64 KB at most, and of those the rows before the header. */
export function publishedDepartmentOfText(text: string): string | null {
  const head = text.replace(/^\uFEFF/, '').slice(0, 64 * 1024);
  return publishedDepartmentOf(readRecords(head, delimiterOf(head)));
}

function parseRecords(records: readonly SourceRecord[], limits: ImportLimits): ParsedPublishedTable {
  const issues: TableIssue[] = [];

  const headerIndex = records.findIndex(looksLikeHeader);
  if (headerIndex < 0) {
    throw new DomainError('VALIDATION_FAILED', `不是项目支出绩效目标表：找不到表头“${TABLE_HEADER.join(' ')}”`, { line: null });
  }
  const headerRecord = records[headerIndex];
  const columns = mapHeader(headerRecord?.cells ?? [], headerRecord?.line ?? null);
  const preamble = readPreamble(records.slice(0, headerIndex), issues);
  const unitColumn = columns.at.unit !== undefined;

  let grand: Row | null = null;
  const rows: Row[] = [];
  for (let r = headerIndex + 1; r < records.length; r++) {
    const record = records[r];
    if (!record) continue;
    const { cells, line: lineNo } = record;
    if (cells.every((c) => c.trim() === '')) continue;
    if (looksLikeHeader(record)) {
      // The header is repeated at every page break.
      if (!sameColumns(tryMapHeader(cells), columns)) issues.push({ line: lineNo, code: 'PARSE', message: '此处重复的表头与第一页的表头列不同' });
      continue;
    }
    if (cells.length === 1) {
      issues.push({ line: lineNo, code: 'PARSE', message: `无法识别的行（没有用制表符分列）：“${abbreviate((cells[0] ?? '').trim())}”` });
      continue;
    }
    const extra = cells.filter((c, i) => !columns.used.has(i) && c.trim() !== '');
    if (extra.length > 0) {
      issues.push({ line: lineNo, code: 'PARSE', message: `本行多出${extra.length}个非空列，已忽略：“${abbreviate(extra.join(' '))}”` });
    }
    const row = readRow(cells, columns, lineNo, issues);
    const label = unitColumn && row.name === '' ? row.unit : row.name;
    if (GRAND_TOTAL_LABELS.has(halfWidthCompact(label))) {
      if (grand) issues.push({ line: lineNo, code: 'PARSE', message: '重复的“合计”行，已忽略' });
      else grand = row;
      continue;
    }
    if (row.name === '' && !(unitColumn && row.unit !== '')) issues.push({ line: lineNo, code: 'PARSE', message: '项目名称（资金使用单位）为空' });
    rows.push(row);
  }
  if (!grand) issues.push({ line: null, code: 'PARSE', message: '缺少“合计”行' });

  for (const row of grand ? [grand, ...rows] : rows) checkRowTotal(row, issues);

  const count = { indicators: 0, limits };
  const units = unitColumn ? groupByUnitColumn(rows, issues, count) : groupIntoUnits(rows, issues, count);
  if (grand) checkGrandTotal(grand, units, issues);

  return {
    table: {
      title: preamble.title,
      departmentName: preamble.departmentName,
      displayUnit: DISPLAY_UNIT,
      grandTotal: grand ? { funding: grand.funding, writtenTotal: grand.writtenTotal } : { funding: ZERO_FUNDING, writtenTotal: 0 },
      units,
    },
    issues: sortByLine(issues),
  };
}

// ---- records: lines, or what Excel writes -------------------------------------------------

/** Tab-separated unless the header line has commas and no tab (Excel's CSV). */
function delimiterOf(text: string): '\t' | ',' {
  const header = text
    .slice(0, 1024 * 1024)
    .split(/\r\n|\r|\n/)
    .find((l) => halfWidthCompact(l).replace(/^"/, '').startsWith('项目') || l.includes('项目名称'));
  return header !== undefined && !header.includes('\t') && header.includes(',') ? ',' : '\t';
}

/** Where an unquoted cell ends: the next delimiter or line end. */
const CELL_END = { '\t': /[\t\r\n]/g, ',': /[,\r\n]/g } as const;

/**
 * Splits text into rows of cells. A cell that starts with `"` is quoted as Excel quotes it: it
 * may hold delimiters and line breaks, and `""` stands for one `"`; a quote that is never closed
 * is just a character. A row starts on the line where its first cell starts, which is the line
 * issues name. Linear in the text: cells are sliced, never built character by character.
 */
export function readRecords(text: string, delimiter: '\t' | ',', limits: ImportLimits = NO_LIMITS): SourceRecord[] {
  const records: SourceRecord[] = [];
  const cellEnd = CELL_END[delimiter];
  const quotes = new QuoteScanner(text, delimiter);
  const n = text.length;
  let pos = 0;
  let line = 1;
  for (;;) {
    const recordLine = line;
    const cells: string[] = [];
    for (;;) {
      const quoted = text.charCodeAt(pos) === 34 ? quotes.read(pos) : null;
      if (quoted) {
        cells.push(quoted.value);
        line += quoted.lineBreaks;
        pos = quoted.end;
      } else {
        cellEnd.lastIndex = pos;
        const end = cellEnd.exec(text)?.index ?? n;
        cells.push(text.slice(pos, end));
        pos = end;
      }
      checkCellSize(cells[cells.length - 1] ?? '', recordLine, limits);
      if (text[pos] !== delimiter) break;
      pos++;
    }
    records.push({ line: recordLine, cells });
    checkRowCount(records.length, limits);
    if (pos >= n) break;
    pos += text[pos] === '\r' && text[pos + 1] === '\n' ? 2 : 1;
    line++;
    if (pos >= n) break;
  }
  return records;
}

/**
 * Finds where a quoted cell closes. Reading from the `"` after the opening one: `""` is a quote
 * inside the text, a `"` before a delimiter, a line break or the end closes the cell, any other
 * `"` is a character. Where that walk goes from a given quote does not depend on where the cell
 * started, so each quote's outcome is remembered: a text full of quotes that close nothing
 * (`"a\t"b\t"c…`) is walked once, not once per cell.
 */
class QuoteScanner {
  /** Every `"` of the text, in order; found on the first quoted cell. */
  private quotes: Int32Array | null = null;
  /** Per quote (by its place in `quotes`): the closing quote its walk reaches, -1 for none, -2 not known yet. */
  private closing: Int32Array | null = null;

  constructor(
    private readonly text: string,
    private readonly delimiter: string,
  ) {}

  read(start: number): { value: string; end: number; lineBreaks: number } | null {
    const close = this.closeFrom(start + 1);
    if (close < 0) return null;
    const raw = this.text.slice(start + 1, close);
    let lineBreaks = 0;
    for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) lineBreaks++;
    for (let i = raw.indexOf('\r'); i >= 0; i = raw.indexOf('\r', i + 1)) if (raw[i + 1] !== '\n') lineBreaks++;
    return { value: raw.replace(/""/g, '"').replace(/\r\n?/g, '\n'), end: close + 1, lineBreaks };
  }

  private prepare(): { quotes: Int32Array; closing: Int32Array } {
    if (this.quotes && this.closing) return { quotes: this.quotes, closing: this.closing };
    const { text } = this;
    let n = 0;
    for (let q = text.indexOf('"'); q >= 0; q = text.indexOf('"', q + 1)) n++;
    const quotes = new Int32Array(n);
    n = 0;
    for (let q = text.indexOf('"'); q >= 0; q = text.indexOf('"', q + 1)) quotes[n++] = q;
    this.quotes = quotes;
    this.closing = new Int32Array(n).fill(-2);
    return { quotes, closing: this.closing };
  }

  /** The closing quote of a walk that starts looking at `from`, or -1. */
  private closeFrom(from: number): number {
    const { text, delimiter } = this;
    const { quotes, closing } = this.prepare();
    // The first quote at or after `from`.
    let lo = 0;
    let hi = quotes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((quotes[mid] ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    let result = -1;
    let o = lo;
    for (; o < quotes.length; ) {
      const known = closing[o] ?? -2;
      if (known !== -2) {
        result = known;
        break;
      }
      const q = quotes[o] ?? 0;
      const after = text[q + 1];
      // `""`: the next quote is the second of the pair; the walk goes on after it.
      if (after === '"') {
        o += 2;
        continue;
      }
      if (after === undefined || after === delimiter || after === '\n' || after === '\r') {
        result = q;
        break;
      }
      o += 1;
    }
    // Every quote this walk stood on leads to the same place.
    for (let v = lo; v < o && v < quotes.length; ) {
      if (closing[v] !== -2) break;
      closing[v] = result;
      const q = quotes[v] ?? 0;
      v += text[q + 1] === '"' ? 2 : 1;
    }
    return result;
  }
}

// ---- preamble, header and rows --------------------------------------------------------------

function halfWidthCompact(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]+/g, '');
}

type Column = 'unit' | 'name' | 'total' | 'fiscal' | 'special' | 'other' | 'goal' | 'indicators';

/**
 * Header labels departments use for each column, compared without spaces and in half width, and
 * after a trailing `(万元)`. The first of each list is the canonical label (TABLE_HEADER).
 */
export const HEADER_SYNONYMS: Readonly<Record<Column, readonly string[]>> = {
  /**
   * A column of its own for the unit, in layouts that list projects under a unit column (in a
   * workbook often one cell merged down over the unit's projects) instead of unit rows.
   */
  unit: ['资金使用单位', '资金使用单位名称', '单位名称', '预算单位', '预算单位名称', '使用单位', '单位'],
  name: ['项目名称（资金使用单位）', '项目名称', '项目名称（单位）', '单位/项目名称', '单位及项目名称', '项目（单位）名称', '单位名称/项目名称'],
  total: ['总计', '合计', '资金总额', '金额合计', '预算金额', '总额', '预算总额', '资金合计', '项目资金总额'],
  fiscal: ['财政拨款', '一般公共预算', '一般公共预算拨款', '一般公共预算资金', '财政拨款资金', '财政资金', '财政拨款收入'],
  special: ['财政专户拨款', '财政专户', '财政专户管理资金', '财政专户资金', '财政专户拨款资金'],
  other: ['其他资金', '其他', '其他收入', '单位自筹', '自筹资金', '其他来源资金'],
  goal: ['绩效目标', '年度绩效目标', '项目绩效目标', '年度目标', '绩效目标（年度）'],
  indicators: ['绩效指标', '年度绩效指标', '绩效指标及指标值', '项目绩效指标', '指标及指标值'],
};

const COLUMN_BY_LABEL = new Map<string, Column>(
  (Object.entries(HEADER_SYNONYMS) as [Column, readonly string[]][]).flatMap(([column, labels]) =>
    labels.map((label) => [headerKey(label), column] as const),
  ),
);

function headerKey(label: string): string {
  return halfWidthCompact(label).replace(/\(万元\)$/, '');
}

interface Columns {
  readonly at: Readonly<Partial<Record<Column, number>>>;
  readonly used: ReadonlySet<number>;
}

function tryMapHeader(cells: readonly string[]): { columns: Columns; unknown: string[]; duplicate: string[] } {
  const at: Partial<Record<Column, number>> = {};
  const unknown: string[] = [];
  const duplicate: string[] = [];
  cells.forEach((raw, i) => {
    const key = headerKey(raw);
    if (key === '') return;
    const column = COLUMN_BY_LABEL.get(key);
    if (!column) unknown.push(raw.trim());
    else if (at[column] !== undefined) duplicate.push(raw.trim());
    else at[column] = i;
  });
  return { columns: { at, used: new Set(Object.values(at)) }, unknown, duplicate };
}

function sameColumns(a: { columns: Columns; unknown: string[] }, b: Columns): boolean {
  const keys: Column[] = ['unit', 'name', 'total', 'fiscal', 'special', 'other', 'goal', 'indicators'];
  return a.unknown.length === 0 && keys.every((k) => a.columns.at[k] === b.at[k]);
}

const EXPECTED_COLUMNS = `应为：${TABLE_HEADER.join(' ')}（财政专户拨款、其他资金、总计可缺省）`;

function mapHeader(cells: readonly string[], line: number | null): Columns {
  const { columns, unknown, duplicate } = tryMapHeader(cells);
  if (unknown.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `表头列不符：无法识别“${unknown.join('”“')}”。${EXPECTED_COLUMNS}`, { line });
  }
  if (duplicate.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `表头列不符：“${duplicate.join('”“')}”重复。${EXPECTED_COLUMNS}`, { line });
  }
  const missing = (['goal', 'indicators'] as const).filter((c) => columns.at[c] === undefined).map((c) => HEADER_SYNONYMS[c][0]);
  if (columns.at.total === undefined && columns.at.fiscal === undefined) missing.push('总计或财政拨款');
  if (missing.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `表头列不符：缺少“${missing.join('”“')}”列。${EXPECTED_COLUMNS}`, { line });
  }
  return columns;
}

function looksLikeHeader(record: SourceRecord): boolean {
  const first = record.cells.find((c) => c.trim() !== '') ?? '';
  if (first.length > 100) return false;
  const column = COLUMN_BY_LABEL.get(headerKey(first));
  if (column === 'name' || halfWidthCompact(first).startsWith('项目名称')) return true;
  // A unit column first: a header only when a project name column follows.
  return column === 'unit' && record.cells.some((c) => c.length <= 100 && COLUMN_BY_LABEL.get(headerKey(c)) === 'name');
}

const GRAND_TOTAL_LABELS = new Set([GRAND_TOTAL_LABEL, '总计', '总合计', '合计数']);

const DEPARTMENT_LINE = /^(?:部门名称|预算部门|主管部门|部门)\s*[：:]\s*(.*?)\s*(?:(?:金额)?单位\s*[：:]\s*(\S*)\s*)?$/;
const DISPLAY_UNIT_LINE = /^(?:金额)?单位\s*[：:]\s*(.*)$/;

/** No title or 部门名称 line is longer; longer cells are not matched against the patterns. */
const MAX_PREAMBLE_CELL = 1000;

function readPreamble(records: readonly SourceRecord[], issues: TableIssue[]): { title: string; departmentName: string } {
  let title: string | null = null;
  let department: string | null = null;
  let displayUnit: { text: string; line: number } | null = null;
  for (const record of records) {
    for (const cell of record.cells.map((c) => c.trim())) {
      if (cell === '') continue;
      if (cell.length > MAX_PREAMBLE_CELL) {
        issues.push({ line: record.line, code: 'PARSE', message: `表头之前无法识别的内容（${cell.length}个字符）：“${abbreviate(cell)}”` });
        continue;
      }
      const dept = DEPARTMENT_LINE.exec(cell);
      const unit = DISPLAY_UNIT_LINE.exec(cell);
      if (dept) {
        department = (dept[1] ?? '').trim();
        if (dept[2] !== undefined) displayUnit = { text: dept[2].trim(), line: record.line };
      } else if (unit) displayUnit = { text: (unit[1] ?? '').trim(), line: record.line };
      else if (title === null) title = cell;
      else issues.push({ line: record.line, code: 'PARSE', message: `表头之前无法识别的内容：“${abbreviate(cell)}”` });
    }
  }
  if (department === null) {
    throw new DomainError('VALIDATION_FAILED', '不是项目支出绩效目标表：表头之前缺少“部门名称：…”行', { line: null });
  }
  if (department === '') issues.push({ line: null, code: 'PARSE', message: '部门名称为空' });
  if (title === null) issues.push({ line: null, code: 'PARSE', message: '缺少表名' });
  if (displayUnit === null) {
    issues.push({ line: null, code: 'PARSE', message: `缺少“单位：${DISPLAY_UNIT}”行，金额按${DISPLAY_UNIT}读取` });
  } else if (displayUnit.text !== DISPLAY_UNIT) {
    // Reading 元 figures as 万元 would misstate every amount ten-thousandfold: refuse instead.
    throw new DomainError('VALIDATION_FAILED', `金额单位“${displayUnit.text}”不受支持，只能读取以${DISPLAY_UNIT}为单位的表`, {
      line: displayUnit.line,
    });
  }
  return { title: title ?? '', departmentName: department };
}

/** A dash in an amount cell is how many tables write a zero. */
const ZERO_DASH = /^(?:-+|—+|–+|－+)$/;

function readRow(cells: readonly string[], columns: Columns, line: number, issues: TableIssue[]): Row {
  const cellOf = (column: Column): string => {
    const at = columns.at[column];
    return at === undefined ? '' : (cells[at] ?? '');
  };
  const name = cellOf('name').trim();
  const unit = cellOf('unit').trim();
  const amount = (column: Column, label: string): Fen => {
    const raw = cellOf(column);
    const r = parseWanYuan(ZERO_DASH.test(raw.trim()) ? '' : raw, { blankIsZero: true });
    if (r.ok) return r.value;
    issues.push({
      line,
      code: 'A02',
      message: `“${name}”的${label}无法读取，按0计：${r.message}`,
      actual: raw.trim(),
    });
    return 0;
  };
  const written = columns.at.total === undefined ? null : amount('total', '总计');
  const funding = {
    fiscalAppropriation: amount('fiscal', '财政拨款'),
    specialAccountAppropriation: amount('special', '财政专户拨款'),
    otherFunds: amount('other', '其他资金'),
  };
  return {
    line,
    name,
    unit,
    // Without a 总计 column, the total is what the parts add up to: there is nothing for A01.
    writtenTotal: written ?? fundingTotal(funding),
    funding,
    goal: cellOf('goal').trim(),
    indicatorCell: cellOf('indicators'),
  };
}

// ---- units and projects ------------------------------------------------------------------

function isSurelyProject(row: Row): boolean {
  return row.goal !== '' || row.indicatorCell.trim() !== '';
}

/** How many later candidate unit rows a unit that does not add up may extend over. */
const MISMATCH_LOOKAHEAD = 64;

/**
 * A unit row and a goal-less project row look alike (`ZXRCBT`), so the totals decide. Rows with
 * a goal or indicators are always projects; every goal-less row may start a unit. Of all ways to
 * start units there, we take the one where the most units equal the sum of their projects, then
 * the fewest units that do not, then the smallest total disagreement, then the fewest units
 * without projects, then the most units.
 *
 * A greedy "fill the unit until it adds up" reading goes wrong as soon as one amount is off: the
 * unit never adds up and swallows the next unit. Minimising the disagreement alone does too (a
 * unit short of 50.00 gets closer by swallowing the next units). Counting units that add up keeps
 * a wrong amount confined to its own unit, where the A03 issue then points.
 */
function groupIntoUnits(rows: readonly Row[], issues: TableIssue[], count: IndicatorCount): PublishedUnit[] {
  const units: PublishedUnit[] = [];
  let first = rows.findIndex((r) => !isSurelyProject(r));
  if (first < 0) first = rows.length;
  const orphans = rows.slice(0, first);
  if (orphans.length > 0) {
    issues.push({
      line: orphans[0]?.line ?? null,
      code: 'PARSE',
      message: `以下${orphans.length}个项目之前没有资金使用单位行，已归入无名单位`,
    });
    units.push({ name: '', funding: ZERO_FUNDING, writtenTotal: 0, line: orphans[0]?.line ?? 0, projects: orphans.map((r) => toProject(r, issues, count)) });
  }

  const starts = rows.map((r, i) => (i >= first && !isSurelyProject(r) ? i : -1)).filter((i) => i >= 0);
  const prefix = prefixSums(rows);
  const own = rows.map((r) => AMOUNTS.map((a) => a.of(r)));
  // How far unit row `unit` is from the sum of rows unit+1 .. end-1, over the four amount columns.
  const mismatch = (unit: number, end: number): number => {
    const written = own[unit];
    const to = prefix[end];
    const from = prefix[unit + 1];
    if (!written || !to || !from) return 0;
    let sum = 0;
    for (let c = 0; c < written.length; c++) sum += Math.abs((written[c] ?? 0) - ((to[c] ?? 0) - (from[c] ?? 0)));
    return sum;
  };

  interface Reading {
    readonly matches: number;
    readonly mismatches: number;
    readonly discrepancy: number;
    readonly emptyUnits: number;
    readonly units: number;
    readonly next: number;
  }
  const best = new Map<number, Reading>([[rows.length, { matches: 0, mismatches: 0, discrepancy: 0, emptyUnits: 0, units: 0, next: rows.length }]]);
  const ends = [...starts, rows.length];
  const endsBySums = new Map<string, number[]>();
  for (const end of ends) {
    const key = (prefix[end] ?? []).join(',');
    const same = endsBySums.get(key);
    if (same) same.push(end);
    else endsBySums.set(key, [end]);
  }
  for (let a = starts.length - 1; a >= 0; a--) {
    const start = starts[a] ?? 0;
    const unitRow = rows[start];
    // A unit that does not add up is only tried over the next few candidate rows (a longer one
    // would swallow dozens of units); one that adds up exactly is found wherever it ends, through
    // the prefix sums, so the search stays linear in practice.
    const exactKey = AMOUNTS.map((amount, c) => (prefix[start + 1]?.[c] ?? 0) + (unitRow ? amount.of(unitRow) : 0)).join(',');
    // The next candidate unit rows, then the exact ends beyond them (both ascending, so no end twice).
    const window = ends.slice(a + 1, a + 1 + MISMATCH_LOOKAHEAD);
    const last = window[window.length - 1] ?? start;
    const exact = endsAfter(endsBySums.get(exactKey) ?? [], last, MISMATCH_LOOKAHEAD);
    let chosen: Reading | null = null;
    for (const list of [window, exact]) {
      for (const end of list) {
        const rest = best.get(end);
        if (!rest) continue;
        const d = mismatch(start, end);
        const matches = rest.matches + (d === 0 ? 1 : 0);
        const mismatches = rest.mismatches + (d > 0 ? 1 : 0);
        const discrepancy = rest.discrepancy + d;
        const emptyUnits = rest.emptyUnits + (end === start + 1 ? 1 : 0);
        const units = rest.units + 1;
        // Compared field by field before a reading is made: most candidates lose.
        if (
          chosen &&
          !(matches !== chosen.matches
            ? matches > chosen.matches
            : mismatches !== chosen.mismatches
              ? mismatches < chosen.mismatches
              : discrepancy !== chosen.discrepancy
                ? discrepancy < chosen.discrepancy
                : emptyUnits !== chosen.emptyUnits
                  ? emptyUnits < chosen.emptyUnits
                  : units > chosen.units)
        ) {
          continue;
        }
        chosen = { matches, mismatches, discrepancy, emptyUnits, units, next: end };
      }
    }
    if (chosen) best.set(start, chosen);
  }

  for (let start = first; start < rows.length; ) {
    const next = best.get(start)?.next ?? rows.length;
    const unitRow = rows[start];
    if (!unitRow) break;
    const projects = rows.slice(start + 1, next).map((r) => toProject(r, issues, count));
    const unit: PublishedUnit = { name: unitRow.name, funding: unitRow.funding, writtenTotal: unitRow.writtenTotal, line: unitRow.line, projects };
    checkSumOfProjects(unit, `单位“${unit.name}”`, projects, issues);
    units.push(unit);
    start = next;
  }
  return units;
}

/**
 * The first `max` ends after `start` of an ascending list. Rows of zeros give every end the same
 * sums, so the list of exact ends can be as long as the table: it is cut, which keeps the search
 * linear (an exact end beyond a run of `max` others that add up as well is not tried).
 */
function endsAfter(sorted: readonly number[], start: number, max: number): number[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) <= start) lo = mid + 1;
    else hi = mid;
  }
  return sorted.slice(lo, lo + max);
}

/**
 * The layout with a unit column: each row is a project of the unit its unit cell names; a blank
 * unit cell (the other rows of a cell merged down over the unit's projects, or a blank meaning
 * "as above") continues the unit of the row above. A row with a unit and no project name (or
 * 小计) is the unit's subtotal, checked like a unit row; without one the unit's amounts are the
 * sums of its projects. A unit that comes back after others is the same unit: its projects join
 * it, and an issue says so.
 */
function groupByUnitColumn(rows: readonly Row[], issues: TableIssue[], count: IndicatorCount): PublishedUnit[] {
  interface Building {
    name: string;
    line: number;
    subtotal: Row | null;
    projects: PublishedProject[];
  }
  const units: Building[] = [];
  const byName = new Map<string, Building>();
  let current = null as Building | null;
  for (const row of rows) {
    if (row.unit !== '' && row.unit !== current?.name) {
      const known = byName.get(row.unit);
      if (known) {
        issues.push({ line: row.line, code: 'PARSE', message: `单位“${row.unit}”的项目不相连（第${known.line}行起已有该单位），已并入该单位` });
        current = known;
      } else {
        current = { name: row.unit, line: row.line, subtotal: null, projects: [] };
        units.push(current);
        byName.set(row.unit, current);
      }
    }
    if (!current) {
      current = { name: '', line: row.line, subtotal: null, projects: [] };
      units.push(current);
      byName.set('', current);
      issues.push({ line: row.line, code: 'PARSE', message: '此行之前没有资金使用单位，已归入无名单位' });
    }
    if (SUBTOTAL_LABELS.has(halfWidthCompact(row.name)) && (row.name !== '' || row.unit !== '')) {
      if (current.subtotal) issues.push({ line: row.line, code: 'PARSE', message: `单位“${current.name}”有多个小计行，已忽略此行` });
      else current.subtotal = row;
      continue;
    }
    current.projects.push(toProject(row, issues, count));
  }
  return units.map((u) => {
    const funding = u.subtotal?.funding ?? sumFunding(u.projects.map((p) => p.funding));
    const unit: PublishedUnit = {
      name: u.name,
      funding,
      writtenTotal: u.subtotal?.writtenTotal ?? fundingTotal(funding),
      line: u.subtotal?.line ?? u.line,
      projects: u.projects,
    };
    if (u.subtotal) checkSumOfProjects(unit, `单位“${unit.name}”`, u.projects, issues);
    return unit;
  });
}

/** Project names that mark a unit's subtotal row in the unit-column layout ('' too: a unit with amounts and no project). */
const SUBTOTAL_LABELS = new Set(['', '小计', '单位小计']);

function sumFunding(all: readonly Funding[]): Funding {
  return all.reduce(
    (s, f) => ({
      fiscalAppropriation: s.fiscalAppropriation + f.fiscalAppropriation,
      specialAccountAppropriation: s.specialAccountAppropriation + f.specialAccountAppropriation,
      otherFunds: s.otherFunds + f.otherFunds,
    }),
    ZERO_FUNDING,
  );
}

interface IndicatorCount {
  indicators: number;
  readonly limits: ImportLimits;
}

function prefixSums(rows: readonly Row[]): number[][] {
  const prefix: number[][] = [AMOUNTS.map(() => 0)];
  rows.forEach((row, i) => {
    const before = prefix[i] ?? [];
    prefix.push(AMOUNTS.map((a, c) => (before[c] ?? 0) + a.of(row)));
  });
  return prefix;
}

function toProject(row: Row, issues: TableIssue[], count: IndicatorCount): PublishedProject {
  const { indicators, problems } = parseIndicatorCell(row.indicatorCell);
  count.indicators += indicators.length;
  checkIndicatorCount(count.indicators, count.limits);
  for (const problem of problems) {
    issues.push({ line: row.line, code: 'PARSE', message: `项目“${row.name}”的绩效指标：${problem}` });
  }
  return { name: row.name, funding: row.funding, writtenTotal: row.writtenTotal, goal: row.goal, indicators, line: row.line };
}

// ---- checks --------------------------------------------------------------------------------

function checkRowTotal(row: Row, issues: TableIssue[]): void {
  const derived = fundingTotal(row.funding);
  if (derived === row.writtenTotal) return;
  issues.push({
    line: row.line,
    code: 'A01',
    message: `“${row.name}”的总计${formatWanYuan(row.writtenTotal)}不等于财政拨款、财政专户拨款、其他资金之和${formatWanYuan(derived)}`,
    expected: formatWanYuan(derived),
    actual: formatWanYuan(row.writtenTotal),
  });
}

function checkSumOfProjects(
  owner: { readonly funding: Funding; readonly writtenTotal: Fen; readonly line: number },
  who: string,
  projects: readonly PublishedProject[],
  issues: TableIssue[],
): void {
  for (const { label, of } of AMOUNTS) {
    const written = of(owner);
    const sum = projects.reduce((s, p) => s + of(p), 0);
    if (written === sum) continue;
    issues.push({
      line: owner.line,
      code: 'A03',
      message: `${who}的${label}${formatWanYuan(written)}与其项目之和${formatWanYuan(sum)}不一致`,
      expected: formatWanYuan(sum),
      actual: formatWanYuan(written),
    });
  }
}

function checkGrandTotal(grand: Row, units: readonly PublishedUnit[], issues: TableIssue[]): void {
  checkSumOfProjects(grand, '合计', units.flatMap((u) => u.projects), issues);
}

function sortByLine(issues: readonly TableIssue[]): TableIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity) || a.i - b.i)
    .map(({ issue }) => issue);
}

function abbreviate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

// ---- the indicator cell ------------------------------------------------------------------

const PERIOD_LABEL = /(?:[；;]\s*)?实施周期指标值\s*[：:]?/;
const ANNUAL_LABEL = /(?:[；;]\s*)?年度指标值\s*[：:]?/;

/** Half-width digits of `１２` or `12`. */
function numberOf(digits: string): number {
  return Number(digits.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

const D = '[0-9０-９]+';
/**
 * How items are numbered: `1、`, `1.` (not a decimal: `1.1-产出指标` is item 1 of 1-产出指标,
 * `2.5万元` is no item), `（1）`/`(1)`, `1）`/`1)`. Each as the pattern of a marker with its
 * number captured.
 */
/**
 * Each numbering's marker: at the start of the cell (`opening`), and anywhere (`marker`, never
 * starting inside a run of digits). A marker after the first starts an item only when the end
 * of the previous item (`。`, `；`) or a line break stands before it, with spaces around
 * (markerAfterItem).
 */
const NUMBERINGS: readonly { readonly opening: RegExp; readonly marker: RegExp }[] = [
  `(${D})\\s*、`,
  `(${D})\\s*[.．](?![0-9０-９](?![-－]))`,
  `[（(]\\s*(${D})\\s*[）)]`,
  `(${D})\\s*[）)]`,
].map((marker) => ({ opening: new RegExp(`^${marker}`), marker: new RegExp(`(?<![0-9０-９])${marker}`, 'g') }));
/** The start of an item written without a number: a 一级 label (after any spaces, skipped before). */
const LEVEL1_START = /(?:[0-9０-９]\s*[-－]\s*)?(?:产出|效益|满意度|成本|项目完成|项目效益|社会公众或服务对象满意度)指标/y;
const ANNUAL = '年度指标值';

/**
 * Reads `1、<一级>；<二级>；<三级>；实施周期指标值：<v>；年度指标值：<v>。2、...` and the variants
 * of real tables: items numbered `1、`, `1.`, `（1）`, `1）` (also in full-width digits), ended
 * by `。`, `；` or a line break; or not numbered at all, one item per line or after `；`, each
 * starting with its 一级. An item is cut only at the next number (or, unnumbered, the next 一级)
 * once it holds its 年度指标值, so values with `、`, `；`, `。` or digits survive; `：` and `:`
 * are both accepted after the labels; values keep their inner spaces and line breaks.
 *
 * Whenever the numbering and the items disagree (a number skipped or repeated, two 年度指标值 in
 * one item because a number is missing) it says so in `problems`; it never merges silently.
 *
 * Linear in the length of the cell: the markers and the 年度指标值 labels are found in one pass
 * each, and every later step moves forward through those lists.
 */
export function parseIndicatorCell(cell: string): { readonly indicators: PublishedIndicator[]; readonly problems: string[] } {
  const problems: string[] = [];
  const body = cell.trim();
  if (body === '') return { indicators: [], problems };
  const numbering = NUMBERINGS.map((style) => ({ style, m: style.opening.exec(body) })).find((x) => x.m);
  const annual = new AnnualLabels(body);
  let items: string[];
  if (numbering?.m) {
    const first = numberOf(numbering.m[1] ?? '');
    if (first !== 1) problems.push(`编号应从1开始，实为“${numbering.m[0].trim()}”`);
    items = splitNumbered(body, numbering.style.marker, numbering.m[0].length, first, annual, problems);
  } else {
    items = splitUnnumbered(body, annual);
  }
  items.forEach((item, i) => {
    const labels = countOf(item, ANNUAL);
    if (labels > 1) {
      problems.push(`第${i + 1}项含有${labels}个“年度指标值”，编号与指标条目不一致（可能漏写或跳过了编号），未拆分，请核对`);
    }
  });
  const indicators = items.map((item, i) => parseItem(item, i + 1, problems));
  return { indicators, problems };
}

function countOf(text: string, word: string): number {
  let n = 0;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) n++;
  return n;
}

/** Where the cell's 年度指标值 labels are, to answer "does [from, to) hold one?" in O(1) as `from` moves forward. */
class AnnualLabels {
  private readonly at: number[] = [];
  private next = 0;

  constructor(body: string) {
    for (let i = body.indexOf(ANNUAL); i >= 0; i = body.indexOf(ANNUAL, i + 1)) this.at.push(i);
  }

  /** Where the first label that starts at or after `from` ends, or Infinity; `from` never decreases between calls. */
  endAfter(from: number): number {
    while (this.next < this.at.length && (this.at[this.next] ?? 0) < from) this.next++;
    const at = this.at[this.next];
    return at === undefined ? Infinity : at + ANNUAL.length;
  }
}

interface Marker {
  readonly index: number;
  readonly end: number;
  readonly k: number;
}

/**
 * Where the separator before a marker at `at` starts: the `。`/`；` just before it (spaces
 * between allowed), or the run of spaces holding a line break; null when neither stands there.
 * Walks back over the spaces only, which no other marker's walk crosses.
 */
function separatorBefore(body: string, at: number, floor: number): number | null {
  let i = at;
  let lineBreak = false;
  while (i > floor && /\s/.test(body[i - 1] ?? '')) {
    i--;
    if (body[i] === '\n' || body[i] === '\r') lineBreak = true;
  }
  if (i > floor && /[。；;]/.test(body[i - 1] ?? '')) return i - 1;
  return lineBreak ? i : null;
}

interface Marker {
  /** Where the separator before the marker starts: the item before it ends here. */
  readonly index: number;
  /** After the marker: the next item starts here. */
  readonly end: number;
  readonly k: number;
}

function splitNumbered(body: string, marker: RegExp, from: number, first: number, annual: AnnualLabels, problems: string[]): string[] {
  // Every marker after the opening one, once, in order. An item starts where one of them ends.
  const markers: Marker[] = [];
  const byNumber = new Map<number, number[]>();
  let floor = from;
  marker.lastIndex = from;
  for (let m = marker.exec(body); m; m = marker.exec(body)) {
    const index = separatorBefore(body, m.index, floor);
    if (index === null) continue;
    const k = numberOf(m[1] ?? '');
    const same = byNumber.get(k);
    if (same) same.push(markers.length);
    else byNumber.set(k, [markers.length]);
    markers.push({ index, end: m.index + m[0].length, k });
    floor = m.index + m[0].length;
  }
  /** Per number, how far into its list the items have moved. */
  const passed = new Map<number, number>();
  let cursor = 0;
  const items: string[] = [];
  let start = from;
  for (let n = first + 1; ; n++) {
    while (cursor < markers.length && (markers[cursor]?.index ?? 0) < start) cursor++;
    // A marker at or after `complete` ends an item that already holds its 年度指标值.
    const complete = annual.endAfter(start);
    let cutAt: number | null = null;
    const list = byNumber.get(n) ?? [];
    let j = passed.get(n) ?? 0;
    while (j < list.length && (list[j] ?? 0) < cursor) j++;
    passed.set(n, j);
    if (j < list.length) {
      // The first `n` once the item holds its 年度指标值; else the first `n` at all, so an item
      // without its 年度指标值 does not swallow the rest.
      let c = j;
      while (c < list.length && (markers[list[c] ?? 0]?.index ?? 0) < complete) c++;
      cutAt = list[c < list.length ? c : j] ?? null;
    } else {
      // No `n` after this item: a later number once the item is complete means numbers were skipped.
      let i = cursor;
      while (i < markers.length && ((markers[i]?.index ?? 0) < complete || (markers[i]?.k ?? 0) <= n)) i++;
      const skipped = markers[i];
      if (skipped) {
        problems.push(`编号不连续：第${items.length + 1}项之后是“${skipped.k}”，缺少编号${n}${skipped.k - 1 > n ? `至${skipped.k - 1}` : ''}`);
        cutAt = i;
        n = skipped.k;
      }
    }
    const cut = cutAt === null ? undefined : markers[cutAt];
    if (!cut) break;
    items.push(endOfItem(body.slice(start, cut.index)));
    start = cut.end;
  }
  items.push(endOfItem(body.slice(start)));
  return items;
}

function splitUnnumbered(body: string, annual: AnnualLabels): string[] {
  const items: string[] = [];
  const separator = /[。；;]|\r?\n/g;
  const spaces = /\s*/y;
  // [next, spacesEnd) of the last separator was all spaces: a separator inside it skips to the same place.
  let spacesEnd = 0;
  let start = 0;
  for (let m = separator.exec(body); m; m = separator.exec(body)) {
    const next = m.index + m[0].length;
    if (annual.endAfter(start) > m.index) continue;
    // Skip the spaces after the separator, then the item must start with its 一级.
    if (next > spacesEnd) {
      spaces.lastIndex = next;
      spaces.exec(body);
      spacesEnd = spaces.lastIndex;
    }
    LEVEL1_START.lastIndex = Math.max(next, spacesEnd);
    if (!LEVEL1_START.test(body)) continue;
    items.push(endOfItem(body.slice(start, m.index)));
    start = next;
  }
  items.push(endOfItem(body.slice(start)));
  return items;
}

/** The cell's closing `。` (or `；`) ends the last item; it is not part of its 年度指标值. */
function endOfItem(item: string): string {
  // By hand: a pattern anchored at the end would retry every position of a long run of spaces.
  let end = item.length;
  while (end > 0 && /[。；;\s]/.test(item[end - 1] ?? '')) end--;
  return item.slice(0, end);
}

function parseItem(item: string, n: number, problems: string[]): PublishedIndicator {
  const period = PERIOD_LABEL.exec(item);
  const afterPeriod = period ? period.index + period[0].length : 0;
  const annualMatch = ANNUAL_LABEL.exec(item.slice(afterPeriod));
  const annualAt = annualMatch ? afterPeriod + annualMatch.index : null;
  if (!period) problems.push(`第${n}项缺少“实施周期指标值”`);
  if (annualAt === null || !annualMatch) problems.push(`第${n}项缺少“年度指标值”`);

  const headEnd = period ? period.index : (annualAt ?? item.length);
  const head = /^([^；;]*)[；;]([^；;]*)[；;]([\s\S]*)$/.exec(item.slice(0, headEnd));
  if (!head) problems.push(`第${n}项应写作“一级指标；二级指标；三级指标”`);
  const [level1, level2, name] = head ? [head[1], head[2], head[3]] : ['', '', item.slice(0, headEnd)];

  return {
    level1: (level1 ?? '').trim(),
    level2: (level2 ?? '').trim(),
    name: (name ?? '').trim(),
    periodTarget: period ? item.slice(afterPeriod, annualAt ?? item.length).trim() : '',
    annualTarget: annualAt !== null && annualMatch ? item.slice(annualAt + annualMatch[0].length).trim() : '',
  };
}
