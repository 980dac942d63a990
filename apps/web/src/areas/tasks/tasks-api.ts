import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { SheetView } from '../fill/fill-api';

export { useReviewTasks, type ReviewSummary } from '../review/review-api';

/** What the clerk's task list needs of GET /sheets items. */
export type ClerkSheet = Pick<SheetView, 'sheetId' | 'version' | 'status' | 'fiscalYear' | 'unitId' | 'projectName'> & { readonly funding: Pick<SheetView['funding'], 'total'> };

/** The sheets of my unit that need me: drafts and those sent back for revision. */
export const CLERK_TASK_STATUSES = ['revision_requested', 'draft'] as const;

export function useClerkTasks(enabled: boolean) {
  return useQuery({
    queryKey: ['clerk-tasks'],
    enabled,
    queryFn: async ({ signal }): Promise<ClerkSheet[]> => {
      const pages = await Promise.all(CLERK_TASK_STATUSES.map((status) => api.sheets.list({ query: { status, limit: '500' }, signal })));
      return pages.flatMap((p) => p.items);
    },
  });
}
