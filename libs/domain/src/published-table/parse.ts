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
  readonly funding: Funding;
  readonly writtenTotal: Fen;
  readonly goal: string;
  readonly indicatorCell: string;
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
export function parsePublishedTable(text: string): ParsedPublishedTable {
  const body = text.replace(/^\uFEFF/, '');
  return parseRecords(readRecords(body, delimiterOf(body)));
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
export function parsePublishedRecords(records: readonly SourceRecord[]): ParsedPublishedTable {
  return parseRecords(records);
}

function parseRecords(records: readonly SourceRecord[]): ParsedPublishedTable {
  const issues: TableIssue[] = [];

  const headerIndex = records.findIndex(looksLikeHeader);
  if (headerIndex < 0) {
    throw new DomainError('VALIDATION_FAILED', `不是项目支出绩效目标表：找不到表头“${TABLE_HEADER.join(' ')}”`, { line: null });
  }
  const headerRecord = records[headerIndex];
  const columns = mapHeader(headerRecord?.cells ?? [], headerRecord?.line ?? null);
  const preamble = readPreamble(records.slice(0, headerIndex), issues);

  let grand: Row | null = null;
  const rows: Row[] = [];
  for (const record of records.slice(headerIndex + 1)) {
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
    if (GRAND_TOTAL_LABELS.has(halfWidthCompact(row.name))) {
      if (grand) issues.push({ line: lineNo, code: 'PARSE', message: '重复的“合计”行，已忽略' });
      else grand = row;
      continue;
    }
    if (row.name === '') issues.push({ line: lineNo, code: 'PARSE', message: '项目名称（资金使用单位）为空' });
    rows.push(row);
  }
  if (!grand) issues.push({ line: null, code: 'PARSE', message: '缺少“合计”行' });

  for (const row of grand ? [grand, ...rows] : rows) checkRowTotal(row, issues);

  const units = groupIntoUnits(rows, issues);
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
  const header = text.split(/\r\n|\r|\n/).find((l) => halfWidthCompact(l).replace(/^"/, '').startsWith('项目'));
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
export function readRecords(text: string, delimiter: '\t' | ','): SourceRecord[] {
  const records: SourceRecord[] = [];
  const cellEnd = CELL_END[delimiter];
  const n = text.length;
  let pos = 0;
  let line = 1;
  for (;;) {
    const recordLine = line;
    const cells: string[] = [];
    for (;;) {
      const quoted = text.charCodeAt(pos) === 34 ? readQuoted(text, pos, delimiter) : null;
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
      if (text[pos] !== delimiter) break;
      pos++;
    }
    records.push({ line: recordLine, cells });
    if (pos >= n) break;
    pos += text[pos] === '\r' && text[pos + 1] === '\n' ? 2 : 1;
    line++;
    if (pos >= n) break;
  }
  return records;
}

/** A quoted cell from the `"` at `start`: its text, where it ends (after the closing quote), how many lines it spans. */
function readQuoted(text: string, start: number, delimiter: string): { value: string; end: number; lineBreaks: number } | null {
  let value = '';
  let chunk = start + 1;
  let from = chunk;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return null;
    if (text[q + 1] === '"') {
      value += text.slice(chunk, q + 1);
      from = chunk = q + 2;
      continue;
    }
    const after = text[q + 1];
    if (after === undefined || after === delimiter || after === '\n' || after === '\r') {
      value += text.slice(chunk, q);
      const raw = text.slice(start, q);
      const lineBreaks = (raw.match(/\r\n|\r|\n/g) ?? []).length;
      return { value: value.replace(/\r\n?/g, '\n'), end: q + 1, lineBreaks };
    }
    // A quote inside the text that closes nothing stays a character.
    from = q + 1;
  }
}

// ---- preamble, header and rows --------------------------------------------------------------

function halfWidthCompact(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]+/g, '');
}

type Column = 'name' | 'total' | 'fiscal' | 'special' | 'other' | 'goal' | 'indicators';

/**
 * Header labels departments use for each column, compared without spaces and in half width, and
 * after a trailing `(万元)`. The first of each list is the canonical label (TABLE_HEADER).
 */
export const HEADER_SYNONYMS: Readonly<Record<Column, readonly string[]>> = {
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
  const keys: Column[] = ['name', 'total', 'fiscal', 'special', 'other', 'goal', 'indicators'];
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
  return COLUMN_BY_LABEL.get(headerKey(first)) === 'name' || halfWidthCompact(first).startsWith('项目名称');
}

const GRAND_TOTAL_LABELS = new Set([GRAND_TOTAL_LABEL, '总计', '总合计', '合计数']);

const DEPARTMENT_LINE = /^(?:部门名称|预算部门|主管部门|部门)\s*[：:]\s*(.*?)\s*(?:(?:金额)?单位\s*[：:]\s*(\S*)\s*)?$/;
const DISPLAY_UNIT_LINE = /^(?:金额)?单位\s*[：:]\s*(.*)$/;

function readPreamble(records: readonly SourceRecord[], issues: TableIssue[]): { title: string; departmentName: string } {
  let title: string | null = null;
  let department: string | null = null;
  let displayUnit: { text: string; line: number } | null = null;
  for (const record of records) {
    for (const cell of record.cells.map((c) => c.trim())) {
      if (cell === '') continue;
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
function groupIntoUnits(rows: readonly Row[], issues: TableIssue[]): PublishedUnit[] {
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
    units.push({ name: '', funding: ZERO_FUNDING, writtenTotal: 0, line: orphans[0]?.line ?? 0, projects: orphans.map((r) => toProject(r, issues)) });
  }

  const starts = rows.map((r, i) => (i >= first && !isSurelyProject(r) ? i : -1)).filter((i) => i >= 0);
  const prefix = prefixSums(rows);
  // How far unit row `unit` is from the sum of rows unit+1 .. end-1, over the four amount columns.
  const mismatch = (unit: number, end: number): number =>
    AMOUNTS.reduce((sum, amount, c) => {
      const unitRow = rows[unit];
      const projects = (prefix[end]?.[c] ?? 0) - (prefix[unit + 1]?.[c] ?? 0);
      return sum + (unitRow ? Math.abs(amount.of(unitRow) - projects) : 0);
    }, 0);

  interface Reading {
    readonly matches: number;
    readonly mismatches: number;
    readonly discrepancy: number;
    readonly emptyUnits: number;
    readonly units: number;
    readonly next: number;
  }
  const better = (a: Reading, b: Reading): boolean =>
    a.matches !== b.matches
      ? a.matches > b.matches
      : a.mismatches !== b.mismatches
        ? a.mismatches < b.mismatches
        : a.discrepancy !== b.discrepancy
          ? a.discrepancy < b.discrepancy
          : a.emptyUnits !== b.emptyUnits
            ? a.emptyUnits < b.emptyUnits
            : a.units > b.units;
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
    const exact = (endsBySums.get(exactKey) ?? []).filter((end) => end > start);
    const candidates = new Set([...ends.slice(a + 1, a + 1 + MISMATCH_LOOKAHEAD), ...exact]);
    let chosen: Reading | null = null;
    for (const end of candidates) {
      const rest = best.get(end);
      if (!rest) continue;
      const d = mismatch(start, end);
      const reading: Reading = {
        matches: rest.matches + (d === 0 ? 1 : 0),
        mismatches: rest.mismatches + (d > 0 ? 1 : 0),
        discrepancy: rest.discrepancy + d,
        emptyUnits: rest.emptyUnits + (end === start + 1 ? 1 : 0),
        units: rest.units + 1,
        next: end,
      };
      if (!chosen || better(reading, chosen)) chosen = reading;
    }
    if (chosen) best.set(start, chosen);
  }

  for (let start = first; start < rows.length; ) {
    const next = best.get(start)?.next ?? rows.length;
    const unitRow = rows[start];
    if (!unitRow) break;
    const projects = rows.slice(start + 1, next).map((r) => toProject(r, issues));
    const unit: PublishedUnit = { name: unitRow.name, funding: unitRow.funding, writtenTotal: unitRow.writtenTotal, line: unitRow.line, projects };
    checkSumOfProjects(unit, `单位“${unit.name}”`, projects, issues);
    units.push(unit);
    start = next;
  }
  return units;
}

function prefixSums(rows: readonly Row[]): number[][] {
  const prefix: number[][] = [AMOUNTS.map(() => 0)];
  rows.forEach((row, i) => {
    const before = prefix[i] ?? [];
    prefix.push(AMOUNTS.map((a, c) => (before[c] ?? 0) + a.of(row)));
  });
  return prefix;
}

function toProject(row: Row, issues: TableIssue[]): PublishedProject {
  const { indicators, problems } = parseIndicatorCell(row.indicatorCell);
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
const ANNUAL_LABELS = /年度指标值/g;

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
/** What may stand before a marker: the end of the previous item (`。`, `；`) or a line break. */
const BEFORE_MARKER = '(?:[。；;]\\s*|\\s*[\\r\\n]\\s*)';
const NUMBERINGS: readonly { readonly opening: RegExp; readonly next: RegExp }[] = [
  `(${D})\\s*、`,
  `(${D})\\s*[.．](?![0-9０-９](?![-－]))`,
  `[（(]\\s*(${D})\\s*[）)]`,
  `(${D})\\s*[）)]`,
].map((marker) => ({ opening: new RegExp(`^${marker}`), next: new RegExp(`${BEFORE_MARKER}${marker}`, 'g') }));
/** The start of an item written without a number: a 一级 label. */
const LEVEL1_START = /^\s*(?:[0-9０-９]\s*[-－]\s*)?(?:产出|效益|满意度|成本|项目完成|项目效益|社会公众或服务对象满意度)指标/;

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
 */
export function parseIndicatorCell(cell: string): { readonly indicators: PublishedIndicator[]; readonly problems: string[] } {
  const problems: string[] = [];
  const body = cell.trim();
  if (body === '') return { indicators: [], problems };
  const numbering = NUMBERINGS.map((style) => ({ style, m: style.opening.exec(body) })).find((x) => x.m);
  let items: string[];
  if (numbering?.m) {
    const first = numberOf(numbering.m[1] ?? '');
    if (first !== 1) problems.push(`编号应从1开始，实为“${numbering.m[0].trim()}”`);
    items = splitNumbered(body, numbering.style.next, numbering.m[0].length, first, problems);
  } else {
    items = splitUnnumbered(body);
  }
  items.forEach((item, i) => {
    const labels = item.match(ANNUAL_LABELS)?.length ?? 0;
    if (labels > 1) {
      problems.push(`第${i + 1}项含有${labels}个“年度指标值”，编号与指标条目不一致（可能漏写或跳过了编号），未拆分，请核对`);
    }
  });
  const indicators = items.map((item, i) => parseItem(item, i + 1, problems));
  return { indicators, problems };
}

function splitNumbered(body: string, any: RegExp, from: number, first: number, problems: string[]): string[] {
  const items: string[] = [];
  let start = from;
  for (let n = first + 1; ; n++) {
    any.lastIndex = start;
    let cut: RegExpExecArray | null = null;
    let fallback: RegExpExecArray | null = null;
    let skipped: RegExpExecArray | null = null;
    for (let m = any.exec(body); m; m = any.exec(body)) {
      const k = numberOf(m[1] ?? '');
      const complete = ANNUAL_LABEL.test(body.slice(start, m.index));
      if (k === n) {
        fallback ??= m;
        if (complete) {
          cut = m;
          break;
        }
      } else if (k > n && complete && !skipped && !fallback) {
        skipped = m;
      }
    }
    // An item without its 年度指标值 is cut at the next number, so it does not swallow the rest.
    cut ??= fallback;
    if (!cut && skipped) {
      const k = numberOf(skipped[1] ?? '');
      problems.push(`编号不连续：第${items.length + 1}项之后是“${k}”，缺少编号${n}${k - 1 > n ? `至${k - 1}` : ''}`);
      cut = skipped;
      n = k;
    }
    if (!cut) break;
    items.push(endOfItem(body.slice(start, cut.index)));
    start = cut.index + cut[0].length;
  }
  items.push(endOfItem(body.slice(start)));
  return items;
}

function splitUnnumbered(body: string): string[] {
  const items: string[] = [];
  const separator = /[。；;]|\r?\n/g;
  let start = 0;
  for (let m = separator.exec(body); m; m = separator.exec(body)) {
    const next = m.index + m[0].length;
    if (!ANNUAL_LABEL.test(body.slice(start, m.index)) || !LEVEL1_START.test(body.slice(next))) continue;
    items.push(endOfItem(body.slice(start, m.index)));
    start = next;
  }
  items.push(endOfItem(body.slice(start)));
  return items;
}

/** The cell's closing `。` (or `；`) ends the last item; it is not part of its 年度指标值. */
function endOfItem(item: string): string {
  return item.replace(/[。；;\s]+$/, '');
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
