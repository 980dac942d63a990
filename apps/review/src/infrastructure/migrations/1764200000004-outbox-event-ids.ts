import { eventStoreMigration } from '@budget/platform';

/** The event store's DDL again: outbox rows name their event instead of repeating it. */
export const OutboxEventIds1764200000004 = eventStoreMigration('OutboxEventIds1764200000004');
