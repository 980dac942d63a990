import type { LevelTask } from '@budget/domain';
import { Space, Steps, Typography } from 'antd';
import { ACTING_FOR_LABEL, REVIEW, SIGN_OFF_LEVEL_NAMES } from '../../labels';
import { formatTime, personName } from './review-logic';
import type { ReviewDetail } from './review-api';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

function taskStatus(task: LevelTask | undefined, current: boolean): StepStatus {
  if (!task) return 'wait';
  if (task.decision?.kind === 'approved') return 'finish';
  if (task.decision) return 'error';
  return current ? 'process' : 'wait';
}

function TaskDescription({ task, current, nameOf }: { task: LevelTask | undefined; current: boolean; nameOf: (id: string) => string }) {
  if (!task) return <Typography.Text type="secondary">{REVIEW.notReached}</Typography.Text>;
  const d = task.decision;
  return (
    <Space orientation="vertical" size={0} style={{ fontSize: 12 }}>
      {d ? (
        <>
          <span>
            {REVIEW.decisionKinds[d.kind]}
            {d.grade ? `（${REVIEW.gradeLabel}：${d.grade}）` : ''}
          </span>
          <span>
            {REVIEW.by}：<span title={d.by}>{nameOf(d.by)}</span>
            {d.actingFor && <span data-testid="acting-for">（{ACTING_FOR_LABEL(nameOf(d.actingFor.delegatorId))}）</span>}
          </span>
          <span>
            {REVIEW.at}：{formatTime(d.at)}
          </span>
          {d.kind === 'approved' && d.comments && (
            <span>
              {REVIEW.comments}：{d.comments}
            </span>
          )}
          {d.kind === 'approved' && d.conditions && (
            <span>
              {REVIEW.conditions}：{d.conditions}
            </span>
          )}
          {d.kind === 'revision_requested' && d.reasons.map((r, i) => <span key={i}>· {r.message}</span>)}
          {d.kind === 'rejected' && <span>{d.reason}</span>}
        </>
      ) : (
        <span>
          {current ? REVIEW.waiting : ''} {REVIEW.dueAt}：{formatTime(task.dueAt)}
        </span>
      )}
      {task.acknowledgements.length > 0 && <span>{REVIEW.acknowledgedWarnings(task.acknowledgements.reduce((n, a) => n + a.findingKeys.length, 0))}</span>}
      {task.waiverDecisions.map((w, i) => (
        <span key={i}>
          {REVIEW.waiverDecided(w.granted, w.findingKeys.length)}（{nameOf(w.by)}）：{w.reason}
        </span>
      ))}
    </Space>
  );
}

/** The sign-off chain: one step per level, who decided what and when. */
export function SignOffSteps({ review }: { review: ReviewDetail }) {
  const items = review.chain.map((level) => {
    // A level may have been opened more than once in a review's life only through a new review; the last task counts.
    const task = [...review.tasks].reverse().find((t) => t.level === level.level);
    const current = review.currentLevel === level.level;
    return {
      key: level.level,
      title: SIGN_OFF_LEVEL_NAMES[level.level],
      status: taskStatus(task, current),
      content: <TaskDescription task={task} current={current} nameOf={(id) => personName(review, id)} />,
    };
  });
  const currentIndex = review.chain.findIndex((l) => l.level === review.currentLevel);
  return <Steps size="small" items={items} current={currentIndex >= 0 ? currentIndex : items.length} aria-label={REVIEW.chainTitle} />;
}
