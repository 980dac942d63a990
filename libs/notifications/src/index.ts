export { DEFAULT_NOTIFICATIONS_CONFIG, resolveNotificationsConfig, type ChannelRetry, type NotificationsConfig, type NotificationsConfigInput } from './config';
export { isFinalAttempt, retryDelays, totalRetryWindowMs } from './backoff';
export { NotificationDispatcher, RedisUnavailableError, type NotificationDispatcherOptions } from './dispatcher';
export { assertSchemaName, deadlineCancelKey, jobIdFor, notificationId, notificationsChannel } from './ids';
export { NotificationInbox, type InboxItem, type InboxPage, type ListInboxOptions } from './inbox';
export { InMemoryRecipientDirectory } from './in-memory-directory';
export { consoleLogger, type LogLevel, type NotificationsLogger } from './logger';
export { deadlineRequests, Notifier, type DeadlineSchedule, type DeliveryRecord, type RequestResult, type WebhookDeadLetter } from './notifier';
export { audiencesFor, cancelKeyFor, deliverAtFor, planDeliveries, recipientMatches, scopeOf, subscriptionMatches, type PlannedDelivery } from './plan';
export { PostgresRecipientDirectory, type ContactInput, type WebhookSubscriptionInput } from './postgres-directory';
export { QueueDepths, WATCHED_JOB_STATES, type QueueDepth } from './queue-depths';
export { jobOptions, queueName, redisOptions, type DeliveryJobData } from './queues';
export { emailText, formatBeijingTime, renderContent, webhookPayload, type WebhookPayload } from './render';
export { notificationsSchemaSql } from './schema';
export { DELIVERY_HEADER, KIND_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody, verifyWebhookSignature, webhookHeaders } from './signing';
export {
  CHANNELS,
  NOTIFICATION_KINDS,
  type Audience,
  type BatchReminderNotification,
  type Channel,
  type DeadlineEscalationNotification,
  type DeadlineReminderNotification,
  type FinalDecisionNotification,
  type NotificationContent,
  type NotificationKind,
  type NotificationRequest,
  type NotificationStatus,
  type Queryable,
  type Recipient,
  type RecipientDirectory,
  type ReviewLevel,
  type SupervisorRef,
  type RevisionRequestedNotification,
  type SheetRef,
  type TaskWaitingNotification,
  type UnitRef,
  type WebhookSubscription,
} from './types';
export { NotificationWorkers, type DeliveryOutcome, type NotificationWorkersOptions } from './workers';
export { checkWebhookTarget, resolveWebhookTarget, type CheckedTarget, parseAllowList, redactUrl, refusedRange, WebhookTargetRefusedError, type Lookup, type WebhookTargetPolicy } from './webhook-target';
export { postToCheckedTarget, type PostWebhook, type WebhookPost, type WebhookReply } from './webhook-delivery';
