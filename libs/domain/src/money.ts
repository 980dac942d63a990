import { DomainError } from './errors';

/**
 * An amount as an integer number of 分. Binary floats cannot hold 0.1 exactly and their sums
 * drift, so money is never a float here; `Number.isSafeInteger` holds for every Fen.
 * 1 万元 = 1 000 000 分, so 302.20 万元 is 302 200 000.
 */
export type Fen = number;

export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN_YUAN = 1_000_000;

/**
 * The largest amount accepted, in 万元: 10 万亿元, beyond any single budget line. It also keeps
 * 10^15 分 well inside 2^53, so sums of many such amounts stay exact. (10^10 万元 would be
 * 10^18 分, which no longer fits a safe integer.)
 */
export const MAX_WAN_YUAN = 1_000_000_000;

/** A02: 4 decimals of 万元 is 1 元. */
const MAX_DECIMALS = 4;

export interface Funding {
  readonly fiscalAppropriation: Fen;
  readonly specialAccountAppropriation: Fen;
  readonly otherFunds: Fen;
}

export const ZERO_FUNDING: Funding = Object.freeze({ fiscalAppropriation: 0, specialAccountAppropriation: 0, otherFunds: 0 });

/** The outcome of reading what a clerk typed; `message` is shown to the clerk, in Chinese. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface ParseWanYuanOptions {
  /** Blank (null, undefined, "", spaces) reads as 0: the published table leaves zero amounts blank. */
  readonly blankIsZero?: boolean;
}

/**
 * Reads an amount in 万元: a decimal string (`"30.00"`, `"30"`, `"0.0001"`, `" 1,234.5 "`,
 * full-width digits, an optional trailing `万元`) or a JSON number whose `String()` is a plain
 * decimal. The digits are converted by string arithmetic, never through parseFloat.
 *
 * Thousands separators are accepted only in groups of three (`1,234.5`), so a decimal comma such
 * as `1,5` is rejected rather than misread. Zeros beyond the 4th decimal (`30.000000`, as some
 * spreadsheets export) are accepted because they change nothing; any other 5th decimal is rejected.
 */
export function parseWanYuan(input: unknown, options: ParseWanYuanOptions = {}): ParseResult<Fen> {
  if (input === null || input === undefined) return blank(options);
  if (typeof input === 'number') return parseNumber(input);
  if (typeof input === 'string') return parseText(input, options);
  return fail('金额必须是数字');
}

function parseNumber(n: number): ParseResult<Fen> {
  if (!Number.isFinite(n)) return fail('金额必须是有效数字');
  if (n < 0) return fail('金额不能为负数');
  const text = String(n);
  // String() switches to exponent notation below 1e-6 and from 1e21: both are out of range anyway.
  if (/e/i.test(text)) return n < 1 ? fail(`金额最多保留${MAX_DECIMALS}位小数`) : tooLarge();
  return parseText(text, {});
}

/** Longer than any amount written with separators, spaces and 万元. */
const MAX_AMOUNT_CHARS = 64;

function parseText(raw: string, options: ParseWanYuanOptions): ParseResult<Fen> {
  let s = toHalfWidth(raw).trim();
  if (s === '') return blank(options);
  // No amount is this long; the patterns below are only ever run on short text.
  if (s.length > MAX_AMOUNT_CHARS) return fail(`金额格式不正确：“${s.slice(0, 20)}…”过长，请填写数字，如 30.00`);
  s = s.replace(/\s*万元$/, '');
  if (/元$/.test(s)) return fail('金额单位为万元，请换算为万元后填写');
  if (/^[-−]\s*\d/.test(s)) return fail('金额不能为负数');
  if (/^\d+(\.\d+)?e[+-]?\d+$/i.test(s)) return fail('金额不能使用科学计数法，请直接填写数字');
  if (s.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return fail('金额的千分位分隔符位置不正确');
    s = s.replace(/,/g, '');
  }
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return fail(`金额格式不正确：“${raw.trim()}”，请填写数字，如 30.00`);
  const intDigits = (m[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > MAX_DECIMALS) return fail(`金额最多保留${MAX_DECIMALS}位小数`);
  // Checked on the digit count first so Number() below only ever sees an exactly representable integer.
  if (intDigits.length > String(MAX_WAN_YUAN).length) return tooLarge();
  const wan = Number(intDigits);
  const tenThousandths = Number(fraction.padEnd(MAX_DECIMALS, '0'));
  if (wan > MAX_WAN_YUAN || (wan === MAX_WAN_YUAN && tenThousandths > 0)) return tooLarge();
  return { ok: true, value: wan * FEN_PER_WAN_YUAN + tenThousandths * (FEN_PER_WAN_YUAN / 10 ** MAX_DECIMALS) };
}

function blank(options: ParseWanYuanOptions): ParseResult<Fen> {
  return options.blankIsZero ? { ok: true, value: 0 } : fail('金额不能为空');
}

function tooLarge(): ParseResult<Fen> {
  return fail('金额过大，请检查是否以万元为单位填写');
}

function fail(message: string): { readonly ok: false; readonly message: string } {
  return { ok: false, message };
}

/** Clerks typing with a Chinese input method often produce full-width digits and points. */
function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * Formats 分 as 万元 with at least two decimals, as the published table does. More decimals
 * appear only when the amount needs them (`0.0001` for 1 元, up to 6 for odd 分), so the text
 * always reads back to the same amount: money is never rounded away.
 */
export function formatWanYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const wan = Math.floor(abs / FEN_PER_WAN_YUAN);
  const fraction = String(abs % FEN_PER_WAN_YUAN)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}${wan}.${fraction}`;
}

/** 总计: always derived from its parts, never typed in. */
export function fundingTotal(f: Funding): Fen {
  return sumFen([f.fiscalAppropriation, f.specialAccountAppropriation, f.otherFunds]);
}

/** Sums amounts; throws rather than return a sum that is no longer exact. */
export function sumFen(values: readonly Fen[]): Fen {
  let total = 0;
  for (const v of values) {
    assertFen(v);
    total += v;
    // An exact sum above 2^53 - 1 rounds to 2^53 or more, so this catches every lost unit.
    if (!Number.isSafeInteger(total)) throw new DomainError('VALIDATION_FAILED', '金额合计超出可精确计算的范围');
  }
  return total;
}

/** Column-wise sum, e.g. a unit's funding from its projects'. */
export function sumFunding(fundings: readonly Funding[]): Funding {
  return {
    fiscalAppropriation: sumFen(fundings.map((f) => f.fiscalAppropriation)),
    specialAccountAppropriation: sumFen(fundings.map((f) => f.specialAccountAppropriation)),
    otherFunds: sumFen(fundings.map((f) => f.otherFunds)),
  };
}

export function fundingEquals(a: Funding, b: Funding): boolean {
  return (
    a.fiscalAppropriation === b.fiscalAppropriation &&
    a.specialAccountAppropriation === b.specialAccountAppropriation &&
    a.otherFunds === b.otherFunds
  );
}

function assertFen(value: number): void {
  // A non-integer here is a programming error (someone did float arithmetic on money), not user input.
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not an amount in 分 (safe integer expected): ${value}`);
}
