import { addWorkingDays, chinaDateOf, workingDaysBetween, type CalendarDate, type WorkingDayCalendar } from '../calendar/working-days';
import { DomainError } from '../errors';
import { type ReviewRecord, type ReviewState, type SignOffLevel } from '../review/review.types';
import { DEADLINE_MESSAGES, DEADLINE_TEXTS } from './deadlines.labels';
import {
  type DeadlineNoticeEvent,
  type DeadlineNoticeKey,
  type OpenLevelTask,
  type SupervisorPost,
  type TaskDeadlineStatus,
} from './deadlines.types';

/** The level's supervisor: the department head for the unit and department levels, the section chief of finance's desk for finance. */
export const ESCALATION_SUPERVISORS: Readonly<Record<SignOffLevel, SupervisorPost>> = {
  unit_head: 'department_head',
  department: 'department_head',
  finance: 'finance_section_chief',
};

export const DEFAULT_REMINDER_LEAD_WORKING_DAYS = 1;
export const MAX_REMINDER_LEAD_WORKING_DAYS = 20;

/** What the scheduler knows when it runs: the clock, the open tasks, the calendar, the setting and what was already sent. */
export interface DeadlineCheck {
  readonly now: string;
  readonly tasks: readonly OpenLevelTask[];
  readonly calendar: WorkingDayCalendar;
  /** Working days before the due date the reminder goes out; 0 sends none. */
  readonly reminderLeadWorkingDays: number;
  /** Every notice recorded so far (from the deadline streams), whatever run recorded it. */
  readonly recorded: readonly DeadlineNoticeKey[];
}

export interface FlaggedTask {
  readonly reviewId: string;
  readonly level: SignOffLevel;
  readonly unknownYear: number;
  readonly message: string;
}

export interface DeadlineDecision {
  readonly events: readonly DeadlineNoticeEvent[];
  /** Tasks whose reminder day lies in a year the calendar has not published: no reminder is guessed for them. */
  readonly flagged: readonly FlaggedTask[];
}

/** The stream a review's notices are appended to; the review's own stream stays the sign-off's. */
export function deadlineNoticeStreamId(reviewId: string): string {
  return `review-deadlines-${reviewId}`;
}

/** Deterministic: a store with a unique event id refuses a second copy even from a concurrent run. */
export function noticeId(key: DeadlineNoticeKey): string {
  return `deadline:${key.reviewId}:${key.round}:${key.level}:${key.kind}`;
}

export function noticeKeyOf(event: DeadlineNoticeEvent): DeadlineNoticeKey {
  const { reviewId, round, level } = event.data;
  return { reviewId, round, level, kind: event.type === 'LevelTaskReminded' ? 'reminder' : 'escalation' };
}

export function validateReminderLead(lead: number): void {
  if (!Number.isInteger(lead) || lead < 0 || lead > MAX_REMINDER_LEAD_WORKING_DAYS) {
    throw new DomainError('VALIDATION_FAILED', DEADLINE_MESSAGES.leadInvalid, {
      fieldErrors: [{ field: 'reminderLeadWorkingDays', message: DEADLINE_MESSAGES.leadInvalid }],
    });
  }
}

/** The task's last working day: the Beijing date just before its dueAt. */
export function dueDateOf(task: Pick<OpenLevelTask, 'dueAt'>): CalendarDate {
  return chinaDateOf(new Date(Date.parse(task.dueAt) - 1).toISOString());
}

function isOverdue(task: OpenLevelTask, now: string): boolean {
  return Date.parse(now) >= Date.parse(task.dueAt);
}

/**
 * Which reminders and escalations to record now. Pure and idempotent: a notice already recorded
 * (or produced earlier in the same call) is never produced again, so running it every few minutes,
 * twice at once, or after a restart sends each notice once. An overdue task gets its escalation
 * only: a reminder after the due date would tell the reviewer less than the escalation does.
 */
export function deadlineNoticesDue(check: DeadlineCheck): DeadlineDecision {
  validateReminderLead(check.reminderLeadWorkingDays);
  const done = new Set(check.recorded.map(noticeId));
  const events: DeadlineNoticeEvent[] = [];
  const flagged: FlaggedTask[] = [];
  const today = chinaDateOf(check.now);
  const once = (event: DeadlineNoticeEvent): void => {
    const id = noticeId(noticeKeyOf(event));
    if (done.has(id)) return;
    done.add(id);
    events.push(event);
  };

  for (const task of check.tasks) {
    const ref = taskRef(task);
    const dueDate = dueDateOf(task);
    if (isOverdue(task, check.now)) {
      if (done.has(noticeId({ ...ref, kind: 'escalation' }))) continue;
      const overdue = workingDaysBetween(check.calendar, dueDate, today);
      const overdueWorkingDays = overdue.known ? overdue.value : null;
      once({
        type: 'LevelTaskEscalated',
        data: {
          ...ref,
          dueDate,
          dueAt: task.dueAt,
          overdueWorkingDays,
          supervisor: { post: ESCALATION_SUPERVISORS[task.level], departmentId: task.departmentId },
          text: DEADLINE_TEXTS.escalation(task.projectName, task.level, dueDate, overdueWorkingDays),
          at: check.now,
        },
      });
      continue;
    }
    if (check.reminderLeadWorkingDays === 0 || done.has(noticeId({ ...ref, kind: 'reminder' }))) continue;
    const remindFrom = addWorkingDays(check.calendar, dueDate, -check.reminderLeadWorkingDays);
    const left = workingDaysBetween(check.calendar, today, dueDate);
    if (!remindFrom.known || !left.known) {
      const unknown = !remindFrom.known ? remindFrom : left.known ? null : left;
      if (unknown) flagged.push({ reviewId: task.reviewId, level: task.level, unknownYear: unknown.unknownYear, message: unknown.message });
      continue;
    }
    if (today < remindFrom.value) continue;
    once({
      type: 'LevelTaskReminded',
      data: {
        ...ref,
        dueDate,
        dueAt: task.dueAt,
        leadWorkingDays: check.reminderLeadWorkingDays,
        workingDaysLeft: left.value,
        recipient: { role: task.role, departmentId: task.departmentId, unitId: task.level === 'unit_head' ? task.unitId : null },
        text: DEADLINE_TEXTS.reminder(task.projectName, task.level, dueDate, left.value),
        at: check.now,
      },
    });
  }
  return { events, flagged };
}

/** What 待办 and /progress show for an open task. */
export function taskDeadlineStatus(task: OpenLevelTask, now: string, calendar: WorkingDayCalendar, reminderLeadWorkingDays: number): TaskDeadlineStatus {
  if (isOverdue(task, now)) return 'overdue';
  const left = workingDaysBetween(calendar, chinaDateOf(now), dueDateOf(task));
  if (!left.known) return 'unknown_calendar';
  return left.value <= reminderLeadWorkingDays ? 'due_soon' : 'on_time';
}

function taskRef(task: OpenLevelTask): Omit<DeadlineNoticeKey, 'kind'> & Omit<OpenLevelTask, 'role' | 'openedAt' | 'dueAt'> {
  const { reviewId, sheetId, round, fiscalYear, departmentId, unitId, projectName, level } = task;
  return { reviewId, sheetId, round, fiscalYear, departmentId, unitId, projectName, level };
}

/** What openLevelTaskOf reads of a review: any ReviewState, or only these fields of it (the sweep reads no more of each open review). */
export type OpenTaskSource =
  | { readonly status: Exclude<ReviewState['status'], 'awaiting_level'> }
  | (Pick<ReviewRecord, OpenTaskField> & { readonly status: 'awaiting_level'; readonly currentLevel: SignOffLevel; readonly dueAt: string });

/** The fields of an awaiting review that openLevelTaskOf reads, besides status, currentLevel and dueAt. */
export const OPEN_TASK_FIELDS = ['reviewId', 'sheetId', 'round', 'fiscalYear', 'departmentId', 'unitId', 'projectName', 'tasks'] as const satisfies readonly (keyof ReviewRecord)[];
type OpenTaskField = (typeof OPEN_TASK_FIELDS)[number];

/** The open task of a folded review, as the scheduler lists it; null when no level is waiting. */
export function openLevelTaskOf(review: OpenTaskSource): OpenLevelTask | null {
  if (review.status !== 'awaiting_level') return null;
  const task = review.tasks.findLast((t) => t.level === review.currentLevel);
  if (!task) return null;
  const { reviewId, sheetId, round, fiscalYear, departmentId, unitId, projectName } = review;
  return { reviewId, sheetId, round, fiscalYear, departmentId, unitId, projectName, level: task.level, role: task.role, openedAt: task.openedAt, dueAt: review.dueAt };
}
