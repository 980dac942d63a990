import { SHEET_STATUS_LABELS } from '../sheet/sheet.labels';
import { REVIEW_STATUS_LABELS } from './review.labels';

/** What the review tells people about, one kind per reason (the notification library plans and delivers them). */
export const NOTIFICATION_KINDS = ['revision_requested', 'task_waiting', 'final_decision', 'deadline_reminder', 'deadline_escalation', 'batch_reminder'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What each kind is called in the inbox, the webhook settings and every message. */
export const NOTIFICATION_KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  revision_requested: '退回修改',
  task_waiting: '待审核',
  final_decision: '审核结果',
  deadline_reminder: '到期提醒',
  deadline_escalation: '逾期督办',
  batch_reminder: '催办',
};

/**
 * The sentences of the notifications (inbox, webhook, e-mail), from the pieces the notifier has:
 * `sheet` is the sheet's phrase (NOTIFICATION_TEXTS.sheet), times are already written out.
 */
export const NOTIFICATION_TEXTS = {
  beijingTime: (dateTime: string) => `${dateTime}（北京时间）`,
  sheet: (unit: string, fiscalYear: number | undefined, projectName: string) => `${unit}${fiscalYear === undefined ? '' : `${fiscalYear}年度`}项目「${projectName}」`,
  unitWithoutName: (unitId: string) => `单位 ${unitId}`,
  batchReminderTitle: (fiscalYear: number, deadline: string) => `${NOTIFICATION_KIND_LABELS.batch_reminder}：${fiscalYear}年度绩效目标表请于${deadline}前报送`,
  batchReminderNote: (message: string) => `催办说明：${message}`,
  revisionTitle: (projectName: string) => `绩效目标${SHEET_STATUS_LABELS.revision_requested}：${projectName}`,
  revisionBody: (sheet: string) => `${sheet}的绩效目标已被退回修改，请根据审核意见修改后重新提交。`,
  reviewOpinion: (reason: string) => `审核意见：${reason}`,
  taskTitle: (projectName: string) => `${NOTIFICATION_KIND_LABELS.task_waiting}：${projectName}`,
  taskBody: (sheet: string, levelName: string) => `${sheet}的绩效目标等待${levelName}。`,
  taskDue: (dueAt: string) => `请于${dueAt}前完成审核。`,
  decisionTitle: (approved: boolean, projectName: string) => `绩效目标${REVIEW_STATUS_LABELS[approved ? 'approved' : 'rejected']}：${projectName}`,
  decisionBody: (sheet: string, approved: boolean) => `${sheet}的绩效目标${approved ? '已审核通过' : '未通过审核'}。`,
  grade: (grade: string) => `评定等级：${grade}`,
  explanation: (reason: string) => `说明：${reason}`,
  reminderTitle: (projectName: string) => `审核即将到期：${projectName}`,
  reminderBody: (sheet: string, levelName: string, dueAt: string) => `${sheet}的${levelName}将于${dueAt}到期，请及时处理。`,
  escalationTitle: (projectName: string) => `审核已超期：${projectName}`,
  escalationBody: (sheet: string, levelName: string, dueAt: string) => `${sheet}的${levelName}已于${dueAt}超期，尚未完成，请督促处理。`,
  escalationReached: (supervisor: string) => `（已通知${supervisor}）`,
  escalationInStead: (supervisor: string) => `（尚未登记${supervisor}，本通知发给本环节审核人）`,
  emailGreeting: (name: string | undefined) => (name ? `${name}，您好：` : '您好：'),
  emailFooter: '本邮件由预算绩效目标管理系统自动发送，请勿直接回复。',
} as const;
