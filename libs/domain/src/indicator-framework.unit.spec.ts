import {
  findLevel1,
  findLevel2,
  formatLevelLabel,
  LEVEL1_INDICATORS,
  LEVEL2_INDICATORS,
  level2BelongsToLevel1,
  parseLevelLabel,
  splitLevelLabel,
} from './indicator-framework';

describe('indicator framework', () => {
  it('gives every second level a code that starts with its first level', () => {
    for (const l2 of LEVEL2_INDICATORS) {
      expect(l2.code.startsWith(l2.level1Code)).toBe(true);
      expect(LEVEL1_INDICATORS.some((l1) => l1.code === l2.level1Code)).toBe(true);
    }
    expect(new Set(LEVEL2_INDICATORS.map((l) => l.code)).size).toBe(LEVEL2_INDICATORS.length);
  });

  it.each([
    ['1-产出指标', { code: '1', name: '产出指标' }],
    ['1－产出指标', { code: '1', name: '产出指标' }],
    ['１－产出指标', { code: '1', name: '产出指标' }],
    [' 1 - 产出指标 ', { code: '1', name: '产出指标' }],
    ['产出指标', { code: '1', name: '产出指标' }],
    ['产出', { code: '1', name: '产出指标' }],
    ['1', { code: '1', name: '产出指标' }],
    ['3-满意度指标', { code: '3', name: '满意度指标' }],
    ['11-数量指标', { code: '11', name: '数量指标' }],
    ['数量', { code: '11', name: '数量指标' }],
    ['22-社会效益', { code: '22', name: '社会效益' }],
    ['社会效益指标', { code: '22', name: '社会效益' }],
    ['31-服务对象满意度', { code: '31', name: '服务对象满意度' }],
    ['成本指标', { code: '4', name: '成本指标' }],
    ['4-成本指标', { code: '4', name: '成本指标' }],
    ['14-成本指标', { code: '14', name: '成本指标' }],
    ['41-经济成本', { code: '41', name: '经济成本' }],
    ['生态环境成本指标', { code: '43', name: '生态环境成本' }],
  ])('parses %j', (label, expected) => {
    expect(parseLevelLabel(label)).toEqual(expected);
  });

  it.each(['', '   ', '2-产出指标', '5-其他指标', '99', '产出效益', '15-数量指标'])('does not resolve %j', (label) => {
    expect(parseLevelLabel(label)).toBeNull();
  });

  it('splits a label without judging it, so S03 can say what disagrees', () => {
    expect(splitLevelLabel('2-产出指标')).toEqual({ code: '2', name: '产出指标' });
    expect(splitLevelLabel('产出')).toEqual({ code: null, name: '产出' });
    expect(splitLevelLabel('11数量指标')).toEqual({ code: '11', name: '数量指标' });
    expect(splitLevelLabel(' ')).toBeNull();
  });

  it('finds each level only in its own table', () => {
    expect(findLevel1('成本指标')?.code).toBe('4');
    expect(findLevel2('成本指标')?.code).toBe('14');
    expect(findLevel1('11-数量指标')).toBeNull();
    expect(findLevel2('1-产出指标')).toBeNull();
    expect(findLevel2('满意度')).toBeNull(); // the 二级 is 服务对象满意度
    expect(findLevel1('满意度')?.code).toBe('3');
  });

  it('tells whether a second level belongs to a first level', () => {
    expect(level2BelongsToLevel1('11-数量指标', '1-产出指标')).toBe(true);
    expect(level2BelongsToLevel1('22-社会效益', '1-产出指标')).toBe(false);
    expect(level2BelongsToLevel1('经济成本', '成本指标')).toBe(true);
    expect(level2BelongsToLevel1('14-成本指标', '4-成本指标')).toBe(false);
    expect(level2BelongsToLevel1('19-其他', '1-产出指标')).toBe(false);
    const l2 = findLevel2('31')!;
    const l1 = findLevel1('3')!;
    expect(level2BelongsToLevel1(l2, l1)).toBe(true);
  });

  it('formats a level as the published table does', () => {
    expect(LEVEL1_INDICATORS.map(formatLevelLabel)).toEqual(['1-产出指标', '2-效益指标', '3-满意度指标', '4-成本指标']);
  });
});
