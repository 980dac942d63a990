import { type Logger } from '@nestjs/common';
import { type Actor } from '@budget/domain';
import { type KafkaConnection } from '@budget/messaging';
import { consumerGroup, nestLogger, type PlatformConfig } from '@budget/platform';
import { REPORTING_GROUP } from '../consumer/report-log.consumer';
import { indexAndAttach } from '../infrastructure/event-log-partitions';
import { appendEvent, UnprojectableEventError } from '../infrastructure/event-log.writer';
import { type Generations } from '../infrastructure/generations.repository';
import { type ReportQueries } from '../infrastructure/report-queries';
import { type ReportStore } from '../infrastructure/report-store';
import { BatchCopier, partitionKey } from '../infrastructure/batch-copier';
import { checksums, compareChecksums } from './checksums';
import { type PartitionTarget, type RebuildComparison, type RebuildReport, type RebuildState, type RebuildTrigger, RUNNING } from './rebuild.types';

const POLL_MS = 250;
const LIVE_WAIT_MS = 120_000;
const STALL_MS = 180_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class RebuildMismatch extends Error {
  constructor(readonly comparison: RebuildComparison) {
    super('rebuilt tables differ from the live ones');
  }
}

/** What a rebuild works with. */
export interface RebuildDeps {
  readonly store: ReportStore;
  readonly generations: Generations;
  readonly queries: ReportQueries;
  readonly kafka: KafkaConnection;
  readonly config: PlatformConfig;
  readonly logger: Logger;
}

/**
 * One rebuild of the reporting copy and its read models, from offset 0 of both topics into a new
 * generation, beside the live one (which keeps answering):
 *
 * 1. The end offsets of every partition are taken; a consumer group of its own reads from 0 and
 *    copies every message before them into the new generation (BatchCopier; dead letters under a
 *    consumer name of its own): into a partition of event_log of its own, detached and without
 *    indexes, whose indexes are built once the copy is complete, before it is attached.
 * 2. When it has reached them, the live consumer group must have reached them too (its committed
 *    offsets), so the live copy holds at least the same events.
 * 3. In one transaction that holds the live appends (active_generation FOR UPDATE): the events the
 *    live copy received since (after the end offsets) are appended to the new generation, every
 *    table's checksum is compared, and on equality (or for new read model versions) the active
 *    generation changes.
 */
export class Rebuild {
  status: RebuildState = 'copying';
  private message = '正在从 Kafka 主题的起点复制事件';
  private readonly startedAt = new Date();
  private finishedAt: Date | null = null;
  private targets: PartitionTarget[] = [];
  private readonly handled = new Map<string, bigint>();
  private readonly committed = new Map<string, bigint>();
  private copied = 0;
  private skipped = 0;
  private comparison: RebuildComparison | null = null;
  private error: string | null = null;
  private consumer: BatchCopier | null = null;
  private aborted = false;
  readonly groupId: string;
  readonly consumerName: string;

  constructor(
    readonly id: string,
    readonly generation: number,
    readonly previous: number,
    private readonly actor: Actor,
    readonly trigger: RebuildTrigger,
    private readonly deps: RebuildDeps,
  ) {
    this.groupId = consumerGroup(deps.config, `${REPORTING_GROUP}-rebuild-${id}`);
    this.consumerName = `reporting-rebuild-${generation}`;
  }

  private get topics(): string[] {
    return [this.deps.config.kafka.topics.targets, this.deps.config.kafka.topics.reviews];
  }

  report(): RebuildReport {
    const total = this.targets.reduce((n, t) => n + Number(BigInt(t.high) - BigInt(t.low)), 0);
    const done = this.targets.reduce((n, t) => n + Number(this.doneOf(t) - BigInt(t.low)), 0);
    const end = this.finishedAt ?? new Date();
    return {
      rebuildId: this.id,
      trigger: this.trigger,
      generation: this.generation,
      previousGeneration: this.previous,
      status: this.status,
      message: this.message,
      requestedBy: { id: this.actor.id, role: this.actor.role },
      startedAt: this.startedAt.toISOString(),
      finishedAt: this.finishedAt?.toISOString() ?? null,
      durationMs: end.getTime() - this.startedAt.getTime(),
      targets: this.targets,
      progress: {
        messagesTotal: total,
        messagesDone: done,
        percent: total === 0 ? 100 : Math.floor((done * 1000) / total) / 10,
        eventsCopied: this.copied,
        skippedAfterTarget: this.skipped,
      },
      comparison: this.comparison,
      error: this.error,
    };
  }

  async abort(reason: string): Promise<void> {
    if (!RUNNING.includes(this.status)) return;
    this.aborted = true;
    this.fail(reason);
    await this.consumer?.stop().catch(() => undefined);
  }

  async execute(): Promise<void> {
    try {
      await this.copy();
      if (this.aborted) return;
      this.message = '复制完成，正在建立新一代事件副本的索引';
      await indexAndAttach(this.deps.store.pool, this.generation);
      if (this.aborted) return;
      this.status = 'waiting_for_live';
      this.message = '复制完成，等待实时消费者追上同一位置';
      await this.waitForLive();
      if (this.aborted) return;
      this.status = 'comparing';
      this.message = '比较重建结果与实时报表的校验值';
      await this.compareAndSwitch();
    } catch (error) {
      if (error instanceof RebuildMismatch) {
        this.comparison = error.comparison;
        this.status = 'mismatch';
        this.message = `重建结果与实时报表不一致（${error.comparison.differences.length} 张表不同），未切换；实时报表保持第 ${this.previous} 代`;
        this.finishedAt = new Date();
      } else if (!this.aborted) {
        this.fail(error instanceof Error ? error.message : String(error));
      }
    } finally {
      await this.cleanUp();
    }
  }

  private fail(reason: string): void {
    this.status = 'failed';
    this.error = reason;
    this.message = `重建失败：${reason}`;
    this.finishedAt = new Date();
    this.deps.logger.error(`rebuild ${this.id} failed: ${reason}`);
  }

  private doneOf(t: PartitionTarget): bigint {
    const key = partitionKey(t.topic, t.partition);
    const handled = (this.handled.get(key) ?? BigInt(t.low) - 1n) + 1n;
    const committed = this.committed.get(key) ?? 0n;
    const done = handled > committed ? handled : committed;
    const high = BigInt(t.high);
    const low = BigInt(t.low);
    return done > high ? high : done < low ? low : done;
  }

  private async copy(): Promise<void> {
    const admin = this.deps.kafka.admin();
    await admin.connect();
    try {
      for (const topic of this.topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) this.targets.push({ topic, partition: p.partition, low: p.low, high: p.high });
      }
      this.targets.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
      this.deps.logger.log(`rebuild ${this.id} into generation ${this.generation}: ${this.report().progress.messagesTotal} messages to copy`);
      if (this.targets.every((t) => t.high === t.low)) return;

      this.consumer = new BatchCopier(this.deps.store.pool, this.deps.kafka, {
        groupId: this.groupId,
        topics: this.topics,
        consumerName: this.consumerName,
        generation: this.generation,
        ends: new Map(this.targets.map((t) => [partitionKey(t.topic, t.partition), BigInt(t.high)])),
        logger: nestLogger(`Rebuild ${this.generation}`),
        onProgress: (key, offset, skipped) => {
          if (offset > (this.handled.get(key) ?? -1n)) this.handled.set(key, offset);
          this.skipped += skipped;
        },
        onCopied: (events) => (this.copied += events),
      });
      await this.consumer.start();

      let lastProgress = -1;
      let lastChange = Date.now();
      let lastCommitCheck = 0;
      while (!this.aborted) {
        if (Date.now() - lastCommitCheck > 1_000) {
          lastCommitCheck = Date.now();
          // Dead-lettered messages never reach the handler; the group's committed offsets count them.
          for (const t of await admin.fetchOffsets({ groupId: this.groupId, topics: this.topics })) {
            for (const p of t.partitions) if (Number(p.offset) >= 0) this.committed.set(partitionKey(t.topic, p.partition), BigInt(p.offset));
          }
        }
        if (this.targets.every((t) => this.doneOf(t) >= BigInt(t.high))) break;
        const done = this.report().progress.messagesDone;
        if (done !== lastProgress) {
          lastProgress = done;
          lastChange = Date.now();
        } else if (Date.now() - lastChange > STALL_MS) {
          throw new Error(`复制停滞：${STALL_MS / 1000} 秒内没有进展（已完成 ${done} 条消息）`);
        }
        await sleep(POLL_MS);
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
      await this.consumer?.stop().catch((e: unknown) => this.deps.logger.warn(`rebuild consumer did not stop cleanly: ${String(e)}`));
    }
  }

  private async waitForLive(): Promise<void> {
    const admin = this.deps.kafka.admin();
    await admin.connect();
    try {
      const deadline = Date.now() + LIVE_WAIT_MS;
      for (;;) {
        const offsets = new Map<string, bigint>();
        for (const t of await admin.fetchOffsets({ groupId: consumerGroup(this.deps.config, REPORTING_GROUP), topics: this.topics })) {
          for (const p of t.partitions) offsets.set(partitionKey(t.topic, p.partition), BigInt(p.offset));
        }
        const behind = this.targets.filter((t) => BigInt(t.high) > BigInt(t.low) && (offsets.get(partitionKey(t.topic, t.partition)) ?? -1n) < BigInt(t.high));
        if (behind.length === 0 || this.aborted) return;
        if (Date.now() > deadline) {
          throw new Error(`实时消费者在 ${LIVE_WAIT_MS / 1000} 秒内未追上重建的终点（落后分区：${behind.map((t) => partitionKey(t.topic, t.partition)).join('、')}）`);
        }
        await sleep(500);
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async compareAndSwitch(): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const { generations, queries } = this.deps;
      const live = await generations.lockActive(tx, 'update');
      if (live !== this.previous) throw new Error(`实时报表已是第 ${live} 代（重建开始时是第 ${this.previous} 代）`);
      let carried = 0;
      for await (const missing of queries.eventsMissingFrom(live, this.generation, tx)) {
        try {
          await appendEvent(tx, this.generation, missing.envelope, missing.source);
        } catch (error) {
          if (error instanceof UnprojectableEventError) throw new Error(`实时副本中的事件无法应用到重建结果：${error.message}`);
          throw error;
        }
        carried++;
      }
      const onlyInRebuilt = await queries.countMissingFrom(this.generation, live, tx);
      const liveSums = await checksums(queries, generations, live, tx);
      const rebuiltSums = await checksums(queries, generations, this.generation, tx);
      const comparison = compareChecksums(liveSums, rebuiltSums, { carriedOverFromLive: carried, onlyInRebuilt });
      // A rebuild for new read model versions is there to change the rows: it switches whatever the comparison says, and records it.
      if (!comparison.equal && this.trigger.kind === 'requested') throw new RebuildMismatch(comparison);
      await generations.switchActive(tx, live, this.generation);
      this.comparison = comparison;
    });
    this.status = 'switched';
    this.finishedAt = new Date();
    const c = this.comparison!;
    this.message = c.equal
      ? `重建完成：${c.rebuilt.tables.length} 张表的校验值与实时报表一致（${c.rebuilt.checksum.slice(0, 16)}…），已切换到第 ${this.generation} 代`
      : `重建完成：报表数据结构版本已更新，${c.differences.length} 张表与旧版不同，已切换到第 ${this.generation} 代`;
    this.deps.logger.log(`rebuild ${this.id}: ${this.message}`);
  }

  private async cleanUp(): Promise<void> {
    // Its dead letters stay (under the rebuild's consumer name); its consumer group goes.
    const admin = this.deps.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (error) {
      this.deps.logger.warn(`rebuild ${this.id}: consumer group ${this.groupId} not deleted: ${String(error)}`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

