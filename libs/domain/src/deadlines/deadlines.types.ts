import { type CommandMetadata, type DomainEvent } from '../events/envelope';
import { type SignOffLevel, type SignOffRole } from '../review/review.types';
import { type CalendarDate } from '../calendar/working-days';

/** Whom an overdue level is escalated to: posts the notifier resolves per department (or desk), not roles of their own. */
export type SupervisorPost = 'department_head' | 'finance_section_chief';

export type TaskDeadlineStatus = 'on_time' | 'due_soon' | 'overdue' | 'unknown_calendar';

/** One open sign-off task, as the review service's task list (待办) holds it: LevelTaskOpened's data. */
export interface OpenLevelTask {
  readonly reviewId: string;
  readonly sheetId: string;
  readonly round: number;
  readonly fiscalYear: number;
  readonly departmentId: string;
  readonly unitId: string;
  readonly projectName: string;
  readonly level: SignOffLevel;
  readonly role: SignOffRole;
  readonly openedAt: string;
  /** The instant the task is overdue from (the end of its last working day). */
  readonly dueAt: string;
}

/** A notice is sent once per task, level, round and kind, whatever happens to the service. */
export interface DeadlineNoticeKey {
  readonly reviewId: string;
  readonly round: number;
  readonly level: SignOffLevel;
  readonly kind: 'reminder' | 'escalation';
}

type TaskRef = Pick<OpenLevelTask, 'reviewId' | 'sheetId' | 'round' | 'fiscalYear' | 'departmentId' | 'unitId' | 'projectName' | 'level'>;

/** Reminder to the people whose level it is. */
export type LevelTaskReminded = DomainEvent<
  'LevelTaskReminded',
  TaskRef & {
    readonly dueDate: CalendarDate;
    readonly dueAt: string;
    readonly leadWorkingDays: number;
    readonly workingDaysLeft: number;
    readonly recipient: { readonly role: SignOffRole; readonly departmentId: string; readonly unitId: string | null };
    readonly text: string;
    readonly at: string;
  }
>;

/** The level is overdue: its supervisor is notified, and the task shows 已逾期 from now on. */
export type LevelTaskEscalated = DomainEvent<
  'LevelTaskEscalated',
  TaskRef & {
    readonly dueDate: CalendarDate;
    readonly dueAt: string;
    /** Working days since the due date; null when today's year is not in the calendar yet. */
    readonly overdueWorkingDays: number | null;
    readonly supervisor: { readonly post: SupervisorPost; readonly departmentId: string };
    readonly text: string;
    readonly at: string;
  }
>;

/** 催办: a department reviewer reminds every unit that still has drafts open before the department's deadline. */
export type BatchReminderSent = DomainEvent<
  'BatchReminderSent',
  {
    readonly batchId: string;
    readonly departmentId: string;
    readonly fiscalYear: number;
    readonly deadline: CalendarDate;
    readonly message: string | null;
    readonly units: readonly { readonly unitId: string; readonly sheetIds: readonly string[]; readonly text: string }[];
    readonly by: string;
    readonly at: string;
  }
>;

export type DeadlineNoticeEvent = LevelTaskReminded | LevelTaskEscalated;
export type DeadlineEvent = DeadlineNoticeEvent | BatchReminderSent;

/** A draft that has not gone up yet, as intake's sheet list holds it (draft, reopened, or sent back). */
export interface OpenDraft {
  readonly sheetId: string;
  readonly unitId: string;
  readonly projectName: string;
}

export type SendBatchReminder = {
  readonly type: 'SendBatchReminder';
  readonly data: {
    /** Chosen by the caller (e.g. from the request id), so a retried request records nothing twice. */
    readonly batchId: string;
    readonly departmentId: string;
    readonly departmentName: string;
    readonly fiscalYear: number;
    readonly deadline: CalendarDate;
    readonly message?: string;
    /** The department's open drafts of that year, read by the caller. */
    readonly openDrafts: readonly OpenDraft[];
  };
  readonly metadata: CommandMetadata;
};
