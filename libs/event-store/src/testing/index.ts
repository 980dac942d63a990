// For tests of the application layer and of stores: the in-memory EventStore and the contract every store passes.
export { describeEventStoreContract, type ContractSubject } from './event-store-contract';
export { InMemoryEventStore, type InMemoryEventStoreOptions, RecordingTransaction, type RecordedStatement, type StatementResponder } from './in-memory-event-store';
export { createTestSchema, TEST_DATABASE_URL, type TestSchema } from './test-schema';
