import { FEN_PER_WAN_YUAN, MAX_WAN_YUAN, type Fen, type Funding } from '../money';
import { type PublishedTable } from '../published-table/model';
import { type SheetContent } from '../sheet/sheet.types';
import { type RuleConfig } from './config';
import { type Finding } from './finding';
import { finding, wan, type RuleContext } from './support';

/*
 * Amount rules A01–A04. Amounts are integer 分 (money.ts); sums here go through BigInt, so they
 * are exact however many rows a table has and never throw on data.
 */

const PARTS = [
  ['fiscalAppropriation', '财政拨款'],
  ['specialAccountAppropriation', '财政专户拨款'],
  ['otherFunds', '其他资金'],
] as const;

/** 1 元 = 100 分: A02's "at most 4 decimals in 万元". */
const FEN_PER_TEN_THOUSANDTH_WAN = FEN_PER_WAN_YUAN / 10_000;
const MAX_FEN = MAX_WAN_YUAN * FEN_PER_WAN_YUAN;

/** Why an amount in 分 is not a valid 万元 amount (A02), or null when it is. */
export function amountProblem(fen: number): string | null {
  if (typeof fen !== 'number' || !Number.isFinite(fen)) return '不是有效数字';
  if (fen < 0) return '不能为负数';
  if (!Number.isSafeInteger(fen)) return fen > MAX_FEN ? '金额过大' : '不是整数分';
  if (fen > MAX_FEN) return '金额过大';
  if (fen % FEN_PER_TEN_THOUSANDTH_WAN !== 0) return '以万元计超过4位小数（精确到元）';
  return null;
}

function validFunding(f: Funding): boolean {
  return PARTS.every(([key]) => amountProblem(f[key]) === null);
}

/** Exact sum, or null when a value is not an amount in 分 (A02 reports those). */
function sum(values: readonly number[]): bigint | null {
  let total = 0n;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) return null;
    total += BigInt(v);
  }
  return total;
}

/**
 * A01: an imported 总计 (context.writtenTotal) equals 财政拨款 + 财政专户拨款 + 其他资金. The
 * system derives 总计 itself, so without a written total there is nothing to compare. Invalid
 * amounts are A02's and skip this check.
 */
export function ruleA01TotalMatchesParts(content: SheetContent, _config?: RuleConfig, context: RuleContext = {}): Finding[] {
  const written = context.writtenTotal;
  if (written === undefined || amountProblem(written) !== null || !validFunding(content.funding)) return [];
  const derived = sum(PARTS.map(([key]) => content.funding[key]));
  if (derived === null || BigInt(written) === derived) return [];
  return [
    finding(
      'A01',
      'funding.total',
      `填写的总计${wan(written)}万元不等于财政拨款、财政专户拨款、其他资金之和${wan(derived)}万元。总计由系统按三项之和计算，请核对各项金额。`,
      { writtenTotal: written, derivedTotal: Number(derived), writtenTotalWan: wan(written), derivedTotalWan: wan(derived) },
    ),
  ];
}

/**
 * A02: every amount is a number ≥ 0 with at most 4 decimals in 万元. Amounts are integer 分, so
 * this fails for a negative, non-integer or unsafe number, one above money.ts's MAX_WAN_YUAN, and
 * one with odd 分 (1 分 is 0.000001 万元, six decimals; 4 decimals of 万元 is whole 元).
 * An imported written total (context.writtenTotal) is checked as `funding.total`.
 */
export function ruleA02AmountsValid(content: SheetContent, _config?: RuleConfig, context: RuleContext = {}): Finding[] {
  const out: Finding[] = [];
  for (const [key, label] of PARTS) {
    const value = content.funding[key];
    const problem = amountProblem(value);
    if (problem) out.push(finding('A02', `funding.${key}`, `${label}${problem}。金额以万元填写，不小于0，最多4位小数。`, { [key]: value }));
  }
  if (context.writtenTotal !== undefined) {
    const problem = amountProblem(context.writtenTotal);
    if (problem) {
      out.push(finding('A02', 'funding.total', `总计${problem}。金额以万元填写，不小于0，最多4位小数。`, { writtenTotal: context.writtenTotal }));
    }
  }
  return out;
}

/** A04: a project whose 总计 is 0. */
export function ruleA04ZeroTotal(content: SheetContent): Finding[] {
  if (!validFunding(content.funding)) return [];
  if (sum(PARTS.map(([key]) => content.funding[key])) !== 0n) return [];
  return [finding('A04', 'funding.total', '项目总计为0，请确认项目是否安排资金。', { total: 0 })];
}

// ---- A03: totals over several projects --------------------------------------------------------

/** A stated row (a unit's, or the department's 合计) with its 总计 as written, when there is one. */
export interface StatedAmounts {
  readonly funding: Funding;
  /** The 总计 as written; when absent, the row's own derived total is compared. */
  readonly writtenTotal?: Fen;
}

/**
 * A03 for one owner: each of 财政拨款, 财政专户拨款, 其他资金 and 总计 equals the sum over its
 * projects. A project's 总计 is its derived total (the system never takes a typed one), so a
 * project whose written 总计 is off is A01's finding, not this one's. Fields are
 * `<path>.funding.<part>` and `<path>.funding.total`. Usable by the report with SheetContents.
 */
export function checkSumOfProjects(path: string, who: string, stated: StatedAmounts, projects: readonly Funding[]): Finding[] {
  const out: Finding[] = [];
  const statedTotal = stated.writtenTotal ?? sum(PARTS.map(([key]) => stated.funding[key]));
  const columns: readonly (readonly [string, string, number | bigint | null, bigint | null])[] = [
    ...PARTS.map(([key, label]) => [key, label, stated.funding[key], sum(projects.map((p) => p[key]))] as const),
    ['total', '总计', statedTotal, sum(projects.flatMap((p) => PARTS.map(([key]) => p[key])))] as const,
  ];
  for (const [key, label, written, expected] of columns) {
    // An amount that is not in 分 is A02's business; nothing exact can be said about its sum.
    if (written === null || expected === null || (typeof written === 'number' && !Number.isSafeInteger(written))) continue;
    if (BigInt(written) === expected) continue;
    out.push(
      finding('A03', `${path}.funding.${key}`, `${who}的${label}${wan(written)}万元与其项目之和${wan(expected)}万元不一致。`, {
        stated: Number(written),
        sumOfProjects: Number(expected),
        statedWan: wan(written),
        sumOfProjectsWan: wan(expected),
        projectCount: projects.length,
      }),
    );
  }
  return out;
}

/**
 * The checks a published table needs beyond its sheets: A03 for every unit against its projects
 * (`units[i]…`) and for the 合计 row against all projects (`grandTotal…`), and A01 on those rows
 * (their written 总计 against their own three parts). A01 on project rows goes through
 * evaluateRules() with `context.writtenTotal`, one sheet at a time. Findings come unit by unit,
 * 合计 last.
 */
export function checkTableTotals(table: PublishedTable): Finding[] {
  const out: Finding[] = [];
  table.units.forEach((unit, i) => {
    const who = `单位“${unit.name}”`;
    out.push(...rowTotal(`units[${i}]`, who, unit.funding, unit.writtenTotal));
    out.push(...checkSumOfProjects(`units[${i}]`, who, unit, unit.projects.map((p) => p.funding)));
  });
  const grand = table.grandTotal;
  out.push(...rowTotal('grandTotal', '合计', grand.funding, grand.writtenTotal));
  out.push(...checkSumOfProjects('grandTotal', '合计', grand, table.units.flatMap((u) => u.projects.map((p) => p.funding))));
  return out;
}

function rowTotal(path: string, who: string, funding: Funding, written: Fen): Finding[] {
  if (!Number.isSafeInteger(written) || !validFunding(funding)) return [];
  const derived = sum(PARTS.map(([key]) => funding[key]));
  if (derived === null || BigInt(written) === derived) return [];
  return [
    finding('A01', `${path}.funding.total`, `${who}的总计${wan(written)}万元不等于财政拨款、财政专户拨款、其他资金之和${wan(derived)}万元。`, {
      writtenTotal: written,
      derivedTotal: Number(derived),
      writtenTotalWan: wan(written),
      derivedTotalWan: wan(derived),
    }),
  ];
}
