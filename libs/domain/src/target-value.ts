/**
 * Target values (指标值): the text a clerk typed is kept as is (it is what gets published) and a
 * parsed form sits beside it. Parsing never fails: what is not a quantity is qualitative text.
 */

export type Comparator = '>=' | '<=' | '>' | '<' | '=';

export interface QuantitativeValue {
  readonly kind: 'quantitative';
  readonly comparator: Comparator;
  /** False for a bare number (`100%`), which reads as `=`. */
  readonly comparatorExplicit: boolean;
  /** Exact decimal text as written, without thousands separators: "3000", "25", "0.5". */
  readonly number: string;
  /** "人", "%", "件", or "" when the number stands alone (`≥1`). */
  readonly unit: string;
  readonly isPercent: boolean;
  /** Text before the comparator and number, e.g. "党建指导员人数" in `党建指导员人数≤6人`. */
  readonly subject?: string;
  /** Text after the unit, e.g. "媒体信息发布" in `不少于4次媒体信息发布`. */
  readonly qualifier?: string;
  /** What a percentage is of, e.g. "总人数" in `不超过总人数的25%`. */
  readonly base?: string;
  /**
   * The inclusive upper bound of a range (`90-95%`, `2-3次`, `1200至1500人`): the comparator is
   * then `>=` and `number` the lower bound. Absent for a single bound. Optional, so parses stored
   * before ranges were read keep their shape.
   */
  readonly upper?: string;
  /** What a rate is per, `/`-joined: "人" in `≥1000/人`, "人/年" in `每人每年≤500元`. */
  readonly per?: string;
}

export interface QualitativeValue {
  readonly kind: 'qualitative';
  /** normaliseValueText() of the input. */
  readonly text: string;
}

/** Blank or a placeholder (`**`, `xx`, `/`, `-`, `无`, `待定`): V01 says these are not values. */
export interface EmptyValue {
  readonly kind: 'empty';
  readonly raw: string;
}

export type ParsedTargetValue = QuantitativeValue | QualitativeValue | EmptyValue;

export interface TargetValue {
  readonly text: string;
  readonly parsed: ParsedTargetValue;
}

export function targetValue(text: string): TargetValue {
  return { text, parsed: parseTargetValue(text) };
}

// ---- normalisation (V11) ----------------------------------------------------------------

/**
 * The form parsing and vocabulary matching work on: full-width ASCII (`：；％＞＜＝`, digits,
 * `，（）`) becomes half-width, `>=` `≧` become `≥` (likewise `≤`), spaces go except between
 * two Latin letters or digits (`年底前 完成` → `年底前完成`), and trailing sentence
 * punctuation is dropped.
 */
export function normaliseValueText(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00A0]/g, ' ')
    .replace(/>\s*=|≧/g, '≥')
    .replace(/<\s*=|≦/g, '≤')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?<=[^A-Za-z0-9]) | (?=[^A-Za-z0-9])/g, '')
    .replace(/^[:;,、。]+/, '')
    .replace(/[。.;,、!]+$/, '');
}

// ---- parsing -----------------------------------------------------------------------------

const PLACEHOLDER = /^(?:\*+|x+|\/+|-+|—+|_+|…+|\?+|无|暂无|待定|空|null|n\/?a)$/i;
/** `≥xx%`, `**人`: a template whose number was never filled in. */
const PLACEHOLDER_QUANTITY = /^[≥≤<>=]?(?:x+|\*+)(?:%|[\u4e00-\u9fff]{1,2})?$/i;

/** Longest first, so 不少于 wins over 少于 and 大于等于 over 大于. */
const COMPARATOR_WORDS: readonly (readonly [string, Comparator])[] = (
  [
    ['大于或等于', '>='],
    ['小于或等于', '<='],
    ['大于等于', '>='],
    ['小于等于', '<='],
    ['不少于', '>='],
    ['不低于', '>='],
    ['不小于', '>='],
    ['至少', '>='],
    ['不超过', '<='],
    ['不高于', '<='],
    ['不多于', '<='],
    ['不大于', '<='],
    ['至多', '<='],
    ['最多', '<='],
    ['大于', '>'],
    ['高于', '>'],
    ['超过', '>'],
    ['多于', '>'],
    ['小于', '<'],
    ['低于', '<'],
    ['少于', '<'],
    ['达到', '='],
    ['等于', '='],
    ['达', '='],
    ['≥', '>='],
    ['≤', '<='],
    ['>', '>'],
    ['<', '<'],
    ['=', '='],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length);

/** 达 ends verbs that say nothing about a quantity (下达 "issued", 送达 "delivered"). */
const NOT_A_COMPARATOR_BEFORE_DA = /[下传送到抵表转通直发]$/;

/** `100人以上`, `5%以内`: the comparator written after the quantity. */
const SUFFIX_COMPARATORS: readonly (readonly [string, Comparator])[] = [
  ['及以上', '>='],
  ['以上', '>='],
  ['及以下', '<='],
  ['以下', '<='],
  ['以内', '<='],
  ['之内', '<='],
];

/** Measure words and units; longest first so 人次 wins over 人 and 个工作日 over 个. */
const UNITS: readonly string[] = [
  '个百分点', '百分点', '万人次', '人次', '户次', '场次', '家次', '台次', '架次', '批次', '期次', '篇次', '册次', '份次', '轮次',
  '个工作日', '工作日', '个月', '小时', '课时', '学时', '平方公里', '平方米', '立方米', '公里', '千米', '公顷', '千克',
  '亿元', '万元', '元/人', '元', '万平方米', '万亩', '万人', '万册', '万份', '万次', '万户', '万',
  '人', '次', '件', '份', '个', '场', '处', '部', '篇', '期', '项', '家', '户', '名', '天', '周', '所', '间', '条', '批',
  '轮', '册', '本', '套', '台', '辆', '座', '栋', '块', '张', '株', '棵', '亩', '米', '吨', '种', '类', '门', '支', '队',
  '组', '班', '节', '集', '幅', '首', '段', '页', '届', '位', '盏', '宗', '单', '起', '例', '课', '堂', '分',
]
  .slice()
  .sort((a, b) => b.length - a.length);

/**
 * Latin-letter units (`≥10km`, `≥2GB`, `≥80M`), case as written. A bare `G` is left out: `5G基站`
 * names a technology, not 5 of something.
 */
const LATIN_UNIT = /^ ?(Mbps|Gbps|kWh|km|kg|cm|mm|m²|m³|m2|m3|GB|MB|TB|KB|kW|MW|min|M|T|m|t|g|h)(?![A-Za-z])/;

/**
 * Dates and calendar points, masked before numbers are looked for: `2023年`, `2024年6月`,
 * `2023.07`, `2023.07-2024.01`, `12月31日`, `6月底`, `31日前`. Their digits are not quantities.
 * A dotted or dashed date needs a year of 19xx/20xx and a month of 1–12, and no unit after it:
 * `≤1500.25万元`, `≤3000.00元` and `≤2024.10万元` are amounts.
 */
const DATE =
  /(?:19|20)\d{2}[.\-/](?:1[0-2]|0?[1-9])(?!\d)(?:[.\-/](?:3[01]|[12]\d|0?[1-9])(?!\d)[日号]?)?|\d{4}年(?:\d{1,2}月(?:\d{1,2}[日号])?)?|\d{1,2}月(?:\d{1,2}[日号])?|\d{1,2}[日号](?=之?前|以前)/g;
/** The dash, tilde or word between the two bounds of a range. */
const RANGE_SEPARATOR = /^(?:-|~|—|–|至|到)$/;
const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g;
const CJK = /^[\u4e00-\u9fff]{1,2}$/;
const EDGE_PUNCTUATION = /^[,;:、。\s]+|[,;:、。\s]+$/g;

interface NumberAt {
  readonly index: number;
  readonly text: string;
}

export function parseTargetValue(text: string): ParsedTargetValue {
  const s = normaliseValueText(text);
  if (s === '' || PLACEHOLDER.test(s) || PLACEHOLDER_QUANTITY.test(s)) return { kind: 'empty', raw: text };
  const candidates = findQuantityNumbers(s);
  const range = candidates.length === 2 ? readRange(s, candidates) : null;
  if (range) return range;
  const parsed = candidates.map((n) => readQuantity(s, n));
  const quantities = parsed.filter((q): q is QuantitativeValue => q !== null);
  if (candidates.length === 1 && quantities[0]) return quantities[0];
  // Several numbers: only an unambiguous reading counts, i.e. the one number with a comparator,
  // or a leading count that the rest merely explains (`12次(每月1次)`). `3场,每场≥50人,共≥150人`
  // stays text.
  const explicit = quantities.filter((q) => q.comparatorExplicit);
  if (explicit.length === 1 && explicit[0]) return explicit[0];
  const first = parsed[0];
  if (explicit.length === 0 && first && candidates[0]?.index === 0 && first.unit !== '') return first;
  return { kind: 'qualitative', text: s };
}

function findQuantityNumbers(s: string): NumberAt[] {
  const masked = s.replace(DATE, (d: string, offset: number) => {
    // A dotted "date" followed by a unit is an amount (`2024.10万元`); 年/月 dates always are dates.
    if (/[年月日号]/.test(d) || readAfter(s.slice(offset + d.length)).unit === '') return '#'.repeat(d.length);
    return d;
  });
  const found: NumberAt[] = [];
  for (const m of masked.matchAll(NUMBER)) {
    const index = m.index;
    const before = masked[index - 1] ?? '';
    const rest = masked.slice(index + m[0].length);
    const after = rest[0] ?? '';
    // 第3 is an ordinal, 5G and A4 are names, a digit next to # is the rest of a date.
    if (/[A-Za-z第.#]/.test(before) || after === '#' || (/[A-Za-z]/.test(after) && !LATIN_UNIT.test(rest))) continue;
    found.push({ index, text: m[0] });
  }
  return found;
}

/**
 * `90-95%`, `90%-95%`, `2-3次`, `3~5次`, `1200至1500人`: two numbers with a dash, tilde, 至 or 到
 * between them, the unit written once or on both (then the same), the lower bound first.
 */
function readRange(s: string, [a, b]: readonly NumberAt[]): QuantitativeValue | null {
  if (!a || !b) return null;
  const gap = s.slice(a.index + a.text.length, b.index);
  // `至` alone would read as an unlisted measure word.
  const between = RANGE_SEPARATOR.test(gap) ? { unit: '', rest: gap } : readAfter(gap);
  if (!RANGE_SEPARATOR.test(between.rest)) return null;
  const after = readAfter(s.slice(b.index + b.text.length));
  if (between.unit !== '' && between.unit !== after.unit) return null;
  const low = a.text.replace(/,/g, '');
  const high = b.text.replace(/,/g, '');
  if (compareDecimals(low, high) >= 0) return null;
  const before = readBefore(s.slice(0, a.index));
  // A word before a range (达到90-95%) says nothing a range does not.
  const subject = before.comparator === '=' || before.comparator === null ? before.subject : '';
  if (before.comparator !== null && before.comparator !== '=') return null;
  const qualifier = after.rest.replace(EDGE_PUNCTUATION, '');
  return {
    kind: 'quantitative',
    comparator: '>=',
    comparatorExplicit: true,
    number: low,
    unit: after.unit,
    isPercent: after.unit === '%',
    ...(subject ? { subject } : {}),
    ...(qualifier ? { qualifier } : {}),
    ...(before.base ? { base: before.base } : {}),
    upper: high,
  };
}

function readQuantity(s: string, n: NumberAt): QuantitativeValue | null {
  const before = readBefore(s.slice(0, n.index));
  const after = readAfter(s.slice(n.index + n.text.length));
  let comparator = before.comparator;
  let qualifier = after.rest;
  // `90%(含)以上`, `95%以上(含)`: 含 says the bound itself counts, which 以上/以下 already mean here.
  const included = /^\((?:含|含本数)\)/.exec(qualifier);
  const suffix = SUFFIX_COMPARATORS.find(([word]) => qualifier.slice(included?.[0].length ?? 0).startsWith(word));
  // The word after decides when the one before is none or a plain 达到 (`达到95%以上` is ≥ 95 %);
  // when both are sharp and agree (`不超过5天以内`) the word after is consumed as well.
  if (suffix && (comparator === null || comparator === '=' || comparator === suffix[1])) {
    comparator = suffix[1];
    qualifier = qualifier.slice((included?.[0].length ?? 0) + suffix[0].length).replace(/^\((?:含|含本数)\)/, '');
  }
  const rate = /^((?:\/[^/\d]{1,3})+)$/.exec(qualifier.replace(EDGE_PUNCTUATION, ''));
  let per = rate ? (rate[1] ?? '').slice(1) : '';
  if (rate) qualifier = '';
  qualifier = qualifier.replace(EDGE_PUNCTUATION, '');
  let subject = before.subject;
  // 每人每年≤500元: what the amount is per, written before it.
  const each = /((?:每[^每\d,;:、。]{1,2})+)$/.exec(subject);
  if (each && per === '') {
    per = (each[1] ?? '').split('每').filter((x) => x !== '').join('/');
    subject = subject.slice(0, subject.length - (each[1] ?? '').length).replace(EDGE_PUNCTUATION, '');
  }
  // A bare number in the middle of prose with no unit (`提升5大人才工作体系`) is not a target.
  if (!comparator && after.unit === '' && qualifier !== '') return null;
  return {
    kind: 'quantitative',
    comparator: comparator ?? '=',
    comparatorExplicit: comparator !== null,
    number: n.text.replace(/,/g, ''),
    unit: after.unit,
    isPercent: after.unit === '%',
    ...(subject ? { subject } : {}),
    ...(qualifier ? { qualifier } : {}),
    ...(before.base ? { base: before.base } : {}),
    ...(per ? { per } : {}),
  };
}

function readBefore(pre: string): { comparator: Comparator | null; subject: string; base: string } {
  const direct = comparatorAtEnd(pre);
  if (direct) {
    let { rest, comparator } = direct;
    // 至少达到 / 不低于达到: the 达到 adds nothing to the sharper word before it.
    if (comparator === '=') {
      const sharper = comparatorAtEnd(rest);
      if (sharper && sharper.comparator !== '=') ({ rest, comparator } = sharper);
    }
    return { comparator, subject: rest.replace(EDGE_PUNCTUATION, ''), base: '' };
  }
  // 不超过总人数的25%: a short "<base>的" between the comparator and the number.
  if (pre.endsWith('的')) {
    for (let k = pre.length - 2; k >= 0 && pre.length - 1 - k <= 12; k--) {
      const head = comparatorAtEnd(pre.slice(0, k));
      const base = pre.slice(k, -1);
      if (head && base !== '' && !/[,;:、。]/.test(base)) {
        return { comparator: head.comparator, subject: head.rest.replace(EDGE_PUNCTUATION, ''), base };
      }
    }
  }
  return { comparator: null, subject: pre.replace(EDGE_PUNCTUATION, ''), base: '' };
}

function comparatorAtEnd(pre: string): { comparator: Comparator; rest: string } | null {
  for (const [word, comparator] of COMPARATOR_WORDS) {
    if (!pre.endsWith(word)) continue;
    const rest = pre.slice(0, pre.length - word.length);
    if (word === '达' && NOT_A_COMPARATOR_BEFORE_DA.test(rest)) continue;
    return { comparator, rest };
  }
  return null;
}

function readAfter(post: string): { unit: string; rest: string } {
  if (post.startsWith('%') || post.startsWith('‰')) return { unit: post.slice(0, 1), rest: post.slice(1) };
  const unit = UNITS.find((u) => post.startsWith(u));
  if (unit) return { unit, rest: post.slice(unit.length) };
  const latin = LATIN_UNIT.exec(post);
  if (latin) return { unit: latin[1] ?? '', rest: post.slice(latin[0].length) };
  // An unlisted measure word closing the value (`≥5栋`) is still its unit.
  if (CJK.test(post)) return { unit: post, rest: '' };
  return { unit: '', rest: post };
}

// ---- helpers for the rules ---------------------------------------------------------------

/**
 * -1, 0 or 1 as a's number is below, equal to or above b's; null when the units differ and the
 * numbers say nothing about each other. Comparators are the caller's business (V06 warns on
 * `3000件` vs `>3000件` although the numbers are equal).
 */
export function compareQuantities(a: QuantitativeValue, b: QuantitativeValue): -1 | 0 | 1 | null {
  if (a.unit !== b.unit) return null;
  return compareDecimals(a.number, b.number);
}

/** Exact comparison of non-negative decimal texts ("3000", "0.50"), without floats. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const [ai, af] = splitDecimal(a);
  const [bi, bf] = splitDecimal(b);
  if (ai.length !== bi.length) return ai.length < bi.length ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const x = ai + af.padEnd(width, '0');
  const y = bi + bf.padEnd(width, '0');
  return x === y ? 0 : x < y ? -1 : 1;
}

function splitDecimal(d: string): [string, string] {
  const [int = '', frac = ''] = d.replace(/,/g, '').split('.');
  return [int.replace(/^0+(?=\d)/, ''), frac];
}

/**
 * Whether a value reads as a deadline (V07): `年底前完成`, `12月31日前`, `6月底前`, `年度内`,
 * `30个工作日内`, or a quantity of days/months with ≤ or <.
 */
export function isDeadline(text: string): boolean {
  const s = normaliseValueText(text);
  if (/(年底|年末|年终|月底|月末|季末|季度末|\d{1,2}月\d{1,2}[日号]|\d{1,2}月|\d{1,2}[日号]|\d{4}年)(之|以)?前/.test(s)) return true;
  if (/(年内|年度内|年度周期内|当年内|期限内|规定时间内|规定时限内|\d+(个)?(工作日|天|日|周|个月|月|年)(之)?内)/.test(s)) return true;
  const parsed = parseTargetValue(text);
  return (
    parsed.kind === 'quantitative' &&
    (parsed.comparator === '<=' || parsed.comparator === '<') &&
    ['天', '日', '工作日', '个工作日', '周', '个月', '小时'].includes(parsed.unit)
  );
}
