import { type EachBatchPayload } from 'kafkajs';
import { type MessagingLogger, errorText } from './logger';

/**
 * How often the offsets of settled messages are committed to Kafka while messages come, and how
 * long after the last batch the rest is. kafkajs' autoCommit commits after every batch: at one
 * message per batch that was half of the broker's requests in B4. An offset committed later costs
 * only messages handled again after a crash or a rebalance, and their processed-event records make
 * them duplicates.
 */
export const COMMIT_INTERVAL_MS = 1_000;

/**
 * A consumer's offset commits, in place of kafkajs' autoCommit: each batch commits what is settled
 * when COMMIT_INTERVAL_MS has passed since the last commit (kafkajs' own interval check,
 * `commitOffsetsIfNecessary()`); what the last batch settled is committed COMMIT_INTERVAL_MS after
 * it if no batch came, when a rebalance starts (heartbeat), and when the consumer stops.
 */
export class OffsetCommitter {
  /** The batches being handled (several with partitionsConsumedConcurrently), waited for by stop. */
  private readonly batches = new Set<Promise<void>>();
  /** The latest batch's payload: its commit functions serve the whole group membership. */
  private lastBatch: EachBatchPayload | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly logger: MessagingLogger,
  ) {}

  /** Runs a batch's handling, then sees that what it settled is committed soon. */
  async track(payload: EachBatchPayload, handle: () => Promise<void>): Promise<void> {
    this.lastBatch = payload;
    const batch = handle();
    this.batches.add(batch);
    try {
      await batch;
    } finally {
      this.batches.delete(batch);
      if (!this.stopped && this.timer === null) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.commitSettled();
        }, COMMIT_INTERVAL_MS).unref();
      }
    }
  }

  /** The batch's heartbeat; when it finds the group rebalancing, what was settled is committed for the partitions' next owner first, as kafkajs' autoCommit did. */
  async heartbeat(payload: EachBatchPayload): Promise<void> {
    try {
      await payload.heartbeat();
    } catch (error) {
      if (isRebalancing(error)) await this.commitSettled();
      throw error;
    }
  }

  /** Commits every offset resolved and not yet committed. A failure (a rebalance, the broker away) only means those messages come again. */
  async commitSettled(): Promise<void> {
    const payload = this.lastBatch;
    if (!payload) return;
    try {
      const pending = payload.uncommittedOffsets();
      if (pending.topics.some((t) => t.partitions.length > 0)) await payload.commitOffsetsIfNecessary(pending);
    } catch (error) {
      this.logger('warn', `${this.name}: offsets not committed; their messages may come again`, { error: errorText(error) });
    }
  }

  /** Waits for the batches in progress (they end at their next chunk once the consumer is stopping) and commits what they settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.batches]);
    await this.commitSettled();
    this.lastBatch = null;
  }
}

/** kafkajs' own test for the errors of a group that is rebalancing (its errors.js isRebalancing). */
function isRebalancing(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'NOT_COORDINATOR_FOR_GROUP' || type === 'ILLEGAL_GENERATION';
}
