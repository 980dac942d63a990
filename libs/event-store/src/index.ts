export { canonicalJson } from './canonical-json';
export {
  ChainVerifier,
  GENESIS_HASH,
  eventHash,
  verifyRecordedChain,
  type ChainBreak,
  type ChainBreakReason,
  type ChainVerification,
  type HashedEventFields,
} from './hash-chain';
export {
  PostgresEventStore,
  StreamVersionConflictError,
  readOutbox,
  type OutboxEntry,
  type AppendOptions,
  type AppendResult,
  type EventStoreOptions,
} from './postgres-event-store';
export { assertSchemaName, eventStoreSchemaSql, outboxChannel } from './schema';
export { type TransactionOptions, withTransaction } from './transaction';
