import type { NotificationInbox, Notifier, PostgresRecipientDirectory } from '@budget/notifications';

/**
 * What the notification use cases need of the notifications library, injected by the library's
 * own tokens (NotificationInbox, PostgresRecipientDirectory, NOTIFIER): the handlers' unit tests
 * give them the in-memory doubles of testing/notifications-doubles.ts instead.
 */
export type Inbox = Pick<NotificationInbox, 'listInbox' | 'markRead' | 'markAllRead' | 'unreadCount'>;

/** The people and webhooks the notifications address, as an admin registers them. */
export type NotificationDirectory = Pick<PostgresRecipientDirectory, 'upsertContact' | 'upsertWebhookSubscription'>;

/** The deliveries of the notification pipeline: by source event, and the webhooks' dead letters. */
export type Deliveries = Pick<Notifier, 'deliveriesOf' | 'listWebhookDeadLetters' | 'retryWebhookDeadLetter'>;
