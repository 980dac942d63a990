import { fieldPathLabel, findingKeyLabel, indicatorOrdinal } from './field-paths';

describe('field paths in words', () => {
  it('numbers indicators from 1 for people', () => {
    expect(indicatorOrdinal(0)).toBe('第1个指标');
    expect(fieldPathLabel('indicators[2]')).toBe('第3个指标');
    expect(fieldPathLabel('indicators[2].annualTarget')).toBe('第3个指标 · 年度指标值');
  });

  it('names content fields by their last segment and states by their own words', () => {
    expect(fieldPathLabel('funding.fiscalAppropriation')).toBe('财政拨款');
    expect(fieldPathLabel('goal')).toBe('绩效目标');
    expect(fieldPathLabel('review.currentLevel')).toBe('当前审核环节');
    expect(fieldPathLabel('indicators.order')).toBe('指标顺序');
  });

  it('says which rule and which field a finding is about, never the raw key', () => {
    expect(findingKeyLabel('S11@projectName')).toBe('S11（项目名称）');
    expect(fieldPathLabel('findings[S11@projectName].waiver')).toBe('审核发现 S11（项目名称） · 豁免');
    expect(fieldPathLabel('findings[S21@indicators[1].annualTarget].acknowledgedBy')).toBe('审核发现 S21（第2个指标 · 年度指标值） · 已确认预警');
  });

  it('shows a path nobody named as it is rather than guessing', () => {
    expect(fieldPathLabel('somethingNew')).toBe('somethingNew');
    expect(findingKeyLabel('legacy-key')).toBe('legacy-key');
  });
});
