import { type NewEvent, type RecordedEvent } from '@budget/domain';
import {
  type AppendOptions,
  type AppendResult,
  checkAppendArguments,
  type EventStore,
  type EventStoreTransaction,
  StreamVersionConflictError,
} from '../event-store';
import { GENESIS_HASH } from '../hash-chain';
import { chain, envelope, prepare } from '../prepared-event';

/** A statement a read model ran in an append's transaction, as the in-memory store saw it. */
export interface RecordedStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Rows a statement answers with; by default none. */
export type StatementResponder = (sql: string, params: readonly unknown[]) => readonly Record<string, unknown>[];

/**
 * The in-memory store's transaction: it runs no SQL, it records each statement and answers with
 * what the test's responder returns. Statements of a rolled-back append are dropped with it.
 */
export class RecordingTransaction implements EventStoreTransaction {
  readonly statements: RecordedStatement[] = [];

  constructor(private readonly respond: StatementResponder = () => []) {}

  query<R extends Record<string, any> = Record<string, any>>(sql: string, params: unknown[] = []): Promise<{ rows: R[] }> {
    this.statements.push({ sql, params: [...params] });
    return Promise.resolve({ rows: this.respond(sql, params) as R[] });
  }
}

export interface InMemoryEventStoreOptions {
  /** What the transactions' statements answer (a read model's RETURNING, a lookup); default no rows. */
  readonly respond?: StatementResponder;
  /** The recorded time of appends; default the clock. */
  readonly now?: () => Date;
}

/**
 * The EventStore port in memory, for unit tests of the application layer: the same checks,
 * versions, hash chain and all-or-nothing appends as PostgresEventStore (the contract suite runs
 * against both), no database. Read models written in an append's transaction are recorded
 * statements (`statements`), kept only when the append succeeds.
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly log: RecordedEvent[] = [];
  private readonly committed: RecordedStatement[] = [];
  /** Like the PostgreSQL sequence: positions are taken before the commit, and a rolled-back append leaves a gap. */
  private lastPosition = 0;

  constructor(private readonly opts: InMemoryEventStoreOptions = {}) {}

  /** A transaction to hand to `append({ transaction })`, as a consumer's would be; its appends apply at once. */
  transaction(): RecordingTransaction {
    return new RecordingTransaction(this.opts.respond);
  }

  /** The statements of the appends' own transactions that committed, in order. */
  get statements(): readonly RecordedStatement[] {
    return this.committed;
  }

  /** Forgets the statements recorded so far (a test's "given" is done; its "when" is counted from here). */
  forgetStatements(): void {
    this.committed.length = 0;
  }

  /** Every event appended, in global order. */
  all(): readonly RecordedEvent[] {
    return this.log;
  }

  readStream(streamId: string, fromVersion = 1, _tx?: EventStoreTransaction): Promise<RecordedEvent[]> {
    return Promise.resolve((this.streams.get(streamId) ?? []).filter((e) => e.streamVersion >= fromVersion));
  }

  readStreams(streamIds: readonly string[], _tx?: EventStoreTransaction): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>();
    for (const id of streamIds) {
      const events = this.streams.get(id);
      if (events && events.length > 0) streams.set(id, [...events]);
    }
    return Promise.resolve(streams);
  }

  streamVersion(streamId: string): Promise<number> {
    return Promise.resolve(this.streams.get(streamId)?.length ?? 0);
  }

  async append(streamId: string, events: readonly NewEvent[], expectedVersion: number, opts: AppendOptions = {}): Promise<AppendResult> {
    checkAppendArguments(streamId, expectedVersion);
    const prepared = events.map(prepare);
    const stream = this.streams.get(streamId) ?? [];
    if (stream.length !== expectedVersion) throw new StreamVersionConflictError(streamId, expectedVersion, stream.length);
    if (opts.expectedHead !== undefined && expectedVersion > 0 && stream.at(-1)?.hash !== opts.expectedHead) {
      throw new StreamVersionConflictError(streamId, expectedVersion, stream.length);
    }
    if (prepared.length === 0) return { nextVersion: expectedVersion, recorded: [] };

    const recordedAt = (this.opts.now?.() ?? new Date()).toISOString();
    const recorded = chain(streamId, expectedVersion, stream.at(-1)?.hash ?? GENESIS_HASH, prepared).map((e) =>
      envelope(e, String(++this.lastPosition), recordedAt),
    );
    const own = opts.transaction ? null : this.transaction();
    const tx = opts.transaction ?? own!;
    if (opts.alongside) {
      // Recorded as the statement it is a part of in PostgreSQL, with its own parameters.
      const params: unknown[] = [];
      const sql = opts.alongside.sql((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      await tx.query(sql, params);
    }
    // Nothing is kept before the callback has run: a throw leaves the store as it was.
    if (opts.inTransaction) await opts.inTransaction(tx, recorded);
    // Another append may have come in while the callback ran; the first to finish wins, as with the row lock.
    const current = this.streams.get(streamId) ?? [];
    if (current.length !== expectedVersion) throw new StreamVersionConflictError(streamId, expectedVersion, current.length);
    this.streams.set(streamId, [...current, ...recorded]);
    this.log.push(...recorded);
    if (own) this.committed.push(...own.statements);
    return { nextVersion: expectedVersion + recorded.length, recorded };
  }
}
