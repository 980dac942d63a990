import { outboxNotifyMigration } from '@budget/platform';

/** The outbox trigger notifies once per batch of concurrent appends, not once per append (issue 14, B1/B2). */
export const OutboxNotify1764100000003 = outboxNotifyMigration('OutboxNotify1764100000003');
