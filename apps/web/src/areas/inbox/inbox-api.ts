import type { Role } from '@budget/domain';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type AnswerOf, api } from '../../api/client';

/** GET /inbox: one page, newest first, the cursor of the next (older) page and the unread count. */
export type InboxPage = AnswerOf<'review', 'inbox'>;
export type InboxItem = InboxPage['items'][number];
export type InboxKind = InboxItem['kind'];

export const INBOX_KEY = ['inbox'] as const;
/** Notifications per page of the inbox; 加载更多 asks for the next (older) page. */
export const INBOX_PAGE_SIZE = 20;

/** The inbox, a page at a time (the service pages by the last id seen). */
export function useInbox(unreadOnly = false) {
  return useInfiniteQuery({
    queryKey: [...INBOX_KEY, { unreadOnly }],
    queryFn: ({ pageParam, signal }) =>
      api.inbox.list({ query: { ...(unreadOnly ? { unreadOnly: 'true' } : {}), limit: String(INBOX_PAGE_SIZE), ...(pageParam ? { before: pageParam } : {}) }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
    refetchInterval: 15_000,
  });
}

/** The number of unread notifications, for the header's badge; polled. */
export function useUnreadCount(): number {
  const { data } = useQuery({
    queryKey: [...INBOX_KEY, 'unread'],
    queryFn: ({ signal }) => api.inbox.list({ query: { unreadOnly: 'true', limit: '1' }, signal }),
    refetchInterval: 15_000,
  });
  return data?.unread ?? 0;
}

/** Marks some (`ids`) or all notifications read; the inbox and the header's badge are read again. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (what: { ids: readonly string[] } | { all: true }) => api.inbox.markRead({ body: 'all' in what ? { all: true } : { ids: [...what.ids] } }),
    onSettled: () => client.invalidateQueries({ queryKey: INBOX_KEY }),
  });
}

/** Where a notification leads: the clerk to the sheet, a reviewer to the review (or the sheet's reviews), others to its history. */
export function linkOf(item: InboxItem, role: Role): string | null {
  const sheetId = item.data.sheet?.sheetId;
  const reviewId = item.data.taskId?.split(':')[0];
  switch (role) {
    case 'unit_clerk':
      return sheetId ? `/sheets/${sheetId}` : null;
    case 'unit_head':
    case 'department_reviewer':
    case 'finance_reviewer':
      if (reviewId) return `/reviews/${reviewId}`;
      return sheetId ? `/reviews?sheetId=${encodeURIComponent(sheetId)}` : null;
    case 'auditor':
    case 'admin':
      return sheetId ? `/audit/sheets/${sheetId}` : null;
    case 'system':
      return null;
  }
}
