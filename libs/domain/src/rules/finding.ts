/**
 * A finding of the automatic review (review-rules.md): recorded in events, never recomputed
 * for old submissions. Shared by the rule catalogue (./), the review decider (../review) and
 * the reporting audit views.
 */

/** B blocking, W warning (must be acknowledged), I info (normalisation, recorded). */
export type Severity = 'B' | 'W' | 'I';

export type FindingValue = string | number | boolean | null;

export interface Finding {
  /** Stable id from the catalogue, e.g. `S01`, `V06`. */
  readonly ruleId: string;
  /** Version of the rule set that produced it, e.g. `2026.1`. */
  readonly ruleSetVersion: string;
  readonly severity: Severity;
  /** Path of the field concerned: `goal`, `funding.total`, `indicators[2].annualTarget`, `indicators`. */
  readonly field: string;
  /** In Chinese, for the unit's clerk. */
  readonly message: string;
  /** What the rule looked at (amounts in 分 as numbers or 万元 strings, texts as entered). */
  readonly values: Readonly<Record<string, FindingValue>>;
}

/** Identity of a finding within one submission: a waiver or acknowledgement names it. */
export function findingKey(f: Pick<Finding, 'ruleId' | 'field'>): string {
  return `${f.ruleId}@${f.field}`;
}
