import { DomainError } from './errors';
import {
  formatWanYuan,
  fundingEquals,
  fundingTotal,
  parseWanYuan,
  sumFen,
  sumFunding,
  ZERO_FUNDING,
  type Fen,
  type ParseResult,
} from './money';

function fen(input: unknown, blankIsZero = false): Fen {
  const r = parseWanYuan(input, { blankIsZero });
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${r.message}`);
  return r.value;
}

function message(r: ParseResult<Fen>): string {
  if (r.ok) throw new Error(`expected a failure, got ${r.value}`);
  return r.message;
}

describe('parseWanYuan', () => {
  it.each([
    ['30.00', 30_000_000],
    ['30', 30_000_000],
    ['287.20', 287_200_000],
    ['302.2', 302_200_000],
    ['0.0001', 100], // A02: the smallest amount, 1 元
    ['0.01', 10_000],
    ['0', 0],
    ['0.00', 0],
    ['007.50', 7_500_000],
    [' 41.85 ', 41_850_000],
    ['\t3.60\u3000', 3_600_000],
    ['1,234.5', 1_234_500_000],
    ['1,234,567', 1_234_567_000_000],
    ['３０．００', 30_000_000], // full-width, as a Chinese input method types it
    ['30.00万元', 30_000_000],
    ['30.000000', 30_000_000], // trailing zeros beyond the 4th decimal change nothing
    ['1000000000', 1_000_000_000_000_000], // MAX_WAN_YUAN
  ])('reads %j as %d 分', (input, expected) => {
    expect(fen(input)).toBe(expected);
  });

  it.each([
    [30, 30_000_000],
    [30.5, 30_500_000],
    [0.0001, 100],
    [41.85, 41_850_000],
    [0, 0],
    [-0, 0],
  ])('reads the JSON number %d as %d 分', (input, expected) => {
    expect(fen(input)).toBe(expected);
  });

  it('reads blank as 0 only when the caller says so', () => {
    for (const blank of ['', '   ', null, undefined]) {
      expect(fen(blank, true)).toBe(0);
      expect(message(parseWanYuan(blank))).toBe('金额不能为空');
    }
  });

  it.each([
    ['-1', '金额不能为负数'],
    ['-0.01', '金额不能为负数'],
    [-5, '金额不能为负数'],
    ['0.00001', '金额最多保留4位小数'],
    ['1.23456', '金额最多保留4位小数'],
    [1e-7, '金额最多保留4位小数'],
    ['1e5', '金额不能使用科学计数法，请直接填写数字'],
    ['1.5E3', '金额不能使用科学计数法，请直接填写数字'],
    ['1000000000.0001', '金额过大，请检查是否以万元为单位填写'],
    ['99999999999', '金额过大，请检查是否以万元为单位填写'],
    [1e21, '金额过大，请检查是否以万元为单位填写'],
    ['1,5', '金额的千分位分隔符位置不正确'],
    ['12,34.5', '金额的千分位分隔符位置不正确'],
    ['300000元', '金额单位为万元，请换算为万元后填写'],
    [NaN, '金额必须是有效数字'],
    [Infinity, '金额必须是有效数字'],
    [true, '金额必须是数字'],
    [{ amount: 1 }, '金额必须是数字'],
  ])('rejects %j: %s', (input, expected) => {
    expect(message(parseWanYuan(input))).toBe(expected);
  });

  it.each(['NaN', 'abc', '.5', '5.', '+5', '1.2.3', '-', '30 00', '0x10'])('rejects %j as not a number', (input) => {
    expect(message(parseWanYuan(input))).toMatch(/^金额格式不正确/);
  });

  it('never lets a float sum slip in as an amount', () => {
    // 0.1 + 0.2 is 0.30000000000000004: its String() has 17 decimals, so it is refused, not rounded.
    expect(message(parseWanYuan(0.1 + 0.2))).toBe('金额最多保留4位小数');
    const sum = fen('0.1') + fen('0.2');
    expect(sum).toBe(fen('0.3'));
    expect(formatWanYuan(sum)).toBe('0.30');
    // Ten 0.1 are exactly 1 in 分; in floats they are 0.9999999999999999.
    expect(sumFen(Array.from({ length: 10 }, () => fen('0.1')))).toBe(fen('1'));
    expect(fen('1.1') * 3).toBe(fen('3.3'));
  });
});

describe('formatWanYuan', () => {
  it.each([
    [30_000_000, '30.00'],
    [302_200_000, '302.20'],
    [0, '0.00'],
    [100, '0.0001'],
    [1_234_500, '1.2345'],
    [1_230_000, '1.23'],
    [1, '0.000001'], // an odd 分 is shown, not rounded away
    [-41_850_000, '-41.85'],
    [1_000_000_000_000_000, '1000000000.00'],
  ])('formats %d 分 as %s', (value, expected) => {
    expect(formatWanYuan(value)).toBe(expected);
  });

  it('reads back to the same amount', () => {
    for (const value of [0, 100, 10_000, 30_000_000, 41_850_000, 1_234_500, 999_999_999_999_900]) {
      expect(fen(formatWanYuan(value))).toBe(value);
    }
  });

  it('refuses a non-integer, which means someone did float arithmetic on money', () => {
    expect(() => formatWanYuan(0.5)).toThrow(RangeError);
    expect(() => formatWanYuan(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});

describe('sums', () => {
  it('derives 总计 from the three sources', () => {
    expect(fundingTotal({ fiscalAppropriation: 30_000_000, specialAccountAppropriation: 100, otherFunds: 5_000_000 })).toBe(35_000_100);
    expect(fundingTotal(ZERO_FUNDING)).toBe(0);
  });

  it('adds column by column', () => {
    const a = { fiscalAppropriation: 1, specialAccountAppropriation: 2, otherFunds: 3 };
    const b = { fiscalAppropriation: 10, specialAccountAppropriation: 20, otherFunds: 30 };
    expect(sumFunding([a, b])).toEqual({ fiscalAppropriation: 11, specialAccountAppropriation: 22, otherFunds: 33 });
    expect(fundingEquals(sumFunding([]), ZERO_FUNDING)).toBe(true);
    expect(fundingEquals(a, b)).toBe(false);
  });

  it('adds the reference unit exactly', () => {
    const projects = ['30.00', '61.30', '20.00', '41.85', '3.60', '70.45', '10.00', '50.00'].map((s) => fen(s));
    expect(sumFen(projects)).toBe(fen('287.20'));
  });

  it('throws instead of returning an inexact sum', () => {
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(DomainError);
    expect(() => sumFen([0.5])).toThrow(RangeError);
    expect(sumFen([])).toBe(0);
  });

  it('keeps ZERO_FUNDING immutable', () => {
    expect(Object.isFrozen(ZERO_FUNDING)).toBe(true);
  });
});
