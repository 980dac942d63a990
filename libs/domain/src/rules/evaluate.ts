import { type SheetContent } from '../sheet/sheet.types';
import { ruleA01TotalMatchesParts, ruleA02AmountsValid, ruleA04ZeroTotal } from './amounts';
import { RULES, type RuleId } from './catalogue';
import { assertValidRuleConfig, DEFAULT_RULE_CONFIG, type RuleConfig } from './config';
import { type Finding } from './finding';
import { ruleR01LargeProjectIndicators, ruleR02SloganWithFullMarks } from './relevance';
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
import { type RuleContext, type SheetRule } from './support';
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

/** The rule of every sheet-scoped catalogue entry. A03 needs several sheets: see checkTableTotals(). */
export const SHEET_RULES: Readonly<Record<Exclude<RuleId, 'A03'>, SheetRule>> = Object.freeze({
  S01: ruleS01GoalPresent,
  S02: ruleS02IndicatorsComplete,
  S03: ruleS03FrameworkLevels,
  S04: ruleS04OutputAndOutcome,
  S05: ruleS05Satisfaction,
  S06: ruleS06Cost,
  S07: ruleS07Quantity,
  S08: ruleS08UniqueNames,
  S09: ruleS09SatisfactionPlacement,
  S10: ruleS10GoalDescriptive,
  S11: ruleS11ProjectNameDescriptive,
  A01: ruleA01TotalMatchesParts,
  A02: ruleA02AmountsValid,
  A04: ruleA04ZeroTotal,
  V01: ruleV01ValuePresent,
  V02: ruleV02QuantityIsQuantitative,
  V03: ruleV03PercentRange,
  V04: ruleV04Satisfaction,
  V05: ruleV05UnitAndComparator,
  V06: ruleV06PeriodAndAnnualAgree,
  V07: ruleV07Timeliness,
  V08: ruleV08Cost,
  V09: ruleV09UnitCostTimesQuantity,
  V10: ruleV10QualitativeVocabulary,
  V11: ruleV11Normalisation,
  R01: ruleR01LargeProjectIndicators,
  R02: ruleR02SloganWithFullMarks,
});

/**
 * Runs every sheet rule in catalogue order (rule by rule; within a rule, in field order) and
 * returns all findings, info ones included. Pure: the same content, configuration and context
 * always give the same findings. Throws DomainError VALIDATION_FAILED for an invalid
 * configuration (build one with ruleConfig()).
 */
export function evaluateRules(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG, context: RuleContext = {}): Finding[] {
  assertValidRuleConfig(config);
  const out: Finding[] = [];
  for (const { id, scope } of RULES) {
    if (scope !== 'sheet' || id === 'A03') continue;
    out.push(...SHEET_RULES[id](content, config, context));
  }
  return out;
}

/** Whether any finding blocks the submission (before waivers). */
export function hasBlockingFindings(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'B');
}
