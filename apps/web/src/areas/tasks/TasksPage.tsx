import { Button, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { hasRole, useActor } from '../../api/session';
import { REVIEW, SHEET_STATUS_LABELS, UI } from '../../labels';
import type { ReviewTask } from '../review/review-api';
import { EmptyState, QueryState } from '../../shared/states';
import { DeadlineTag, deadlineStatus } from '../review/DeadlineTag';
import { formatTime } from '../review/review-logic';
import { byDue, clerkOrder } from './task-order';
import { type ClerkSheet, useClerkTasks, useReviewTasks } from './tasks-api';

/** Where a task leads: the review, acting for the delegator when the task is theirs (代理审批). */
export function taskLink(task: ReviewTask): string {
  const delegator = task.actingFor?.[0]?.delegatorId;
  return delegator ? `/reviews/${task.reviewId}?actingFor=${encodeURIComponent(delegator)}` : `/reviews/${task.reviewId}`;
}

export function ReviewerTasks({ tasks, now = new Date() }: { tasks: readonly ReviewTask[]; now?: Date }) {
  const navigate = useNavigate();
  if (tasks.length === 0) return <EmptyState description={REVIEW.noTasks} />;
  return (
    <Table<ReviewTask>
      size="small"
      rowKey="reviewId"
      aria-label={REVIEW.tasksTitle}
      dataSource={byDue(tasks)}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      rowClassName={(r) => (deadlineStatus(r, now) === 'overdue' ? 'task-overdue' : '')}
      columns={[
        {
          title: UI.projectName,
          key: 'name',
          render: (_, r) => (
            <>
              <Link to={taskLink(r)}>{r.projectName}</Link>
              {r.actingFor?.map((a) => (
                <Tag key={a.delegationId} color="purple" style={{ marginInlineStart: 8 }}>
                  {a.label}
                </Tag>
              ))}
            </>
          ),
        },
        { title: UI.fiscalYear, dataIndex: 'fiscalYear', width: 72 },
        { title: UI.total, dataIndex: 'total', width: 100, align: 'right' },
        { title: REVIEW.level, dataIndex: 'currentLevelName', width: 120 },
        { title: REVIEW.round, key: 'round', width: 80, render: (_, r) => REVIEW.roundN(r.round) },
        {
          title: REVIEW.dueAt,
          key: 'due',
          width: 200,
          render: (_, r) => (
            <>
              {formatTime(r.dueAt)} <DeadlineTag status={deadlineStatus(r, now)} />
            </>
          ),
        },
        { title: REVIEW.warningCount, key: 'w', width: 100, render: (_, r) => r.open.unacknowledgedWarnings.length || '' },
        { title: REVIEW.blockingCount, key: 'b', width: 80, render: (_, r) => r.open.unwaivedBlockingFindings.length || '' },
        {
          title: UI.actions,
          key: 'open',
          width: 90,
          render: (_, r) => (
            <Button size="small" type="primary" aria-label={`${REVIEW.openReview} ${r.projectName}`} onClick={() => void navigate(taskLink(r))}>
              {REVIEW.openReview}
            </Button>
          ),
        },
      ]}
    />
  );
}

export function ClerkTasks({ sheets }: { sheets: readonly ClerkSheet[] }) {
  const navigate = useNavigate();
  if (sheets.length === 0) return <EmptyState description={REVIEW.noTasks} />;
  return (
    <Table<ClerkSheet>
      size="small"
      rowKey="sheetId"
      aria-label={REVIEW.tasksTitle}
      dataSource={clerkOrder(sheets)}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: UI.projectName, key: 'name', render: (_, s) => <Link to={`/sheets/${s.sheetId}`}>{s.projectName}</Link> },
        { title: UI.fiscalYear, dataIndex: 'fiscalYear', width: 72 },
        { title: UI.total, key: 'total', width: 100, align: 'right', render: (_, s) => s.funding.total },
        {
          title: UI.status,
          key: 'status',
          width: 120,
          render: (_, s) => <Tag color={s.status === 'revision_requested' ? 'orange' : 'default'}>{SHEET_STATUS_LABELS[s.status]}</Tag>,
        },
        {
          title: UI.actions,
          key: 'open',
          width: 90,
          render: (_, s) => (
            <Button size="small" type="primary" aria-label={`${REVIEW.openSheet} ${s.projectName}`} onClick={() => void navigate(`/sheets/${s.sheetId}`)}>
              {REVIEW.openSheet}
            </Button>
          ),
        },
      ]}
    />
  );
}

/** 待办: reviewers see the reviews waiting at their level; clerks the sheets of their unit that need them. */
export function TasksPage() {
  const actor = useActor();
  const reviewer = hasRole(actor, 'unit_head', 'department_reviewer', 'finance_reviewer');
  const clerk = actor.role === 'unit_clerk';
  const tasks = useReviewTasks(reviewer);
  const sheets = useClerkTasks(clerk);
  return (
    <>
      <Typography.Title level={3}>{REVIEW.tasksTitle}</Typography.Title>
      <Typography.Paragraph type="secondary">{clerk ? REVIEW.clerkTasksHint : REVIEW.tasksHint}</Typography.Paragraph>
      {reviewer && <QueryState query={tasks} />}
      {reviewer && tasks.data && <ReviewerTasks tasks={tasks.data.items} />}
      {clerk && <QueryState query={sheets} />}
      {clerk && sheets.data && <ClerkTasks sheets={sheets.data} />}
      {!reviewer && !clerk && <EmptyState description={REVIEW.noTasks} />}
    </>
  );
}
