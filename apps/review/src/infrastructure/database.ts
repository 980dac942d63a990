import type { EventStoreTransaction } from '@budget/event-store';

/**
 * The service's database as its query classes and read models see it: statements and rows (the pg
 * pool behind TypeORM in the service, a recording fake in unit tests). Inside an append or a
 * consumer's message the same classes take that transaction instead.
 */
export const REVIEW_DB = Symbol('REVIEW_DB');
export type Sql = EventStoreTransaction;
