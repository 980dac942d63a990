import { DomainError } from '../errors';
import { isRuleId, ruleDefinition, RULE_IDS, RULE_SET_VERSION, RULES } from './catalogue';
import { DEFAULT_RULE_CONFIG, ruleConfig, validateRuleConfig, type RuleConfig } from './config';
import { evaluateRules, hasBlockingFindings, SHEET_RULES } from './evaluate';
import { findingKey } from './finding';
import { goodSheet, indicator } from './testing/sheet-builder';

describe('the catalogue', () => {
  it('lists the 28 rules of review-rules.md once each, in its order', () => {
    expect(RULES.map((r) => r.id)).toEqual([...RULE_IDS]);
    expect(RULE_IDS).toHaveLength(28);
    expect(new Set(RULE_IDS).size).toBe(28);
  });

  it('has the catalogue severities', () => {
    const bySeverity = (s: string) => RULES.filter((r) => r.severity === s).map((r) => r.id);
    expect(bySeverity('B')).toEqual(['S01', 'S02', 'S03', 'S04', 'A01', 'A02', 'A03', 'V01', 'V02', 'V03']);
    expect(bySeverity('I')).toEqual(['V11']);
  });

  it('gives every rule a Chinese title, a dimension and a group', () => {
    for (const r of RULES) {
      expect(r.title).toMatch(/\p{Script=Han}/u);
      expect(['completeness', 'relevance', 'appropriateness', 'feasibility']).toContain(r.dimension);
      expect(r.group).toBe({ S: 'structure', A: 'amounts', V: 'targetValues', R: 'relevance' }[r.id[0] ?? '']);
    }
  });

  it('runs every sheet-scoped rule, and only A03 is table-scoped', () => {
    expect(RULES.filter((r) => r.scope === 'table').map((r) => r.id)).toEqual(['A03']);
    expect(Object.keys(SHEET_RULES).sort()).toEqual(RULES.filter((r) => r.scope === 'sheet').map((r) => r.id).sort());
  });

  it('looks rules up by id', () => {
    expect(ruleDefinition('V06')).toMatchObject({ id: 'V06', severity: 'W' });
    expect(isRuleId('S01')).toBe(true);
    expect(isRuleId('X99')).toBe(false);
  });
});

describe('evaluateRules', () => {
  const bad = goodSheet({
    projectName: 'ZXRCBT',
    goal: '',
    indicators: [indicator('1-产出指标', '11-数量指标', '活动', '按要求完成'), indicator('2-效益指标', '22-社会效益', '效果', '>100%')],
  });

  it('runs the rules in catalogue order and stamps the rule-set version', () => {
    const findings = evaluateRules(bad);
    const order = findings.map((f) => RULE_IDS.indexOf(f.ruleId as (typeof RULE_IDS)[number]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(findings.map((f) => findingKey(f))).toEqual([
      'S01@goal',
      'S05@indicators',
      'S06@indicators',
      'S11@projectName',
      'V02@indicators[0].annualTarget',
      'V03@indicators[1].periodTarget',
      'V03@indicators[1].annualTarget',
    ]);
    expect(findings.every((f) => f.ruleSetVersion === RULE_SET_VERSION)).toBe(true);
    expect(hasBlockingFindings(findings)).toBe(true);
  });

  it('is deterministic and does not touch its input', () => {
    const frozen = JSON.parse(JSON.stringify(bad)) as typeof bad;
    expect(evaluateRules(bad)).toEqual(evaluateRules(frozen));
    expect(bad).toEqual(frozen);
  });

  it('has no blocking finding on the baseline', () => {
    expect(hasBlockingFindings(evaluateRules(goodSheet()))).toBe(false);
  });

  it('refuses an invalid configuration', () => {
    const invalid = { ...DEFAULT_RULE_CONFIG, minGoalLength: -1 } as RuleConfig;
    expect(() => evaluateRules(goodSheet(), invalid)).toThrow(DomainError);
  });
});

describe('ruleConfig', () => {
  it('defaults to the catalogue thresholds', () => {
    expect(ruleConfig()).toEqual(DEFAULT_RULE_CONFIG);
    expect(DEFAULT_RULE_CONFIG).toMatchObject({
      largeProjectMinTotal: 400_000_000,
      largeProjectMaxIndicators: 3,
      satisfactionFloorPercent: 90,
      unitCostTolerancePercent: 5,
      minGoalLength: 15,
      v02Severity: 'B',
    });
    expect(DEFAULT_RULE_CONFIG.qualitativeVocabulary).toEqual(
      expect.arrayContaining(['达标', '合格', '质量合格', '优良', '有效', '有所提升', '有所改善', '明显提升', '持续改善', '按时完成', '按计划完成', '年底前完成', '长期']),
    );
    expect(DEFAULT_RULE_CONFIG.growthWords).toEqual(expect.arrayContaining(['增长', '增幅', '提升率', '下降率']));
    expect(DEFAULT_RULE_CONFIG.placeholders).toEqual(expect.arrayContaining(['**', 'xx', '/', '-']));
    expect(Object.isFrozen(DEFAULT_RULE_CONFIG) && Object.isFrozen(DEFAULT_RULE_CONFIG.placeholders)).toBe(true);
  });

  it('takes partial overrides and keeps the rest', () => {
    const config = ruleConfig({ v02Severity: 'W', satisfactionFloorPercent: 85, growthWords: ['增长'] });
    expect(config).toEqual({ ...DEFAULT_RULE_CONFIG, v02Severity: 'W', satisfactionFloorPercent: 85, growthWords: ['增长'] });
    expect(Object.isFrozen(config.growthWords)).toBe(true);
  });

  it('ignores overrides that are undefined', () => {
    expect(ruleConfig({ minGoalLength: undefined })).toEqual(DEFAULT_RULE_CONFIG);
  });

  it('lists every problem of invalid overrides', () => {
    const overrides = {
      largeProjectMinTotal: 1.5,
      satisfactionFloorPercent: 120,
      unitCostTolerancePercent: -1,
      minGoalLength: 2.5,
      v02Severity: 'I',
      growthWords: ['增长', ''],
      sloganPatterns: ['促进(.*发展'],
      colour: 'red',
    } as unknown as Partial<RuleConfig>;
    let error: unknown;
    try {
      ruleConfig(overrides);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const fields = ((error as DomainError).details.fieldErrors ?? []).map((e) => e.field);
    expect(fields).toEqual([
      'colour',
      'largeProjectMinTotal',
      'satisfactionFloorPercent',
      'unitCostTolerancePercent',
      'minGoalLength',
      'v02Severity',
      'growthWords[1]',
      'sloganPatterns[0]',
    ]);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
  });

  it('validates a whole configuration', () => {
    expect(validateRuleConfig(DEFAULT_RULE_CONFIG)).toEqual([]);
    expect(validateRuleConfig({ ...DEFAULT_RULE_CONFIG, placeholders: 'xx' } as unknown as RuleConfig)).toEqual([
      { field: 'placeholders', message: '占位符必须是文本列表' },
    ]);
  });
});
