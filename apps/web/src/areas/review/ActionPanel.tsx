import type { Actor } from '@budget/domain';
import { Alert, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { REVIEW, REVIEW_STATUS_LABELS } from '../../labels';
import { ActionError } from '../../shared/FormModal';
import { ApproveModal } from './ApproveModal';
import { GradeModal } from './GradeModal';
import { allowedActions } from './review-logic';
import type { ReviewAction, ReviewDetail } from './review-api';
import { RevisionModal } from './RevisionModal';
import { WaiverModal } from './WaiverModal';

type Dialog = 'approve' | 'grant' | 'refuse' | 'revision' | 'grade' | null;

interface Props {
  readonly review: ReviewDetail;
  readonly actor: Actor;
  readonly pending: boolean;
  readonly error: unknown;
  /** Resolves when the action succeeded (the review is read again), rejects with the API's error. */
  readonly onAction: (action: ReviewAction) => Promise<unknown>;
  readonly onReset: () => void;
}

/** The actions the signed-in person may take at the review's current level, and nothing else. */
export function ActionPanel({ review, actor, pending, error, onAction, onReset }: Props) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const [done, setDone] = useState(false);
  const allowed = allowedActions(review, actor);
  const open = (d: Dialog) => {
    onReset();
    setDone(false);
    setDialog(d);
  };
  const run = (action: ReviewAction) => {
    setDone(false);
    onAction(action).then(
      () => {
        setDialog(null);
        setDone(true);
      },
      () => undefined, // shown by ActionError
    );
  };
  if (review.status !== 'awaiting_level') {
    return (
      <>
        {done && <Alert type="success" showIcon title={REVIEW.done} style={{ marginBottom: 12 }} />}
        <Typography.Text data-testid="review-closed">{REVIEW.closed(REVIEW_STATUS_LABELS[review.status])}</Typography.Text>
      </>
    );
  }
  if (!allowed.mayAct) {
    return (
      <>
        {done && <Alert type="success" showIcon title={REVIEW.done} style={{ marginBottom: 12 }} />}
        <Alert type="info" showIcon title={REVIEW.currentLevel(review.currentLevelName ?? '')} description={allowed.refusal ?? undefined} />
      </>
    );
  }
  const blocked = allowed.approveBlockedBy.length > 0;
  return (
    <div aria-label={REVIEW.actionsTitle} role="region">
      {done && <Alert type="success" showIcon title={REVIEW.done} style={{ marginBottom: 12 }} closable />}
      {dialog === null && <ActionError error={error} />}
      {allowed.unacknowledged.length > 0 && <Alert type="warning" showIcon title={REVIEW.acknowledgeHint(allowed.unacknowledged.length)} style={{ marginBottom: 12 }} />}
      {blocked && <Alert type="warning" showIcon title={REVIEW.approveBlocked(allowed.approveBlockedBy.length)} style={{ marginBottom: 12 }} />}
      <Space wrap>
        {allowed.acknowledge && (
          <Button loading={pending && dialog === null} onClick={() => {
              onReset();
              run({ kind: 'acknowledge' });
            }}>
            {REVIEW.acknowledge}
          </Button>
        )}
        {allowed.decideWaivers && (
          <>
            <Button onClick={() => open('grant')}>{REVIEW.grantWaiver}</Button>
            <Button danger onClick={() => open('refuse')}>
              {REVIEW.refuseWaiver}
            </Button>
          </>
        )}
        {allowed.approve && (
          <Button type="primary" disabled={blocked} onClick={() => open('approve')}>
            {REVIEW.approve}
          </Button>
        )}
        {allowed.grade && (
          <Button type="primary" onClick={() => open('grade')}>
            {REVIEW.grade}
          </Button>
        )}
        {allowed.requestRevision && (
          <Button danger onClick={() => open('revision')}>
            {REVIEW.requestRevision}
          </Button>
        )}
      </Space>
      <ApproveModal
        open={dialog === 'approve'}
        warnings={allowed.unacknowledged}
        pending={pending}
        error={error}
        onCancel={() => setDialog(null)}
        onSubmit={(comments) => run({ kind: 'approve', acknowledgeFirst: allowed.unacknowledged.length > 0, ...(comments ? { comments } : {}) })}
      />
      <WaiverModal
        open={dialog === 'grant' || dialog === 'refuse'}
        grant={dialog === 'grant'}
        requested={allowed.requestedWaivers}
        pending={pending}
        error={error}
        onCancel={() => setDialog(null)}
        onSubmit={(findingKeys, reason) => run({ kind: 'waive', findingKeys, grant: dialog === 'grant', reason })}
      />
      <RevisionModal
        open={dialog === 'revision'}
        findings={review.findings}
        pending={pending}
        error={error}
        onCancel={() => setDialog(null)}
        onSubmit={(comments) => run({ kind: 'request-revision', comments })}
      />
      <GradeModal
        open={dialog === 'grade'}
        warnings={allowed.unacknowledged}
        pending={pending}
        error={error}
        onCancel={() => setDialog(null)}
        onSubmit={(input) => run({ kind: 'grade', acknowledgeFirst: allowed.unacknowledged.length > 0, ...input })}
      />
    </div>
  );
}
