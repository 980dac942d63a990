export { countDeadLetters, type DeadLetter, type DeadLetterQuery, listDeadLetters } from './dead-letters';
export { MalformedMessageError, parseRecordedEvent } from './envelope';
export {
  IdempotentConsumer,
  replayDeadLetters,
  type ChunkContext,
  type ChunkHandler,
  type ChunkItem,
  type EventHandler,
  type IdempotentConsumerOptions,
  type RawMessageInfo,
  type ReplayResult,
  type SettledProgress,
} from './idempotent-consumer';
export { createKafka, type KafkaConnection, type KafkaOptions } from './kafka';
export {
  consoleLogger,
  currentCorrelationId,
  errorText,
  type LogContext,
  type LogLevel,
  type MessagingLogger,
  pinoLogger,
  rootLogger,
  setLoggedService,
  withLogContext,
} from './logger';
export { consumeScope, correlationContext, endSpan, startPublishSpan, traceIdOf, tracer } from './tracing';
export { consumerLag, type PartitionLag } from './lag';
export { OutboxRelay, type OutboxRelayOptions, type PublishFailureReason } from './outbox-relay';
export { ensureTopics, type EnsureTopicsResult, type Replication, replicationFor, type TopicSpec } from './topics';
export { isConnectionError, isContentionError } from './transient';
export { nextBackoff, Sleeper } from './backoff';
export { messagingSchemaSql } from './schema';
