import { IdempotentConsumer, type IdempotentConsumerOptions, type KafkaConnection, type MessagingLogger } from '@budget/messaging';
import { type Pool } from 'pg';
import { RebuildLogWriter } from './rebuild-log.writer';
import { REPORTING_SCHEMA } from './report-store';

export interface BatchCopierOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Name the dead letters are recorded under. */
  readonly consumerName: string;
  readonly generation: number;
  /** Per `topic:partition`: the end offset of the rebuild; messages at or after it are left to the live copy. */
  readonly ends: ReadonlyMap<string, bigint>;
  readonly logger: MessagingLogger;
  /** Called after each settled chunk: the partition, the last offset settled and messages left to the live copy. */
  readonly onProgress: (key: string, offset: bigint, skipped: number) => void;
  /**
   * Called with the events a chunk wrote into the copy: not those the copy had already (a message
   * handled again after a rebalance), nor those it refused (dead-lettered).
   */
  readonly onCopied: (events: number) => void;
}

/** Messages per transaction. */
const CHUNK = 1_000;

/**
 * Consumers in the rebuild's group, each with its own fetches, one partition at a time: the writer
 * folds one consumer's chunk while the server writes another's, and one fetches while the others'
 * chunks are folded (a kafkajs consumer fetches from a broker again only once it has handled all of
 * its last fetch).
 */
const CONSUMERS = 3;

/** Large fetches: a rebuild reads the log from its start, and a transaction per chunk wants full chunks. */
const FETCH = { maxWaitTimeInMs: 500, maxBytesPerPartition: 8 * 1024 * 1024, maxBytes: 32 * 1024 * 1024 };

export function partitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/**
 * The rebuild's reader of the topics: the messaging library's consumer (its chunks, retries and
 * dead letters) with the rebuild's writer (RebuildLogWriter: the read models folded in memory, the
 * copy written with COPY into the generation's detached partition), a transaction per chunk of
 * 1,000 messages and without processed events: a redelivered message is found in the partition
 * (its stream's head is past it) and is a no-op. Three consumers share the group's partitions and
 * the writer: their transactions run side by side, the writer takes their chunks in turn and folds
 * the next while the server writes the last, and commits a chunk in the round trip of its writes. Messages at or after the rebuild's end offsets are passed over, left to the live copy.
 * Commits are asynchronous (synchronous_commit off): a crash loses the rebuild, which is started
 * again, never the live copy; the switch-over copies across anything the live copy has and this one lacks.
 */
export class BatchCopier {
  private readonly consumers: IdempotentConsumer[];

  constructor(pool: Pool, kafka: KafkaConnection, opts: BatchCopierOptions) {
    const writer = new RebuildLogWriter(opts.generation);
    const options: IdempotentConsumerOptions = {
      groupId: opts.groupId,
      topics: opts.topics,
      schema: REPORTING_SCHEMA,
      consumerName: opts.consumerName,
      fromBeginning: true,
      logger: opts.logger,
      chunkSize: CHUNK,
      fetch: FETCH,
      partitionsConsumedConcurrently: 1,
      recordProcessed: false,
      accept: (raw) => BigInt(raw.offset) < (opts.ends.get(partitionKey(raw.topic, raw.partition)) ?? 0n),
      beginTransaction: async (tx) => {
        await tx.query('SET LOCAL synchronous_commit = off');
      },
      handle: async (event, tx, raw) => {
        const [result] = await writer.append(tx, [{ event, source: raw }]);
        if (result?.outcome === 'refused') throw result.error;
        if (result?.outcome === 'copied') opts.onCopied(1);
      },
      handleChunk: async (items, tx, context) => {
        const results = await writer.append(
          tx,
          items.map(({ event, raw, value }) => ({ event, source: raw, received: value })),
          context?.end,
        );
        opts.onCopied(results.filter((r) => r.outcome === 'copied').length);
        return results.map((r) => (r.outcome === 'refused' ? r.error : null));
      },
      onSettled: (p) => opts.onProgress(partitionKey(p.topic, p.partition), BigInt(p.offset), p.passed),
    };
    this.consumers = Array.from({ length: CONSUMERS }, () => new IdempotentConsumer(pool, kafka, options));
  }

  /** Starts the consumers together, so that they join the group in one rebalance rather than one after another. */
  async start(): Promise<void> {
    const started = await Promise.allSettled(this.consumers.map((c) => c.start()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await this.stop().catch(() => undefined);
      throw failed.reason;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}
