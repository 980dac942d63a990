import { resolveLevels } from '../indicator-framework';
import { type SheetContent, type SheetIndicator } from '../sheet/sheet.types';
import { type Fen } from '../money';
import { type QuantitativeValue } from '../target-value';
import { ruleDefinition, RULE_SET_VERSION, type RuleId } from './catalogue';
import { DEFAULT_RULE_CONFIG, type RuleConfig } from './config';
import { type Finding, type FindingValue, type Severity } from './finding';

/** What a rule may know beyond the sheet itself. */
export interface RuleContext {
  /**
   * The 总计 as written in an imported table (分). The system derives 总计 from its parts; A01
   * compares an imported one with that. Absent for sheets typed into the system.
   */
  readonly writtenTotal?: Fen;
  /**
   * Length of the implementation period (实施周期) in years, when known. V06 then requires the
   * 实施周期 and 年度 values of a one-year project to mean the same; when unknown it only
   * requires that a count for the year does not exceed the count for the whole period.
   */
  readonly implementationYears?: number;
}

/** One rule over one sheet. */
export type SheetRule = (content: SheetContent, config?: RuleConfig, context?: RuleContext) => Finding[];

export function finding(
  ruleId: RuleId,
  field: string,
  message: string,
  values: Readonly<Record<string, FindingValue>>,
  severity: Severity = ruleDefinition(ruleId).severity,
): Finding {
  return { ruleId, ruleSetVersion: RULE_SET_VERSION, severity, field, message, values };
}

export function indicatorField(index: number, field: keyof Omit<SheetIndicator, 'indicatorId'>): string {
  return `indicators[${index}].${field}`;
}

export function isBlank(text: string | null | undefined): boolean {
  return text === undefined || text === null || text.trim() === '';
}

/** `第3个指标`: indicators are numbered from 1 for the clerk, paths from 0. */
export { indicatorOrdinal as ordinal } from '../field-paths';

/** 一级 and 二级 codes an indicator resolves to in the framework, null where they do not resolve. */
export interface IndicatorClass {
  /** From the 一级 label, or else from the 二级 code's first digit. */
  readonly level1Code: string | null;
  readonly level2Code: string | null;
}

/** Through the configured aliases of older templates (`项目完成指标` is 产出). */
export function classify(indicator: Pick<SheetIndicator, 'level1' | 'level2'>, config: RuleConfig = DEFAULT_RULE_CONFIG): IndicatorClass {
  const { level1: l1, level2: l2 } = resolveLevels(indicator.level1, indicator.level2, config.frameworkAliases);
  return { level1Code: l1?.code ?? l2?.level1Code ?? null, level2Code: l2?.code ?? null };
}

export const isOutput = (c: IndicatorClass): boolean => c.level1Code === '1';
export const isOutcome = (c: IndicatorClass): boolean => c.level1Code === '2';
export const isSatisfaction = (c: IndicatorClass): boolean => c.level1Code === '3' || c.level2Code === '31';
/** 二级 14 in the reference framework, or 一级 成本 (4) in the newer one. */
export const isCost = (c: IndicatorClass): boolean => c.level2Code === '14' || c.level1Code === '4';
export const isQuantity = (c: IndicatorClass): boolean => c.level2Code === '11';
export const isTimeliness = (c: IndicatorClass): boolean => c.level2Code === '13';

/** Code points without whitespace: what a clerk counts as characters. */
export function visibleLength(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

/** For comparing names: half-width, no spaces or punctuation. */
export function comparable(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\p{P}]/gu, '')
    .toLowerCase();
}

/**
 * 万元 text, as formatWanYuan() writes it (two decimals at least, more only when needed), for any
 * exact amount in 分 including sums beyond 2^53; the raw number for something that is not 分.
 */
export function wan(fen: number | bigint): string {
  if (typeof fen === 'number' && !Number.isSafeInteger(fen)) return String(fen);
  const n = BigInt(fen);
  const abs = n < 0n ? -n : n;
  const fraction = String(abs % 1_000_000n)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${n < 0n ? '-' : ''}${abs / 1_000_000n}.${fraction}`;
}

export function describeQuantity(q: QuantitativeValue): string {
  if (q.upper !== undefined) return `${q.number}-${q.upper}${q.unit}`;
  const word = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '' }[q.comparator];
  return `${q.comparatorExplicit ? word : ''}${q.number}${q.unit}`;
}

// ---- exact decimals ------------------------------------------------------------------------

/** value = n / 10^scale, exact. Amounts and products in V08/V09 never go through floats. */
export interface Decimal {
  readonly n: bigint;
  readonly scale: number;
}

export function decimal(text: string): Decimal | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.replace(/,/g, ''));
  if (!m) return null;
  const fraction = m[2] ?? '';
  return { n: BigInt(`${m[1] ?? '0'}${fraction}`), scale: fraction.length };
}

export function decimalFromInteger(n: number): Decimal {
  return { n: BigInt(n), scale: 0 };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { n: a.n * b.n, scale: a.scale + b.scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint] {
  const s = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(s - a.scale), b.n * 10n ** BigInt(s - b.scale)];
}

export function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x === y ? 0 : x < y ? -1 : 1;
}

export function absDiff(a: Decimal, b: Decimal): Decimal {
  const [x, y] = align(a, b);
  return { n: x > y ? x - y : y - x, scale: Math.max(a.scale, b.scale) };
}

/** Rounded to whole 分 (half up), for display only. */
export function toFen(d: Decimal): number {
  const unit = 10n ** BigInt(d.scale);
  return Number((d.n * 2n + unit) / (2n * unit));
}

/** Money units a value may carry, as the factor to 分. 分 alone is a score, not money. */
export const MONEY_UNIT_FEN: Readonly<Record<string, Decimal>> = Object.freeze({
  元: { n: 100n, scale: 0 },
  千元: { n: 100_000n, scale: 0 },
  万元: { n: 1_000_000n, scale: 0 },
  亿元: { n: 10_000_000_000n, scale: 0 },
});

/** Words that make a bare `万` (`≤250万`) an amount of 万元 rather than ten thousand of something. */
export const MONEY_CONTEXT = /成本|费用|经费|资金|金额|预算|投资|投入|补助|补贴|造价|单价|支出/;

/**
 * `元/人` is the parser's one compound unit: a money unit per something. A bare `万` is 万元 only
 * where the caller knows the value is money (`moneyContext`: a 成本 indicator, or a name or
 * subject that speaks of 经费, 费用 …).
 */
export function moneyUnit(unit: string, moneyContext = false): { readonly factor: Decimal; readonly per: string | null } | null {
  const [money, per] = unit.split('/');
  const factor = money === undefined ? undefined : money === '万' && moneyContext ? MONEY_UNIT_FEN['万元'] : MONEY_UNIT_FEN[money];
  if (!factor) return null;
  return { factor, per: per ?? null };
}
