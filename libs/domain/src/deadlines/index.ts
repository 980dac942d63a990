export * from './deadlines.types';
export {
  DEFAULT_REMINDER_LEAD_WORKING_DAYS,
  ESCALATION_SUPERVISORS,
  MAX_REMINDER_LEAD_WORKING_DAYS,
  deadlineNoticeStreamId,
  deadlineNoticesDue,
  dueDateOf,
  noticeId,
  noticeKeyOf,
  OPEN_TASK_FIELDS,
  openLevelTaskOf,
  taskDeadlineStatus,
  validateReminderLead,
  type DeadlineCheck,
  type DeadlineDecision,
  type FlaggedTask,
  type OpenTaskSource,
} from './deadlines.policy';
export {
  MAX_BATCH_MESSAGE_LENGTH,
  batchReminderDecider,
  batchReminderStreamId,
  decideBatchReminder,
  evolveBatchReminder,
  initialBatchReminderState,
  mayBatchRemind,
  type BatchReminderState,
} from './batch-reminder';
export { DEADLINE_EVENT_SCHEMA_VERSIONS, upcastDeadlineEvent } from './deadlines.upcasters';
export { DEADLINE_EVENT_LABELS, DEADLINE_MESSAGES, DEADLINE_TEXTS, SUPERVISOR_POST_LABELS, TASK_DEADLINE_STATUS_LABELS } from './deadlines.labels';
