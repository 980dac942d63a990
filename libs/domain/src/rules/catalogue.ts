import { type Severity } from './finding';

/**
 * Version of the rule set (review-rules.md). Every finding carries it; bump it whenever a rule's
 * meaning, a default threshold or a message changes, so recorded findings stay explainable.
 */
export const RULE_SET_VERSION = '2026.1';

/**
 * The four review dimensions of 财预〔2015〕88号:
 * 完整性 (completeness: the form is filled in, well-formed, clear),
 * 相关性 (relevance: indicators fit the goal and the unit's work),
 * 适当性 (appropriateness: the money and the targets match in size),
 * 可行性 (feasibility: the targets are reasoned and attainable).
 */
export type RuleDimension = 'completeness' | 'relevance' | 'appropriateness' | 'feasibility';

export const DIMENSION_LABELS: Readonly<Record<RuleDimension, string>> = Object.freeze({
  completeness: '完整性',
  relevance: '相关性',
  appropriateness: '适当性',
  feasibility: '可行性',
});

/** The sections of review-rules.md. */
export type RuleGroup = 'structure' | 'amounts' | 'targetValues' | 'relevance';

/**
 * `sheet`: evaluateRules() runs it on one SheetContent. `table`: it needs several sheets (A03),
 * see checkTableTotals() and checkSumOfProjects().
 */
export type RuleScope = 'sheet' | 'table';

export const RULE_IDS = [
  'S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'S07', 'S08', 'S09', 'S10', 'S11',
  'A01', 'A02', 'A03', 'A04',
  'V01', 'V02', 'V03', 'V04', 'V05', 'V06', 'V07', 'V08', 'V09', 'V10', 'V11',
  'R01', 'R02',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export interface RuleDefinition {
  readonly id: RuleId;
  /** Short title in Chinese, for reviewers' lists and waivers. */
  readonly title: string;
  /**
   * The catalogue's severity. A few rules deviate per finding, as review-rules.md says: V02 takes
   * its severity from the configuration (B or W), V08 is B for an amount above the project total
   * and W otherwise, V01 is W (not B) for a placeholder in the 实施周期指标值.
   */
  readonly severity: Severity;
  readonly dimension: RuleDimension;
  readonly group: RuleGroup;
  readonly scope: RuleScope;
}

const rule = (
  id: RuleId,
  title: string,
  severity: Severity,
  dimension: RuleDimension,
  group: RuleGroup,
  scope: RuleScope = 'sheet',
): RuleDefinition => Object.freeze({ id, title, severity, dimension, group, scope });

/** The catalogue, in review-rules.md order; evaluateRules() runs the sheet rules in this order. */
export const RULES: readonly RuleDefinition[] = Object.freeze([
  rule('S01', '绩效目标不能为空', 'B', 'completeness', 'structure'),
  rule('S02', '至少一个绩效指标，且一级、二级、三级指标和年度指标值齐全', 'B', 'completeness', 'structure'),
  rule('S03', '一级、二级指标须符合指标体系，编码与名称一致，二级指标属于其一级指标', 'B', 'completeness', 'structure'),
  rule('S04', '至少有一个产出指标和一个效益指标', 'B', 'completeness', 'structure'),
  rule('S05', '应设置满意度指标', 'W', 'completeness', 'structure'),
  rule('S06', '应设置成本指标', 'W', 'completeness', 'structure'),
  rule('S07', '产出指标应包含数量指标', 'W', 'completeness', 'structure'),
  rule('S08', '同一项目的三级指标名称不应重复', 'W', 'completeness', 'structure'),
  rule('S09', '有关满意度的三级指标应归入满意度指标', 'W', 'relevance', 'structure'),
  rule('S10', '绩效目标应具体描述，不能只是项目名称', 'W', 'completeness', 'structure'),
  rule('S11', '项目名称应能说明项目内容，不能只是代码或缩写', 'W', 'completeness', 'structure'),
  rule('A01', '总计等于财政拨款、财政专户拨款、其他资金之和', 'B', 'completeness', 'amounts'),
  rule('A02', '金额为不小于0的数字，以万元计最多4位小数', 'B', 'completeness', 'amounts'),
  rule('A03', '单位和部门的金额等于其项目之和', 'B', 'completeness', 'amounts', 'table'),
  rule('A04', '项目总计为0', 'W', 'appropriateness', 'amounts'),
  rule('V01', '年度指标值须为有效的定量或定性值，不能为空或占位符', 'B', 'completeness', 'targetValues'),
  rule('V02', '数量指标的指标值应为定量值', 'B', 'completeness', 'targetValues'),
  rule('V03', '百分比应在0%至100%之间（增长类指标除外）', 'B', 'feasibility', 'targetValues'),
  rule('V04', '满意度指标值应为带≥或>的百分比，且不低于下限、不为100%', 'W', 'appropriateness', 'targetValues'),
  rule('V05', '数值应带计量单位，比率应带比较符号', 'W', 'completeness', 'targetValues'),
  rule('V06', '实施周期指标值与年度指标值应一致', 'W', 'feasibility', 'targetValues'),
  rule('V07', '时效指标应为完成时限或比率', 'W', 'completeness', 'targetValues'),
  rule('V08', '成本指标应为带≤的金额或百分比，且不超过项目总计', 'W', 'appropriateness', 'targetValues'),
  rule('V09', '数量乘以单位成本应与项目总计相符', 'W', 'appropriateness', 'targetValues'),
  rule('V10', '定性指标值应使用规范表述', 'W', 'completeness', 'targetValues'),
  rule('V11', '指标值的全角/半角符号和空格已规范化（原文保留）', 'I', 'completeness', 'targetValues'),
  rule('R01', '大额项目的绩效指标过少', 'W', 'appropriateness', 'relevance'),
  rule('R02', '口号式三级指标配以100%的指标值', 'W', 'relevance', 'relevance'),
]);

const BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id);
}

/** The catalogue entry of a rule id; throws for an id that is not in the catalogue. */
export function ruleDefinition(id: RuleId): RuleDefinition {
  const found = BY_ID.get(id);
  if (!found) throw new RangeError(`Unknown rule id: ${id}`);
  return found;
}
