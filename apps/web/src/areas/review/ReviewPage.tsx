import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { useActor } from '../../api/session';
import { ACTING_FOR_LABEL, DELEGATION, REVIEW, REVIEW_STATUS_LABELS, UI } from '../../labels';
import { QueryState } from '../../shared/states';
import { ActionPanel } from './ActionPanel';
import { ChangesPanel } from './ChangesPanel';
import { FindingsTable } from './FindingsTable';
import { type ReviewDetail, usePreviousReview, useReview, useReviewAction } from './review-api';
import { DeadlineTag, deadlineStatus } from './DeadlineTag';
import { changedMarks, formatTime, personName } from './review-logic';
import { SignOffSteps } from './SignOffSteps';
import { SubmittedSheet } from './SubmittedSheet';

const STATUS_COLORS: Record<string, string> = { awaiting_level: 'processing', revision_requested: 'warning', approved: 'success', rejected: 'error', cancelled: 'default' };

function ReviewHeader({ review }: { review: ReviewDetail }) {
  return (
    <Descriptions size="small" column={4}>
      <Descriptions.Item label={UI.status}>
        <Tag color={STATUS_COLORS[review.status]} data-testid="review-status">
          {REVIEW_STATUS_LABELS[review.status]}
        </Tag>
      </Descriptions.Item>
      <Descriptions.Item label={UI.fiscalYear}>{review.fiscalYear}</Descriptions.Item>
      <Descriptions.Item label={REVIEW.round}>{REVIEW.roundN(review.round)}</Descriptions.Item>
      <Descriptions.Item label={REVIEW.dueAt}>
        {formatTime(review.dueAt)} {review.currentLevel !== null && <DeadlineTag status={deadlineStatus(review)} />}
      </Descriptions.Item>
      <Descriptions.Item label={REVIEW.submittedBy}>
        <span title={review.submittedBy} data-testid="review-submitted-by">
          {personName(review, review.submittedBy)}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={REVIEW.submittedAt}>{formatTime(review.submittedAt)}</Descriptions.Item>
    </Descriptions>
  );
}

/** `actingFor`: opened from a task of 待办 marked “代X审核”, the actions are taken for X (代理审批). */
function ReviewView({ review, actingFor }: { review: ReviewDetail; actingFor: string | undefined }) {
  const actor = useActor();
  const action = useReviewAction(review.reviewId, actingFor);
  const previous = usePreviousReview(review);
  const marks = changedMarks(review);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReviewHeader review={review} />
      <Card size="small" title={REVIEW.chainTitle}>
        <SignOffSteps review={review} />
      </Card>
      <Card size="small" title={REVIEW.actionsTitle} className="no-print">
        {actingFor && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`${DELEGATION.actingForHint}“${ACTING_FOR_LABEL(personName(review, actingFor))}”`} data-testid="acting-for-notice" />}
        <ActionPanel
          review={review}
          actor={actor}
          pending={action.isPending}
          error={action.error}
          onAction={(a) => action.mutateAsync(a)}
          onReset={() => action.reset()}
        />
      </Card>
      {review.changesSincePrevious && (
        <Card size="small" title={REVIEW.changesTitle}>
          <ChangesPanel review={review} previous={previous.data?.content ?? null} previousFailed={previous.isError || (previous.isSuccess && previous.data === null)} />
        </Card>
      )}
      <Card size="small" title={REVIEW.submission}>
        <SubmittedSheet content={review.content} changedFields={marks.fields} changedIndicators={marks.indicators} />
      </Card>
      <Card size="small" title={REVIEW.findings}>
        <FindingsTable findings={review.findings} />
      </Card>
    </Space>
  );
}

/** One review: the sheet as submitted, its findings, the changes since the previous round, the chain and the actions. */
export function ReviewPage() {
  const { reviewId = '' } = useParams();
  const [search] = useSearchParams();
  const actingFor = search.get('actingFor') ?? undefined;
  const query = useReview(reviewId);
  return (
    <>
      <Space style={{ marginBottom: 12 }} className="no-print">
        <Link to="/reviews">
          <Button>{REVIEW.backToReviews}</Button>
        </Link>
        <Button onClick={() => window.print()}>{UI.print}</Button>
      </Space>
      <Typography.Title level={3}>{query.data?.projectName ?? REVIEW.reviewsTitle}</Typography.Title>
      <QueryState query={query} />
      {query.data && <ReviewView review={query.data} actingFor={actingFor} />}
    </>
  );
}
