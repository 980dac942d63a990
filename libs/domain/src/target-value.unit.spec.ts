import { parsePublishedTable } from './published-table';
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
import { readReferenceTable } from './report/testing/reference-table';

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

describe('parseTargetValue on the phrasings of real tables (issue 12)', () => {
  const range = (low: string, high: string, unit: string, extra: { subject?: string; qualifier?: string } = {}): QuantitativeValue => ({
    ...q('>=', low, unit, extra),
    upper: high,
  });

  describe('given a decimal amount whose integer part has four digits', () => {
    it.each<[string, ParsedTargetValue]>([
      ['≤1500.25万元', q('<=', '1500.25', '万元')],
      ['≤3000.00元', q('<=', '3000.00', '元')],
      ['≤2024.10万元', q('<=', '2024.10', '万元')], // a plausible year and month, but a unit follows
      ['控制在2000.5万元以内', q('<=', '2000.5', '万元', { subject: '控制在' })],
    ])('when %j is parsed, then it is an amount, not a date', (input, expected) => {
      expect(parseTargetValue(input)).toEqual(expected);
    });
  });

  describe('given a real date or period', () => {
    it.each(['2023.07-2024.01', '2024年6月', '2024年6月前完成', '2023.7-2023.12', '2024/06/30前'])(
      'when %j is parsed, then it stays a date (qualitative)',
      (input) => {
        expect(parseTargetValue(input).kind).toBe('qualitative');
      },
    );
  });

  describe('given a range', () => {
    it.each<[string, ParsedTargetValue]>([
      ['90-95%', range('90', '95', '%')],
      ['90%-95%', range('90', '95', '%')],
      ['2-3次', range('2', '3', '次')],
      ['3~5次', range('3', '5', '次')],
      ['3～5次', range('3', '5', '次')],
      ['1200至1500人', range('1200', '1500', '人')],
      ['满意度达到90%-95%', range('90', '95', '%', { subject: '满意度' })],
      ['开展2-3次培训', range('2', '3', '次', { subject: '开展', qualifier: '培训' })],
    ])('when %j is parsed, then both bounds are kept', (input, expected) => {
      expect(parseTargetValue(input)).toEqual(expected);
    });

    it.each(['95-90%', '90%-95人'])('when %j has bounds reversed or units differing, then it is no range', (input) => {
      const parsed = parseTargetValue(input);
      expect(parsed.kind === 'quantitative' && parsed.upper !== undefined).toBe(false);
    });
  });

  describe('given a Latin-letter unit', () => {
    it.each<[string, ParsedTargetValue]>([
      ['≥80M', q('>=', '80', 'M')],
      ['≥10km', q('>=', '10', 'km')],
      ['≥2GB', q('>=', '2', 'GB')],
      ['≥5t', q('>=', '5', 't')],
      ['≥10kg', q('>=', '10', 'kg')],
      ['≥10 km', q('>=', '10', 'km')],
      ['带宽≥100Mbps', q('>=', '100', 'Mbps', { subject: '带宽' })],
    ])('when %j is parsed, then the unit is read', (input, expected) => {
      expect(parseTargetValue(input)).toEqual(expected);
    });

    it('when a letter names a thing (5G基站), then the number is still no quantity', () => {
      expect(parseTargetValue('5G基站≥10个')).toEqual(q('>=', '10', '个', { subject: '5G基站' }));
    });
  });

  describe('given a word before and a word after the number', () => {
    it.each<[string, ParsedTargetValue]>([
      ['达到95%以上', q('>=', '95', '%')],
      ['满意度达到95%以上', q('>=', '95', '%', { subject: '满意度' })],
      ['90%（含）以上', q('>=', '90', '%')],
      ['95%以上（含）', q('>=', '95', '%')],
      ['达到90%及以上', q('>=', '90', '%')],
      ['投诉率5%以下', q('<=', '5', '%', { subject: '投诉率' })],
      ['误差控制在3%以内', q('<=', '3', '%', { subject: '误差控制在' })],
      ['不超过30个工作日以内', q('<=', '30', '个工作日')],
      ['达到100%', q('=', '100', '%')],
    ])('when %j is parsed, then the comparator is the one meant', (input, expected) => {
      expect(parseTargetValue(input)).toEqual(expected);
    });
  });

  describe('given 万 and rate units', () => {
    it.each<[string, ParsedTargetValue]>([
      ['≤250万', q('<=', '250', '万')],
      ['项目成本控制在250万以内', q('<=', '250', '万', { subject: '项目成本控制在' })],
      ['≥1000/人', { ...q('>=', '1000', ''), per: '人' }],
      ['每人每年≤500元', { ...q('<=', '500', '元'), per: '人/年' }],
      ['每场≤2万元', { ...q('<=', '2', '万元'), per: '场' }],
      ['覆盖≥2万人', q('>=', '2', '万人', { subject: '覆盖' })],
    ])('when %j is parsed, then %j', (input, expected) => {
      expect(parseTargetValue(input)).toEqual(expected);
    });
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


describe('every 实施周期指标值 and 年度指标值 of the reference table', () => {
  /*
   * Decisions on the ambiguous ones:
   * - `完成全区197个社区换届工作` is a count: = 197 个, subject 完成全区, qualifier 社区换届工作. It is
   *   a 数量指标 (V02 wants a quantity) and 个 is a measure word, so the number is the target.
   * - `在微信视频号平台播出，观看人数不少于3000` is ≥ 3000 with no unit (V05 may warn) and the
   *   text before the comparator as subject.
   * - `不超过总人数的25%` keeps what the percentage is of as `base`.
   * - `年底前 完成` and the like are qualitative; isDeadline() recognises them for V07.
   */
  const EXPECTED: Record<string, ParsedTargetValue> = {
    '≥100人': q('>=', '100', '人'),
    '100%': bare('100', '%'),
    '推动党内关爱辅助进一步提升': text('推动党内关爱辅助进一步提升'),
    '困难党员 生活改善': text('困难党员生活改善'),
    '有所改善': text('有所改善'),
    '3000件': bare('3000', '件'),
    '>3000件': q('>', '3000', '件'),
    '及时完成各类信访举报监督事项': text('及时完成各类信访举报监督事项'),
    '办结率达100%': q('=', '100', '%', { subject: '办结率' }),
    '根据工作需要推进落实': text('根据工作需要推进落实'),
    '按规定对给予嘉奖、记三等功人员颁发奖励证书、奖章': text('按规定对给予嘉奖、记三等功人员颁发奖励证书、奖章'),
    '按要求完成': text('按要求完成'),
    '组织不少于2场人才活动': q('>=', '2', '场', { subject: '组织', qualifier: '人才活动' }),
    '≥2次': q('>=', '2', '次'),
    '按年度计划年底前 完成': text('按年度计划年底前完成'),
    '扩大人才工作宣传覆盖面，持续增强人才工作影响力，不少于4次媒体信息发布': q('>=', '4', '次', {
      subject: '扩大人才工作宣传覆盖面,持续增强人才工作影响力',
      qualifier: '媒体信息发布',
    }),
    '不少于4次媒体信息发布': q('>=', '4', '次', { qualifier: '媒体信息发布' }),
    '人才素质得到有效提升': text('人才素质得到有效提升'),
    '年底前 完成': text('年底前完成'),
    '完成全区197个社区换届工作': bare('197', '个', { subject: '完成全区', qualifier: '社区换届工作' }),
    '文书档案整理份数3000份': bare('3000', '份', { subject: '文书档案整理份数' }),
    '大于3000份': q('>', '3000', '份'),
    '质量合格': text('质量合格'),
    '按上级部门通知要求开展': text('按上级部门通知要求开展'),
    '根据上级统一部署完成': text('根据上级统一部署完成'),
    '提高基层党组织选举质量': text('提高基层党组织选举质量'),
    '提高群众向心力': text('提高群众向心力'),
    '3人': bare('3', '人'),
    '及时汇总统计当年度符合津贴发放要求的人员情况，做好津贴经费保障工作': text(
      '及时汇总统计当年度符合津贴发放要求的人员情况,做好津贴经费保障工作',
    ),
    '基层干部积极性提高': text('基层干部积极性提高'),
    '提升': text('提升'),
    '党建指导员人数≤6人': q('<=', '6', '人', { subject: '党建指导员人数' }),
    '年底前完成发放': text('年底前完成发放'),
    '提升工作积极性': text('提升工作积极性'),
    '考核优秀等次比例不超过总人数的25%': q('<=', '25', '%', { subject: '考核优秀等次比例', base: '总人数' }),
    '小于50份': q('<', '50', '份'),
    '组织工作质量得到提升': text('组织工作质量得到提升'),
    '绿美广东工作得到推进': text('绿美广东工作得到推进'),
    '大于95%': q('>', '95', '%'),
    '开展不少于120场活动': q('>=', '120', '场', { subject: '开展', qualifier: '活动' }),
    '≥120场': q('>=', '120', '场'),
    '年底前完成': text('年底前完成'),
    '按计划每月完成': text('按计划每月完成'),
    '新媒体平台发布活动信息、活动预告不少于22次发布': q('>=', '22', '次', {
      subject: '新媒体平台发布活动信息、活动预告',
      qualifier: '发布',
    }),
    '≥22次': q('>=', '22', '次'),
    '≥1次': q('>=', '1', '次'),
    '16处': bare('16', '处'),
    '≥16处': q('>=', '16', '处'),
    '得到上级党史文献部门认可': text('得到上级党史文献部门认可'),
    '发党史宣教资料到各单位': text('发党史宣教资料到各单位'),
    '不少于1部党员教育电视片': q('>=', '1', '部', { qualifier: '党员教育电视片' }),
    '≥1': q('>=', '1', ''),
    '年度周期内完成': text('年度周期内完成'),
    '在微信视频号平台播出，观看人数不少于3000': q('>=', '3000', '', { subject: '在微信视频号平台播出,观看人数' }),
    '≥3000': q('>=', '3000', ''),
    '以小切口展现我区党建工作的特色、成果': text('以小切口展现我区党建工作的特色、成果'),
    '按计划完成': text('按计划完成'),
  };

  const { table } = parsePublishedTable(readReferenceTable());
  const values = table.units.flatMap((u) =>
    u.projects.flatMap((p) =>
      p.indicators.flatMap((ind, i) => [
        { where: `${p.name} #${i + 1} 实施周期`, text: ind.periodTarget },
        { where: `${p.name} #${i + 1} 年度`, text: ind.annualTarget },
      ]),
    ),
  );

  it('walks all 82 values (41 indicators)', () => {
    expect(values).toHaveLength(82);
  });

  it('has an expectation for every value, and no expectation goes unused', () => {
    expect(values.filter((v) => !(v.text in EXPECTED)).map((v) => `${v.where}: ${v.text}`)).toEqual([]);
    const used = new Set(values.map((v) => v.text));
    expect(Object.keys(EXPECTED).filter((k) => !used.has(k))).toEqual([]);
  });

  it.each(values.map((v) => [v.where, v.text] as const))('%s: %s', (_where, value) => {
    expect(parseTargetValue(value)).toEqual(EXPECTED[value]);
    expect(targetValue(value).text).toBe(value);
  });

  it('reads the deadlines among them as deadlines', () => {
    const deadlines = [...new Set(values.map((v) => v.text))].filter((t) => isDeadline(t));
    expect(deadlines).toEqual(['按年度计划年底前 完成', '年底前 完成', '年底前完成发放', '年底前完成', '年度周期内完成']);
  });
});
