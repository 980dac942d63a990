import { createHash } from 'node:crypto';
import { type Pool, type PoolClient, type QueryResult } from 'pg';
import { type Actor, type NewEvent, type RecordedEvent } from '@budget/domain';
import {
  type AppendOptions,
  type AppendResult,
  checkAppendArguments,
  type EventStore,
  type EventStoreTransaction,
  StreamVersionConflictError,
} from './event-store';
import { ChainVerifier, type ChainVerification, GENESIS_HASH } from './hash-chain';
import { queryPrepared } from './prepared-statement';
import { PreparedCall, simpleText } from './simple-prepared';
import { chain, envelope, prepare, type PreparedEvent } from './prepared-event';
import { assertSchemaName, outboxChannel } from './schema';

export interface EventStoreOptions {
  readonly schema: string;
  /** Topic of the outbox rows written with each event; null for a store that publishes nothing. */
  readonly outboxTopic: string | null;
}

interface StreamHead {
  version: number;
  head_hash: string;
}

interface EventRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  actor: Actor;
  occurred_at: Date | string;
  recorded_at: Date | string;
  correlation_id: string;
  causation_id: string | null;
  prev_hash: string;
  hash: string;
}

const POSITION = /^(0|[1-9][0-9]{0,18})$/;
const VERIFY_PAGE = 1000;

function eventColumns(alias: string): string {
  const t = alias ? `${alias}.` : '';
  return `${t}global_position::text AS global_position, ${t}event_id, ${t}stream_id, ${t}stream_version, ${t}type,
    ${t}schema_version, ${t}data, ${t}actor, ${t}occurred_at, ${t}recorded_at, ${t}correlation_id, ${t}causation_id,
    ${t}prev_hash, ${t}hash`;
}

export class PostgresEventStore implements EventStore {
  private readonly s: string;
  private readonly sequence: string;
  /** First key of the advisory locks appenders hold while their positions are uncommitted (see readAll). */
  private readonly lockSpace: number;

  constructor(
    private readonly pool: Pool,
    private readonly opts: EventStoreOptions,
  ) {
    this.s = `"${assertSchemaName(opts.schema)}"`;
    this.sequence = `${this.s}.events_global_position_seq`;
    this.lockSpace = createHash('sha256').update(`budget.event-store.append:${opts.schema}`).digest().readUInt32BE(0) & 0x7fffffff;
  }

  async append(streamId: string, events: readonly NewEvent[], expectedVersion: number, opts: AppendOptions = {}): Promise<AppendResult> {
    checkAppendArguments(streamId, expectedVersion);
    const prepared = events.map(prepare);
    if (opts.transaction) return this.appendWith(opts.transaction, null, streamId, prepared, expectedVersion, opts);
    // Nothing to run between the events and the commit, and no head to read first: one statement, its own transaction.
    if (prepared.length > 0 && !opts.inTransaction && (expectedVersion === 0 || opts.expectedHead !== undefined)) {
      return this.appendWith(this.pool, null, streamId, prepared, expectedVersion, opts);
    }

    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const result = await this.appendWith(client, client, streamId, prepared, expectedVersion, opts);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      // A connection that could not even roll back is not given to the next caller.
      client.release(broken);
    }
  }

  /**
   * Round trips are what an append costs next to a plain INSERT, so there are as few as the
   * checks allow: a new stream is written in one statement; so is an existing one whose head hash
   * the caller read (expectedHead: the statement writes only if the head is still that one);
   * otherwise the head is read (locked) first, because the next hash depends on it.
   */
  private async appendWith(
    tx: EventStoreTransaction,
    /** The connection this append opened and owns (it begins the transaction), or null in a joined one. */
    own: PoolClient | null,
    streamId: string,
    events: readonly PreparedEvent[],
    expectedVersion: number,
    { inTransaction, messageKey, alongside, expectedHead }: AppendOptions,
  ): Promise<AppendResult> {
    if (events.length === 0) {
      if (own) await own.query('BEGIN');
      const actual = await this.currentVersion(tx, streamId);
      if (actual !== expectedVersion) throw new StreamVersionConflictError(streamId, expectedVersion, actual);
      return { nextVersion: expectedVersion, recorded: [] };
    }

    let prevHash = GENESIS_HASH;
    const guarded = expectedVersion > 0 && expectedHead !== undefined;
    if (expectedVersion === 0) {
      if (own) await own.query('BEGIN');
    } else if (guarded) {
      // The head as the caller read it; the statement's UPDATE of the head checks it.
      if (own) await own.query('BEGIN');
      prevHash = expectedHead;
    } else {
      const lockHead = `SELECT version, head_hash, ${this.appenderLock()} FROM ${this.s}.streams WHERE stream_id = `;
      // BEGIN travels with the first statement; that needs the simple protocol, hence the escaped literal.
      const head = own
        ? ((await own.query(`BEGIN; ${lockHead}${own.escapeLiteral(streamId)} FOR UPDATE`)) as unknown as QueryResult<StreamHead>[])[1]?.rows[0]
        : (await queryPrepared<StreamHead>(tx, `${lockHead}$1 FOR UPDATE`, [streamId])).rows[0];
      const actual = head?.version ?? 0;
      if (!head || actual !== expectedVersion) throw new StreamVersionConflictError(streamId, expectedVersion, actual);
      prevHash = head.head_hash;
    }

    const chained = chain(streamId, expectedVersion, prevHash, events);
    const last = chained[chained.length - 1]!;
    const nextVersion = last.streamVersion;

    const params: unknown[] = [streamId];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const withOutbox = this.opts.outboxTopic !== null;
    const values = chained.map(
      (e) => `(${param(e.eventId)}::uuid, ${param(e.streamVersion)}::integer, ${param(e.type)}::text, ${param(e.schemaVersion)}::integer,
        ${param(e.dataJson)}::jsonb, ${param(e.actorJson)}::jsonb, ${param(e.occurredAt)}::timestamptz, ${param(e.correlationId)}::text,
        ${param(e.causationId)}::text, ${param(e.prevHash)}::text, ${param(e.hash)}::text)`,
    );
    const stream =
      expectedVersion === 0
        ? // ON CONFLICT DO NOTHING waits for a concurrent creator of the same stream and then yields
          // no row, so no event is inserted and the loser sees a conflict, never a unique violation.
          // The lock is taken before the events' positions: they are drawn joined to its row.
          `registered AS MATERIALIZED (SELECT ${this.appenderLock()}),
           created AS (
             INSERT INTO ${this.s}.streams (stream_id, version, head_hash)
             SELECT $1, ${param(nextVersion)}, ${param(last.hash)} FROM registered
             ON CONFLICT (stream_id) DO NOTHING
             RETURNING stream_id),`
        : guarded
          ? // As for a new stream, the lock before the positions; then the head moves only from the version
            // and hash the events are chained on (a concurrent append waits for the row, then finds it moved:
            // no row, so no event is inserted, and the caller sees a conflict).
            `registered AS MATERIALIZED (SELECT ${this.appenderLock()}),
             moved AS (
               UPDATE ${this.s}.streams SET version = ${param(nextVersion)}, head_hash = ${param(last.hash)}, updated_at = now()
                 FROM registered
                WHERE stream_id = $1 AND version = ${param(expectedVersion)} AND head_hash = ${param(prevHash)}
               RETURNING stream_id),`
          : `head AS (
             UPDATE ${this.s}.streams SET version = ${param(nextVersion)}, head_hash = ${param(last.hash)}, updated_at = now()
              WHERE stream_id = $1),`;
    // The outbox row names the event; the relay reads the envelope from `events` (readOutbox).
    const outbox = withOutbox
      ? `, queued AS (
          INSERT INTO ${this.s}.outbox (topic, message_key, event_id)
          SELECT ${param(this.opts.outboxTopic)}, ${messageKey === undefined ? '$1' : param(messageKey)}::text, e.event_id
            FROM inserted e ORDER BY e.global_position)`
      : '';
    const also = alongside === undefined ? '' : `, alongside AS (${alongside.sql(param)})`;
    type Inserted = { event_id: string; global_position: string; recorded_at: Date };
    const text = `WITH input (event_id, stream_version, type, schema_version, data, actor, occurred_at, correlation_id, causation_id,
                   prev_hash, hash) AS (VALUES ${values.join(',\n')}),
       ${stream}
       inserted AS (
         INSERT INTO ${this.s}.events (event_id, stream_id, stream_version, type, schema_version, data, actor, occurred_at,
                                       correlation_id, causation_id, prev_hash, hash)
         SELECT event_id, $1, stream_version, type, schema_version, data, actor, occurred_at, correlation_id, causation_id, prev_hash, hash
           FROM input${expectedVersion === 0 ? ', created' : guarded ? ', moved' : ''} ORDER BY stream_version
         RETURNING event_id, global_position, recorded_at)
       ${outbox}${also}
       SELECT event_id, global_position::text AS global_position, recorded_at FROM inserted`;
    // Named by its text (queryPrepared): each connection parses and plans an append shape once.
    const { rows } = await queryPrepared<Inserted>(tx, text, params);
    const first = rows[0];
    if (!first) throw new StreamVersionConflictError(streamId, expectedVersion, await this.currentVersion(tx, streamId));
    const recordedAt = toIso(first.recorded_at);
    const positions = new Map(rows.map((r) => [r.event_id, r.global_position]));
    const recorded = chained.map((e): RecordedEvent => envelope(e, positions.get(e.eventId)!, recordedAt));
    if (inTransaction) await inTransaction(tx, recorded);
    return { nextVersion, recorded };
  }

  /**
   * A shared advisory lock, held until commit, whose second key is below every position this
   * transaction is about to take from the sequence. readAll uses the smallest such key as a bound:
   * positions are handed out in one order and committed in another, and the xmin filter alone
   * cannot see a transaction that got its xid early but its positions late.
   */
  private appenderLock(): string {
    return `pg_advisory_xact_lock_shared(${this.lockSpace},
      (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${this.sequence})::integer)`;
  }

  private async currentVersion(db: EventStoreTransaction, streamId: string): Promise<number> {
    const { rows } = await queryPrepared<{ version: number }>(db, `SELECT version FROM ${this.s}.streams WHERE stream_id = $1`, [streamId]);
    return rows[0]?.version ?? 0;
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.currentVersion(this.pool, streamId);
  }

  /** Reads with `db` when given: a transaction then sees its own, not yet committed, appends. */
  async readStream(streamId: string, fromVersion = 1, db: EventStoreTransaction = this.pool): Promise<RecordedEvent[]> {
    const { rows } = await queryPrepared<EventRow>(
      db,
      `SELECT ${eventColumns('')} FROM ${this.s}.events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`,
      [streamId, fromVersion],
    );
    return rows.map(toRecorded);
  }

  async readStreams(streamIds: readonly string[], db: EventStoreTransaction = this.pool): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>();
    if (streamIds.length === 0) return streams;
    const { rows } = await queryPrepared<EventRow>(
      db,
      `SELECT ${eventColumns('')} FROM ${this.s}.events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_version`,
      [[...new Set(streamIds)]],
    );
    for (const row of rows) {
      const events = streams.get(row.stream_id) ?? [];
      if (events.length === 0) streams.set(row.stream_id, events);
      events.push(toRecorded(row));
    }
    return streams;
  }

  /**
   * Events after a global position, in position order, stopping before anything a transaction
   * still in flight could land below: a reader that checkpoints the last position it got never
   * skips an event committed late. Two bounds, taken in this order:
   *  1. before the reading snapshot, the lowest position any appender still in flight may take
   *     (its advisory lock) and the sequence's current value (nothing later is returned);
   *  2. in the reading snapshot, the prefix of rows whose transaction id is below the snapshot's
   *     xmin (the Marten/Eventuous high-water mark), cut at the first row that is not.
   * Any transaction left open on the cluster with an xid therefore holds readers back, never forward.
   */
  async readAll(afterPosition: string, limit: number): Promise<RecordedEvent[]> {
    if (!POSITION.test(afterPosition)) throw new TypeError(`readAll: afterPosition must be a decimal bigint, got ${JSON.stringify(afterPosition)}`);
    if (!Number.isInteger(limit) || limit <= 0) throw new TypeError(`readAll: limit must be a positive integer, got ${limit}`);
    const bound = await this.pool.query<{ bound: string }>(
      `SELECT least(
         (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${this.sequence}),
         (SELECT min(objid::bigint) FROM pg_locks
           WHERE locktype = 'advisory' AND objsubid = 2 AND classid::bigint = $1
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
       )::text AS bound`,
      [this.lockSpace],
    );
    const upTo = bound.rows[0]?.bound ?? '0';
    const { rows } = await this.pool.query<EventRow>(
      `WITH cut AS (
         SELECT min(global_position) AS at FROM ${this.s}.events
          WHERE global_position > $1::bigint AND global_position <= $2::bigint
            AND transaction_id >= pg_snapshot_xmin(pg_current_snapshot()))
       SELECT ${eventColumns('e')} FROM ${this.s}.events e, cut
        WHERE e.global_position > $1::bigint AND e.global_position <= $2::bigint
          AND (cut.at IS NULL OR e.global_position < cut.at)
        ORDER BY e.global_position LIMIT $3`,
      [afterPosition, upTo, limit],
    );
    return rows.map(toRecorded);
  }

  /** Walks every stream (or one) in stream-id and version order and reports the first broken link. */
  async verifyChains(opts: { streamId?: string } = {}): Promise<ChainVerification> {
    const verifier = new ChainVerifier();
    let after: { streamId: string; version: number } | null = opts.streamId === undefined ? null : { streamId: opts.streamId, version: 0 };
    type Head = { streamId: string; version: number | null; hash: string | null };
    // A missing stream row (null) can never match, so it is reported as a head mismatch.
    const headHolds = (head: Head | null): boolean => head === null || verifier.checkHead(head.streamId, head.version ?? -1, head.hash ?? '');
    let current = null as Head | null;

    for (;;) {
      const params: unknown[] = [VERIFY_PAGE];
      let where = '';
      if (after) {
        params.push(after.streamId, after.version);
        where = `WHERE (e.stream_id, e.stream_version) > ($2, $3)${opts.streamId === undefined ? '' : ' AND e.stream_id = $2'}`;
      }
      const { rows } = await this.pool.query<EventRow & { head_version: number | null; head_hash: string | null }>(
        `SELECT ${eventColumns('e')},
                s.version AS head_version, s.head_hash
           FROM ${this.s}.events e LEFT JOIN ${this.s}.streams s USING (stream_id)
           ${where}
          ORDER BY e.stream_id, e.stream_version LIMIT $1`,
        params,
      );
      for (const row of rows) {
        if (current?.streamId !== row.stream_id) {
          if (!headHolds(current)) return verifier.result();
          current = { streamId: row.stream_id, version: row.head_version, hash: row.head_hash };
        }
        if (!verifier.check(toRecorded(row))) return verifier.result();
      }
      const lastRow = rows[rows.length - 1];
      if (!lastRow || rows.length < VERIFY_PAGE) break;
      after = { streamId: lastRow.stream_id, version: lastRow.stream_version };
    }
    if (!headHolds(current)) return verifier.result();

    // A stream row without any event means its events were deleted.
    const emptied = await this.pool.query<{ stream_id: string; version: number; head_hash: string }>(
      `SELECT stream_id, version, head_hash FROM ${this.s}.streams s
        WHERE ${opts.streamId === undefined ? 'TRUE' : 'stream_id = $1'}
          AND NOT EXISTS (SELECT 1 FROM ${this.s}.events e WHERE e.stream_id = s.stream_id)
        ORDER BY stream_id LIMIT 1`,
      opts.streamId === undefined ? [] : [opts.streamId],
    );
    const orphan = emptied.rows[0];
    if (orphan) verifier.checkHead(orphan.stream_id, orphan.version, orphan.head_hash);
    return verifier.result();
  }
}

/** A queued outbox row with the event it names; `event` is null only if that event is missing from `events`. */
export interface OutboxEntry {
  readonly id: string;
  readonly topic: string;
  readonly messageKey: string;
  readonly eventId: string;
  readonly event: RecordedEvent | null;
}

/**
 * The first `limit` rows of the outbox, in id order, each with its event. `published`: ids of rows
 * published before, deleted by this same statement (one round trip for the relay's delete and its
 * next read) and not read again. Not "ids above the last one published": a row whose transaction
 * committed late may sit below it, unpublished.
 */
export async function readOutbox(db: Pool | PoolClient, schema: string, limit: number, published: readonly string[] = []): Promise<OutboxEntry[]> {
  const read = outboxRead(schema, limit, published);
  const { rows } = await queryPrepared<OutboxRow>(db, read.text, [...read.values]);
  return rows.map(outboxEntry);
}

/** What readOutboxSettled read, and whether it came after a moment when no append that skipped the NOTIFY was in flight. */
export interface SettledOutboxRead {
  /**
   * True: at the moment before the read, no transaction that appended without notifying (it found
   * another appending one holding the notify lock: see notify_outbox) was in flight, so every one of
   * them whose notifier's NOTIFY woke the reader had committed and is in `entries` (or beyond `limit`).
   */
  readonly settled: boolean;
  readonly entries: OutboxEntry[];
}

/** The "skipped" lock taken and let go at once: true only when no append that skipped the NOTIFY holds its shared hold. */
const SKIPPED_LOCK_FREE = `SELECT CASE WHEN pg_try_advisory_lock(hashtextextended($1, 0)) THEN pg_advisory_unlock(hashtextextended($1, 0)) ELSE false END AS free`;

/**
 * readOutbox and, in the same round trip but in a statement of its own before it (the read's snapshot
 * is taken after it), the check that no append that skipped the NOTIFY is in flight: the "skipped"
 * lock taken and let go at once, which succeeds only when no such transaction holds its shared hold.
 * The simple protocol carries the two statements (PreparedCalls: on the relay's own session each is
 * prepared once); the relay's whole pass after a NOTIFY is then this one statement.
 */
export async function readOutboxSettled(db: Pool | PoolClient, schema: string, limit: number, published: readonly string[] = []): Promise<SettledOutboxRead> {
  const check = new PreparedCall(SKIPPED_LOCK_FREE, [`budget.outbox-skipped:${outboxChannel(schema)}`]);
  const results = (await db.query(await simpleText(db, [check, outboxRead(schema, limit, published)]))) as unknown as [QueryResult<{ free: boolean }>, QueryResult<OutboxRow>];
  return { settled: results[0].rows[0]?.free === true, entries: results[1].rows.map(outboxEntry) };
}

type OutboxRow = Partial<EventRow> & { outbox_id: string; topic: string; message_key: string; queued_event_id: string };

/**
 * readOutbox's statement with its values (the ids checked: they also travel written in). One text
 * for every pass: an empty `published` deletes nothing.
 */
function outboxRead(schema: string, limit: number, published: readonly string[]): PreparedCall {
  const s = `"${assertSchemaName(schema)}"`;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`Invalid outbox read limit ${limit}`);
  for (const id of published) if (!POSITION.test(id)) throw new Error(`Invalid outbox id ${JSON.stringify(id)}`);
  // LATERAL … LIMIT 1 (never flattened): one index lookup per queued row. A plain join let a generic plan hash the whole
  // events table (its statistics lag behind a growing table), a full scan on every relay pass.
  const text = `WITH published AS (DELETE FROM ${s}.outbox WHERE id = ANY($1::bigint[]))
     SELECT o.id::text AS outbox_id, o.topic, o.message_key, o.event_id AS queued_event_id, ${eventColumns('e')}
       FROM (SELECT id, topic, message_key, event_id FROM ${s}.outbox WHERE id <> ALL($1::bigint[]) ORDER BY id LIMIT $2::integer) o
       LEFT JOIN LATERAL (SELECT * FROM ${s}.events WHERE event_id = o.event_id LIMIT 1) e ON TRUE
      ORDER BY o.id`;
  return new PreparedCall(text, [published, limit]);
}

function outboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.outbox_id,
    topic: row.topic,
    messageKey: row.message_key,
    eventId: row.queued_event_id,
    event: row.global_position === null || row.global_position === undefined ? null : toRecorded(row as EventRow),
  };
}

function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: String(row.global_position),
    occurredAt: toIso(row.occurred_at),
    recordedAt: toIso(row.recorded_at),
    actor: row.actor,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    data: row.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
