import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { REVIEW, REVIEW_STATUS_LABELS, UI } from '../../labels';
import { EmptyState, QueryState } from '../../shared/states';
import { REVIEW_STATUSES, type ReviewSummary, useReviews } from './review-api';
import { DeadlineTag, deadlineStatus } from './DeadlineTag';
import { formatTime } from './review-logic';

/** The reviews in my scope, filtered by status (and, from a notification, by sheet). */
export function ReviewsPage() {
  const [params, setParams] = useSearchParams();
  const status = REVIEW_STATUSES.find((s) => s === params.get('status'));
  const sheetId = params.get('sheetId') ?? undefined;
  const query = useReviews({ status, sheetId });
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <>
      <Typography.Title level={3}>{REVIEW.reviewsTitle}</Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={REVIEW.statusFilter}
          style={{ width: 180 }}
          value={status ?? ''}
          onChange={(v: string) => set('status', v || undefined)}
          options={[{ value: '', label: REVIEW.allStatuses }, ...REVIEW_STATUSES.map((s) => ({ value: s, label: REVIEW_STATUS_LABELS[s] }))]}
        />
        {sheetId && (
          <>
            <Tag>{REVIEW.sheetFilter}</Tag>
            <Button size="small" onClick={() => set('sheetId', undefined)}>
              {REVIEW.clearFilter}
            </Button>
          </>
        )}
        <Button onClick={() => void query.refetch()}>{UI.refresh}</Button>
      </Space>
      <QueryState query={query} />
      {query.data && query.data.items.length === 0 && <EmptyState />}
      {query.data && query.data.items.length > 0 && (
        <Table<ReviewSummary>
          size="small"
          rowKey="reviewId"
          aria-label={REVIEW.reviewsTitle}
          dataSource={[...query.data.items].reverse()}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: UI.projectName, key: 'name', render: (_, r) => <Link to={`/reviews/${r.reviewId}`}>{r.projectName}</Link> },
            { title: UI.fiscalYear, dataIndex: 'fiscalYear', width: 72 },
            { title: UI.total, dataIndex: 'total', width: 100, align: 'right' },
            { title: REVIEW.round, key: 'round', width: 80, render: (_, r) => REVIEW.roundN(r.round) },
            { title: UI.status, key: 'status', width: 120, render: (_, r) => <Tag>{REVIEW_STATUS_LABELS[r.status]}</Tag> },
            { title: REVIEW.level, dataIndex: 'currentLevelName', width: 120 },
            {
              title: REVIEW.dueAt,
              key: 'due',
              width: 190,
              render: (_, r) => (
                <>
                  {formatTime(r.dueAt)} {r.status === 'awaiting_level' && <DeadlineTag status={deadlineStatus(r)} />}
                </>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
