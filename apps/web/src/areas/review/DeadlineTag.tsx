import { TASK_DEADLINE_STATUS_LABELS, type TaskDeadlineStatus } from '@budget/domain';
import { Tag } from 'antd';
import { isOverdue } from './review-logic';

const DEADLINE_TAG_COLORS: Readonly<Record<TaskDeadlineStatus, string | null>> = { on_time: null, due_soon: 'orange', overdue: 'red', unknown_calendar: 'default' };

/** The service's status of an open task's deadline (working days on the region's calendar); an older answer without it: overdue by the clock. */
export function deadlineStatus(r: { readonly dueAt: string | null; readonly deadline?: { readonly status: TaskDeadlineStatus } | null }, now: Date = new Date()): TaskDeadlineStatus | null {
  if (r.deadline) return r.deadline.status;
  return isOverdue(r.dueAt, now) ? 'overdue' : null;
}

/** 即将到期 / 已逾期 / 期限待定; nothing while a task is on time. */
export function DeadlineTag({ status }: { status: TaskDeadlineStatus | null }) {
  const color = status === null ? null : DEADLINE_TAG_COLORS[status];
  return status === null || color === null ? null : <Tag color={color}>{TASK_DEADLINE_STATUS_LABELS[status]}</Tag>;
}
