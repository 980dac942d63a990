import { DomainError, ruleConfig, type RuleConfig } from '@budget/domain';

export const RULE_CONFIG = Symbol('RULE_CONFIG');

export interface ReviewRuleConfig {
  readonly rules: RuleConfig;
}

/**
 * Thresholds and the qualitative vocabulary are configuration: REVIEW_RULES is a JSON object of
 * overrides of the catalogue's defaults (e.g. {"largeProjectMinTotal": 500000000, "v02Severity": "W"}).
 */
export function loadRuleConfig(env: NodeJS.ProcessEnv = process.env): ReviewRuleConfig {
  const raw = env.REVIEW_RULES?.trim();
  if (!raw) return { rules: ruleConfig() };
  let overrides: unknown;
  try {
    overrides = JSON.parse(raw);
  } catch (e) {
    throw new Error(`REVIEW_RULES is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) throw new Error('REVIEW_RULES must be a JSON object');
  try {
    return { rules: ruleConfig(overrides) };
  } catch (e) {
    if (e instanceof DomainError) throw new Error(`REVIEW_RULES: ${e.message} ${JSON.stringify(e.details)}`);
    throw e;
  }
}
