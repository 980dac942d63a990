import { ruleConfig } from './config';
import { ruleR01LargeProjectIndicators, ruleR02SloganWithFullMarks } from './relevance';
import { funding, goodSheet, indicator, summary, withIndicators } from './testing/sheet-builder';

describe('R01 large project with few indicators', () => {
  const three = goodSheet().indicators.slice(0, 3);

  it('passes a large project with more than 3 indicators', () => {
    expect(ruleR01LargeProjectIndicators(goodSheet({ funding: funding(500) }))).toEqual([]);
  });

  it('passes a small project with 3 indicators', () => {
    expect(ruleR01LargeProjectIndicators(goodSheet({ funding: funding(399.99), indicators: three }))).toEqual([]);
  });

  it('warns on a project of 400 万元 (the threshold counts) with 3 indicators', () => {
    const findings = ruleR01LargeProjectIndicators(goodSheet({ funding: funding(300, 50, 50), indicators: three }));
    expect(summary(findings)).toEqual(['R01:W@indicators']);
    expect(findings[0]?.values).toEqual({ total: 400_000_000, indicatorCount: 3, largeProjectMinTotal: 400_000_000, maxIndicators: 3 });
    expect(findings[0]?.message).toContain('项目总计400.00万元，属于大额项目（400.00万元及以上），但只有3个绩效指标');
  });

  it('uses the configured threshold and count', () => {
    const config = ruleConfig({ largeProjectMinTotal: 100 * 1_000_000, largeProjectMaxIndicators: 6 });
    expect(summary(ruleR01LargeProjectIndicators(goodSheet({ funding: funding(100) }), config))).toEqual(['R01:W@indicators']);
  });

  it('leaves a project without indicators to S02', () => {
    expect(ruleR01LargeProjectIndicators(goodSheet({ funding: funding(500), indicators: [] }))).toEqual([]);
  });
});

describe('R02 slogan with 100 %', () => {
  const social = (name: string, annual: string) => indicator('2-效益指标', '22-社会效益', name, annual);

  it.each<[string, string]>([
    ['促进社会进步和经济发展', '有所提升'], // a slogan, but not scored 100 %
    ['经费足额下达率', '100%'], // 100 %, but not a slogan
    ['提高信访处置质量水平', '办结率达100%'], // the value names a measurable rate
    ['提升基层治理水平', '≥95%'],
  ])('passes %j with %j', (name, value) => {
    expect(ruleR02SloganWithFullMarks(withIndicators(social(name, value)))).toEqual([]);
  });

  it.each(['促进社会进步和经济发展', '提升基层党组织建设水平', '推动区域经济高质量发展'])('warns on %j with 100%', (name) => {
    const findings = ruleR02SloganWithFullMarks(withIndicators(social(name, '100%')));
    expect(summary(findings)).toEqual(['R02:W@indicators[0].name']);
    expect(findings[0]?.values).toMatchObject({ name, annualTarget: '100%' });
  });

  it('warns on ≥100% too, and takes configured patterns', () => {
    const sheet = withIndicators(social('打造一流营商环境', '≥100%'));
    expect(ruleR02SloganWithFullMarks(sheet)).toEqual([]);
    expect(summary(ruleR02SloganWithFullMarks(sheet, ruleConfig({ sloganPatterns: ['^打造.*环境$'] })))).toEqual(['R02:W@indicators[0].name']);
  });
});
