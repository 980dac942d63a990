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
 * Reads the published layout (domain.md "The published table's layout"). Everything readable is
 * read and every inconsistency is reported as an issue, never corrected; it throws
 * `DomainError('VALIDATION_FAILED')` only when the text is not such a table at all.
 */
export function parsePublishedTable(text: string): ParsedPublishedTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const issues: TableIssue[] = [];

  const headerIndex = lines.findIndex(looksLikeHeader);
  if (headerIndex < 0) {
    throw new DomainError('VALIDATION_FAILED', `不是项目支出绩效目标表：找不到表头“${TABLE_HEADER.join(' ')}”`, { line: null });
  }
  if (!headerMatches(lines[headerIndex] ?? '')) {
    throw new DomainError('VALIDATION_FAILED', `表头列不符，应为：${TABLE_HEADER.join(' ')}`, { line: headerIndex + 1 });
  }
  const preamble = readPreamble(lines.slice(0, headerIndex), issues);

  let grand: Row | null = null;
  const rows: Row[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const lineNo = i + 1;
    if (line.trim() === '') continue;
    if (looksLikeHeader(line)) {
      // The header is repeated at every page break.
      if (!headerMatches(line)) issues.push({ line: lineNo, code: 'PARSE', message: '此处重复的表头与第一页的表头列不同' });
      continue;
    }
    const cells = line.split('\t');
    if (cells.length === 1) {
      issues.push({ line: lineNo, code: 'PARSE', message: `无法识别的行（没有用制表符分列）：“${abbreviate(line.trim())}”` });
      continue;
    }
    const extra = cells.slice(TABLE_HEADER.length).filter((c) => c.trim() !== '');
    if (extra.length > 0) {
      issues.push({ line: lineNo, code: 'PARSE', message: `本行多出${extra.length}个非空列，已忽略：“${abbreviate(extra.join(' '))}”` });
    }
    const row = readRow(cells, lineNo, issues);
    if (row.name === GRAND_TOTAL_LABEL) {
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

// ---- preamble and rows -------------------------------------------------------------------

function halfWidthCompact(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');
}

const HEADER_KEYS = TABLE_HEADER.map(halfWidthCompact);

function looksLikeHeader(line: string): boolean {
  return halfWidthCompact(line.split('\t')[0] ?? '').startsWith('项目名称');
}

function headerMatches(line: string): boolean {
  const cells = line.split('\t').map(halfWidthCompact);
  while (cells.length > HEADER_KEYS.length && cells[cells.length - 1] === '') cells.pop();
  return cells.length === HEADER_KEYS.length && cells.every((c, i) => c === HEADER_KEYS[i]);
}

function readPreamble(lines: readonly string[], issues: TableIssue[]): { title: string; departmentName: string } {
  let title: string | null = null;
  let department: string | null = null;
  let displayUnit: { text: string; line: number } | null = null;
  for (const [i, line] of lines.entries()) {
    for (const cell of line.split('\t').map((c) => c.trim())) {
      if (cell === '') continue;
      const dept = /^部门名称\s*[：:]\s*(.*)$/.exec(cell);
      const unit = /^(?:金额)?单位\s*[：:]\s*(.*)$/.exec(cell);
      if (dept) department = (dept[1] ?? '').trim();
      else if (unit) displayUnit = { text: (unit[1] ?? '').trim(), line: i + 1 };
      else if (title === null) title = cell;
      else issues.push({ line: i + 1, code: 'PARSE', message: `表头之前无法识别的内容：“${abbreviate(cell)}”` });
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

function readRow(cells: readonly string[], line: number, issues: TableIssue[]): Row {
  const name = (cells[0] ?? '').trim();
  const amount = (index: number): Fen => {
    const raw = cells[index] ?? '';
    const r = parseWanYuan(raw, { blankIsZero: true });
    if (r.ok) return r.value;
    issues.push({
      line,
      code: 'A02',
      message: `“${name}”的${TABLE_HEADER[index] ?? ''}无法读取，按0计：${r.message}`,
      actual: raw.trim(),
    });
    return 0;
  };
  return {
    line,
    name,
    writtenTotal: amount(1),
    funding: { fiscalAppropriation: amount(2), specialAccountAppropriation: amount(3), otherFunds: amount(4) },
    goal: (cells[5] ?? '').trim(),
    indicatorCell: cells[6] ?? '',
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

/**
 * Reads `1、<一级>；<二级>；<三级>；实施周期指标值：<v>；年度指标值：<v>。2、...`. Items are cut
 * only at `。N、` with N the next number and only once the item holds its 年度指标值, so values
 * with `、`, `；`, `。` or digits survive; `：` and `:` are both accepted after the labels; values
 * keep their inner spaces.
 */
export function parseIndicatorCell(cell: string): { readonly indicators: PublishedIndicator[]; readonly problems: string[] } {
  const problems: string[] = [];
  const body = cell.trim();
  if (body === '') return { indicators: [], problems };
  const opening = /^1\s*、/.exec(body);
  if (!opening) problems.push('应以“1、”开头');
  const items = splitItems(body, opening ? opening[0].length : 0);
  const indicators = items.map((item, i) => parseItem(item, i + 1, problems));
  return { indicators, problems };
}

function splitItems(body: string, from: number): string[] {
  const items: string[] = [];
  let start = from;
  for (let n = 2; ; n++) {
    const marker = new RegExp(`。\\s*${n}\\s*、`, 'g');
    marker.lastIndex = start;
    let cut: RegExpExecArray | null = null;
    let fallback: RegExpExecArray | null = null;
    for (let m = marker.exec(body); m; m = marker.exec(body)) {
      fallback ??= m;
      if (ANNUAL_LABEL.test(body.slice(start, m.index))) {
        cut = m;
        break;
      }
    }
    // An item without its 年度指标值 is cut at the first marker, so it does not swallow the rest.
    cut ??= fallback;
    if (!cut) break;
    items.push(body.slice(start, cut.index));
    start = cut.index + cut[0].length;
  }
  // The cell's closing 。 ends the last item; it is not part of its 年度指标值.
  items.push(body.slice(start).replace(/。\s*$/, ''));
  return items;
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
