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
