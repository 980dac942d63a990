import { eventStoreMigration } from '@budget/platform';

/** processed_events and dead_letters of the reporting consumers (the events/outbox tables stay unused: reporting publishes nothing). */
export const EventStore1764300000000 = eventStoreMigration('EventStore1764300000000');
