import { fundingTotal } from '../money';
import { type SheetContent, type SheetIndicator } from '../sheet/sheet.types';
import {
  compareDecimals,
  isDeadline,
  normaliseValueText,
  type ParsedTargetValue,
  type QuantitativeValue,
  type TargetValue,
} from '../target-value';
import { amountProblem } from './amounts';
import { DEFAULT_RULE_CONFIG, percentText, type RuleConfig } from './config';
import { type Finding } from './finding';
import {
  absDiff,
  classify,
  cmp,
  decimal,
  decimalFromInteger,
  describeQuantity,
  finding,
  indicatorField,
  isBlank,
  isCost,
  isQuantity,
  isSatisfaction,
  isTimeliness,
  MONEY_CONTEXT,
  moneyUnit,
  mul,
  ordinal,
  toFen,
  type Decimal,
  wan,
  type RuleContext,
} from './support';

/*
 * Target-value rules V01–V11. Each reads the parse stored beside the text (TargetValue.parsed,
 * made by parseTargetValue when the value was entered); the text is only read for V07's deadline
 * words, V10's vocabulary and V11's normalisation.
 *
 * Which value a rule looks at:
 * - the form of a value (V01 placeholders, V03 range, V05 unit and comparator, V11): both the
 *   年度指标值 and, when filled in, the 实施周期指标值, each on its own field;
 * - what the indicator's type demands (V02, V04, V07, V08, V09, V10) and V06's comparison: the
 *   年度指标值, the value for the budget year under review. This keeps one finding per problem:
 *   a clerk who writes the same poor value twice is not warned twice for its meaning.
 * An empty value (blank or placeholder) is left to S02/V01 by every other rule.
 */

type TargetField = 'periodTarget' | 'annualTarget';
const TARGET_LABELS: Readonly<Record<TargetField, string>> = { periodTarget: '实施周期指标值', annualTarget: '年度指标值' };

function filledTargets(ind: SheetIndicator): [TargetField, TargetValue][] {
  return (['periodTarget', 'annualTarget'] as const).filter((f) => !isBlank(ind[f].text)).map((f) => [f, ind[f]]);
}

// Every value rule asks whether a value is a placeholder: the normalised forms are memoised (the
// texts of a city's sheets repeat a lot), the configured list once per configuration object.
const MEMO_LIMIT = 20_000;
const normalisedTexts = new Map<string, string>();
const placeholderSets = new WeakMap<RuleConfig, ReadonlySet<string>>();
const vocabularies = new WeakMap<RuleConfig, readonly string[]>();

/** normaliseValueText, memoised. */
function normalised(text: string): string {
  let n = normalisedTexts.get(text);
  if (n === undefined) {
    if (normalisedTexts.size >= MEMO_LIMIT) normalisedTexts.clear();
    n = normaliseValueText(text);
    normalisedTexts.set(text, n);
  }
  return n;
}

function normalisedKey(text: string): string {
  return normalised(text).toLowerCase();
}

function vocabularyOf(config: RuleConfig): readonly string[] {
  let v = vocabularies.get(config);
  if (!v) {
    v = config.qualitativeVocabulary.map((w) => normaliseValueText(w)).filter((w) => w !== '');
    vocabularies.set(config, v);
  }
  return v;
}

/** Whether a text is a configured placeholder (V01), compared after normalisation, case-insensitively. */
function isConfiguredPlaceholder(text: string, config: RuleConfig): boolean {
  let set = placeholderSets.get(config);
  if (!set) {
    set = new Set(config.placeholders.map((p) => normaliseValueText(p).toLowerCase()));
    placeholderSets.set(config, set);
  }
  return set.has(normalisedKey(text));
}

/** The stored parse, with the configured placeholders read as empty too. */
function parsedValue(value: TargetValue, config: RuleConfig): ParsedTargetValue {
  if (value.parsed.kind !== 'empty' && isConfiguredPlaceholder(value.text, config)) return { kind: 'empty', raw: value.text };
  return value.parsed;
}

function quantity(value: TargetValue, config: RuleConfig): QuantitativeValue | null {
  const p = parsedValue(value, config);
  return p.kind === 'quantitative' ? p : null;
}

function isGrowth(name: string, q: QuantitativeValue, config: RuleConfig): boolean {
  return config.growthWords.some((w) => name.includes(w) || (q.subject ?? '').includes(w));
}

const isExactly = (q: QuantitativeValue, n: string): boolean => compareDecimals(q.number, n) === 0;

// ---- V01 ---------------------------------------------------------------------------------

/**
 * V01: a filled-in value is a value, not a placeholder (`**`, `xx`, `/`, `-`, the configured
 * list). Blocking for the 年度指标值; a placeholder in the 实施周期指标值 is a warning, because
 * review-rules.md demands the 年度指标值 only. A blank 年度指标值 is S02's finding.
 */
export function ruleV01ValuePresent(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  content.indicators.forEach((ind, i) => {
    for (const [field, value] of filledTargets(ind)) {
      if (parsedValue(value, config).kind !== 'empty') continue;
      out.push(
        finding(
          'V01',
          indicatorField(i, field),
          `${ordinal(i)}的${TARGET_LABELS[field]}“${value.text}”是占位符，不是指标值。请填写具体数值（如“≥100人”）或定性表述（如“质量合格”）。`,
          { text: value.text },
          field === 'annualTarget' ? 'B' : 'W',
        ),
      );
    }
  });
  return out;
}

// ---- V02 ---------------------------------------------------------------------------------

/** V02: a 数量指标's (11) 年度指标值 is quantitative. Severity from the configuration (B or W). */
export function ruleV02QuantityIsQuantitative(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  content.indicators.forEach((ind, i) => {
    if (!isQuantity(classify(ind, config))) return;
    if (parsedValue(ind.annualTarget, config).kind !== 'qualitative') return;
    out.push(
      finding(
        'V02',
        indicatorField(i, 'annualTarget'),
        `${ordinal(i)}是数量指标，年度指标值“${ind.annualTarget.text}”应为定量值，如“≥100人”“不少于4次”。`,
        { text: ind.annualTarget.text, level2: ind.level2 },
        config.v02Severity,
      ),
    );
  });
  return out;
}

// ---- V03 ---------------------------------------------------------------------------------

/**
 * V03: a percentage lies within 0–100 % unless the indicator speaks of growth (configured words,
 * looked for in the 三级 name and in the value's own subject, e.g. `增长120%`). Out of range means
 * a number above 100, or `>100%`, or `<0%`: nothing a rate can reach. Compared exactly.
 */
export function ruleV03PercentRange(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  content.indicators.forEach((ind, i) => {
    for (const [field, value] of filledTargets(ind)) {
      const q = quantity(value, config);
      if (!q?.isPercent || isGrowth(ind.name, q, config)) continue;
      const above =
        compareDecimals(q.upper ?? q.number, '100') > 0 || compareDecimals(q.number, '100') > 0 || (isExactly(q, '100') && q.comparator === '>');
      const below = isExactly(q, '0') && q.comparator === '<';
      if (!above && !below) continue;
      out.push(
        finding(
          'V03',
          indicatorField(i, field),
          `${ordinal(i)}的${TARGET_LABELS[field]}“${value.text}”超出0%～100%的范围。比率不能${above ? '超过100%' : '低于0%'}；如为增长率，请在指标名称中写明“增长”“增幅”等。`,
          { text: value.text, number: q.number, comparator: q.comparator, ...(q.upper !== undefined ? { upper: q.upper } : {}) },
        ),
      );
    }
  });
  return out;
}

// ---- V04 ---------------------------------------------------------------------------------

/**
 * V04: a 满意度 indicator's 年度指标值 is a percentage with ≥ or >, at least the floor (default
 * 90 %), and not exactly 100 % (`100%`, `=100%`, `≥100%`: everybody satisfied is no target, it is
 * a slogan). Plain text warns. All problems of the value make one finding.
 */
export function ruleV04Satisfaction(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  const floor = percentText(config.satisfactionFloorPercent);
  content.indicators.forEach((ind, i) => {
    if (!isSatisfaction(classify(ind, config))) return;
    const parsed = parsedValue(ind.annualTarget, config);
    if (parsed.kind === 'empty') return;
    const problems: string[] = [];
    if (parsed.kind === 'qualitative' || !parsed.isPercent) {
      problems.push(`应为百分比，如“≥${floor}%”`);
    } else if (isExactly(parsed, '100') && (parsed.comparator === '=' || parsed.comparator === '>=')) {
      problems.push(`不宜定为100%，请按实际测算填写，如“≥${floor}%”`);
    } else {
      if (parsed.comparator !== '>=' && parsed.comparator !== '>') problems.push('应使用“≥”或“>”');
      if (compareDecimals(parsed.number, floor) < 0) problems.push(`低于满意度下限${floor}%`);
    }
    if (problems.length === 0) return;
    out.push(
      finding('V04', indicatorField(i, 'annualTarget'), `${ordinal(i)}是满意度指标，年度指标值“${ind.annualTarget.text}”${problems.join('，')}。`, {
        text: ind.annualTarget.text,
        floorPercent: floor,
      }),
    );
  });
  return out;
}

// ---- V05 ---------------------------------------------------------------------------------

/**
 * V05: a number carries a unit (`≥1` → `≥1部`), and a rate carries a comparator (`95%` →
 * `≥95%`). Interpretations: a rate of exactly 0 % or 100 % needs no comparator, since a rate
 * cannot go beyond those bounds (`经费足额下达率 100%` is unambiguous) unless the indicator speaks
 * of growth; a 满意度 value's comparator is V04's business.
 */
export function ruleV05UnitAndComparator(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  content.indicators.forEach((ind, i) => {
    const satisfaction = isSatisfaction(classify(ind, config));
    for (const [field, value] of filledTargets(ind)) {
      const q = quantity(value, config);
      if (!q) continue;
      const problems: string[] = [];
      if (q.unit === '' && q.per === undefined) problems.push('数值缺少计量单位（如“人”“次”“%”）');
      const bound = !isGrowth(ind.name, q, config) && (isExactly(q, '100') || isExactly(q, '0'));
      if (q.isPercent && !q.comparatorExplicit && !bound && !satisfaction) problems.push('比率缺少比较符号（如“≥”“≤”）');
      if (problems.length === 0) continue;
      out.push(
        finding('V05', indicatorField(i, field), `${ordinal(i)}的${TARGET_LABELS[field]}“${value.text}”${problems.join('，')}。`, {
          text: value.text,
          unit: q.unit,
          comparatorExplicit: q.comparatorExplicit,
        }),
      );
    }
  });
  return out;
}

// ---- V06 ---------------------------------------------------------------------------------

interface Bound {
  readonly n: string;
  readonly strict: boolean;
}
// A range (`90-95%`) has both bounds: its number below, its upper above.
const lowerBound = (q: QuantitativeValue): Bound | null =>
  q.comparator === '>=' || q.comparator === '>' || q.comparator === '=' ? { n: q.number, strict: q.comparator === '>' } : null;
const upperBound = (q: QuantitativeValue): Bound | null =>
  q.upper !== undefined
    ? { n: q.upper, strict: false }
    : q.comparator === '<=' || q.comparator === '<' || q.comparator === '='
      ? { n: q.number, strict: q.comparator === '<' }
      : null;

/** Whether lower bound a demands more than lower bound b (`>3000` more than `3000`). */
function lowerDemandsMore(a: Bound, b: Bound): boolean {
  const c = compareDecimals(a.n, b.n);
  return c > 0 || (c === 0 && a.strict && !b.strict);
}

/** Whether upper bound a allows more than upper bound b (`≤50` more than `<50`). */
function upperAllowsMore(a: Bound, b: Bound): boolean {
  const c = compareDecimals(a.n, b.n);
  return c > 0 || (c === 0 && !a.strict && b.strict);
}

/**
 * V06: the 实施周期 and 年度 values agree, when both are quantities (a text and a number, or two
 * texts, cannot be compared, so nothing is said). In order, the first that applies:
 * - the units differ → warning; a value without a unit is taken to share the other's (V05 warns
 *   about the missing unit already). `2场` vs `2次` differs: the rule asks for the same unit.
 * - one is a floor (≥, >) and the other a ceiling (≤, <) → warning.
 * - a one-year project (context.implementationYears === 1): the two mean the same, i.e. the same
 *   comparator and number (`3000件` vs `>3000件` warns, `≥16处` vs `16处` too).
 * - otherwise, for counts (not percentages, which do not add up over years): the year's value
 *   does not exceed the period's, compared as floors (`>3000件` in the year demands more than
 *   `3000件` over the whole period, which warns whatever the period's length) or as ceilings.
 * The sheet does not record the period's length, so by default only the last check runs.
 */
export function ruleV06PeriodAndAnnualAgree(
  content: SheetContent,
  config: RuleConfig = DEFAULT_RULE_CONFIG,
  context: RuleContext = {},
): Finding[] {
  const out: Finding[] = [];
  const oneYear = context.implementationYears === 1;
  content.indicators.forEach((ind, i) => {
    const period = quantity(ind.periodTarget, config);
    const annual = quantity(ind.annualTarget, config);
    if (!period || !annual) return;
    const problem = v06Problem(period, annual, oneYear);
    if (!problem) return;
    out.push(
      finding(
        'V06',
        indicatorField(i, 'annualTarget'),
        `${ordinal(i)}的实施周期指标值“${ind.periodTarget.text}”与年度指标值“${ind.annualTarget.text}”不一致：${problem}。`,
        {
          periodTarget: ind.periodTarget.text,
          annualTarget: ind.annualTarget.text,
          implementationYears: context.implementationYears ?? null,
        },
      ),
    );
  });
  return out;
}

function v06Problem(period: QuantitativeValue, annual: QuantitativeValue, oneYear: boolean): string | null {
  if (period.unit !== annual.unit && period.unit !== '' && annual.unit !== '') {
    return `计量单位不同（“${period.unit}”与“${annual.unit}”）`;
  }
  const pLow = lowerBound(period);
  const pHigh = upperBound(period);
  const aLow = lowerBound(annual);
  const aHigh = upperBound(annual);
  if ((pLow && !pHigh && aHigh && !aLow) || (pHigh && !pLow && aLow && !aHigh)) return '一个是下限，一个是上限';
  if (oneYear) {
    if (
      period.comparator !== annual.comparator ||
      compareDecimals(period.number, annual.number) !== 0 ||
      (period.upper ?? null) !== (annual.upper ?? null)
    ) {
      return `一年期项目的两个指标值应含义相同（${describeQuantity(period)}与${describeQuantity(annual)}）`;
    }
    return null;
  }
  if (period.isPercent || annual.isPercent) return null;
  if ((aLow && pLow && lowerDemandsMore(aLow, pLow)) || (aHigh && pHigh && upperAllowsMore(aHigh, pHigh))) {
    return `年度指标值（${describeQuantity(annual)}）超过了整个实施周期的指标值（${describeQuantity(period)}）`;
  }
  return null;
}

// ---- V07 ---------------------------------------------------------------------------------

/** `2023.07-2024.01`, `2023年7月至2024年1月`: a span of time, not a deadline. */
const BARE_PERIOD = /\d{4}\s*[.\-/年]\s*\d{1,2}.*?(?:[-—–~～]|至|到).*?\d{4}/;

/**
 * V07: a 时效指标's (13) 年度指标值 is a deadline (isDeadline: `12月31日前`, `年底前完成`,
 * `≤30天`, `年度内`) or a rate (`及时下达率 100%`). A bare period such as `2023.07-2024.01`
 * gets its own message.
 */
export function ruleV07Timeliness(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  content.indicators.forEach((ind, i) => {
    if (!isTimeliness(classify(ind, config))) return;
    const value = ind.annualTarget;
    const parsed = parsedValue(value, config);
    if (parsed.kind === 'empty' || isDeadline(value.text) || (parsed.kind === 'quantitative' && parsed.isPercent)) return;
    const span = BARE_PERIOD.test(normalised(value.text));
    const message = span
      ? `${ordinal(i)}是时效指标，年度指标值“${value.text}”只是一个时间段，请写明完成时限（如“12月31日前完成”）。`
      : `${ordinal(i)}是时效指标，年度指标值“${value.text}”应为完成时限（如“年底前完成”“≤30个工作日”）或比率（如“及时率≥95%”）。`;
    out.push(finding('V07', indicatorField(i, 'annualTarget'), message, { text: value.text, barePeriod: span }));
  });
  return out;
}

// ---- V08, V09: costs ------------------------------------------------------------------------

interface MoneyValue {
  /** Exact 分 of the value's number (per unit when `perUnit`). */
  readonly fen: Decimal;
  /** A cost per something (`元/人`, `500元/场`, `每人500元`, `人均`, `单价`), not an amount in total. */
  readonly perUnit: boolean;
  /** What it is per, when the value says (`人`, `场`); null when only the name says it is a unit cost. */
  readonly per: string | null;
}

const UNIT_COST_WORDS = /单价|单位成本|均价|平均成本|补助标准|标准/;

/**
 * The amount a value names, its ceiling for a range (`200-250万元`). `costIndicator`: a bare `万`
 * is 万元 in a 成本 indicator, or where the name or subject speaks of money.
 */
function moneyValue(q: QuantitativeValue, name: string, costIndicator = false): MoneyValue | null {
  const money = moneyUnit(q.unit, costIndicator || MONEY_CONTEXT.test(`${q.subject ?? ''}${name}`));
  const number = decimal(q.upper ?? q.number);
  if (!money || !number) return null;
  const fen = mul(number, money.factor);
  const perQualifier = /^(?:\/|每)(.{1,4})$/.exec(q.qualifier ?? '')?.[1];
  const perSubject = /每(.{1,4})$/.exec(q.subject ?? '')?.[1];
  const average = /([人户])均/.exec(`${q.subject ?? ''}${name}`)?.[1];
  const per = money.per ?? q.per ?? perQualifier ?? perSubject ?? average ?? null;
  if (per !== null) return { fen, perUnit: true, per };
  return { fen, perUnit: UNIT_COST_WORDS.test(`${q.subject ?? ''}${name}`), per: null };
}

function projectTotal(content: SheetContent): number | null {
  const f = content.funding;
  if ([f.fiscalAppropriation, f.specialAccountAppropriation, f.otherFunds].some((v) => amountProblem(v) !== null)) return null;
  return fundingTotal(f);
}

/**
 * V08: a 成本 indicator's (二级 14 or 一级 成本) 年度指标值 is an amount of money (元, 千元, 万元,
 * 亿元, per unit or in total) or a percentage, with ≤ or < (a cost is a ceiling): otherwise a
 * warning. An amount in total above the project's 总计 is blocking (one finding, naming the
 * other problems too). A cost per unit is not compared with the total (V09 does that).
 */
export function ruleV08Cost(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  const total = projectTotal(content);
  content.indicators.forEach((ind, i) => {
    if (!isCost(classify(ind, config))) return;
    const value = ind.annualTarget;
    const parsed = parsedValue(value, config);
    if (parsed.kind === 'empty') return;
    const money = parsed.kind === 'quantitative' ? moneyValue(parsed, ind.name, true) : null;
    const problems: string[] = [];
    if (parsed.kind === 'qualitative' || (!money && !parsed.isPercent)) problems.push('应为金额（元、万元）或百分比');
    // A range's upper bound is a ceiling too (`200-250万元`).
    const ceiling = parsed.kind === 'quantitative' && (parsed.comparator === '<=' || parsed.comparator === '<' || parsed.upper !== undefined);
    if (parsed.kind === 'quantitative' && !ceiling) problems.push('应使用“≤”表示成本上限');
    const overTotal = money !== null && !money.perUnit && total !== null && cmp(money.fen, decimalFromInteger(total)) > 0;
    if (overTotal) problems.unshift(`金额超过项目总计${wan(total)}万元`);
    if (problems.length === 0) return;
    out.push(
      finding(
        'V08',
        indicatorField(i, 'annualTarget'),
        `${ordinal(i)}是成本指标，年度指标值“${value.text}”${problems.join('，')}。`,
        { text: value.text, amountFen: money ? toFen(money.fen) : null, projectTotal: total },
        overTotal ? 'B' : 'W',
      ),
    );
  });
  return out;
}

/**
 * V09: when the sheet gives a unit cost (`≤500元/人`, `每场≤2万元`, a 单价/人均/标准 indicator
 * in money) and the quantity it applies to, quantity × unit cost is within the tolerance (default
 * ±5 %) of the project 总计. The quantity is the one 数量指标 (11) whose unit is what the cost is
 * per (`人` for `元/人`); when the cost does not say what it is per, the sheet's only 数量指标.
 * With no such quantity, or several, nothing can be computed and nothing is said; nor for a
 * project whose total is 0 (A04). Exact decimal arithmetic; the finding sits on the unit cost.
 */
export function ruleV09UnitCostTimesQuantity(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  const total = projectTotal(content);
  if (total === null || total === 0) return out;
  const tolerance = decimal(percentText(config.unitCostTolerancePercent));
  if (!tolerance) return out;
  const quantities = content.indicators
    .map((ind, i) => ({ ind, i, q: isQuantity(classify(ind, config)) ? quantity(ind.annualTarget, config) : null }))
    .filter(
      (x): x is { ind: SheetIndicator; i: number; q: QuantitativeValue } =>
        x.q !== null && !x.q.isPercent && !moneyUnit(x.q.unit) && x.q.upper === undefined,
    );
  content.indicators.forEach((ind, i) => {
    const q = quantity(ind.annualTarget, config);
    // A range of unit costs gives no one product to compare with the total.
    const cost = q && q.upper === undefined ? moneyValue(q, ind.name, isCost(classify(ind, config))) : null;
    if (!cost?.perUnit) return;
    const matching = quantities.filter((x) => x.i !== i && (cost.per === null || x.q.unit === cost.per.split('/')[0]));
    const only = matching.length === 1 ? matching[0] : undefined;
    const count = only ? decimal(only.q.number) : null;
    if (!only || !count) return;
    const product = mul(count, cost.fen);
    const totalD = decimalFromInteger(total);
    // |product − total| × 100 ≤ tolerance × total
    if (cmp(mul(absDiff(product, totalD), decimalFromInteger(100)), mul(tolerance, totalD)) <= 0) return;
    out.push(
      finding(
        'V09',
        indicatorField(i, 'annualTarget'),
        `${ordinal(i)}的单位成本“${ind.annualTarget.text}”乘以${ordinal(only.i)}的数量“${only.ind.annualTarget.text}”约为${wan(toFen(product))}万元，与项目总计${wan(total)}万元相差超过${percentText(config.unitCostTolerancePercent)}%。请核对数量、单位成本或预算金额。`,
        {
          unitCost: ind.annualTarget.text,
          quantity: only.ind.annualTarget.text,
          quantityIndex: only.i,
          productFen: toFen(product),
          projectTotal: total,
          tolerancePercent: percentText(config.unitCostTolerancePercent),
        },
      ),
    );
  });
  return out;
}

// ---- V10 ---------------------------------------------------------------------------------

/**
 * V10: a qualitative 年度指标值 comes from the configured vocabulary: it equals an entry or ends
 * with one (`按年度计划年底前完成` ends with `年底前完成`; what comes before names the subject),
 * compared after normalisation. A deadline (isDeadline: `年底前完成发放`, `年度周期内完成`) is a
 * standard form too. Indicators whose type asks for something else are left to that rule:
 * 数量 (V02), 时效 (V07), 满意度 (V04) and 成本 (V08).
 */
export function ruleV10QualitativeVocabulary(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  const vocabulary = vocabularyOf(config);
  content.indicators.forEach((ind, i) => {
    const c = classify(ind, config);
    if (isQuantity(c) || isTimeliness(c) || isSatisfaction(c) || isCost(c)) return;
    const parsed = parsedValue(ind.annualTarget, config);
    if (parsed.kind !== 'qualitative') return;
    const text = normalised(ind.annualTarget.text);
    if (vocabulary.some((w) => text === w || text.endsWith(w)) || isDeadline(ind.annualTarget.text)) return;
    const examples = vocabulary.slice(0, 6).map((w) => `“${w}”`).join('');
    out.push(
      finding(
        'V10',
        indicatorField(i, 'annualTarget'),
        `${ordinal(i)}的年度指标值“${ind.annualTarget.text}”不是规范的定性表述，难以考核。请改为可衡量的数值，或使用规范表述，如${examples}等。`,
        { text: ind.annualTarget.text },
      ),
    );
  });
  return out;
}

// ---- V11 ---------------------------------------------------------------------------------

/**
 * V11 (info): normalisation (full/half width `：:` `；;` `≥ >=` `≤ <=` `％ %`, stray spaces,
 * trailing punctuation) changed a value for parsing. The text as entered is what is kept and
 * published; the finding records both.
 */
export function ruleV11Normalisation(content: SheetContent): Finding[] {
  const out: Finding[] = [];
  content.indicators.forEach((ind, i) => {
    for (const [field, value] of filledTargets(ind)) {
      const normalisedText = normalised(value.text);
      if (normalisedText === value.text) continue;
      out.push(
        finding(
          'V11',
          indicatorField(i, field),
          `${ordinal(i)}的${TARGET_LABELS[field]}已按规范化形式“${normalisedText}”识别（统一全角/半角符号、去除多余空格），原文保留不变。`,
          { text: value.text, normalised: normalisedText },
        ),
      );
    }
  });
  return out;
}
