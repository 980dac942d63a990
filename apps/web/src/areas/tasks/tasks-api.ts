import type { ExistingSheet } from '@budget/domain';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/http';

export { useReviewTasks, type ReviewSummary } from '../review/review-api';

/** What the clerk's task list needs of GET /sheets items. */
export interface ClerkSheet {
  readonly sheetId: string;
  readonly version: number;
  readonly status: ExistingSheet['status'];
  readonly fiscalYear: number;
  readonly unitId: string;
  readonly projectName: string;
  readonly funding: { readonly total: string };
}

/** The sheets of my unit that need me: drafts and those sent back for revision. */
export const CLERK_TASK_STATUSES = ['revision_requested', 'draft'] as const;

export function useClerkTasks(enabled: boolean) {
  return useQuery({
    queryKey: ['clerk-tasks'],
    enabled,
    queryFn: async () => {
      const pages = await Promise.all(
        CLERK_TASK_STATUSES.map((status) => request<{ items: ClerkSheet[] }>('intake', '/sheets', { query: { status, limit: 500 } })),
      );
      return pages.flatMap((p) => p.items);
    },
  });
}
