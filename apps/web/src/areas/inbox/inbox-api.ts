import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/http';

export interface InboxItem {
  readonly id: string;
  readonly kind: string;
  readonly subject: string;
  readonly body: string;
  readonly createdAt: string;
  readonly readAt: string | null;
  readonly link?: { readonly sheetId?: string; readonly reviewId?: string } | null;
  readonly [key: string]: unknown;
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
