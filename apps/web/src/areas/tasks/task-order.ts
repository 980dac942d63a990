import type { ClerkSheet, ReviewSummary } from './tasks-api';

/** Soonest due first; those without a due time last. */
export function byDue<T extends ReviewSummary>(tasks: readonly T[]): T[] {
  const t = (r: T) => (r.dueAt ? new Date(r.dueAt).getTime() : Number.POSITIVE_INFINITY);
  return [...tasks].sort((a, b) => t(a) - t(b));
}

/** Sent back for revision first (a reviewer waits), then drafts; newest year first, then by name. */
export function clerkOrder(sheets: readonly ClerkSheet[]): ClerkSheet[] {
  const rank = (s: ClerkSheet) => (s.status === 'revision_requested' ? 0 : 1);
  return [...sheets].sort((a, b) => rank(a) - rank(b) || b.fiscalYear - a.fiscalYear || a.projectName.localeCompare(b.projectName, 'zh'));
}
