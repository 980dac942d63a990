import { type Pool, type PoolClient, type QueryResult } from 'pg';
import { type Consumer, type EachBatchPayload, type KafkaMessage } from 'kafkajs';
import { type RecordedEvent } from '@budget/domain';
import { PreparedCall, type SimpleStatement, type TransactionEnd, assertSchemaName, withTransaction } from '@budget/event-store';
import { Sleeper, nextBackoff } from './backoff';
import { ChunkGroups } from './chunk-groups';
import { parseRecordedEvent } from './envelope';
import { type KafkaConnection } from './kafka';
import { type MessagingLogger, consoleLogger, errorText } from './logger';
import { COMMIT_INTERVAL_MS, OffsetCommitter } from './offset-committer';
import { consumeScope } from './tracing';
import { isConnectionError, isContentionError } from './transient';

/** Where a message came from; a dead letter keeps the same coordinates. */
export interface RawMessageInfo {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
}

/** Applies one event inside the consumer's transaction; what it writes commits with the processed-event record. */
export type EventHandler = (event: RecordedEvent, tx: PoolClient, raw: RawMessageInfo) => Promise<void>;

/** One message of a chunk, parsed. */
export interface ChunkItem {
  readonly event: RecordedEvent;
  readonly raw: RawMessageInfo;
  /** The message's value as it came (the event is its parse). */
  readonly value: Buffer | null;
}

/**
 * Applies several events at once inside the consumer's transaction (fewer statements than one
 * handler call each). Returns, per item and in order, null when applied, or the error that
 * dead-letters it; an item reported as failed must have left nothing behind. A throw rolls the
 * whole chunk back and the consumer takes its messages one by one with `handle`.
 */
export type ChunkHandler = (items: readonly ChunkItem[], tx: PoolClient, context?: ChunkContext) => Promise<readonly (Error | null)[]>;

/** What a chunk's transaction hands handleChunk besides the connection (the one-by-one path hands none). */
export interface ChunkContext {
  /** The results of openChunk's statements, one per statement, in order. */
  readonly opened: readonly QueryResult[];
  /** For a last statement sent with COMMIT. */
  readonly end: TransactionEnd;
}

export interface IdempotentConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Schema holding processed_events and dead_letters (messagingSchemaSql). */
  readonly schema: string;
  /** Name under which processed events and dead letters are recorded; stable across deployments. */
  readonly consumerName: string;
  readonly handle: EventHandler;
  /** Optional: applies a chunk's new events in one call; `handle` still serves single messages and retries. */
  readonly handleChunk?: ChunkHandler;
  /**
   * Optional, with handleChunk: statements for the simple protocol (without parameters, or
   * PreparedCalls) for the events of a chunk (those already processed too), sent in the round trip of
   * BEGIN and the processed-event records, after them; their results reach handleChunk
   * (ChunkContext.opened). For a handler that locks or reads before it writes: one round trip less per chunk.
   */
  readonly openChunk?: (events: readonly RecordedEvent[]) => readonly SimpleStatement[];
  readonly fromBeginning?: boolean;
  readonly logger?: MessagingLogger;
  /** Ceiling of the backoff while PostgreSQL is unavailable. */
  readonly maxBackoffMs?: number;
  /** Attempts for contention (serialization failure, deadlock, stream version conflict) before dead-lettering. */
  readonly contentionAttempts?: number;
  /** Messages applied per transaction (default 100); 1 applies each in its own. */
  readonly chunkSize?: number;
  /**
   * Default true. False: no processed-event record; the handlers are idempotent by themselves (a
   * rebuild's copy, whose own unique event ids make a redelivered message a no-op).
   */
  readonly recordProcessed?: boolean;
  /** Messages it returns false for are passed over: settled without being parsed or handled. */
  readonly accept?: (raw: RawMessageInfo) => boolean;
  /**
   * The event types the handlers act on. A message whose `event-type` header (the relay's: the
   * event's stored type) names another is passed over, with no transaction and no processed-event
   * record: for a handler that would do nothing with it. A message without the header is handled.
   */
  readonly eventTypes?: readonly string[];
  /**
   * Runs first in every transaction of the consumer (e.g. `SET LOCAL synchronous_commit = off` for a copy that can be made again),
   * after the processed-event records when there are any (they travel with BEGIN).
   */
  readonly beginTransaction?: (tx: PoolClient) => Promise<void>;
  /** Called each time messages are settled (applied, dead-lettered or passed over) and their offset resolved. */
  readonly onSettled?: (progress: SettledProgress) => void;
  /** Fetch sizes, for a consumer reading whole topics from their start. */
  readonly fetch?: { readonly maxWaitTimeInMs?: number; readonly maxBytesPerPartition?: number; readonly maxBytes?: number };
  /**
   * How long the group coordinator waits for a silent member (a replica that crashed) before it
   * hands that member's partitions to the others (default 30000, kafkajs' own).
   */
  readonly sessionTimeoutMs?: number;
  /**
   * Partitions whose batches are handled at the same time (default 1). A partition's own messages
   * are always handled in order; handlers must then be safe side by side (a rebuild's writer, which
   * folds one partition's chunk while the server writes another's).
   */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * A group commit over up to this many partitions, consumed side by side: their chunks that arrive
   * together (the batches of one fetch) or while a transaction is in flight are applied in one
   * transaction, single messages too (ChunkGroups), up to chunkSize messages beyond the first chunk.
   * For a consumer whose transactions would queue one after another (on a lock, on their commits'
   * WAL flushes). Each partition's messages stay in order; the handlers must not depend on the order
   * between partitions. Default 1: each chunk in a transaction of its own.
   */
  readonly groupPartitions?: number;
}

/** Messages of one partition settled at once, up to `offset`. */
export interface SettledProgress {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Handed to the handlers (applied, or dead-lettered by them). */
  readonly handled: number;
  /** Passed over (`accept` said no). */
  readonly passed: number;
}

const MAX_ERROR_TEXT = 8_000;

/** A message of a chunk that parsed: the event and what the handlers and dead letters need of the message. */
type ParsedItem = ChunkItem & { readonly headers: KafkaMessage['headers'] };
/** A message of a chunk: parsed, or the error that dead-letters it. */
type ParsedMessage = ParsedItem | { readonly raw: RawMessageInfo; readonly value: Buffer | null; readonly error: unknown };

/**
 * Consumes events at least once and applies each at most once: the processed-event record and the
 * handler's effects commit in one PostgreSQL transaction, and only then is the Kafka offset
 * committed. A message that cannot be handled goes to dead_letters and the consumer moves on; an
 * unavailable database is waited for, never dead-lettered.
 */
export class IdempotentConsumer {
  private readonly s: string;
  private readonly logger: MessagingLogger;
  private readonly maxBackoffMs: number;
  private readonly contentionAttempts: number;
  private readonly chunkSize: number;
  private readonly sleeper = new Sleeper();
  private consumer: Consumer | null = null;
  private running = false;
  private offsets: OffsetCommitter | null = null;
  private readonly groups: ChunkGroups<readonly [KafkaMessage, RawMessageInfo]> | null;

  constructor(
    private readonly pool: Pool,
    private readonly kafka: KafkaConnection,
    private readonly opts: IdempotentConsumerOptions,
  ) {
    this.s = `"${assertSchemaName(opts.schema)}"`;
    this.logger = opts.logger ?? consoleLogger;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5_000;
    this.contentionAttempts = opts.contentionAttempts ?? 5;
    this.chunkSize = Math.max(1, opts.chunkSize ?? 100);
    this.groups = (opts.groupPartitions ?? 1) > 1 ? new ChunkGroups((chunk) => this.applyChunkNow(chunk), this.chunkSize) : null;
  }

  private get opensChunks(): boolean {
    return this.opts.handleChunk !== undefined && this.opts.openChunk !== undefined;
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    this.running = true;
    const offsets = new OffsetCommitter(`consumer ${this.opts.consumerName}`, this.logger);
    this.offsets = offsets;
    const consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      allowAutoTopicCreation: false,
      ...(this.opts.sessionTimeoutMs === undefined ? {} : { sessionTimeout: this.opts.sessionTimeoutMs, heartbeatInterval: Math.max(500, Math.floor(this.opts.sessionTimeoutMs / 10)) }),
      // Short fetch waits keep stop() quick; the broker still answers as soon as data arrives.
      maxWaitTimeInMs: this.opts.fetch?.maxWaitTimeInMs ?? 1_000,
      ...(this.opts.fetch?.maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition: this.opts.fetch.maxBytesPerPartition }),
      ...(this.opts.fetch?.maxBytes === undefined ? {} : { maxBytes: this.opts.fetch.maxBytes }),
      // After a broker outage kafkajs gives up and crashes the consumer; restart it whatever the error.
      retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000, restartOnFailure: () => Promise.resolve(true) },
    });
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...this.opts.topics], fromBeginning: this.opts.fromBeginning ?? false });
      await consumer.run({
        // Committed by the OffsetCommitter, at most every COMMIT_INTERVAL_MS, not after every batch.
        autoCommit: false,
        autoCommitInterval: COMMIT_INTERVAL_MS,
        // Offsets are resolved one message at a time, after its transaction committed.
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: Math.max(1, this.opts.partitionsConsumedConcurrently ?? 1, this.opts.groupPartitions ?? 1),
        eachBatch: (payload) => offsets.track(payload, () => this.eachBatch(payload, offsets)),
      });
    } catch (error) {
      this.consumer = null;
      this.running = false;
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    const consumer = this.consumer;
    this.consumer = null;
    // The batches in progress end at their next chunk; what they settled is committed before the group is left.
    await this.offsets?.stop();
    this.offsets = null;
    await consumer?.disconnect();
  }

  private async eachBatch(payload: EachBatchPayload, offsets: OffsetCommitter): Promise<void> {
    const { batch } = payload;
    const heartbeat = (): Promise<void> => offsets.heartbeat(payload);
    const rawOf = (message: KafkaMessage): RawMessageInfo => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key?.toString('utf8') ?? null,
    });
    const messages = batch.messages;
    const types = this.opts.eventTypes === undefined ? undefined : new Set(this.opts.eventTypes);
    const wantedType = (message: KafkaMessage): boolean => {
      const header = message.headers?.['event-type'];
      const type = Array.isArray(header) ? header[0] : header;
      return types === undefined || type === undefined || types.has(type.toString());
    };
    const accepted = (message: KafkaMessage): boolean => wantedType(message) && (this.opts.accept?.(rawOf(message)) ?? true);
    const settle = async (settled: readonly KafkaMessage[], handled: number): Promise<void> => {
      const offset = settled[settled.length - 1]!.offset;
      payload.resolveOffset(offset);
      this.opts.onSettled?.({ topic: batch.topic, partition: batch.partition, offset, handled, passed: settled.length - handled });
      // Commits when COMMIT_INTERVAL_MS has passed since the last commit (kafkajs' interval check).
      await payload.commitOffsetsIfNecessary();
      await heartbeat();
    };
    for (let start = 0; start < messages.length; ) {
      if (!payload.isRunning() || payload.isStale() || !this.running) return;
      const chunk = messages.slice(start, start + this.chunkSize);
      const wanted = chunk.filter(accepted);
      // The common case: the whole chunk in one transaction (one commit, one WAL flush); a single
      // message too when openChunk saves its round trips or other partitions' chunks share the transaction.
      if (wanted.length === 0 || ((wanted.length > 1 || this.opensChunks || this.groups !== null) && (await this.applyChunk(wanted.map((m) => [m, rawOf(m)] as const))))) {
        await settle(chunk, wanted.length);
        start += chunk.length;
        continue;
      }
      // Otherwise (contention, the database away, a single message): one at a time, with retries.
      const message = messages[start]!;
      if (accepted(message)) {
        const done = await this.process(message, rawOf(message), heartbeat);
        // Stopped while waiting for the database: the message stays unresolved and is fetched again.
        if (!done) return;
      }
      await settle([message], accepted(message) ? 1 : 0);
      start += 1;
    }
  }

  /**
   * Applies a chunk of messages in one transaction (applyChunkInOne), with other partitions' chunks
   * under groupPartitions. Returns false, with nothing written, when the chunk met contention, a
   * connection problem or a failing handler: the caller then takes the messages one by one, with its
   * retries and dead letters.
   */
  private applyChunk(chunk: readonly (readonly [KafkaMessage, RawMessageInfo])[]): Promise<boolean> {
    return this.groups ? this.groups.submit(chunk) : this.applyChunkNow(chunk);
  }

  private async applyChunkNow(chunk: readonly (readonly [KafkaMessage, RawMessageInfo])[]): Promise<boolean> {
    const parsed = this.parseChunk(chunk);
    const events = parsed.flatMap((p) => ('event' in p ? [p.event] : []));
    const eventIds = events.map((e) => e.eventId);
    const claim = this.beginAndClaim(eventIds);
    const open = this.opensChunks && events.length > 0 ? this.opts.openChunk!(events) : undefined;
    try {
      await withTransaction(
        this.pool,
        async (client, opened, end) => {
          await this.opts.beginTransaction?.(client);
          // BEGIN, the claim when there is one, then openChunk's statements.
          const context: ChunkContext = { opened: opened.slice(claim.length), end };
          await this.applyChunkInOne(client, parsed, this.claimedFrom(opened, eventIds), context);
        },
        { begin: open === undefined ? claim : [...claim, ...open] },
      );
      return true;
    } catch (error) {
      if (!isConnectionError(error) && !isContentionError(error)) this.logger('warn', `consumer ${this.opts.consumerName}: batch rolled back; one by one`, { error: errorText(error) });
      return false;
    }
  }

  /**
   * The whole chunk in one transaction with as few statements as it allows: the processed-event
   * records of all the parsed messages at once, with BEGIN (`fresh`: those not there before; the
   * others are duplicates and skipped), malformed messages dead-lettered, then the new events applied, each by `handle` or all by one
   * `handleChunk` call. A handler that throws rolls the chunk back (the caller then takes its
   * messages one by one, and dead-letters the one that fails): no savepoint per message, which
   * cost two round trips each for a failure that is rare.
   */
  private async applyChunkInOne(client: PoolClient, chunk: readonly ParsedMessage[], fresh: Set<string>, context: ChunkContext): Promise<void> {
    const parsed: ParsedItem[] = [];
    for (const p of chunk) {
      if ('event' in p) parsed.push(p);
      else await this.deadLetter(p.raw, p.value, p.error, client);
    }
    if (parsed.length === 0) return;
    // The first delivery of each new event in the chunk; a repeat within the chunk is a duplicate too.
    const items = parsed.filter((p) => fresh.delete(p.event.eventId.toLowerCase()));
    if (items.length === 0) return;
    const name = this.opts.consumerName;
    if (!this.opts.handleChunk) {
      for (const item of items) await consumeScope(name, item.event, item.raw, item.headers, () => this.opts.handle(item.event, client, item.raw));
      return;
    }
    const handleChunk = this.opts.handleChunk;
    // One span and log context per event would need one call per event: the chunk is handled under the first one's.
    const outcomes = await consumeScope(name, items[0]!.event, items[0]!.raw, items[0]!.headers, () => handleChunk(items, client, context));
    if (outcomes.length !== items.length) throw new Error(`handleChunk returned ${outcomes.length} outcomes for ${items.length} events`);
    // Refused events are dead-lettered as the one-by-one path leaves them: without a processed record, so a replay applies them.
    const refused = items.flatMap((item, i) => (outcomes[i] ? [{ item, error: outcomes[i] }] : []));
    if (refused.length === 0) return;
    if (this.opts.recordProcessed !== false) {
      await client.query(`DELETE FROM ${this.s}.processed_events WHERE consumer = $1 AND event_id = ANY($2::uuid[])`, [
        this.opts.consumerName,
        refused.map((r) => r.item.event.eventId),
      ]);
    }
    for (const { item, error } of refused) {
      this.logger('error', `consumer ${this.opts.consumerName}: event ${item.event.eventId} dead-lettered`, { ...item.raw, error: errorText(error) });
      await this.deadLetter(item.raw, item.value, error, client);
    }
  }

  /** The chunk's messages parsed, in order; those that do not parse carry the error that dead-letters them. */
  private parseChunk(chunk: readonly (readonly [KafkaMessage, RawMessageInfo])[]): ParsedMessage[] {
    return chunk.map(([message, raw]) => {
      try {
        return { event: parseRecordedEvent(message.value), raw, value: message.value, headers: message.headers };
      } catch (error) {
        return { raw, value: message.value, error };
      }
    });
  }

  /**
   * The statement that opens a consumer's transaction: BEGIN and, in the same round trip, the
   * processed-event records of `eventIds` (those already there are duplicates: the INSERT returns
   * the new ones). The simple protocol takes no parameters: the INSERT goes as a PreparedCall.
   */
  private beginAndClaim(eventIds: readonly string[]): SimpleStatement[] {
    if (this.opts.recordProcessed === false || eventIds.length === 0) return ['BEGIN'];
    const claim = `INSERT INTO ${this.s}.processed_events (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id::text`;
    return ['BEGIN', new PreparedCall(claim, [this.opts.consumerName, eventIds])];
  }

  /** The ids, lower-case, of the events not processed before, from beginAndClaim's results (all of them when nothing is recorded). */
  private claimedFrom(opened: readonly QueryResult[], eventIds: readonly string[]): Set<string> {
    if (this.opts.recordProcessed === false) return new Set(eventIds.map((id) => id.toLowerCase()));
    const claim = opened[1] as QueryResult<{ event_id: string }> | undefined;
    return new Set((claim?.rows ?? []).map((r) => r.event_id));
  }

  /** Returns false only when stopped before the message could be settled. */
  private async process(message: KafkaMessage, raw: RawMessageInfo, heartbeat: () => Promise<void>): Promise<boolean> {
    let event: RecordedEvent;
    try {
      event = parseRecordedEvent(message.value);
    } catch (error) {
      return this.untilAvailable(heartbeat, () => this.deadLetter(raw, message.value, error));
    }
    let contention = 0;
    let backoff = 0;
    let waitingSince: number | null = null;
    for (;;) {
      try {
        await consumeScope(this.opts.consumerName, event, raw, message.headers, () =>
          withTransaction(
            this.pool,
            async (client, opened) => {
              await this.opts.beginTransaction?.(client);
              if (this.claimedFrom(opened, [event.eventId]).size > 0) await this.opts.handle(event, client, raw);
            },
            { begin: this.beginAndClaim([event.eventId]) },
          ),
        );
        if (waitingSince !== null) this.logger('info', `consumer ${this.opts.consumerName}: database available again`);
        return true;
      } catch (error) {
        if (isConnectionError(error)) {
          if (waitingSince === null) {
            waitingSince = Date.now();
            this.logger('warn', `consumer ${this.opts.consumerName}: database unavailable; retrying`, { error: errorText(error) });
          }
          backoff = nextBackoff(backoff, 200, this.maxBackoffMs);
        } else if (isContentionError(error) && ++contention < this.contentionAttempts) {
          backoff = 50 * contention;
        } else {
          this.logger('error', `consumer ${this.opts.consumerName}: event ${event.eventId} dead-lettered`, { ...raw, error: errorText(error) });
          return this.untilAvailable(heartbeat, () => this.deadLetter(raw, message.value, error));
        }
        if (!this.running) return false;
        await this.sleeper.sleep(backoff);
        if (!this.running) return false;
        await heartbeat();
      }
    }
  }

  /** Runs a bookkeeping write, waiting out database outages. */
  private async untilAvailable(heartbeat: () => Promise<void>, write: () => Promise<void>): Promise<boolean> {
    let backoff = 0;
    for (;;) {
      try {
        await write();
        return true;
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        if (!this.running) return false;
        backoff = nextBackoff(backoff, 200, this.maxBackoffMs);
        await this.sleeper.sleep(backoff);
        await heartbeat();
      }
    }
  }

  private async deadLetter(raw: RawMessageInfo, value: Buffer | null, error: unknown, db: Pool | PoolClient = this.pool): Promise<void> {
    // The same message dead-lettered again after a redelivery is stored once.
    await db.query(
      `INSERT INTO ${this.s}.dead_letters (consumer, topic, partition, "offset", message_key, payload, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (consumer, topic, partition, "offset") DO NOTHING`,
      [this.opts.consumerName, raw.topic, raw.partition, raw.offset, raw.key, value?.toString('utf8') ?? null, describe(error)],
    );
  }
}

export interface ReplayResult {
  readonly replayed: number;
  readonly stillFailing: number;
}

/**
 * Handles a consumer's dead letters again, oldest first, each in its own transaction with the
 * same de-duplication as the consumer; those that succeed (or turn out to be processed already)
 * are marked replayed, the others keep their row with the new error.
 */
export async function replayDeadLetters(pool: Pool, schema: string, consumerName: string, handle: EventHandler): Promise<ReplayResult> {
  const s = `"${assertSchemaName(schema)}"`;
  let replayed = 0;
  let stillFailing = 0;
  let after = '0';
  for (;;) {
    const { rows } = await pool.query<{ id: string; topic: string; partition: number; offset: string; message_key: string | null; payload: string | null }>(
      `SELECT d.id::text AS id, d.topic, d.partition, d."offset"::text AS offset, d.message_key, d.payload FROM ${s}.dead_letters d
        WHERE d.consumer = $1 AND d.replayed_at IS NULL AND d.id > $2::bigint ORDER BY d.id LIMIT 100`,
      [consumerName, after],
    );
    if (rows.length === 0) return { replayed, stillFailing };
    for (const row of rows) {
      after = row.id;
      const raw: RawMessageInfo = { topic: row.topic, partition: row.partition, offset: row.offset, key: row.message_key };
      try {
        const event = parseRecordedEvent(row.payload);
        const done = await replayOne(pool, s, consumerName, row.id, event, raw, handle);
        if (done) replayed += 1;
      } catch (error) {
        stillFailing += 1;
        await pool.query(`UPDATE ${s}.dead_letters SET error = $2 WHERE id = $1`, [row.id, describe(error)]);
      }
    }
  }
}

async function replayOne(
  pool: Pool,
  s: string,
  consumerName: string,
  id: string,
  event: RecordedEvent,
  raw: RawMessageInfo,
  handle: EventHandler,
): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    // Another replay working on the same row gets nothing here and leaves it alone.
    const claimed = await client.query(`SELECT 1 FROM ${s}.dead_letters WHERE id = $1 AND replayed_at IS NULL FOR UPDATE SKIP LOCKED`, [id]);
    if (claimed.rowCount === 0) return false;
    const { rowCount } = await client.query(`INSERT INTO ${s}.processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      consumerName,
      event.eventId,
    ]);
    if (rowCount !== 0) await handle(event, client, raw);
    await client.query(`UPDATE ${s}.dead_letters SET replayed_at = now() WHERE id = $1`, [id]);
    return true;
  });
}

function describe(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}
