import type { Finding, Severity } from '@budget/domain';

export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = { B: 'red', W: 'orange', I: 'blue' };

/** What a field of the editor is marked with: findings (and reviewers' reasons) whose path is exactly it. */
export function at<T extends { readonly field?: string }>(items: readonly T[], path: string): T[] {
  return items.filter((i) => i.field === path);
}

/** Blocking findings come first, then warnings, then information. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  const order: Record<Severity, number> = { B: 0, W: 1, I: 2 };
  return [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
}
