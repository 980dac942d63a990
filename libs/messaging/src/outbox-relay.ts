import { type Span } from '@opentelemetry/api';
import { type Notification, type Pool, type PoolClient } from 'pg';
import { type Message, Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import { type OutboxEntry, assertSchemaName, outboxChannel, readOutboxSettled } from '@budget/event-store';
import { Sleeper, nextBackoff } from './backoff';
import { type KafkaConnection } from './kafka';
import { type MessagingLogger, consoleLogger, errorText } from './logger';
import { PartitionLedger, UnacknowledgedPartitionsError } from './partition-ledger';
import { endSpan, startPublishSpan } from './tracing';
import { isConnectionError } from './transient';

export interface OutboxRelayOptions {
  /** Schema of the event store whose outbox is published. */
  readonly schema: string;
  readonly batchSize?: number;
  /** Fallback polling; appends also wake the relay through NOTIFY. */
  readonly pollIntervalMs?: number;
  /**
   * While appends that left the NOTIFY to another one are in flight after a read that published,
   * the relay reads again this often (at most pollIntervalMs; see eventStoreSchemaSql's notify_outbox).
   */
  readonly tailMs?: number;
  /** Ceiling of the backoff while Kafka or PostgreSQL is unavailable. */
  readonly maxBackoffMs?: number;
  /** How often an instance that does not hold the outbox lock tries again. */
  readonly lockRetryMs?: number;
  readonly logger?: MessagingLogger;
  /** Told of every failed publishing attempt (the service counts them: budget_outbox_publish_failures_total). */
  readonly onPublishFailure?: (reason: PublishFailureReason) => void;
  /**
   * Runs after a batch is on Kafka and before its rows are deleted. For tests that simulate a
   * crash in between (by throwing); nothing else should need it.
   */
  readonly afterPublish?: (outboxIds: readonly string[]) => Promise<void> | void;
}

/** Why an attempt to publish failed: Kafka refused or was unreachable, PostgreSQL was, or something else. */
export type PublishFailureReason = 'kafka' | 'postgres' | 'other';

/** Rounds of waiting for appends that skipped the NOTIFY, per pass (then the loop's next pass goes on). */
const SETTLE_ROUNDS = 50;

/**
 * Publishes a service's outbox to Kafka in id order and deletes what Kafka acknowledged (with the
 * next read). At least once: a crash between publishing and deleting publishes the batch again, and
 * consumers de-duplicate by event id. One instance at a time works an outbox (a session advisory
 * lock); other instances of the service wait, so two relays never reorder a stream's events.
 */
export class OutboxRelay {
  private readonly s: string;
  private readonly channel: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly tailMs: number;
  private readonly maxBackoffMs: number;
  private readonly lockRetryMs: number;
  private readonly logger: MessagingLogger;
  private readonly sleeper = new Sleeper();

  private running = false;
  private loop: Promise<void> | null = null;
  /** The session holding the advisory lock and listening for appends; null when not the active relay. */
  private session: PoolClient | null = null;
  private sessionBroken = false;
  private producer: Producer | null = null;
  /** The partitions the producer put the batch in flight in, checked against Kafka's acknowledgement. */
  private readonly ledger = new PartitionLedger();
  /**
   * Ids of the outbox rows of the last batch Kafka acknowledged, not yet deleted: the next read
   * deletes them in its own statement (readOutboxSettled): the next pass's, woken by an append or
   * by the poll, so a pass after a NOTIFY is one round trip; or publishPending, or releasing the session.
   */
  private published: readonly string[] = [];
  /** What the batch that failed last held, for the outage's log line (an operator follows its correlation ids). */
  private failedBatch: { readonly events: number; readonly correlationIds: readonly string[] } | null = null;
  /** Serialises publishing between the loop and direct publishPending() calls. */
  private exclusive: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly kafka: KafkaConnection,
    private readonly opts: OutboxRelayOptions,
  ) {
    this.s = `"${assertSchemaName(opts.schema)}"`;
    this.channel = outboxChannel(opts.schema);
    this.batchSize = opts.batchSize ?? 500;
    this.pollIntervalMs = opts.pollIntervalMs ?? 200;
    this.tailMs = Math.min(opts.tailMs ?? 10, this.pollIntervalMs);
    this.maxBackoffMs = opts.maxBackoffMs ?? 5_000;
    this.lockRetryMs = opts.lockRetryMs ?? 1_000;
    this.logger = opts.logger ?? consoleLogger;
  }

  /** Starts relaying in the background; never waits for Kafka. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.loop;
    this.loop = null;
    await this.serially(async () => {
      await this.releaseSession();
      await this.closeProducer();
    });
  }

  /**
   * Publishes everything pending now and returns how many messages went out; 0 when another
   * instance holds the outbox. What it published is deleted before it returns. Throws when Kafka
   * or PostgreSQL fails (the running loop retries).
   */
  publishPending(): Promise<number> {
    return this.serially(async () => {
      if (!(await this.holdSession())) return 0;
      const total = await this.pass(this.session!);
      await this.deletePublished(this.session!);
      return total;
    });
  }

  /** The loop's pass: publishPending without the final delete (the next pass's read does it); null when another instance relays. */
  private relayPass(): Promise<number | null> {
    return this.serially(async () => ((await this.holdSession()) ? this.pass(this.session!) : null));
  }

  /**
   * Reads and publishes until a read finds less than a batch and came after a moment when no append
   * that left the NOTIFY to another one was in flight (readOutboxSettled): those commit after their
   * notifier, whose NOTIFY woke this pass, and would otherwise wait for the poll. A read that found
   * nothing, and nothing before it in the pass, ends it too (a skipper's notifier has not committed
   * yet: its NOTIFY wakes the next pass).
   */
  private async pass(session: PoolClient): Promise<number> {
    let total = 0;
    for (let round = 0; ; ) {
      const { settled, entries } = await readOutboxSettled(session, this.opts.schema, this.batchSize, this.published);
      this.published = [];
      total += await this.publishBatch(entries);
      if (entries.length === this.batchSize) continue;
      if (settled || total === 0 || ++round >= SETTLE_ROUNDS) return total;
      await new Promise((resolve) => setTimeout(resolve, this.tailMs));
    }
  }

  private async deletePublished(session: PoolClient): Promise<void> {
    if (this.published.length === 0) return;
    await session.query(`DELETE FROM ${this.s}.outbox WHERE id = ANY($1::bigint[])`, [this.published]);
    this.published = [];
  }

  private async run(): Promise<void> {
    let backoff = 0;
    let outage = null as { since: number; reason: string } | null;
    let waitingForLock = false;
    while (this.running) {
      // An outage line names the batch of this attempt only (a PostgreSQL failure after a Kafka one has none).
      this.failedBatch = null;
      try {
        const published = await this.relayPass();
        if (published === null) {
          if (!waitingForLock) this.logger('info', `outbox relay ${this.opts.schema}: another instance is relaying; waiting for its lock`);
          waitingForLock = true;
          await this.sleeper.sleep(this.lockRetryMs);
          continue;
        }
        waitingForLock = false;
        if (outage) {
          this.logger('info', `outbox relay ${this.opts.schema}: relaying again after ${Math.round((Date.now() - outage.since) / 1000)} s`, {
            published,
          });
          outage = null;
        }
        backoff = 0;
        // Woken by the next append's NOTIFY; its pass's read deletes what this one published.
        await this.sleeper.sleep(this.pollIntervalMs);
      } catch (error) {
        const failure: PublishFailureReason = isKafkaError(error) ? 'kafka' : isConnectionError(error) ? 'postgres' : 'other';
        this.opts.onPublishFailure?.(failure);
        const reason = FAILURE_TEXT[failure];
        if (outage?.reason !== reason) {
          // Once per outage, not once per attempt: the outbox simply grows meanwhile.
          this.logger('warn', `outbox relay ${this.opts.schema}: ${reason}; events wait in the outbox, retrying`, {
            error: errorText(error),
            ...(this.failedBatch ?? {}),
          });
          outage = { since: outage?.since ?? Date.now(), reason };
        }
        await this.serially(() => this.closeProducer());
        backoff = nextBackoff(backoff, this.pollIntervalMs, this.maxBackoffMs);
        // NOTIFYs from appends must not turn the backoff into a busy loop.
        this.sleeper.reset();
        await this.sleeper.sleep(backoff);
      }
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.exclusive.then(work);
    this.exclusive = result.catch(() => undefined);
    return result;
  }

  /** Takes (or keeps) the outbox lock on a dedicated session that also LISTENs for appends. */
  private async holdSession(): Promise<boolean> {
    if (this.session && !this.sessionBroken) return true;
    await this.releaseSession();
    const session = await this.pool.connect();
    this.sessionBroken = false;
    // A checked-out client that loses its connection emits 'error'; unhandled, it would end the process.
    const onError = (): void => {
      this.sessionBroken = true;
    };
    session.on('error', onError);
    try {
      const { rows } = await session.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtextextended('budget.outbox-relay:' || $1, 0)) AS locked`,
        [this.opts.schema],
      );
      if (!rows[0]?.locked) {
        session.off('error', onError);
        session.release();
        return false;
      }
      await session.query(`LISTEN "${this.channel}"`);
      session.on('notification', (n: Notification) => {
        if (n.channel === this.channel) this.sleeper.wake();
      });
      this.session = session;
      return true;
    } catch (error) {
      session.off('error', onError);
      session.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  private async releaseSession(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = null;
    session.removeAllListeners('notification');
    if (this.sessionBroken) {
      session.release(true);
      return;
    }
    try {
      await this.deletePublished(session);
      // The session goes back to the pool: it must not keep the lock or the subscription.
      await session.query(`UNLISTEN "${this.channel}"`);
      await session.query(`SELECT pg_advisory_unlock(hashtextextended('budget.outbox-relay:' || $1, 0))`, [this.opts.schema]);
      session.removeAllListeners('error');
      session.release();
    } catch (error) {
      session.release(error instanceof Error ? error : true);
    }
  }

  /** Publishes rows read from the outbox; their ids wait in `published` for the next read to delete them. */
  private async publishBatch(rows: readonly OutboxEntry[]): Promise<number> {
    if (rows.length === 0) return 0;
    const byTopic = new Map<string, Message[]>();
    const spans: Span[] = [];
    for (const row of rows) {
      if (!row.event) {
        // Cannot happen through append (row and event commit together); someone deleted the event.
        this.logger('error', `outbox relay ${this.opts.schema}: outbox row ${row.id} names event ${row.eventId}, which is not in the events table; dropping the row`);
        continue;
      }
      const messages = byTopic.get(row.topic) ?? [];
      if (messages.length === 0) byTopic.set(row.topic, messages);
      // W3C trace context (traceparent) next to the event's own headers; none when tracing is off.
      const { span, headers: traceHeaders } = startPublishSpan(row.event, row.topic);
      spans.push(span);
      messages.push({
        key: row.messageKey,
        value: JSON.stringify(row.event),
        headers: { 'event-id': row.event.eventId, 'event-type': row.event.type, 'schema-version': String(row.event.schemaVersion), ...traceHeaders },
      });
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    if (topicMessages.length > 0) {
      try {
        const producer = await this.connectedProducer();
        this.ledger.begin();
        const acknowledged = await producer.sendBatch({ topicMessages, acks: -1 });
        const missing = this.ledger.missing(acknowledged);
        if (missing.length > 0) throw new UnacknowledgedPartitionsError(missing);
      } catch (error) {
        for (const span of spans) endSpan(span, error);
        this.failedBatch = { events: spans.length, correlationIds: batchCorrelationIds(rows) };
        throw error;
      }
    }
    for (const span of spans) endSpan(span);
    const ids = rows.map((r) => r.id);
    await this.opts.afterPublish?.(ids);
    this.published = ids;
    return rows.length;
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({
      // One request in flight per broker keeps a stream's messages in order across retries.
      maxInFlightRequests: 1,
      // Idempotent (with acks=all, see publishBatch): a retry after a lost acknowledgement, e.g. while a
      // partition's leader moves to another broker, is not written twice. Keys are stream ids and the
      // default partitioner is Java's murmur2, so every stream stays in one partition, in order.
      idempotent: true,
      allowAutoTopicCreation: false,
      createPartitioner: this.ledger.noting(Partitioners.DefaultPartitioner),
      // Few retries inside kafkajs (kafkajs warns that this limits idempotence to those retries): the
      // relay loop retries with its own backoff and a new producer, and consumers de-duplicate by event id.
      retry: { retries: 2, initialRetryTime: 300, maxRetryTime: 2_000 },
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    return producer;
  }

  /** A producer that failed is replaced: kafkajs does not always recover one after a broker restart. */
  private async closeProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }
}

const FAILURE_TEXT: Readonly<Record<PublishFailureReason, string>> = { kafka: 'Kafka unavailable', postgres: 'PostgreSQL unavailable', other: 'publishing failed' };

/** The distinct correlation ids of a batch's events, at most 20 (a log line stays a line). */
function batchCorrelationIds(rows: readonly OutboxEntry[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.event) ids.add(row.event.correlationId);
    if (ids.size === 20) break;
  }
  return [...ids];
}

function isKafkaError(error: unknown): boolean {
  return error instanceof UnacknowledgedPartitionsError || (error instanceof Error && error.name.startsWith('KafkaJS'));
}
