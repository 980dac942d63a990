import { DomainError, type NewEvent, type RecordedEvent } from '@budget/domain';

/**
 * The transaction an append runs in, as the application sees it: statements and their rows, nothing
 * of the driver. Read models are written through it so they commit or roll back with the events.
 * PostgresEventStore hands out (and joins) a pooled connection inside BEGIN … COMMIT; the in-memory
 * store hands out one that records the statements.
 */
export interface EventStoreTransaction {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same default as pg's QueryResultRow, so a pg connection is a transaction
  query<R extends Record<string, any> = Record<string, any>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface AppendOptions {
  /** Runs inside the append's transaction after the events are written; a throw rolls everything back. */
  readonly inTransaction?: (tx: EventStoreTransaction, recorded: readonly RecordedEvent[]) => Promise<void>;
  /** A transaction the caller began and commits (a consumer's): the append joins it instead of opening its own. */
  readonly transaction?: EventStoreTransaction;
  /** Kafka key of the outbox rows; default the stream id. A review keys its events by the sheet's stream id. */
  readonly messageKey?: string;
  /** A read model's write made by the append's own statement (one round trip less than `inTransaction`). */
  readonly alongside?: AlongsideWrite;
  /**
   * The stream's head hash as the caller read it with `expectedVersion` (its last event's hash): the
   * new events are chained on it without reading the head first, and the append writes only if the
   * head is still that version with that hash (else a StreamVersionConflictError, nothing written).
   * Without `inTransaction` and `transaction`, such an append (or one creating a stream) is one
   * statement, its own transaction.
   */
  readonly expectedHead?: string;
}

/**
 * A write that PostgresEventStore places in the append's statement, as a data-modifying CTE after
 * the events and outbox rows: it commits or rolls back with them. The SQL must write only when
 * the events were written, i.e. carry `WHERE EXISTS (SELECT 1 FROM inserted)` (the CTE of the
 * events inserted): a stream created concurrently inserts no event, and then nothing else either.
 */
export interface AlongsideWrite {
  /** The statement; `param` adds a parameter and returns its placeholder (`$n`). */
  readonly sql: (param: (value: unknown) => string) => string;
}

export interface AppendResult {
  readonly nextVersion: number;
  readonly recorded: RecordedEvent[];
}

/**
 * What the application needs of an event store: read a stream, know its version, append with the
 * version the decision was made on. The port of the command path (EventSourcedRepository).
 */
export interface EventStore {
  /** Events from `fromVersion` on; within `tx`, what that transaction appended before is seen. */
  readStream(streamId: string, fromVersion?: number, tx?: EventStoreTransaction): Promise<RecordedEvent[]>;
  /** The events of several streams in one read, by stream id; a stream without events is absent. */
  readStreams(streamIds: readonly string[], tx?: EventStoreTransaction): Promise<Map<string, RecordedEvent[]>>;
  /** 0 for a stream that does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /**
   * Appends after `expectedVersion` (0: a new stream), all or nothing; a different current version
   * is a StreamVersionConflictError and nothing is written.
   */
  append(streamId: string, events: readonly NewEvent[], expectedVersion: number, opts?: AppendOptions): Promise<AppendResult>;
}

export class StreamVersionConflictError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super('VERSION_CONFLICT', '数据已被他人修改，请刷新后重试', { streamId, expectedVersion, actualVersion });
    this.name = 'StreamVersionConflictError';
  }
}

/** The checks every store makes of an append's arguments before touching anything. */
export function checkAppendArguments(streamId: string, expectedVersion: number): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('append: streamId must be a non-empty string');
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw new TypeError(`append: expectedVersion must be an integer >= 0, got ${expectedVersion}`);
  }
}
