import { eventStoreMigration } from '@budget/platform';

/** The event store's DDL again: outbox rows name their event instead of repeating it. */
export const OutboxEventIds1764100000002 = eventStoreMigration('OutboxEventIds1764100000002');
