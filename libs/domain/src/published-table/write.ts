import { DomainError } from '../errors';
import { formatWanYuan, fundingTotal, type Fen, type Funding } from '../money';
import { DISPLAY_UNIT, GRAND_TOTAL_LABEL, TABLE_HEADER, type PublishedIndicator, type PublishedTable, type PublishedUnit } from './model';

export interface WritePublishedTableOptions {
  /** Repeat the header, after a blank line, every this many rows (合计, unit and project rows). */
  readonly pageBreakEvery?: number;
}

/**
 * Writes the reference layout: title, 部门名称, 单位, the tab-separated header, 合计, then each
 * unit row followed by its project rows. Amounts have at least two decimals and a zero amount is
 * left blank. 总计 is written as derived from its parts, never copied from `writtenTotal`: the
 * published table must add up, and parsePublishedTable() reports sources that do not.
 */
export function writePublishedTable(table: PublishedTable, opts: WritePublishedTableOptions = {}): string {
  const every = opts.pageBreakEvery;
  if (every !== undefined && !(Number.isSafeInteger(every) && every > 0)) {
    throw new RangeError(`pageBreakEvery must be a positive integer, got ${every}`);
  }
  if (table.displayUnit !== DISPLAY_UNIT) {
    throw new DomainError('VALIDATION_FAILED', `只能以${DISPLAY_UNIT}为单位输出，不支持“${table.displayUnit}”`);
  }
  const header = TABLE_HEADER.join('\t');
  const rows = [amountRow(GRAND_TOTAL_LABEL, table.grandTotal.funding, '', ''), ...table.units.flatMap(unitRows)];
  const lines = [oneLine(table.title), '', `部门名称：${oneLine(table.departmentName)}`, '', `单位：${DISPLAY_UNIT}`, '', header];
  rows.forEach((row, i) => {
    if (every !== undefined && i > 0 && i % every === 0) lines.push('', header);
    lines.push(row);
  });
  return `${lines.join('\n')}\n`;
}

/**
 * The rows of one unit in the layout (its unit row, then its projects), one string per row; a
 * row whose texts hold a line break spans several lines, in quotes.
 */
export function unitRows(unit: PublishedUnit): string[] {
  return [
    amountRow(unit.name, unit.funding, '', ''),
    ...unit.projects.map((p) => amountRow(p.name, p.funding, p.goal, formatIndicatorCell(p.indicators))),
  ];
}

/**
 * `1、<一级>；<二级>；<三级>；实施周期指标值：<v>；年度指标值：<v>。2、...`, always with full-width `：`.
 * Texts are as written, line breaks included; the text layout quotes the cell that holds them.
 */
export function formatIndicatorCell(indicators: readonly PublishedIndicator[]): string {
  return indicators
    .map((x, i) => `${i + 1}、${x.level1}；${x.level2}；${x.name}；实施周期指标值：${x.periodTarget}；年度指标值：${x.annualTarget}。`)
    .join('');
}

function amountRow(name: string, funding: Funding, goal: string, indicators: string): string {
  const amounts = [fundingTotal(funding), funding.fiscalAppropriation, funding.specialAccountAppropriation, funding.otherFunds];
  return [cell(name), ...amounts.map(amount), cell(goal), cell(indicators)].join('\t');
}

function amount(fen: Fen): string {
  return fen === 0 ? '' : formatWanYuan(fen);
}

/**
 * A text cell as Excel writes one into tab-separated text: in quotes (`"` doubled) when it holds a
 * tab, a line break or starts with `"`, so parsePublishedTable reads back exactly what was written.
 */
function cell(text: string): string {
  return /[\t\r\n]/.test(text) || text.startsWith('"') ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Title and department stand on lines of their own, outside the table: no quotes there. */
function oneLine(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ');
}
