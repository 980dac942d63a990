export { canonicalJson } from './canonical-json';
export {
  ChainVerifier,
  GENESIS_HASH,
  eventHash,
  onChainVerification,
  verifyRecordedChain,
  type ChainBreak,
  type ChainBreakReason,
  type ChainVerification,
  type HashedEventFields,
} from './hash-chain';
export {
  StreamVersionConflictError,
  type AlongsideWrite,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventStoreTransaction,
} from './event-store';
export { PostgresEventStore, readOutbox, readOutboxSettled, type OutboxEntry, type SettledOutboxRead, type EventStoreOptions } from './postgres-event-store';
export { preparedName, queryPrepared, usePreparedStatements } from './prepared-statement';
export { assertSchemaName, eventStoreSchemaSql, outboxChannel } from './schema';
export {
  CHECKPOINT_KIND,
  EXPORT_KIND,
  HEAD_MISMATCH_TEXT,
  SIGNATURE_FILE_FORMAT,
  compareSignedHeads,
  ed25519PrivateKey,
  ed25519PublicKey,
  keyIdOf,
  publicKeyPem,
  sha256Hex,
  signPayload,
  verifyExportFile,
  verifySigned,
  type CheckpointPayload,
  type CheckpointReference,
  type CheckpointScope,
  type ExportPayload,
  type FileVerification,
  type HeadMismatch,
  type HeadMismatchReason,
  type SignatureCheck,
  type Signed,
  type SignatureFile,
  type SignedHead,
} from './signed-checkpoint';
export { type TransactionEnd, type TransactionOptions, withTransaction } from './transaction';
export { SqlFragment, inlineParameters } from './inline-parameters';
export { PreparedCall, type SimpleStatement } from './simple-prepared';
