import { NOTIFICATION_KIND_LABELS } from '@budget/domain';
import { type NotificationContent, type NotificationRequest, type ReviewLevel, type SheetRef, type SupervisorRef } from './types';

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `2025-03-01 17:00（北京时间）`: China keeps UTC+8 all year, so no time-zone database is needed. */
export function formatBeijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const t = new Date(ms + BEIJING_OFFSET_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}（北京时间）`;
}

function sheetLabel(sheet: SheetRef): string {
  const year = sheet.fiscalYear === undefined ? '' : `${sheet.fiscalYear}年度`;
  const unit = sheet.unitName ? `${sheet.unitName}` : `单位 ${sheet.unitId}`;
  return `${unit}${year}项目「${sheet.projectName}」`;
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
  return supervisor.registered ? `（已通知${supervisor.name}）` : `（尚未登记${supervisor.name}，本通知发给本环节审核人）`;
}

/** Title, text and structured data of a notification, in Chinese, the same for every channel. */
export function renderContent(request: NotificationRequest): NotificationContent {
  if (request.kind === 'batch_reminder') {
    const { unit, fiscalYear, deadline, sheetIds, text, message } = request;
    return {
      title: `${NOTIFICATION_KIND_LABELS.batch_reminder}：${fiscalYear}年度绩效目标表请于${deadline}前报送`,
      body: [text, message ? `催办说明：${message}` : null].filter((line): line is string => line !== null).join('\n'),
      data: { kind: request.kind, sourceEventId: request.sourceEventId, unit: { ...unit }, fiscalYear, deadline, sheetIds: [...sheetIds], message: message ?? null },
    };
  }
  const label = sheetLabel(request.sheet);
  const base = { kind: request.kind, sourceEventId: request.sourceEventId, sheet: sheetData(request.sheet) };
  switch (request.kind) {
    case 'revision_requested':
      return {
        title: `绩效目标退回修改：${request.sheet.projectName}`,
        body: [`${label}的绩效目标已被退回修改，请根据审核意见修改后重新提交。`, request.reason ? `审核意见：${request.reason}` : null]
          .filter((line): line is string => line !== null)
          .join('\n'),
        data: { ...base, reason: request.reason ?? null, requestedBy: request.requestedBy ?? null },
      };
    case 'task_waiting':
      return {
        title: `待审核：${request.sheet.projectName}`,
        body: [`${label}的绩效目标等待${request.level.name}。`, request.dueAt ? `请于${formatBeijingTime(request.dueAt)}前完成审核。` : null]
          .filter((line): line is string => line !== null)
          .join('\n'),
        data: { ...base, taskId: request.taskId, level: levelData(request.level), dueAt: request.dueAt ?? null },
      };
    case 'final_decision': {
      const approved = request.decision === 'approved';
      return {
        title: `${approved ? '绩效目标审核通过' : '绩效目标未通过审核'}：${request.sheet.projectName}`,
        body: [
          `${label}的绩效目标${approved ? '已审核通过' : '未通过审核'}。`,
          request.grade ? `评定等级：${request.grade}` : null,
          request.reason ? `说明：${request.reason}` : null,
        ]
          .filter((line): line is string => line !== null)
          .join('\n'),
        data: { ...base, decision: request.decision, grade: request.grade ?? null, reason: request.reason ?? null },
      };
    }
    case 'deadline_reminder':
      return {
        title: `审核即将到期：${request.sheet.projectName}`,
        body: request.text ?? `${label}的${request.level.name}将于${formatBeijingTime(request.dueAt)}到期，请及时处理。`,
        data: { ...base, taskId: request.taskId, level: levelData(request.level), dueAt: request.dueAt },
      };
    case 'deadline_escalation':
      return {
        title: `审核已超期：${request.sheet.projectName}`,
        body: [request.text ?? `${label}的${request.level.name}已于${formatBeijingTime(request.dueAt)}超期，尚未完成，请督促处理。`, supervisorLine(request.supervisor)]
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
  const greeting = content.recipientName ? `${content.recipientName}，您好：` : '您好：';
  return `${greeting}\n\n${content.body}\n\n——\n本邮件由预算绩效目标管理系统自动发送，请勿直接回复。\n`;
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
