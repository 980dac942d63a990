import type { Finding, Severity } from '@budget/domain';
import { FILL, SHEET_FIELD_LABELS } from '../../labels';

export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = { B: 'red', W: 'orange', I: 'blue' };

/** A field path of a finding or a revision reason in words: `indicators[2].annualTarget` → 第 3 个指标 · 年度指标值. */
export function fieldWords(path: string): string {
  const indicator = /^indicators\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (indicator) {
    const n = Number(indicator[1]) + 1;
    const sub = indicator[2];
    const label = sub ? (SHEET_FIELD_LABELS as Record<string, string>)[sub] : undefined;
    return label ? `${FILL.indicatorN(n)} · ${label}` : FILL.indicatorN(n);
  }
  const last = path.split('.').pop() ?? path;
  return (SHEET_FIELD_LABELS as Record<string, string>)[last] ?? path;
}

/** What a field of the editor is marked with: findings (and reviewers' reasons) whose path is exactly it. */
export function at<T extends { readonly field?: string }>(items: readonly T[], path: string): T[] {
  return items.filter((i) => i.field === path);
}

/** Blocking findings come first, then warnings, then information. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  const order: Record<Severity, number> = { B: 0, W: 1, I: 2 };
  return [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
}
