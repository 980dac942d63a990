import { Alert, Badge, Button, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useActor } from '../../api/session';
import { NOTIFICATION_KIND_LABELS, REVIEW, UI } from '../../labels';
import { EmptyState, messageOf, QueryState } from '../../shared/states';
import { formatTime } from '../review/review-logic';
import { type InboxItem, linkOf, useInbox, useMarkRead } from './inbox-api';

const KIND_COLORS: Record<string, string> = { revision_requested: 'orange', task_waiting: 'blue', final_decision: 'green', deadline_reminder: 'gold', deadline_escalation: 'red' };

interface ListProps {
  readonly items: readonly InboxItem[];
  readonly linkFor: (item: InboxItem) => string | null;
  readonly onMarkRead: (ids: string[]) => void;
  readonly pending: boolean;
  /** Older notifications the service has not sent yet: 加载更多 asks for the next page. */
  readonly more?: { readonly hasMore: boolean; readonly loading: boolean; readonly onLoadMore: () => void };
}

/** The notifications, unread ones bold with a dot; opening one marks it read; older ones a page at a time. */
export function NotificationList({ items, linkFor, onMarkRead, pending, more }: ListProps) {
  if (items.length === 0) return <EmptyState description={REVIEW.noNotifications} />;
  return (
    <>
      <NotificationTable items={items} linkFor={linkFor} onMarkRead={onMarkRead} pending={pending} />
      <div style={{ textAlign: 'center', marginTop: 12 }} className="no-print">
        {more?.hasMore ? (
          <Button onClick={more.onLoadMore} loading={more.loading}>
            {REVIEW.loadMore}
          </Button>
        ) : (
          <Typography.Text type="secondary">{REVIEW.allLoaded(items.length)}</Typography.Text>
        )}
      </div>
    </>
  );
}

function NotificationTable({ items, linkFor, onMarkRead, pending }: Omit<ListProps, 'more'>) {
  return (
    <Table<InboxItem>
      size="small"
      rowKey="id"
      aria-label={REVIEW.inboxTitle}
      dataSource={[...items]}
      pagination={false}
      rowClassName={(n) => (n.readAt ? 'notification-read' : 'notification-unread')}
      columns={[
        {
          title: REVIEW.receivedAt,
          key: 'at',
          width: 150,
          render: (_, n) => (
            <Space size={4}>
              {!n.readAt && <Badge status="processing" aria-label={REVIEW.unread} />}
              {formatTime(n.createdAt)}
            </Space>
          ),
        },
        { title: REVIEW.kind, key: 'kind', width: 100, render: (_, n) => <Tag color={KIND_COLORS[n.kind]}>{NOTIFICATION_KIND_LABELS[n.kind]}</Tag> },
        {
          title: REVIEW.message,
          key: 'text',
          render: (_, n) => (
            <div data-unread={n.readAt ? undefined : 'true'} style={{ fontWeight: n.readAt ? 'normal' : 'bold' }}>
              <div>{n.title}</div>
              <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap', fontWeight: 'normal' }}>
                {n.body}
              </Typography.Text>
            </div>
          ),
        },
        {
          title: UI.actions,
          key: 'actions',
          width: 170,
          render: (_, n) => {
            const to = linkFor(n);
            return (
              <Space size={4}>
                {to && (
                  <Link to={to} aria-label={`${REVIEW.openLink} ${n.title}`} onClick={() => !n.readAt && onMarkRead([n.id])}>
                    {REVIEW.openLink}
                  </Link>
                )}
                {!n.readAt && (
                  <Button size="small" type="link" disabled={pending} aria-label={`${REVIEW.markRead} ${n.title}`} onClick={() => onMarkRead([n.id])}>
                    {REVIEW.markRead}
                  </Button>
                )}
              </Space>
            );
          },
        },
      ]}
    />
  );
}

/** 通知: my inbox; mark one or all read (the header's badge follows). */
export function InboxPage() {
  const actor = useActor();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useInbox(unreadOnly);
  const mark = useMarkRead();
  const pages = inbox.data?.pages ?? [];
  // The newest page says how many are unread now.
  const unread = pages[0]?.unread ?? 0;
  const items = pages.flatMap((p) => p.items);
  return (
    <>
      <Space align="center" style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {REVIEW.inboxTitle}
        </Typography.Title>
        <Badge count={unread} showZero={false} aria-label={REVIEW.unreadCount(unread)} />
        <Button onClick={() => mark.mutate({ all: true })} disabled={unread === 0} loading={mark.isPending}>
          {REVIEW.markAllRead}
        </Button>
        <Space size={4}>
          <Switch checked={unreadOnly} onChange={setUnreadOnly} aria-label={REVIEW.onlyUnread} />
          <span>{REVIEW.onlyUnread}</span>
        </Space>
      </Space>
      {mark.isError && <Alert type="error" showIcon title={UI.actionFailed} description={messageOf(mark.error)} style={{ marginBottom: 12 }} />}
      <QueryState query={inbox} />
      {inbox.data && (
        <NotificationList
          items={items}
          linkFor={(n) => linkOf(n, actor.role)}
          onMarkRead={(ids) => mark.mutate({ ids })}
          pending={mark.isPending}
          more={{ hasMore: inbox.hasNextPage, loading: inbox.isFetchingNextPage, onLoadMore: () => void inbox.fetchNextPage() }}
        />
      )}
    </>
  );
}
