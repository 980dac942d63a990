import type { ProgressItem, SheetStatus } from './table-api';

const ORDER: readonly SheetStatus[] = ['draft', 'submitted', 'under_review', 'revision_requested', 'approved', 'rejected'];

/** How many sheets are in each status, in workflow order, and who each group waits on. */
export function progressCounts(items: readonly ProgressItem[]): { status: SheetStatus; count: number; waitingAt: string[] }[] {
  return ORDER.map((status) => {
    const mine = items.filter((i) => i.status === status);
    return { status, count: mine.length, waitingAt: [...new Set(mine.map((i) => i.waitingAt.label))] };
  }).filter((c) => c.count > 0);
}
