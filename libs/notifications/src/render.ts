import { NOTIFICATION_TEXTS as T } from '@budget/domain';
import { type NotificationContent, type NotificationRequest, type ReviewLevel, type SheetRef, type SupervisorRef } from './types';

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `2025-03-01 17:00（北京时间）`: China keeps UTC+8 all year, so no time-zone database is needed. */
export function formatBeijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const t = new Date(ms + BEIJING_OFFSET_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return T.beijingTime(`${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`);
}

function sheetLabel(sheet: SheetRef): string {
  return T.sheet(sheet.unitName ? sheet.unitName : T.unitWithoutName(sheet.unitId), sheet.fiscalYear, sheet.projectName);
}

function sheetData(sheet: SheetRef): Record<string, unknown> {
  return { ...sheet };
}

function levelData(level: ReviewLevel): Record<string, unknown> {
  return { levelId: level.levelId, name: level.name, role: level.role };
}

/** Whom an escalation reached: the supervisor, or (none registered) the level's own reviewers in their stead. */
function supervisorLine(supervisor: SupervisorRef | undefined): string | null {
  if (!supervisor) return null;
  return supervisor.registered ? T.escalationReached(supervisor.name) : T.escalationInStead(supervisor.name);
}

/** Title, text and structured data of a notification, in Chinese (the sentences are NOTIFICATION_TEXTS), the same for every channel. */
export function renderContent(request: NotificationRequest): NotificationContent {
  if (request.kind === 'batch_reminder') {
    const { unit, fiscalYear, deadline, sheetIds, text, message } = request;
    return {
      title: T.batchReminderTitle(fiscalYear, deadline),
      body: [text, message ? T.batchReminderNote(message) : null].filter((line): line is string => line !== null).join('\n'),
      data: { kind: request.kind, sourceEventId: request.sourceEventId, unit: { ...unit }, fiscalYear, deadline, sheetIds: [...sheetIds], message: message ?? null },
    };
  }
  const label = sheetLabel(request.sheet);
  const base = { kind: request.kind, sourceEventId: request.sourceEventId, sheet: sheetData(request.sheet) };
  switch (request.kind) {
    case 'revision_requested':
      return {
        title: T.revisionTitle(request.sheet.projectName),
        body: [T.revisionBody(label), request.reason ? T.reviewOpinion(request.reason) : null]
          .filter((line): line is string => line !== null)
          .join('\n'),
        data: { ...base, reason: request.reason ?? null, requestedBy: request.requestedBy ?? null },
      };
    case 'task_waiting':
      return {
        title: T.taskTitle(request.sheet.projectName),
        body: [T.taskBody(label, request.level.name), request.dueAt ? T.taskDue(formatBeijingTime(request.dueAt)) : null]
          .filter((line): line is string => line !== null)
          .join('\n'),
        data: { ...base, taskId: request.taskId, level: levelData(request.level), dueAt: request.dueAt ?? null },
      };
    case 'final_decision': {
      const approved = request.decision === 'approved';
      return {
        title: T.decisionTitle(approved, request.sheet.projectName),
        body: [
          T.decisionBody(label, approved),
          request.grade ? T.grade(request.grade) : null,
          request.reason ? T.explanation(request.reason) : null,
        ]
          .filter((line): line is string => line !== null)
          .join('\n'),
        data: { ...base, decision: request.decision, grade: request.grade ?? null, reason: request.reason ?? null },
      };
    }
    case 'deadline_reminder':
      return {
        title: T.reminderTitle(request.sheet.projectName),
        body: request.text ?? T.reminderBody(label, request.level.name, formatBeijingTime(request.dueAt)),
        data: { ...base, taskId: request.taskId, level: levelData(request.level), dueAt: request.dueAt },
      };
    case 'deadline_escalation':
      return {
        title: T.escalationTitle(request.sheet.projectName),
        body: [request.text ?? T.escalationBody(label, request.level.name, formatBeijingTime(request.dueAt)), supervisorLine(request.supervisor)]
          .filter((line): line is string => line !== null)
          .join('\n'),
        data: {
          ...base,
          taskId: request.taskId,
          level: levelData(request.level),
          dueAt: request.dueAt,
          escalateTo: request.escalateTo ? levelData(request.escalateTo) : null,
          ...(request.supervisor ? { supervisor: { post: request.supervisor.post, name: request.supervisor.name, registered: request.supervisor.registered } } : {}),
        },
      };
  }
}

/** The plain-text e-mail: greeting, the notification, and a footer saying it was sent automatically. */
export function emailText(content: NotificationContent): string {
  return `${T.emailGreeting(content.recipientName)}\n\n${content.body}\n\n——\n${T.emailFooter}\n`;
}

/** The JSON a webhook receives; `id` repeats `X-Budget-Delivery` so a receiver can de-duplicate. */
export interface WebhookPayload {
  readonly id: string;
  readonly kind: string;
  readonly sourceEventId: string;
  readonly createdAt: string;
  /** When this attempt was sent; the signature covers it, so an old body cannot be replayed as new. */
  readonly sentAt: string;
  readonly title: string;
  readonly body: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export function webhookPayload(delivery: {
  readonly id: string;
  readonly kind: string;
  readonly sourceEventId: string;
  readonly createdAt: Date;
  readonly content: NotificationContent;
  readonly sentAt: Date;
}): WebhookPayload {
  return {
    id: delivery.id,
    kind: delivery.kind,
    sourceEventId: delivery.sourceEventId,
    createdAt: delivery.createdAt.toISOString(),
    sentAt: delivery.sentAt.toISOString(),
    title: delivery.content.title,
    body: delivery.content.body,
    data: delivery.content.data,
  };
}
