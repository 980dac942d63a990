import { DomainError, type FieldError } from '../errors';
import { DEFAULT_FRAMEWORK_ALIASES, findLevel1, findLevel2, type FrameworkAlias } from '../indicator-framework';
import { FEN_PER_WAN_YUAN, MAX_WAN_YUAN, type Fen } from '../money';

/**
 * Thresholds and word lists of the rules. No official Guangdong thresholds exist
 * (review-rules.md), so all of them are configuration; the defaults are the catalogue's.
 * A configuration is recorded with the rule-set version by whoever stores findings; the rules
 * themselves only read it.
 */
export interface RuleConfig {
  /** R01: a project whose 总计 is at least this (分) is large. Default 400 万元. */
  readonly largeProjectMinTotal: Fen;
  /** R01: a large project with this many indicators or fewer gets a warning. Default 3. */
  readonly largeProjectMaxIndicators: number;
  /** V04: the lowest acceptable satisfaction target, in percent. Default 90. */
  readonly satisfactionFloorPercent: number;
  /** V09: how far quantity × unit cost may be from the project 总计, in percent of it. Default 5. */
  readonly unitCostTolerancePercent: number;
  /** S10: the fewest characters (not counting spaces) a goal must have. Default 15. */
  readonly minGoalLength: number;
  /** V02: blocking by default; a department may make it a warning. */
  readonly v02Severity: 'B' | 'W';
  /**
   * V10: qualitative values that are acceptable. A value passes when it is one of them or ends with
   * one (`按年度计划年底前完成` ends with `年底前完成`), compared after normaliseValueText().
   */
  readonly qualitativeVocabulary: readonly string[];
  /** V03: words in an indicator's name (or the value's subject) that allow a percentage above 100. */
  readonly growthWords: readonly string[];
  /** R02: regular expressions (source text, matched with the `u` flag) of slogan-like 三级 names. */
  readonly sloganPatterns: readonly string[];
  /**
   * V01: texts that are not values. Compared, case-insensitively, with the value after
   * normaliseValueText(). parseTargetValue() already reads the common ones as empty; this list
   * lets a department add its own (`详见附件`).
   */
  readonly placeholders: readonly string[];
  /**
   * S03: labels of older indicator templates and the framework labels they stand for
   * (`项目完成指标` → `1-产出指标`). A label read through an alias is an info finding, not a block.
   */
  readonly frameworkAliases: readonly FrameworkAlias[];
}

/** review-rules.md V10 list first, then further phrases common in Guangdong target sheets. */
const QUALITATIVE_VOCABULARY: readonly string[] = [
  // review-rules.md
  '达标', '合格', '质量合格', '优良', '有效', '有所提升', '有所改善', '明显提升', '持续改善',
  '按时完成', '按计划完成', '年底前完成', '长期',
  // additions
  '按要求完成', '按期完成', '按规定完成', '如期完成', '全面完成', '全部完成', '年内完成', '年度内完成',
  '达到预期', '达到预期目标', '达到预期效果', '符合要求', '符合标准', '符合规定', '验收合格', '全部合格',
  '优秀', '良好', '较好', '显著', '明显', '有效提升', '显著提升', '逐步提升', '稳步提升', '不断提升', '持续提升',
  '进一步提升', '得到提升', '有效改善', '明显改善', '显著改善', '逐步改善', '得到改善', '进一步改善',
  '有所提高', '明显提高', '显著提高', '逐步提高', '得到提高', '进一步提高', '有效提高',
  '有所增强', '明显增强', '进一步增强', '得到增强', '有效保障', '得到保障', '持续发挥', '中长期', '长期有效',
  '持续', '稳定', '正常运行', '运行正常', '安全运行', '无重大事故', '无安全事故', '零事故',
];

export const DEFAULT_RULE_CONFIG: RuleConfig = deepFreeze({
  largeProjectMinTotal: 400 * FEN_PER_WAN_YUAN,
  largeProjectMaxIndicators: 3,
  satisfactionFloorPercent: 90,
  unitCostTolerancePercent: 5,
  minGoalLength: 15,
  v02Severity: 'B',
  qualitativeVocabulary: QUALITATIVE_VOCABULARY,
  // review-rules.md V03, then rates that may exceed 100 % as well.
  growthWords: ['增长', '增幅', '提升率', '下降率', '增速', '增加率', '提高率', '涨幅', '同比', '环比', '倍'],
  // review-rules.md R02 (促进…发展, 提升…水平) and the same slogans with their usual synonyms.
  sloganPatterns: [
    '促进.*发展', '推动.*发展', '助推.*发展', '推进.*发展',
    '提升.*水平', '提高.*水平', '提升.*能力', '提高.*能力', '增强.*能力',
  ],
  // review-rules.md V01 (`**`, `xx`, `/`, `-`), then other fillers seen in templates.
  frameworkAliases: DEFAULT_FRAMEWORK_ALIASES,
  placeholders: [
    '**', 'xx', '/', '-',
    '*', '***', 'x', 'xxx', '//', '--', '—', '——', '…', '...', '?', '？',
    '无', '暂无', '待定', '待补充', '略', '同上', '见附件', '详见附件', 'null', 'n/a', 'na',
  ],
});

const CONFIG_KEYS: readonly (keyof RuleConfig)[] = [
  'largeProjectMinTotal',
  'largeProjectMaxIndicators',
  'satisfactionFloorPercent',
  'unitCostTolerancePercent',
  'minGoalLength',
  'v02Severity',
  'qualitativeVocabulary',
  'growthWords',
  'sloganPatterns',
  'placeholders',
  'frameworkAliases',
];

/**
 * The defaults with some settings replaced. Lists replace the default list (to extend one, spread
 * DEFAULT_RULE_CONFIG's). Throws DomainError VALIDATION_FAILED, with one field error per problem,
 * for an unknown key or an invalid value: overrides may come from an administrator's JSON.
 */
export function ruleConfig(overrides: Partial<RuleConfig> = {}): RuleConfig {
  const errors: FieldError[] = [];
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new DomainError('VALIDATION_FAILED', '审核规则配置有误', { fieldErrors: [{ field: 'ruleConfig', message: '审核规则配置必须是对象' }] });
  }
  for (const key of Object.keys(overrides)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) errors.push({ field: key, message: `未知的审核规则配置项“${key}”` });
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<RuleConfig>;
  const config: RuleConfig = { ...DEFAULT_RULE_CONFIG, ...defined };
  errors.push(...validateRuleConfig(config));
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', '审核规则配置有误', { fieldErrors: errors });
  return deepFreeze({
    ...config,
    qualitativeVocabulary: [...config.qualitativeVocabulary],
    growthWords: [...config.growthWords],
    sloganPatterns: [...config.sloganPatterns],
    placeholders: [...config.placeholders],
    frameworkAliases: config.frameworkAliases.map((a) => ({ ...a })),
  });
}

/** Every problem of a configuration, with Chinese messages; empty when it is valid. */
export function validateRuleConfig(config: RuleConfig): FieldError[] {
  const errors: FieldError[] = [];
  const c = config as unknown as Record<string, unknown>;
  const maxFen = MAX_WAN_YUAN * FEN_PER_WAN_YUAN;
  const total = c['largeProjectMinTotal'];
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0 || total > maxFen) {
    errors.push({ field: 'largeProjectMinTotal', message: '大额项目金额下限必须是不小于0的整数（单位：分）' });
  }
  checkInteger(errors, c, 'largeProjectMaxIndicators', '大额项目指标数上限', 0, 100);
  checkPercent(errors, c, 'satisfactionFloorPercent', '满意度下限');
  checkPercent(errors, c, 'unitCostTolerancePercent', '单位成本允许偏差');
  checkInteger(errors, c, 'minGoalLength', '绩效目标最少字数', 0, 5000);
  if (c['v02Severity'] !== 'B' && c['v02Severity'] !== 'W') {
    errors.push({ field: 'v02Severity', message: 'V02的级别只能是B（阻断）或W（警告）' });
  }
  checkWords(errors, c, 'qualitativeVocabulary', '定性指标值规范表述');
  checkWords(errors, c, 'growthWords', '增长类指标用词');
  checkWords(errors, c, 'placeholders', '占位符');
  checkAliases(errors, c['frameworkAliases']);
  if (checkWords(errors, c, 'sloganPatterns', '口号式指标名称')) {
    (c['sloganPatterns'] as readonly string[]).forEach((p, i) => {
      try {
        new RegExp(p, 'u');
      } catch {
        errors.push({ field: `sloganPatterns[${i}]`, message: `口号式指标名称的正则表达式无效：“${p}”` });
      }
    });
  }
  return errors;
}

/** Throws DomainError VALIDATION_FAILED when the configuration is invalid. */
export function assertValidRuleConfig(config: RuleConfig): void {
  if (config === DEFAULT_RULE_CONFIG) return;
  const errors = validateRuleConfig(config);
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', '审核规则配置有误', { fieldErrors: errors });
}

/** A percentage setting as an exact decimal text ("90", "2.5"), for compareDecimals(). */
export function percentText(value: number): string {
  const text = String(value);
  if (!/^\d+(\.\d+)?$/.test(text)) throw new RangeError(`Not a plain decimal percentage: ${text}`);
  return text;
}

const compiled = new WeakMap<readonly string[], readonly RegExp[]>();

/** R02's patterns, compiled once per configuration. */
export function sloganRegExps(config: RuleConfig): readonly RegExp[] {
  let found = compiled.get(config.sloganPatterns);
  if (!found) {
    found = config.sloganPatterns.map((p) => new RegExp(p, 'u'));
    compiled.set(config.sloganPatterns, found);
  }
  return found;
}

function checkInteger(errors: FieldError[], c: Record<string, unknown>, key: string, label: string, min: number, max: number): void {
  const v = c[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    errors.push({ field: key, message: `${label}必须是${min}到${max}之间的整数` });
  }
}

function checkPercent(errors: FieldError[], c: Record<string, unknown>, key: string, label: string): void {
  const v = c[key];
  // String() of such a number is a plain decimal, which compareDecimals() and the exact V09 check need.
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100 || !/^\d+(\.\d{1,6})?$/.test(String(v))) {
    errors.push({ field: key, message: `${label}必须是0到100之间的数（百分比，最多6位小数）` });
  }
}

function checkWords(errors: FieldError[], c: Record<string, unknown>, key: string, label: string): boolean {
  const v = c[key];
  if (!Array.isArray(v)) {
    errors.push({ field: key, message: `${label}必须是文本列表` });
    return false;
  }
  let ok = true;
  v.forEach((w: unknown, i) => {
    if (typeof w !== 'string' || w.trim() === '') {
      errors.push({ field: `${key}[${i}]`, message: `${label}的第${i + 1}项必须是非空文本` });
      ok = false;
    }
  });
  return ok;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) Object.freeze(v);
  return Object.freeze(o);
}

function checkAliases(errors: FieldError[], value: unknown): void {
  if (!Array.isArray(value)) {
    errors.push({ field: 'frameworkAliases', message: '指标别名表必须是列表' });
    return;
  }
  (value as unknown[]).forEach((a, i) => {
    const r = (typeof a === 'object' && a !== null ? a : {}) as Record<string, unknown>;
    const level = r['level'];
    const from = r['from'];
    const to = r['to'];
    if ((level !== 1 && level !== 2) || typeof from !== 'string' || from.trim() === '' || typeof to !== 'string') {
      errors.push({ field: `frameworkAliases[${i}]`, message: '指标别名须写明级别（1或2）、原名称和对应的指标体系名称' });
      return;
    }
    if (!(level === 1 ? findLevel1(to) : findLevel2(to))) {
      errors.push({ field: `frameworkAliases[${i}]`, message: `指标别名“${from}”对应的“${to}”不在指标体系的${level === 1 ? '一级' : '二级'}指标中` });
    }
  });
}
