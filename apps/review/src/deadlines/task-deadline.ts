import { Inject, Injectable } from '@nestjs/common';
import {
  type CalendarDate,
  dueDateOf,
  type ExistingReview,
  openLevelTaskOf,
  TASK_DEADLINE_STATUS_LABELS,
  taskDeadlineStatus,
  type TaskDeadlineStatus,
  type WorkingDayCalendar,
} from '@budget/domain';
import { DEADLINES_CONFIG, type DeadlinesConfig } from './deadlines.config';
import { RegionCalendar } from './region-calendar';

/** The open task's deadline as 待办 shows it: due when, and 未到期 / 即将到期 / 已逾期 / 期限待定 now. */
export interface TaskDeadlineView {
  readonly dueAt: string;
  /** The task's last day (Beijing date). */
  readonly dueDate: CalendarDate;
  readonly status: TaskDeadlineStatus;
  readonly statusName: string;
}

/** Null when no level task is open. Depends on the moment asked, so it is computed when read, never stored. */
export function taskDeadlineView(review: ExistingReview, now: string, calendar: WorkingDayCalendar, reminderLeadWorkingDays: number): TaskDeadlineView | null {
  const task = openLevelTaskOf(review);
  if (!task) return null;
  const status = taskDeadlineStatus(task, now, calendar, reminderLeadWorkingDays);
  return { dueAt: task.dueAt, dueDate: dueDateOf(task), status, statusName: TASK_DEADLINE_STATUS_LABELS[status] };
}

/** Adds `deadline` to reviews as they are read: the region's calendar and the reminder lead of this deployment. */
@Injectable()
export class TaskDeadlines {
  constructor(
    private readonly calendars: RegionCalendar,
    @Inject(DEADLINES_CONFIG) private readonly config: Pick<DeadlinesConfig, 'reminderLeadWorkingDays'>,
  ) {}

  async withDeadlines<T extends ExistingReview>(reviews: readonly T[], now = new Date().toISOString()): Promise<(T & { deadline: TaskDeadlineView | null })[]> {
    const calendar = await this.calendars.calendar();
    return reviews.map((r) => ({ ...r, deadline: taskDeadlineView(r, now, calendar, this.config.reminderLeadWorkingDays) }));
  }
}
