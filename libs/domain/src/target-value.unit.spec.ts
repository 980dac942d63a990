import {
  compareDecimals,
  compareQuantities,
  isDeadline,
  normaliseValueText,
  parseTargetValue,
  targetValue,
  type Comparator,
  type ParsedTargetValue,
  type QuantitativeValue,
} from './target-value';

/** `q('>=', '100', '人')`: a quantity with an explicit comparator unless `explicit: false`. */
function q(
  comparator: Comparator,
  number: string,
  unit: string,
  extra: { explicit?: boolean; subject?: string; qualifier?: string; base?: string } = {},
): QuantitativeValue {
  const { explicit = true, ...rest } = extra;
  return { kind: 'quantitative', comparator, comparatorExplicit: explicit, number, unit, isPercent: unit === '%', ...rest };
}
const bare = (number: string, unit: string, extra: { subject?: string; qualifier?: string } = {}) =>
  q('=', number, unit, { explicit: false, ...extra });
const text = (t: string): ParsedTargetValue => ({ kind: 'qualitative', text: t });

describe('normaliseValueText (V11)', () => {
  it.each([
    ['年底前 完成', '年底前完成'],
    ['≥ 100 人', '≥100人'],
    ['>=100人', '≥100人'],
    ['＞＝１００人', '≥100人'],
    ['≧95％', '≥95%'],
    ['<= 6人', '≤6人'],
    ['≦6人', '≤6人'],
    ['＞3000件', '>3000件'],
    ['实施：≥1；', '实施:≥1'],
    ['质量合格。', '质量合格'],
    ['\u3000有所改善\u3000', '有所改善'],
    ['KPI score ≥ 90', 'KPI score≥90'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseValueText(input)).toBe(expected);
  });
});

describe('parseTargetValue', () => {
  // Every form domain.md lists, in its order.
  it.each<[string, ParsedTargetValue]>([
    ['≥100人', q('>=', '100', '人')],
    ['100%', bare('100', '%')],
    ['3000件', bare('3000', '件')],
    ['>3000件', q('>', '3000', '件')],
    ['大于3000份', q('>', '3000', '份')],
    ['文书档案整理份数3000份', bare('3000', '份', { subject: '文书档案整理份数' })],
    ['党建指导员人数≤6人', q('<=', '6', '人', { subject: '党建指导员人数' })],
    ['不少于4次媒体信息发布', q('>=', '4', '次', { qualifier: '媒体信息发布' })],
    ['考核优秀等次比例不超过总人数的25%', q('<=', '25', '%', { subject: '考核优秀等次比例', base: '总人数' })],
    ['≥1', q('>=', '1', '')],
    ['年底前 完成', text('年底前完成')],
    ['有所改善', text('有所改善')],
    ['质量合格', text('质量合格')],
    ['按要求完成', text('按要求完成')],
  ])('reads the domain.md form %j', (input, expected) => {
    expect(parseTargetValue(input)).toEqual(expected);
  });

  it.each<[string, Comparator]>([
    ['不少于', '>='],
    ['不低于', '>='],
    ['至少', '>='],
    ['不超过', '<='],
    ['不高于', '<='],
    ['至多', '<='],
    ['大于', '>'],
    ['高于', '>'],
    ['超过', '>'],
    ['小于', '<'],
    ['低于', '<'],
    ['达到', '='],
    ['等于', '='],
    ['达', '='],
    ['≥', '>='],
    ['≤', '<='],
    ['>', '>'],
    ['<', '<'],
    ['=', '='],
    ['＞', '>'],
    ['＜', '<'],
    ['＝', '='],
    ['>=', '>='],
    ['<=', '<='],
    ['大于等于', '>='],
  ])('reads the comparator %j', (word, comparator) => {
    expect(parseTargetValue(`满意度${word}90%`)).toEqual(q(comparator, '90', '%', { subject: '满意度' }));
  });

  it.each<[string, ParsedTargetValue]>([
    ['100人以上', q('>=', '100', '人')],
    ['5%以内', q('<=', '5', '%')],
    ['至少达到90%', q('>=', '90', '%')],
    ['0.5%', bare('0.5', '%')],
    ['3,000份', bare('3000', '份')],
    ['≥１２０场', q('>=', '120', '场')],
    ['≥5栋', q('>=', '5', '栋')],
    ['≥10人次', q('>=', '10', '人次')],
    ['下降2个百分点', bare('2', '个百分点', { subject: '下降' })],
    ['经费下达100%', bare('100', '%', { subject: '经费下达' })], // 下达 "issued", not 达 "reaches"
    ['12次（每月1次）', bare('12', '次', { qualifier: '(每月1次)' })],
    ['5G基站≥10个', q('>=', '10', '个', { subject: '5G基站' })],
    ['2023年完成3次培训', bare('3', '次', { subject: '2023年完成', qualifier: '培训' })],
    ['≤30天', q('<=', '30', '天')],
  ])('reads %j', (input, expected) => {
    expect(parseTargetValue(input)).toEqual(expected);
  });

  it.each([
    '12月31日前',
    '2023.07-2024.01',
    '6月底前完成',
    '31日前完成',
    '提升5大人才工作体系', // a number in prose without a unit is not a target
    '按规定对给予嘉奖、记三等功人员颁发奖励证书、奖章',
    '第3季度完成',
    '3场，每场≥50人，共≥150人',
  ])('keeps %j qualitative', (input) => {
    expect(parseTargetValue(input).kind).toBe('qualitative');
  });

  it.each(['', '   ', '**', '***', 'xx', 'XX', '/', '-', '——', '无', '待定', '≥xx%', '**人', 'XX件'])(
    'treats %j as empty (V01)',
    (input) => {
      expect(parseTargetValue(input)).toEqual({ kind: 'empty', raw: input });
    },
  );

  it('keeps the text exactly as entered beside the parse', () => {
    expect(targetValue(' ≥ 100 人 ')).toEqual({ text: ' ≥ 100 人 ', parsed: q('>=', '100', '人') });
    expect(targetValue('困难党员 生活改善')).toEqual({ text: '困难党员 生活改善', parsed: text('困难党员生活改善') });
  });
});

describe('compareQuantities', () => {
  const v = (s: string) => parseTargetValue(s) as QuantitativeValue;

  it('compares the numbers exactly when the units agree', () => {
    expect(compareQuantities(v('3000件'), v('>3000件'))).toBe(0);
    expect(compareQuantities(v('≥16处'), v('16处'))).toBe(0);
    expect(compareQuantities(v('≥2次'), v('≥22次'))).toBe(-1);
    expect(compareQuantities(v('≥100人'), v('≥99.99人'))).toBe(1);
    expect(compareQuantities(v('95.5%'), v('95.50%'))).toBe(0);
  });

  it('says nothing when the units differ', () => {
    expect(compareQuantities(v('组织不少于2场人才活动'), v('≥2次'))).toBeNull();
    expect(compareQuantities(v('≥1'), v('不少于1部党员教育电视片'))).toBeNull();
  });

  it.each<[string, string, -1 | 0 | 1]>([
    ['0.1', '0.10', 0],
    ['007', '7', 0],
    ['9', '10', -1],
    ['0.3', '0.29999', 1],
    ['1000000000000000000001', '1000000000000000000000', 1], // beyond floats, still exact
  ])('compareDecimals(%j, %j) = %d', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
  });
});

describe('isDeadline', () => {
  it.each(['年底前 完成', '年底前完成发放', '按年度计划年底前 完成', '12月31日前', '6月底前完成', '年度周期内完成', '30个工作日内', '≤30天'])(
    '%j is a deadline',
    (input) => {
      expect(isDeadline(input)).toBe(true);
    },
  );

  it.each(['2023.07-2024.01', '按计划每月完成', '100%', '≥30天', '质量合格'])('%j is not a deadline', (input) => {
    expect(isDeadline(input)).toBe(false);
  });
});
