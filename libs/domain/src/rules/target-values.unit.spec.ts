import { ruleConfig, DEFAULT_RULE_CONFIG } from './config';
import { evaluateRules } from './evaluate';
import {
  ruleV01ValuePresent,
  ruleV02QuantityIsQuantitative,
  ruleV03PercentRange,
  ruleV04Satisfaction,
  ruleV05UnitAndComparator,
  ruleV06PeriodAndAnnualAgree,
  ruleV07Timeliness,
  ruleV08Cost,
  ruleV09UnitCostTimesQuantity,
  ruleV10QualitativeVocabulary,
  ruleV11Normalisation,
} from './target-values';
import { funding, goodSheet, indicator, summary, withIndicator, withIndicators } from './testing/sheet-builder';

const quantityIndicator = (annual: string, period: string = annual) => indicator('1-产出指标', '11-数量指标', '帮扶对象', annual, period);
const qualityIndicator = (annual: string, period: string = annual) => indicator('1-产出指标', '12-质量指标', '工作质量', annual, period);
const rateIndicator = (name: string, annual: string, period: string = annual) => indicator('1-产出指标', '12-质量指标', name, annual, period);
const timelinessIndicator = (annual: string) => indicator('1-产出指标', '13-时效指标', '完成时间', annual);
const costIndicator = (annual: string, name = '慰问经费') => indicator('1-产出指标', '14-成本指标', name, annual);
const outcomeIndicator = (annual: string) => indicator('2-效益指标', '22-社会效益', '社会效果', annual);
const satisfactionIndicator = (annual: string) => indicator('3-满意度指标', '31-服务对象满意度', '服务对象满意度', annual);

describe('V01 a value, not a placeholder', () => {
  it.each(['≥100人', '有所改善', '按规定对给予嘉奖、记三等功人员颁发奖励证书、奖章', '100%'])('passes %j', (value) => {
    expect(ruleV01ValuePresent(withIndicators(qualityIndicator(value)))).toEqual([]);
  });

  it.each(['**', 'xx', '/', '-', '≥xx%', '待定'])('blocks the 年度指标值 %j', (value) => {
    const findings = ruleV01ValuePresent(withIndicators(qualityIndicator(value, '质量合格')));
    expect(summary(findings)).toEqual(['V01:B@indicators[0].annualTarget']);
    expect(findings[0]?.values).toEqual({ text: value });
  });

  it('warns (not blocks) on a placeholder 实施周期指标值', () => {
    expect(summary(ruleV01ValuePresent(withIndicators(qualityIndicator('质量合格', '**'))))).toEqual(['V01:W@indicators[0].periodTarget']);
  });

  it('reads configured placeholders, after normalisation and case-insensitively', () => {
    const sheet = withIndicators(qualityIndicator(' 详见附件。', '质量合格'));
    expect(summary(ruleV01ValuePresent(sheet))).toEqual(['V01:B@indicators[0].annualTarget']);
    expect(ruleV01ValuePresent(sheet, ruleConfig({ placeholders: ['**'] }))).toEqual([]);
  });

  it('leaves a blank 年度指标值 to S02', () => {
    expect(ruleV01ValuePresent(withIndicators(qualityIndicator('', '')))).toEqual([]);
  });

  it('keeps other rules from reading a configured placeholder as text (no V10 on it)', () => {
    const sheet = withIndicator(4, indicator('2-效益指标', '22-社会效益', '社会效果', '同上', '有所改善'));
    expect(summary(evaluateRules(sheet))).toEqual(['V01:B@indicators[4].annualTarget']);
  });
});

describe('V02 数量指标 values are quantitative', () => {
  it.each(['≥1次', '≥100人', '完成全区197个社区换届工作', '党建指导员人数≤6人'])('passes %j', (value) => {
    expect(ruleV02QuantityIsQuantitative(withIndicators(quantityIndicator(value)))).toEqual([]);
  });

  it('blocks qualitative text under 11', () => {
    const findings = ruleV02QuantityIsQuantitative(withIndicators(quantityIndicator('按要求完成')));
    expect(summary(findings)).toEqual(['V02:B@indicators[0].annualTarget']);
    expect(findings[0]?.values).toEqual({ text: '按要求完成', level2: '11-数量指标' });
  });

  it('warns instead when configured so', () => {
    const findings = ruleV02QuantityIsQuantitative(withIndicators(quantityIndicator('按要求完成')), ruleConfig({ v02Severity: 'W' }));
    expect(summary(findings)).toEqual(['V02:W@indicators[0].annualTarget']);
  });

  it('ignores text under other 二级', () => {
    expect(ruleV02QuantityIsQuantitative(withIndicators(qualityIndicator('按要求完成')))).toEqual([]);
  });
});

describe('V03 percentages within 0–100 %', () => {
  it.each(['≥95%', '100%', '≥100%', '0%', '≤5%', '考核优秀等次比例不超过总人数的25%'])('passes %j', (value) => {
    expect(ruleV03PercentRange(withIndicators(rateIndicator('完成率', value)))).toEqual([]);
  });

  it.each(['120%', '>100%', '≥100.5%', '<0%'])('blocks %j', (value) => {
    expect(summary(ruleV03PercentRange(withIndicators(rateIndicator('完成率', value, '100%'))))).toEqual(['V03:B@indicators[0].annualTarget']);
  });

  it('checks the 实施周期指标值 as well', () => {
    expect(summary(ruleV03PercentRange(withIndicators(rateIndicator('完成率', '100%', '150%'))))).toEqual(['V03:B@indicators[0].periodTarget']);
  });

  it.each([
    ['收入增长率', '120%'],
    ['服务量增幅', '≥150%'],
    ['完成率', '同比增长120%'],
  ])('allows growth: %s %s', (name, value) => {
    expect(ruleV03PercentRange(withIndicators(rateIndicator(name, value)))).toEqual([]);
  });
});

describe('V04 满意度 values', () => {
  it.each(['≥90%', '大于95%', '≥90.5%', '>90%'])('passes %j', (value) => {
    expect(ruleV04Satisfaction(withIndicators(satisfactionIndicator(value)))).toEqual([]);
  });

  it.each<[string, string]>([
    ['100%', '不宜定为100%'],
    ['≥100%', '不宜定为100%'],
    ['≥85%', '低于满意度下限90%'],
    ['95%', '应使用“≥”或“>”'],
    ['≤95%', '应使用“≥”或“>”'],
    ['群众满意', '应为百分比'],
    ['≥90分', '应为百分比'],
  ])('warns on %j: %s', (value, reason) => {
    const findings = ruleV04Satisfaction(withIndicators(satisfactionIndicator(value)));
    expect(summary(findings)).toEqual(['V04:W@indicators[0].annualTarget']);
    expect(findings[0]?.message).toContain(reason);
  });

  it('names every problem of a value in one finding', () => {
    expect(ruleV04Satisfaction(withIndicators(satisfactionIndicator('85%')))[0]?.message).toBe(
      '第1个指标是满意度指标，年度指标值“85%”应使用“≥”或“>”，低于满意度下限90%。',
    );
  });

  it('uses the configured floor, exactly', () => {
    const sheet = withIndicators(satisfactionIndicator('≥85%'));
    expect(ruleV04Satisfaction(sheet, ruleConfig({ satisfactionFloorPercent: 85 }))).toEqual([]);
    expect(ruleV04Satisfaction(sheet, ruleConfig({ satisfactionFloorPercent: 85.01 }))).toHaveLength(1);
  });

  it('looks at 满意度 indicators only', () => {
    expect(ruleV04Satisfaction(withIndicators(rateIndicator('完成率', '100%')))).toEqual([]);
  });
});

describe('V05 unit and comparator', () => {
  it.each(['≥1部', '100%', '0%', '≥95%', '3000件', '有所改善'])('passes %j', (value) => {
    expect(ruleV05UnitAndComparator(withIndicators(rateIndicator('完成率', value)))).toEqual([]);
  });

  it('warns on a number without a unit, in either value', () => {
    const findings = ruleV05UnitAndComparator(withIndicators(quantityIndicator('≥3000', '观看人数不少于3000')));
    expect(summary(findings)).toEqual(['V05:W@indicators[0].periodTarget', 'V05:W@indicators[0].annualTarget']);
    expect(findings[1]?.message).toBe('第1个指标的年度指标值“≥3000”数值缺少计量单位（如“人”“次”“%”）。');
  });

  it('warns on a rate without a comparator', () => {
    const findings = ruleV05UnitAndComparator(withIndicators(rateIndicator('完成率', '95%', '≥95%')));
    expect(summary(findings)).toEqual(['V05:W@indicators[0].annualTarget']);
    expect(findings[0]?.message).toContain('比率缺少比较符号');
  });

  it('wants a comparator on 100% of a growth rate, which may go beyond it', () => {
    expect(summary(ruleV05UnitAndComparator(withIndicators(rateIndicator('收入增长率', '100%', '≥100%'))))).toEqual([
      'V05:W@indicators[0].annualTarget',
    ]);
  });

  it('leaves the comparator of a 满意度 value to V04', () => {
    expect(ruleV05UnitAndComparator(withIndicators(satisfactionIndicator('95%')))).toEqual([]);
  });
});

describe('V06 实施周期 and 年度 values agree', () => {
  const check = (period: string, annual: string, implementationYears?: number) =>
    ruleV06PeriodAndAnnualAgree(
      withIndicators(quantityIndicator(annual, period)),
      DEFAULT_RULE_CONFIG,
      implementationYears === undefined ? {} : { implementationYears },
    );

  it.each<[string, string, number | undefined]>([
    ['≥100人', '≥100人', undefined],
    ['≥100人', '≥100人', 1],
    ['16处', '≥16处', undefined],
    ['不少于1部党员教育电视片', '≥1', undefined], // a missing unit is V05's
    ['≥3000件', '≥1000件', 3],
    ['小于50份', '<50份', undefined],
    ['≤6人', '≤5人', undefined],
    ['≥90%', '≥95%', undefined], // rates do not add up over the years
    ['及时完成各类信访举报监督事项', '办结率达100%', undefined], // text and number: nothing to compare
  ])('passes %j vs %j (years: %s)', (period, annual, years) => {
    expect(check(period, annual, years)).toEqual([]);
  });

  it('warns on `3000件` vs `>3000件`, whatever the period length', () => {
    for (const years of [undefined, 1, 3]) {
      const findings = check('3000件', '>3000件', years);
      expect(summary(findings)).toEqual(['V06:W@indicators[0].annualTarget']);
      expect(findings[0]?.values).toEqual({ periodTarget: '3000件', annualTarget: '>3000件', implementationYears: years ?? null });
    }
  });

  it.each<[string, string, number | undefined, string]>([
    ['组织不少于2场人才活动', '≥2次', undefined, '计量单位不同'],
    ['≤6人', '≥6人', undefined, '一个是下限，一个是上限'],
    ['≥1000件', '≥5000件', undefined, '超过了整个实施周期'],
    ['≤50份', '≤60份', undefined, '超过了整个实施周期'],
    ['16处', '≥16处', 1, '一年期项目'],
    ['≥90%', '≥95%', 1, '一年期项目'],
  ])('warns on %j vs %j (years: %s): %s', (period, annual, years, reason) => {
    const findings = check(period, annual, years);
    expect(summary(findings)).toEqual(['V06:W@indicators[0].annualTarget']);
    expect(findings[0]?.message).toContain(reason);
  });
});

describe('V07 时效指标 is a deadline or a rate', () => {
  it.each(['年底前完成', '12月31日前', '≤30天', '年度周期内完成', '经费及时下达率100%'])('passes %j', (value) => {
    expect(ruleV07Timeliness(withIndicators(timelinessIndicator(value)))).toEqual([]);
  });

  it('warns on a bare period with its own message', () => {
    const findings = ruleV07Timeliness(withIndicators(timelinessIndicator('2023.07-2024.01')));
    expect(summary(findings)).toEqual(['V07:W@indicators[0].annualTarget']);
    expect(findings[0]?.values).toEqual({ text: '2023.07-2024.01', barePeriod: true });
    expect(findings[0]?.message).toContain('只是一个时间段');
  });

  it('warns on text without a time', () => {
    expect(ruleV07Timeliness(withIndicators(timelinessIndicator('根据上级统一部署完成')))[0]?.values).toEqual({
      text: '根据上级统一部署完成',
      barePeriod: false,
    });
  });
});

describe('V08 成本 values', () => {
  it.each(['≤30万元', '≤5%', '≤500元/人', '不超过29.5万元', '≤300000元'])('passes %j', (value) => {
    expect(ruleV08Cost(withIndicators(costIndicator(value)))).toEqual([]);
  });

  it.each<[string, string]>([
    ['30万元', '应使用“≤”表示成本上限'],
    ['≥100人', '应为金额（元、万元）或百分比'],
    ['有效控制', '应为金额（元、万元）或百分比'],
  ])('warns on %j', (value, reason) => {
    const findings = ruleV08Cost(withIndicators(costIndicator(value)));
    expect(summary(findings)).toEqual(['V08:W@indicators[0].annualTarget']);
    expect(findings[0]?.message).toContain(reason);
  });

  it('blocks an amount above the project total, compared exactly', () => {
    const sheet = goodSheet({ funding: funding(30), indicators: [costIndicator('≤300001元')] });
    const findings = ruleV08Cost(sheet);
    expect(summary(findings)).toEqual(['V08:B@indicators[0].annualTarget']);
    expect(findings[0]?.values).toEqual({ text: '≤300001元', amountFen: 30_000_100, projectTotal: 30_000_000 });
    expect(findings[0]?.message).toContain('金额超过项目总计30.00万元');
  });

  it('does not compare a cost per unit with the total', () => {
    expect(ruleV08Cost(goodSheet({ indicators: [costIndicator('≤50万元/场')] }))).toEqual([]);
  });

  it('accepts the newer framework’s 一级 成本', () => {
    expect(summary(ruleV08Cost(withIndicators(indicator('成本指标', '经济成本', '项目成本', '40万元'))))).toEqual([
      'V08:B@indicators[0].annualTarget',
    ]);
  });
});

describe('V09 quantity × unit cost ≈ total', () => {
  const sheet = (quantity: string, cost: string, totalWan = 30, costName = '人均慰问标准') =>
    goodSheet({ funding: funding(totalWan), indicators: [quantityIndicator(quantity), costIndicator(cost, costName)] });

  it.each<[string, string]>([
    ['≥100人', '≤3000元/人'], // exactly 30 万元
    ['≥102人', '≤3000元/人'], // 30.6 万元: 2 % off
    ['≥95人', '每人≤3000元'], // 28.5 万元: exactly 5 % off
    ['≥100人', '≤3000元'], // 人均 in the name: per 人
  ])('passes %j × %j on 30 万元', (quantity, cost) => {
    expect(ruleV09UnitCostTimesQuantity(sheet(quantity, cost))).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['≥200人', '≤3000元/人', '慰问经费'],
    ['≥200人', '≤3000元每人', '慰问经费'],
    ['≥200人', '每人≤3000元', '慰问经费'],
    ['≥200人', '≤3000元', '人均慰问标准'],
    ['≥200人', '≤3000元', '慰问品单价'], // per what is not said: the sheet's only 数量指标
  ])('finds the unit cost in %j × %j (%s)', (quantity, cost, name) => {
    expect(summary(ruleV09UnitCostTimesQuantity(sheet(quantity, cost, 30, name)))).toEqual(['V09:W@indicators[1].annualTarget']);
  });

  it('warns when the product is off by more than the tolerance', () => {
    const findings = ruleV09UnitCostTimesQuantity(sheet('≥200人', '≤3000元/人'));
    expect(summary(findings)).toEqual(['V09:W@indicators[1].annualTarget']);
    expect(findings[0]?.values).toMatchObject({ productFen: 60_000_000, projectTotal: 30_000_000, quantityIndex: 0, tolerancePercent: '5' });
    expect(findings[0]?.message).toContain('约为60.00万元，与项目总计30.00万元相差超过5%');
  });

  it('warns just beyond the tolerance (94 × 3000 = 28.2 万元 is 6 % off)', () => {
    expect(ruleV09UnitCostTimesQuantity(sheet('≥94人', '≤3000元/人'))).toHaveLength(1);
  });

  it('uses the configured tolerance', () => {
    expect(ruleV09UnitCostTimesQuantity(sheet('≥94人', '≤3000元/人'), ruleConfig({ unitCostTolerancePercent: 6 }))).toEqual([]);
  });

  it('says nothing when no quantity matches what the cost is per', () => {
    expect(ruleV09UnitCostTimesQuantity(sheet('≥10场', '≤3000元/人'))).toEqual([]);
  });

  it('says nothing without a unit cost', () => {
    expect(ruleV09UnitCostTimesQuantity(sheet('≥200人', '≤30万元', 30, '慰问经费'))).toEqual([]);
  });
});

describe('V10 qualitative vocabulary', () => {
  it.each(['有所改善', '质量合格', '按年度计划年底前 完成', '年底前完成发放', '困难党员生活明显改善', '长期'])('passes %j', (value) => {
    expect(ruleV10QualitativeVocabulary(withIndicators(outcomeIndicator(value)))).toEqual([]);
  });

  it.each(['根据工作需要推进落实', '提升', '发党史宣教资料到各单位'])('warns on %j', (value) => {
    const findings = ruleV10QualitativeVocabulary(withIndicators(outcomeIndicator(value)));
    expect(summary(findings)).toEqual(['V10:W@indicators[0].annualTarget']);
    expect(findings[0]?.message).toContain('不是规范的定性表述');
  });

  it('takes the configured vocabulary', () => {
    const config = ruleConfig({ qualitativeVocabulary: [...DEFAULT_RULE_CONFIG.qualitativeVocabulary, '推进落实'] });
    expect(ruleV10QualitativeVocabulary(withIndicators(outcomeIndicator('根据工作需要推进落实')), config)).toEqual([]);
  });

  it('leaves 数量, 时效, 满意度 and 成本 indicators to V02, V07, V04 and V08', () => {
    const sheet = withIndicators(
      quantityIndicator('推进落实'),
      timelinessIndicator('推进落实'),
      satisfactionIndicator('推进落实'),
      costIndicator('推进落实'),
    );
    expect(ruleV10QualitativeVocabulary(sheet)).toEqual([]);
  });

  it('ignores quantities', () => {
    expect(ruleV10QualitativeVocabulary(withIndicators(outcomeIndicator('≥5次')))).toEqual([]);
  });
});

describe('V11 normalisation', () => {
  it('says nothing when the text is already normal', () => {
    expect(ruleV11Normalisation(goodSheet())).toEqual([]);
  });

  it('records the normalised text beside the text as entered, for each value', () => {
    const findings = ruleV11Normalisation(withIndicators(quantityIndicator('＞＝１００人', '年底前 完成')));
    expect(summary(findings)).toEqual(['V11:I@indicators[0].periodTarget', 'V11:I@indicators[0].annualTarget']);
    expect(findings.map((f) => f.values)).toEqual([
      { text: '年底前 完成', normalised: '年底前完成' },
      { text: '＞＝１００人', normalised: '≥100人' },
    ]);
  });
});

describe('the rules on the forms read since issue 12', () => {
  describe('given a decimal amount with four digits before the point', () => {
    it('when it is a 成本 value within the total, then V08 says nothing', () => {
      expect(ruleV08Cost(goodSheet({ funding: funding(2000), indicators: [costIndicator('≤1500.25万元')] }))).toEqual([]);
    });

    it('when it is above the total, then V08 blocks it (it was text before)', () => {
      const findings = ruleV08Cost(goodSheet({ funding: funding(30), indicators: [costIndicator('≤1500.25万元')] }));
      expect(summary(findings)).toEqual(['V08:B@indicators[0].annualTarget']);
      expect(findings[0]?.values).toMatchObject({ amountFen: 1_500_250_000 });
    });

    it('when it is a 数量指标 value, then V02 does not block it', () => {
      expect(ruleV02QuantityIsQuantitative(withIndicators(quantityIndicator('≤3000.00元')))).toEqual([]);
    });
  });

  describe('given a range', () => {
    it.each(['2-3次', '3~5次', '1200至1500人'])('when %j is a 数量指标 value, then V02 passes', (value) => {
      expect(ruleV02QuantityIsQuantitative(withIndicators(quantityIndicator(value)))).toEqual([]);
    });

    it('when its upper bound is above 100 %, then V03 finds it', () => {
      const findings = ruleV03PercentRange(withIndicators(rateIndicator('完成率', '90-105%')));
      expect(summary(findings)).toEqual(['V03:B@indicators[0].periodTarget', 'V03:B@indicators[0].annualTarget']);
      expect(findings[0]?.values).toMatchObject({ number: '90', upper: '105' });
    });

    it('when a 满意度 range starts at the floor, then V04 passes', () => {
      expect(ruleV04Satisfaction(withIndicators(satisfactionIndicator('90%-95%')))).toEqual([]);
    });

    it('when a 满意度 range starts below the floor, then V04 warns', () => {
      expect(ruleV04Satisfaction(withIndicators(satisfactionIndicator('85-95%')))[0]?.message).toContain('低于满意度下限90%');
    });

    it('when the year asks for more than the period, then V06 compares the upper bounds', () => {
      const findings = ruleV06PeriodAndAnnualAgree(withIndicators(quantityIndicator('2-6次', '2-5次')));
      expect(findings[0]?.message).toContain('年度指标值（2-6次）超过了整个实施周期的指标值（2-5次）');
    });

    it('when a one-year project writes the same range twice, then V06 passes; a different upper warns', () => {
      const check = (period: string, annual: string) =>
        ruleV06PeriodAndAnnualAgree(withIndicators(quantityIndicator(annual, period)), DEFAULT_RULE_CONFIG, { implementationYears: 1 });
      expect(check('2-3次', '2-3次')).toEqual([]);
      expect(summary(check('2-3次', '2-4次'))).toEqual(['V06:W@indicators[0].annualTarget']);
    });

    it('when a 成本 value is a range, then its upper bound is the ceiling V08 compares with the total', () => {
      expect(ruleV08Cost(goodSheet({ funding: funding(30), indicators: [costIndicator('20-25万元')] }))).toEqual([]);
      expect(summary(ruleV08Cost(goodSheet({ funding: funding(30), indicators: [costIndicator('25-35万元')] })))).toEqual([
        'V08:B@indicators[0].annualTarget',
      ]);
    });
  });

  describe('given a Latin-letter unit', () => {
    it.each(['≥80M', '≥10km', '≥2GB', '≥5t', '≥10kg'])('when %j is a 数量指标 value, then V02 and V05 pass', (value) => {
      const sheet = withIndicators(quantityIndicator(value));
      expect(ruleV02QuantityIsQuantitative(sheet)).toEqual([]);
      expect(ruleV05UnitAndComparator(sheet)).toEqual([]);
    });
  });

  describe('given a word after the number', () => {
    it.each(['满意度达到95%以上', '90%（含）以上', '达到95%以上'])('when %j is a 满意度 value, then V04 reads ≥ and passes', (value) => {
      expect(ruleV04Satisfaction(withIndicators(satisfactionIndicator(value)))).toEqual([]);
    });

    it('when a cost says 不超过…以内, then V08 reads a ceiling', () => {
      expect(ruleV08Cost(withIndicators(costIndicator('不超过25万元以内')))).toEqual([]);
    });
  });

  describe('given 250万', () => {
    it('when it is a 成本 value, then V08 reads 万元 and blocks it above the total', () => {
      const findings = ruleV08Cost(goodSheet({ funding: funding(30), indicators: [costIndicator('≤250万')] }));
      expect(summary(findings)).toEqual(['V08:B@indicators[0].annualTarget']);
      expect(findings[0]?.values).toMatchObject({ amountFen: 250_000_000 });
    });

    it('when it is a 成本 value within the total, then V08 passes', () => {
      expect(ruleV08Cost(goodSheet({ funding: funding(300), indicators: [costIndicator('≤250万')] }))).toEqual([]);
    });
  });

  describe('given a rate unit', () => {
    it('when `≥1000/人` is a value, then V05 does not call it unitless', () => {
      expect(ruleV05UnitAndComparator(withIndicators(qualityIndicator('≥1000/人')))).toEqual([]);
    });

    it('when `每人每年≤500元` is the unit cost, then V09 multiplies it by the 人 count', () => {
      const sheet = (count: string) => goodSheet({ funding: funding(30), indicators: [quantityIndicator(count), costIndicator('每人每年≤500元')] });
      expect(ruleV09UnitCostTimesQuantity(sheet('≥600人'))).toEqual([]);
      expect(ruleV08Cost(sheet('≥600人'))).toEqual([]);
      expect(summary(ruleV09UnitCostTimesQuantity(sheet('≥200人')))).toEqual(['V09:W@indicators[1].annualTarget']);
    });
  });
});
