import { type RecordedEvent } from '@budget/domain';
import { isConnectionError, type KafkaConnection, type MessagingLogger, parseRecordedEvent } from '@budget/messaging';
import { type Consumer, type EachBatchPayload, type KafkaMessage } from 'kafkajs';
import { type PoolClient } from 'pg';
import { type ReportStore, type SourceInfo } from '../infrastructure/report-store';

export interface BatchCopierOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Name the dead letters are recorded under. */
  readonly consumerName: string;
  readonly generation: number;
  /** Per `topic:partition`: the end offset of the rebuild; messages at or after it are left to the live copy. */
  readonly ends: ReadonlyMap<string, bigint>;
  readonly logger: MessagingLogger;
  /** Called after each committed chunk: the partition, the last offset handled, events copied and messages left to the live copy. */
  readonly onProgress: (key: string, offset: bigint, copied: number, skipped: number) => void;
}

/** Messages per transaction. */
const CHUNK = 1_000;
const MAX_ERROR_TEXT = 8_000;

function describe(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

type Parsed = { readonly message: KafkaMessage; readonly source: SourceInfo; readonly key: string | null } & (
  | { readonly event: RecordedEvent; readonly error: null }
  | { readonly event: null; readonly error: unknown }
);

/**
 * The rebuild's reader of the topics: the same append as the live consumer, but a transaction per
 * chunk of a Kafka batch instead of one per message (a rebuild of a long log is bound by round
 * trips), and without processed_events: the new generation's own unique event ids make a
 * redelivered message a no-op. What cannot be applied is dead-lettered in the same transaction.
 * Commits are asynchronous (synchronous_commit off): a crash loses the rebuild, which is started
 * again, never the live copy; the switch-over copies across anything the live copy has and this one lacks.
 */
export class BatchCopier {
  private consumer: Consumer | null = null;
  private running = false;

  constructor(
    private readonly store: ReportStore,
    private readonly kafka: KafkaConnection,
    private readonly opts: BatchCopierOptions,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    const consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
      // Large fetches: a rebuild reads the log from its start, and a transaction per chunk wants full chunks.
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000, restartOnFailure: () => Promise.resolve(true) },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.opts.topics], fromBeginning: true });
    await consumer.run({ autoCommit: true, autoCommitInterval: 1_000, eachBatchAutoResolve: false, eachBatch: (payload) => this.eachBatch(payload) });
  }

  async stop(): Promise<void> {
    this.running = false;
    const consumer = this.consumer;
    this.consumer = null;
    await consumer?.disconnect();
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const key = `${batch.topic}:${batch.partition}`;
    const end = this.opts.ends.get(key) ?? 0n;
    for (let i = 0; i < batch.messages.length; i += CHUNK) {
      if (!this.running || !payload.isRunning() || payload.isStale()) return;
      const chunk = batch.messages.slice(i, i + CHUNK);
      const wanted = chunk.filter((m) => BigInt(m.offset) < end).map((message): Parsed => {
        const source: SourceInfo = { topic: batch.topic, partition: batch.partition, offset: message.offset };
        const k = message.key?.toString('utf8') ?? null;
        try {
          return { message, source, key: k, event: parseRecordedEvent(message.value), error: null };
        } catch (error) {
          return { message, source, key: k, event: null, error };
        }
      });
      const copied = wanted.length === 0 ? 0 : await this.copy(wanted);
      if (copied === null) return;
      const last = chunk[chunk.length - 1]!.offset;
      payload.resolveOffset(last);
      this.opts.onProgress(key, BigInt(last), copied, chunk.length - wanted.length);
      await payload.commitOffsetsIfNecessary();
      await payload.heartbeat();
    }
  }

  /** Copies a chunk in one transaction; on an unexpected error, message by message. Null when stopped meanwhile. */
  private async copy(chunk: readonly Parsed[]): Promise<number | null> {
    for (let backoff = 200; ; backoff = Math.min(backoff * 2, 5_000)) {
      try {
        return await this.store.transaction((tx) => this.apply(tx, chunk));
      } catch (error) {
        if (isConnectionError(error)) {
          this.opts.logger('warn', `rebuild ${this.opts.consumerName}: database unavailable; retrying`, { error: describe(error) });
          if (!this.running) return null;
          await new Promise((resolve) => setTimeout(resolve, backoff));
          continue;
        }
        if (chunk.length === 1) {
          await this.deadLetter(this.store.pool, chunk[0]!, error);
          return 0;
        }
        // Something in the chunk broke the transaction: find it, one message per transaction.
        let copied = 0;
        for (const one of chunk) {
          const n = await this.copy([one]);
          if (n === null) return null;
          copied += n;
        }
        return copied;
      }
    }
  }

  private async apply(tx: PoolClient, chunk: readonly Parsed[]): Promise<number> {
    await tx.query('SET LOCAL synchronous_commit = off');
    const readable = chunk.filter((item): item is Parsed & { event: RecordedEvent } => item.event !== null);
    const results = await this.store.appendMany(
      tx,
      this.opts.generation,
      readable.map((item) => ({ event: item.event, source: item.source })),
    );
    for (const item of chunk) if (item.event === null) await this.deadLetter(tx, item, item.error);
    let copied = 0;
    for (const [n, result] of results.entries()) {
      if (result.outcome === 'copied') copied++;
      else if (result.outcome === 'refused') await this.deadLetter(tx, readable[n]!, result.error);
    }
    return copied;
  }

  private async deadLetter(db: Pick<PoolClient, 'query'>, item: Parsed, error: unknown): Promise<void> {
    this.opts.logger('warn', `rebuild ${this.opts.consumerName}: message dead-lettered`, { ...item.source, error: describe(error).split('\n')[0] });
    await db.query(
      `INSERT INTO dead_letters (consumer, topic, partition, "offset", message_key, payload, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (consumer, topic, partition, "offset") DO NOTHING`,
      [this.opts.consumerName, item.source.topic, item.source.partition, item.source.offset, item.key, item.message.value?.toString('utf8') ?? null, describe(error)],
    );
  }
}
