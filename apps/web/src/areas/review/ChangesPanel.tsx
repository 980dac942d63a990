import type { SheetContent } from '@budget/domain';
import { Alert, Table, Typography } from 'antd';
import { REVIEW } from '../../labels';
import { type ChangeRow, changeRows } from './review-logic';
import type { ReviewDetail } from './review-api';

/** What changed since the previous round: old → new, the new value highlighted. */
export function ChangesPanel({ review, previous, previousFailed }: { review: ReviewDetail; previous: SheetContent | null; previousFailed: boolean }) {
  if (!review.changesSincePrevious) return <Typography.Text type="secondary">{REVIEW.firstRound}</Typography.Text>;
  const rows = changeRows(review, previous);
  if (rows.length === 0) return <Typography.Text type="secondary">{REVIEW.noChanges}</Typography.Text>;
  return (
    <>
      {previousFailed && <Alert type="warning" showIcon title={REVIEW.previousUnavailable} style={{ marginBottom: 8 }} />}
      <Table<ChangeRow>
        size="small"
        rowKey="key"
        pagination={false}
        aria-label={REVIEW.changesTitle}
        dataSource={rows}
        columns={[
          { title: REVIEW.field, dataIndex: 'label', width: 240 },
          {
            title: REVIEW.before,
            key: 'before',
            render: (_, r) => (r.before === null ? null : <del style={{ color: '#a8071a', background: '#fff1f0', whiteSpace: 'pre-wrap' }}>{r.before}</del>),
          },
          {
            title: REVIEW.after,
            key: 'after',
            render: (_, r) =>
              r.after === null ? null : (
                <ins data-changed="true" style={{ color: '#135200', background: '#f6ffed', textDecoration: 'none', fontWeight: 500, whiteSpace: 'pre-wrap' }}>
                  {r.after}
                </ins>
              ),
          },
        ]}
      />
    </>
  );
}
