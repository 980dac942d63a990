import { type NotificationKind, type Role } from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';

export { NOTIFICATION_KINDS, type NotificationKind } from '@budget/domain';

/** Each channel is its own BullMQ queue (see workers.ts for why). */
export const CHANNELS = ['inbox', 'webhook', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A pool, or the transaction a notification request is written in (the caller's, so it commits with the caller's events). */
export type Queryable = EventStoreTransaction;

/** The sheet a notification is about. */
export interface SheetRef {
  /** Stream id of the sheet (project and fiscal year). */
  readonly sheetId: string;
  readonly projectName: string;
  readonly fiscalYear?: number;
  readonly departmentId: string;
  readonly unitId: string;
  readonly unitName?: string;
}

/** A level of a department's sign-off chain and who reviews at it. */
export interface ReviewLevel {
  /** e.g. `unit_head`, `department`, `finance`. */
  readonly levelId: string;
  /** Shown to people, e.g. `部门审核`. */
  readonly name: string;
  /** The role whose users review at this level. */
  readonly role: Role;
  /** Scope of those reviewers: the sheet's department and, for a unit-level sign-off, its unit. */
  readonly departmentId?: string;
  readonly unitId?: string;
}

interface RequestBase {
  /** The durable event this notification derives from; with kind and recipient it makes the delivery id. */
  readonly sourceEventId: string;
  readonly sheet: SheetRef;
  /** Groups requests that one later event cancels (see `cancel`); deadline kinds default to `deadlineCancelKey(taskId)`. */
  readonly cancelKey?: string;
}

export interface RevisionRequestedNotification extends RequestBase {
  readonly kind: 'revision_requested';
  readonly reason?: string;
  readonly requestedBy?: string;
}

export interface TaskWaitingNotification extends RequestBase {
  readonly kind: 'task_waiting';
  readonly taskId: string;
  readonly level: ReviewLevel;
  readonly dueAt?: string;
}

export interface FinalDecisionNotification extends RequestBase {
  readonly kind: 'final_decision';
  readonly decision: 'approved' | 'rejected';
  /** Finance's grade, e.g. `良`. */
  readonly grade?: string;
  readonly reason?: string;
}

export interface DeadlineReminderNotification extends RequestBase {
  readonly kind: 'deadline_reminder';
  readonly taskId: string;
  readonly level: ReviewLevel;
  /** ISO-8601 instant the task is due; the reminder goes out `reminderLeadMs` before it, unless `decidedAt` is given. */
  readonly dueAt: string;
  /** When the caller (the deadline sweep, counting working days) decided the notice is due: it goes out at once. */
  readonly decidedAt?: string;
  /** The text to send (the domain's DEADLINE_TEXTS), instead of the generic one. */
  readonly text?: string;
}

/** The supervisor of an overdue level (部门负责人, 财政科室负责人): a post held by contacts, not a sign-in role. */
export interface SupervisorRef {
  readonly post: string;
  /** Shown to people, e.g. `部门负责人`. */
  readonly name: string;
  readonly departmentId: string;
  /** False when no contact holds the post: the level's own reviewers are told instead, and the text says so. */
  readonly registered: boolean;
}

export interface DeadlineEscalationNotification extends RequestBase {
  readonly kind: 'deadline_escalation';
  readonly taskId: string;
  readonly level: ReviewLevel;
  /** ISO-8601 instant the task is due; the escalation goes out then, unless `decidedAt` is given. */
  readonly dueAt: string;
  /** When the caller (the deadline sweep) decided the task is overdue: it goes out at once. */
  readonly decidedAt?: string;
  /** Who else hears of the overdue task besides the level's own reviewers (e.g. the next level). */
  readonly escalateTo?: ReviewLevel;
  /** With it, the escalation goes to the supervisor's contacts only (or the level's reviewers when none is registered). */
  readonly supervisor?: SupervisorRef;
  /** The text to send (the domain's DEADLINE_TEXTS), instead of the generic one. */
  readonly text?: string;
}

/** The unit a notification is about when no single sheet is: a 催办 names all its open drafts. */
export interface UnitRef {
  readonly departmentId: string;
  readonly unitId: string;
  readonly unitName?: string;
}

/** 催办: a department reviewer reminds a unit of its open drafts; one per unit of a BatchReminderSent. */
export interface BatchReminderNotification {
  readonly kind: 'batch_reminder';
  /** The event and the unit (`<eventId>:<unitId>`): one event names several units, and a department's webhook hears each. */
  readonly sourceEventId: string;
  readonly unit: UnitRef;
  readonly fiscalYear: number;
  readonly deadline: string;
  readonly sheetIds: readonly string[];
  /** The text as the domain wrote it in the event (DEADLINE_TEXTS.batchReminder). */
  readonly text: string;
  /** The reviewer's note, if any. */
  readonly message?: string;
}

export type NotificationRequest =
  | RevisionRequestedNotification
  | TaskWaitingNotification
  | FinalDecisionNotification
  | DeadlineReminderNotification
  | DeadlineEscalationNotification
  | BatchReminderNotification;

/** Whom a notification addresses, resolved to people by a RecipientDirectory. */
export type Audience =
  | { readonly type: 'unit_clerks'; readonly departmentId: string; readonly unitId: string }
  /** Everyone acting for the unit: its clerks and its head. */
  | { readonly type: 'unit'; readonly departmentId: string; readonly unitId: string }
  | { readonly type: 'reviewers'; readonly role: Role; readonly departmentId?: string; readonly unitId?: string }
  /** The holders of a post (部门负责人 …) for the department, or for every department when theirs is not set. */
  | { readonly type: 'supervisors'; readonly post: string; readonly departmentId: string };

export interface Recipient {
  readonly userId: string;
  readonly name?: string;
  /** Absent for a contact who only holds a post (a supervisor who does not sign in). */
  readonly role?: Role;
  /** A supervisor's post (`department_head`, `finance_section_chief`). */
  readonly post?: string;
  readonly departmentId?: string;
  readonly unitId?: string;
  /** Absent when the user has no address or does not want e-mail. */
  readonly email?: string;
}

/** An organisation's webhook: a department (all its units), one unit, or neither (everything). */
export interface WebhookSubscription {
  readonly id: string;
  readonly departmentId?: string;
  readonly unitId?: string;
  readonly url: string;
  readonly secret: string;
  /** Empty: every kind. */
  readonly kinds: readonly NotificationKind[];
  readonly active: boolean;
}

/** Where recipients and webhooks come from; `db` is the caller's transaction when there is one. */
export interface RecipientDirectory {
  recipients(audience: Audience, db?: Queryable): Promise<readonly Recipient[]>;
  /** Active subscriptions covering the sheet's organisation and wanting this kind. */
  webhookSubscriptions(scope: { readonly departmentId: string; readonly unitId: string }, kind: NotificationKind, db?: Queryable): Promise<readonly WebhookSubscription[]>;
  /** One subscription, active or not; undefined once deleted. */
  webhookSubscription(id: string, db?: Queryable): Promise<WebhookSubscription | undefined>;
  /**
   * Optional: what `recipients` and `webhookSubscriptions` answer, for several audiences and scopes
   * at once (one statement instead of one per question), in the order asked.
   */
  lookup?(audiences: readonly Audience[], subscriptions: readonly SubscriptionQuery[], db?: Queryable): Promise<DirectoryAnswers>;
}

/** Which subscriptions a notification of `kind` about a sheet of this organisation goes to. */
export interface SubscriptionQuery {
  readonly scope: { readonly departmentId: string; readonly unitId: string };
  readonly kind: NotificationKind;
}

/** The answers of `RecipientDirectory.lookup`, one list per question, in the order asked. */
export interface DirectoryAnswers {
  readonly recipients: readonly (readonly Recipient[])[];
  readonly subscriptions: readonly (readonly WebhookSubscription[])[];
}

/** What a delivery says; rendered once, when requested, so every channel and every retry says the same. */
export interface NotificationContent {
  readonly title: string;
  readonly body: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The addressee's name, for the e-mail greeting. */
  readonly recipientName?: string;
}

export type NotificationStatus = 'pending' | 'queued' | 'delivered' | 'cancelled' | 'dead' | 'failed';
