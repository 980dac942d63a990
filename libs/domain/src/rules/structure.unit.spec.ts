import { RULE_SET_VERSION } from './catalogue';
import { DEFAULT_RULE_CONFIG, ruleConfig } from './config';
import { evaluateRules } from './evaluate';
import {
  ruleS01GoalPresent,
  ruleS02IndicatorsComplete,
  ruleS03FrameworkLevels,
  ruleS04OutputAndOutcome,
  ruleS05Satisfaction,
  ruleS06Cost,
  ruleS07Quantity,
  ruleS08UniqueNames,
  ruleS09SatisfactionPlacement,
  ruleS10GoalDescriptive,
  ruleS11ProjectNameDescriptive,
} from './structure';
import { goodSheet, indicator, summary, withIndicator, withIndicators } from './testing/sheet-builder';

describe('the baseline sheet', () => {
  it('passes every rule', () => {
    expect(evaluateRules(goodSheet())).toEqual([]);
  });
});

describe('S01 goal present', () => {
  it('passes a goal', () => {
    expect(ruleS01GoalPresent(goodSheet())).toEqual([]);
  });

  it.each(['', '   ', '\u3000\n'])('blocks the goal %j', (goal) => {
    expect(ruleS01GoalPresent(goodSheet({ goal }))).toEqual([
      {
        ruleId: 'S01',
        ruleSetVersion: RULE_SET_VERSION,
        severity: 'B',
        field: 'goal',
        message: '未填写绩效目标。请说明项目资金预期达到的产出和效果。',
        values: { goal },
      },
    ]);
  });
});

describe('S02 indicators complete', () => {
  it('passes complete indicators', () => {
    expect(ruleS02IndicatorsComplete(goodSheet())).toEqual([]);
  });

  it('blocks a sheet without indicators', () => {
    const findings = ruleS02IndicatorsComplete(goodSheet({ indicators: [] }));
    expect(summary(findings)).toEqual(['S02:B@indicators']);
    expect(findings[0]?.values).toEqual({ indicatorCount: 0 });
  });

  it('blocks each missing name and 年度指标值, on its own field', () => {
    const sheet = withIndicators(
      indicator('1-产出指标', '11-数量指标', '帮扶对象', '≥100人'),
      indicator(' ', '', '', '  ', '≥1次'),
      indicator('2-效益指标', '22-社会效益', '生活状况', ''),
    );
    expect(summary(ruleS02IndicatorsComplete(sheet))).toEqual([
      'S02:B@indicators[1].level1',
      'S02:B@indicators[1].level2',
      'S02:B@indicators[1].name',
      'S02:B@indicators[1].annualTarget',
      'S02:B@indicators[2].annualTarget',
    ]);
    expect(ruleS02IndicatorsComplete(sheet)[0]?.message).toBe('第2个指标未填写一级指标。');
  });

  it('does not require the 实施周期指标值', () => {
    expect(ruleS02IndicatorsComplete(withIndicators(indicator('1-产出指标', '11-数量指标', '帮扶对象', '≥100人', '')))).toEqual([]);
  });
});

describe('S03 framework levels', () => {
  it.each([
    ['1-产出指标', '11-数量指标'],
    ['产出指标', '数量指标'],
    ['产出', '数量'],
    ['1－产出指标', '11 数量指标'],
    ['2-效益指标', '社会效益指标'],
    ['成本指标', '经济成本'],
    ['4-成本指标', '43-生态环境成本'],
  ])('accepts %s / %s', (level1, level2) => {
    expect(ruleS03FrameworkLevels(withIndicators(indicator(level1, level2, '指标', '≥1次')))).toEqual([]);
  });

  it('blocks a 一级 outside the framework', () => {
    const findings = ruleS03FrameworkLevels(withIndicators(indicator('5-影响指标', '11-数量指标', '指标', '≥1次')));
    expect(summary(findings)).toEqual(['S03:B@indicators[0].level1']);
    expect(findings[0]?.message).toContain('不在指标体系中');
  });

  it('blocks a code and name that disagree', () => {
    const findings = ruleS03FrameworkLevels(withIndicators(indicator('2-产出指标', '12-数量指标', '指标', '≥1次')));
    expect(summary(findings)).toEqual(['S03:B@indicators[0].level1', 'S03:B@indicators[0].level2']);
    expect(findings.every((f) => f.message.includes('编码与名称不一致'))).toBe(true);
  });

  it('blocks a 二级 under the wrong 一级', () => {
    const findings = ruleS03FrameworkLevels(withIndicators(indicator('2-效益指标', '11-数量指标', '指标', '≥1次')));
    expect(summary(findings)).toEqual(['S03:B@indicators[0].level2']);
    expect(findings[0]?.values).toEqual({ level1: '2-效益指标', level2: '11-数量指标', level1Code: '2', level2Code: '11' });
  });

  it('leaves blank labels to S02', () => {
    expect(ruleS03FrameworkLevels(withIndicators(indicator('', '', '指标', '≥1次')))).toEqual([]);
  });
});

describe('S04 产出 and 效益', () => {
  it('passes a sheet with both', () => {
    expect(ruleS04OutputAndOutcome(goodSheet())).toEqual([]);
  });

  it('blocks a sheet without 效益', () => {
    const findings = ruleS04OutputAndOutcome(withIndicators(indicator('1-产出指标', '11-数量指标', '对象', '≥1人')));
    expect(summary(findings)).toEqual(['S04:B@indicators']);
    expect(findings[0]?.message).toBe('缺少效益指标。每个项目至少应有一个产出指标和一个效益指标。');
  });

  it('blocks a sheet with neither, in one finding', () => {
    const findings = ruleS04OutputAndOutcome(withIndicators(indicator('3-满意度指标', '31-服务对象满意度', '满意度', '≥90%')));
    expect(findings.map((f) => f.message)).toEqual(['缺少产出指标和效益指标。每个项目至少应有一个产出指标和一个效益指标。']);
  });

  it('takes the 一级 from the 二级 when the 一级 label is not in the framework', () => {
    const sheet = withIndicators(indicator('产出类', '11-数量指标', '对象', '≥1人'), indicator('效益类', '22-社会效益', '效果', '有所改善'));
    expect(ruleS04OutputAndOutcome(sheet)).toEqual([]);
  });

  it('says nothing without indicators (S02 blocks)', () => {
    expect(ruleS04OutputAndOutcome(goodSheet({ indicators: [] }))).toEqual([]);
  });
});

describe('S05 满意度', () => {
  it('passes a 31 indicator', () => {
    expect(ruleS05Satisfaction(goodSheet())).toEqual([]);
  });

  it('warns without one', () => {
    const sheet = goodSheet({ indicators: goodSheet().indicators.slice(0, 5) });
    expect(summary(ruleS05Satisfaction(sheet))).toEqual(['S05:W@indicators']);
  });
});

describe('S06 成本', () => {
  it('accepts 一级 成本 of the newer framework', () => {
    const sheet = withIndicator(3, indicator('成本指标', '经济成本', '慰问经费', '≤30万元'));
    expect(ruleS06Cost(sheet)).toEqual([]);
  });

  it('warns without a cost indicator', () => {
    const indicators = goodSheet().indicators.filter((_, i) => i !== 3);
    expect(summary(ruleS06Cost(goodSheet({ indicators })))).toEqual(['S06:W@indicators']);
  });
});

describe('S07 数量指标', () => {
  it('passes an 11 indicator', () => {
    expect(ruleS07Quantity(goodSheet())).toEqual([]);
  });

  it('warns when 产出 has no 数量指标', () => {
    const indicators = goodSheet().indicators.slice(1);
    expect(summary(ruleS07Quantity(goodSheet({ indicators })))).toEqual(['S07:W@indicators']);
  });
});

describe('S08 unique 三级 names', () => {
  it('passes distinct names', () => {
    expect(ruleS08UniqueNames(goodSheet())).toEqual([]);
  });

  it('warns on the later duplicate, ignoring spaces, punctuation and width', () => {
    const sheet = withIndicator(6, indicator('2-效益指标', '22-社会效益', ' 困难党员生活状况。', '有所提升'));
    const findings = ruleS08UniqueNames(sheet);
    expect(summary(findings)).toEqual(['S08:W@indicators[6].name']);
    expect(findings[0]?.values).toEqual({ name: ' 困难党员生活状况。', duplicateOf: 4 });
  });
});

describe('S09 满意 under 满意度', () => {
  it('passes a satisfaction name under 31', () => {
    expect(ruleS09SatisfactionPlacement(goodSheet())).toEqual([]);
  });

  it('warns on a satisfaction name under 效益', () => {
    const sheet = withIndicator(4, indicator('2-效益指标', '22-社会效益', '群众满意度', '≥90%'));
    expect(summary(ruleS09SatisfactionPlacement(sheet))).toEqual(['S09:W@indicators[4].level1']);
  });
});

describe('S10 descriptive goal', () => {
  it('passes a goal of 15 characters', () => {
    expect(ruleS10GoalDescriptive(goodSheet({ goal: '一二三四五六七八九十一二三四五' }))).toEqual([]);
  });

  it('warns on a goal that is the project name', () => {
    const findings = ruleS10GoalDescriptive(goodSheet({ goal: '关爱党员专项经费。' }));
    expect(summary(findings)).toEqual(['S10:W@goal']);
    expect(findings[0]?.message).toBe('绩效目标只是项目名称，且只有9个字，少于15个字。请具体说明资金用途、预期产出和效果。');
  });

  it('warns on a short goal, not counting spaces', () => {
    const findings = ruleS10GoalDescriptive(goodSheet({ goal: '做好 关爱 工作' }));
    expect(findings[0]?.values).toMatchObject({ length: 6, sameAsProjectName: false });
  });

  it('uses the configured length and leaves an empty goal to S01', () => {
    expect(ruleS10GoalDescriptive(goodSheet({ goal: '做好关爱工作' }), ruleConfig({ minGoalLength: 6 }))).toEqual([]);
    expect(ruleS10GoalDescriptive(goodSheet({ goal: '' }), DEFAULT_RULE_CONFIG)).toEqual([]);
  });
});

describe('S11 descriptive project name', () => {
  it.each(['关爱党员专项经费', '5G基站建设补助', 'ABC党建平台'])('passes %j', (projectName) => {
    expect(ruleS11ProjectNameDescriptive(goodSheet({ projectName }))).toEqual([]);
  });

  it('warns on a bare code such as ZXRCBT', () => {
    const findings = ruleS11ProjectNameDescriptive(goodSheet({ projectName: 'ZXRCBT' }));
    expect(summary(findings)).toEqual(['S11:W@projectName']);
    expect(findings[0]?.values).toEqual({ projectName: 'ZXRCBT', codeLike: true });
    expect(findings[0]?.message).toContain('只是代码或缩写');
  });

  it('warns on any name without a Chinese character', () => {
    expect(ruleS11ProjectNameDescriptive(goodSheet({ projectName: 'special fund' }))[0]?.values).toEqual({
      projectName: 'special fund',
      codeLike: false,
    });
  });
});

describe('S03 older indicator templates, through the alias table', () => {
  const older = () =>
    withIndicators(
      indicator('项目完成指标', '数量指标', '培训人数', '≥100人'),
      indicator('项目效益指标', '社会效益指标', '干部能力提升', '有所提升'),
      indicator('项目效益指标', '社会公众或服务对象满意度指标', '参训人员满意度', '≥90%'),
      indicator('满意度指标', '满意度指标', '群众满意度', '≥90%'),
    );

  it('given the 2015 template’s labels, when S03 runs, then each mapping is an info finding and nothing blocks', () => {
    const findings = ruleS03FrameworkLevels(older());
    expect(findings.map((f) => `${f.ruleId}:${f.severity}@${f.field}`)).toEqual([
      'S03:I@indicators[0].level1',
      'S03:I@indicators[1].level1',
      'S03:I@indicators[2].level1',
      'S03:I@indicators[3].level2',
    ]);
    expect(findings[2]?.values).toEqual({
      level1: '项目效益指标',
      level2: '社会公众或服务对象满意度指标',
      mappedLevel1: '3-满意度指标',
      mappedLevel2: '31-服务对象满意度',
      aliases: '项目效益指标→2-效益指标；社会公众或服务对象满意度指标→31-服务对象满意度',
    });
    expect(findings[0]?.message).toBe(
      '第1个指标使用旧版指标模板的名称（一级“项目完成指标”，二级“数量指标”），已按指标别名表对应为一级“1-产出指标”、二级“11-数量指标”，原文保留不变。',
    );
  });

  it('given the older labels, when all rules run, then 产出, 效益, 满意度 and 数量 are recognised (no S04, S05, S07)', () => {
    const ids = evaluateRules(older()).map((f) => `${f.ruleId}:${f.severity}`);
    expect(ids.filter((id) => id.endsWith(':B'))).toEqual([]);
    expect(ids).not.toContain('S04:B');
    expect(ids).not.toContain('S05:W');
    expect(ids).not.toContain('S07:W');
  });

  it('given an alias table without them, when S03 runs, then the older labels block as before', () => {
    const config = ruleConfig({ frameworkAliases: [] });
    expect(ruleS03FrameworkLevels(older(), config).map((f) => f.severity)).toEqual(['B', 'B', 'B', 'B', 'B']);
  });

  it('given a department’s own alias, when configured, then it is used; an alias to no framework label is refused', () => {
    const config = ruleConfig({ frameworkAliases: [{ level: 1, from: '产出类指标', to: '1-产出指标' }] });
    expect(ruleS03FrameworkLevels(withIndicators(indicator('产出类指标', '数量指标', '人数', '≥1人')), config)[0]?.severity).toBe('I');
    expect(() => ruleConfig({ frameworkAliases: [{ level: 2, from: '甲', to: '不存在' }] })).toThrow('审核规则配置有误');
  });
});
