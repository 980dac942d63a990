import type { Role } from '@budget/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/http';

/** What a notification says it is about (the `data` of GET /inbox items; fields by kind). */
export interface InboxData {
  readonly kind?: string;
  readonly sheet?: { readonly sheetId: string; readonly projectName?: string; readonly fiscalYear?: number; readonly unitId?: string; readonly unitName?: string };
  /** `<reviewId>:<level>` on task, reminder and escalation notifications. */
  readonly taskId?: string;
  readonly reason?: string | null;
  readonly grade?: string;
  readonly decision?: 'approved' | 'rejected';
  readonly dueAt?: string;
  readonly [key: string]: unknown;
}

export interface InboxItem {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly data: InboxData | null;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface InboxPage {
  readonly items: readonly InboxItem[];
  readonly nextBefore: string | null;
  readonly unread: number;
}

export const INBOX_KEY = ['inbox'] as const;

export function useInbox(unreadOnly = false) {
  return useQuery({ queryKey: [...INBOX_KEY, { unreadOnly }], queryFn: () => request<InboxPage>('review', '/inbox', { query: { unreadOnly } }), refetchInterval: 15_000 });
}

/** The number of unread notifications, for the header's badge; polled. */
export function useUnreadCount(): number {
  const { data } = useQuery({
    queryKey: [...INBOX_KEY, 'unread'],
    queryFn: () => request<InboxPage>('review', '/inbox', { query: { unreadOnly: true, limit: 1 } }),
    refetchInterval: 15_000,
  });
  return data?.unread ?? 0;
}

/** Marks some (`ids`) or all notifications read; the inbox and the header's badge are read again. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (what: { ids: readonly string[] } | { all: true }) => request<{ marked: number; unread: number }>('review', '/inbox/read', { method: 'POST', json: what }),
    onSettled: () => client.invalidateQueries({ queryKey: INBOX_KEY }),
  });
}

/** Where a notification leads: the clerk to the sheet, a reviewer to the review (or the sheet's reviews), others to its history. */
export function linkOf(item: InboxItem, role: Role): string | null {
  const sheetId = item.data?.sheet?.sheetId;
  const reviewId = typeof item.data?.taskId === 'string' ? item.data.taskId.split(':')[0] : undefined;
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
