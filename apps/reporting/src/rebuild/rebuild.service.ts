import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Actor, DomainError, reportTableFor } from '@budget/domain';
import { type KafkaConnection } from '@budget/messaging';
import { consumerGroup, KAFKA, nestLogger, PLATFORM_CONFIG, type PlatformConfig } from '@budget/platform';
import { type PoolClient } from 'pg';
import { BatchCopier } from './batch-copier';
import { REPORTING_GROUP } from '../consumer/report-log.consumer';
import { tableChecksum } from '../exports';
import { ReportStore, UnprojectableEventError } from '../infrastructure/report-store';
import { orderTable } from '../projection/table-order';

export type RebuildState = 'copying' | 'waiting_for_live' | 'comparing' | 'switched' | 'mismatch' | 'failed';
const RUNNING: readonly RebuildState[] = ['copying', 'waiting_for_live', 'comparing'];

export interface PartitionTarget {
  readonly topic: string;
  readonly partition: number;
  readonly low: string;
  /** The end of the partition when the rebuild started: the rebuild copies everything before it. */
  readonly high: string;
}

export interface GenerationChecksums {
  readonly generation: number;
  readonly events: number;
  /** SHA-256 over the per-table checksums, in department/year order. */
  readonly checksum: string;
  readonly tables: readonly { readonly departmentId: string; readonly fiscalYear: number; readonly checksum: string }[];
}

export interface RebuildComparison {
  readonly equal: boolean;
  readonly live: GenerationChecksums;
  readonly rebuilt: GenerationChecksums;
  readonly differences: readonly { readonly departmentId: string; readonly fiscalYear: number; readonly live: string | null; readonly rebuilt: string | null }[];
  /** Events the live copy received after the rebuild's end offsets, carried over before the comparison. */
  readonly carriedOverFromLive: number;
  /** Events only the rebuilt copy has (the live consumer dead-lettered or never saw them). */
  readonly onlyInRebuilt: number;
}

export interface RebuildReport {
  readonly rebuildId: string;
  readonly generation: number;
  readonly previousGeneration: number;
  readonly status: RebuildState;
  readonly message: string;
  readonly requestedBy: { readonly id: string; readonly role: string };
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number;
  readonly targets: readonly PartitionTarget[];
  readonly progress: {
    readonly messagesTotal: number;
    readonly messagesDone: number;
    readonly percent: number;
    readonly eventsCopied: number;
    readonly skippedAfterTarget: number;
  };
  readonly comparison: RebuildComparison | null;
  readonly error: string | null;
}

/** Key of the rebuild's advisory lock (an arbitrary constant, unique among this database's advisory locks). */
export const REBUILD_LOCK = '7301942200018814';

const POLL_MS = 250;
const LIVE_WAIT_MS = 120_000;
const STALL_MS = 180_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class RebuildMismatch extends Error {
  constructor(readonly comparison: RebuildComparison) {
    super('rebuilt tables differ from the live ones');
  }
}

/**
 * Rebuilds the reporting copy and its projection from offset 0 of both topics into a new
 * generation, beside the live one (which keeps answering), compares the checksums of every table
 * with the live ones and switches over when they are equal.
 *
 * 1. The end offsets of every partition are taken; a consumer group of its own reads from 0 and
 *    copies every message before them into the new generation (the live consumer's append, in a
 *    transaction per chunk of a batch: see BatchCopier; dead letters under a consumer name of its own).
 * 2. When it has reached them, the live consumer group must have reached them too (its committed
 *    offsets), so the live copy holds at least the same events.
 * 3. In one transaction that holds the live appends (active_generation FOR UPDATE): the events the
 *    live copy received since (after the end offsets) are appended to the new generation, every
 *    table's checksum is compared, and on equality the active generation changes.
 */
@Injectable()
export class RebuildService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Rebuild');
  private current: Rebuild | null = null;

  constructor(
    private readonly store: ReportStore,
    @Inject(KAFKA) private readonly kafka: KafkaConnection,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async start(actor: Actor): Promise<RebuildReport> {
    if (this.current && RUNNING.includes(this.current.status)) {
      throw new DomainError('ILLEGAL_STATE', `重建 ${this.current.id} 正在进行中（${this.current.status}），请等它结束`, { rebuildId: this.current.id });
    }
    const lock = await this.singleFlight();
    let run: Rebuild;
    try {
      const rebuildId = randomUUID();
      const previous = await this.store.activeGeneration();
      const generation = await this.store.createGeneration(rebuildId);
      run = new Rebuild(rebuildId, generation, previous, actor, this.store, this.kafka, this.config, this.logger);
      this.current = run;
      await this.persist(run);
    } catch (error) {
      await lock.release();
      throw error;
    }
    void run
      .execute()
      .then(() => this.persist(run))
      .finally(() => lock.release())
      // Deleting the rows of old generations competes with a copy for the disk: afterwards, in the background.
      .then(() => this.discardOldGenerations(run.status === 'switched' ? null : run.generation))
      .catch((e: unknown) => this.logger.error(`rebuild ${run.id}: ${String(e)}`));
    return run.report();
  }

  /**
   * One rebuild at a time across every reporting process on this database: a session advisory lock,
   * held by a connection of its own for the whole rebuild (released with the session if the process dies).
   */
  private async singleFlight(): Promise<{ release: () => Promise<void> }> {
    const client = await this.store.pool.connect();
    let taken = false;
    try {
      const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS taken', [REBUILD_LOCK]);
      taken = rows[0]?.taken === true;
    } finally {
      if (!taken) client.release();
    }
    if (!taken) throw new DomainError('ILLEGAL_STATE', '另一个重建正在进行中（可能在另一个报表服务进程中），请等它结束');
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        let broken = false;
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [REBUILD_LOCK]).catch(() => {
          broken = true;
        });
        client.release(broken);
      },
    };
  }

  /**
   * A rebuild that was running when its process stopped is over: say so. Only when no reporting
   * process holds the rebuild's lock: a replica starting while another one rebuilds leaves it be.
   */
  async onApplicationBootstrap(): Promise<void> {
    let lock: { release: () => Promise<void> };
    try {
      lock = await this.singleFlight();
    } catch (e) {
      if (e instanceof DomainError) return;
      throw e;
    }
    try {
      await this.store.pool.query(
        `UPDATE rebuilds SET status = 'failed', finished_at = now(),
                report = jsonb_set(jsonb_set(jsonb_set(report, '{status}', '"failed"'), '{error}', to_jsonb('服务重启，重建中断'::text)),
                                   '{message}', to_jsonb('重建失败：服务重启，重建中断'::text))
          WHERE status = ANY($1::text[])`,
        [RUNNING],
      );
    } finally {
      await lock.release();
    }
  }

  /** The rebuild in progress or the last one (also after a restart). */
  async status(): Promise<RebuildReport | null> {
    if (this.current) return this.current.report();
    const { rows } = await this.store.pool.query<{ report: RebuildReport }>('SELECT report FROM rebuilds ORDER BY started_at DESC LIMIT 1');
    return rows[0]?.report ?? null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.current?.abort('服务停止，重建中断');
  }

  private async persist(run: Rebuild): Promise<void> {
    const report = run.report();
    await this.store.pool.query(
      `INSERT INTO rebuilds (rebuild_id, generation, status, requested_by, started_at, finished_at, report) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (rebuild_id) DO UPDATE SET status = EXCLUDED.status, finished_at = EXCLUDED.finished_at, report = EXCLUDED.report`,
      [report.rebuildId, report.generation, report.status, JSON.stringify(report.requestedBy), report.startedAt, report.finishedAt, JSON.stringify(report)],
    );
  }

  /**
   * Keeps the live generation, the one it replaced, `inspect` (a rebuild that did not switch, until
   * the next one) and the one a rebuild is building; deletes the rows of the others.
   */
  private async discardOldGenerations(inspect: number | null): Promise<void> {
    const generations = await this.store.generations();
    const retired = generations.filter((g) => g.status === 'retired').sort((a, b) => b.generation - a.generation);
    const keep = new Set([...retired.slice(0, 1).map((g) => g.generation), ...(inspect === null ? [] : [inspect])]);
    for (const g of generations) {
      if (g.status === 'active' || g.status === 'discarded' || keep.has(g.generation)) continue;
      if (this.current && RUNNING.includes(this.current.status) && this.current.generation === g.generation) continue;
      await this.store.discardGeneration(g.generation);
    }
  }
}

class Rebuild {
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
    private readonly store: ReportStore,
    private readonly kafka: KafkaConnection,
    private readonly config: PlatformConfig,
    private readonly logger: Logger,
  ) {
    this.groupId = consumerGroup(config, `${REPORTING_GROUP}-rebuild-${id}`);
    this.consumerName = `reporting-rebuild-${generation}`;
  }

  private get topics(): string[] {
    return [this.config.kafka.topics.targets, this.config.kafka.topics.reviews];
  }

  report(): RebuildReport {
    const total = this.targets.reduce((n, t) => n + Number(BigInt(t.high) - BigInt(t.low)), 0);
    const done = this.targets.reduce((n, t) => n + Number(this.doneOf(t) - BigInt(t.low)), 0);
    const end = this.finishedAt ?? new Date();
    return {
      rebuildId: this.id,
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
    this.logger.error(`rebuild ${this.id} failed: ${reason}`);
  }

  private key(topic: string, partition: number): string {
    return `${topic}:${partition}`;
  }

  private doneOf(t: PartitionTarget): bigint {
    const key = this.key(t.topic, t.partition);
    const handled = (this.handled.get(key) ?? BigInt(t.low) - 1n) + 1n;
    const committed = this.committed.get(key) ?? 0n;
    const done = handled > committed ? handled : committed;
    const high = BigInt(t.high);
    const low = BigInt(t.low);
    return done > high ? high : done < low ? low : done;
  }

  private async copy(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const topic of this.topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) this.targets.push({ topic, partition: p.partition, low: p.low, high: p.high });
      }
      this.targets.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
      this.logger.log(`rebuild ${this.id} into generation ${this.generation}: ${this.report().progress.messagesTotal} messages to copy`);
      if (this.targets.every((t) => t.high === t.low)) return;

      this.consumer = new BatchCopier(this.store, this.kafka, {
        groupId: this.groupId,
        topics: this.topics,
        consumerName: this.consumerName,
        generation: this.generation,
        ends: new Map(this.targets.map((t) => [this.key(t.topic, t.partition), BigInt(t.high)])),
        logger: nestLogger(`Rebuild ${this.generation}`),
        onProgress: (key, offset, copied, skipped) => {
          if (offset > (this.handled.get(key) ?? -1n)) this.handled.set(key, offset);
          this.copied += copied;
          this.skipped += skipped;
        },
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
            for (const p of t.partitions) if (Number(p.offset) >= 0) this.committed.set(this.key(t.topic, p.partition), BigInt(p.offset));
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
      await this.consumer?.stop().catch((e: unknown) => this.logger.warn(`rebuild consumer did not stop cleanly: ${String(e)}`));
    }
  }

  private async waitForLive(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const deadline = Date.now() + LIVE_WAIT_MS;
      for (;;) {
        const offsets = new Map<string, bigint>();
        for (const t of await admin.fetchOffsets({ groupId: consumerGroup(this.config, REPORTING_GROUP), topics: this.topics })) {
          for (const p of t.partitions) offsets.set(this.key(t.topic, p.partition), BigInt(p.offset));
        }
        const behind = this.targets.filter((t) => BigInt(t.high) > BigInt(t.low) && (offsets.get(this.key(t.topic, t.partition)) ?? -1n) < BigInt(t.high));
        if (behind.length === 0 || this.aborted) return;
        if (Date.now() > deadline) {
          throw new Error(`实时消费者在 ${LIVE_WAIT_MS / 1000} 秒内未追上重建的终点（落后分区：${behind.map((t) => this.key(t.topic, t.partition)).join('、')}）`);
        }
        await sleep(500);
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async compareAndSwitch(): Promise<void> {
    await this.store.transaction(async (tx) => {
      const live = await this.store.lockActiveGeneration(tx, 'update');
      if (live !== this.previous) throw new Error(`实时报表已是第 ${live} 代（重建开始时是第 ${this.previous} 代）`);
      let carried = 0;
      for await (const missing of this.store.eventsMissingFrom(live, this.generation, tx)) {
        try {
          await this.store.append(tx, this.generation, missing.envelope, missing.source);
        } catch (error) {
          if (error instanceof UnprojectableEventError) throw new Error(`实时副本中的事件无法应用到重建结果：${error.message}`);
          throw error;
        }
        carried++;
      }
      const onlyInRebuilt = await this.store.countMissingFrom(this.generation, live, tx);
      const liveSums = await checksums(this.store, live, tx);
      const rebuiltSums = await checksums(this.store, this.generation, tx);
      const keys = new Map<string, { departmentId: string; fiscalYear: number; live: string | null; rebuilt: string | null }>();
      for (const t of liveSums.tables) keys.set(`${t.departmentId}|${t.fiscalYear}`, { departmentId: t.departmentId, fiscalYear: t.fiscalYear, live: t.checksum, rebuilt: null });
      for (const t of rebuiltSums.tables) {
        const k = `${t.departmentId}|${t.fiscalYear}`;
        keys.set(k, { ...(keys.get(k) ?? { departmentId: t.departmentId, fiscalYear: t.fiscalYear, live: null }), rebuilt: t.checksum });
      }
      const differences = [...keys.values()].filter((d) => d.live !== d.rebuilt);
      const comparison: RebuildComparison = {
        equal: differences.length === 0 && liveSums.checksum === rebuiltSums.checksum,
        live: liveSums,
        rebuilt: rebuiltSums,
        differences,
        carriedOverFromLive: carried,
        onlyInRebuilt,
      };
      if (!comparison.equal) throw new RebuildMismatch(comparison);
      await this.store.switchActive(tx, live, this.generation);
      this.comparison = comparison;
    });
    this.status = 'switched';
    this.finishedAt = new Date();
    const c = this.comparison!;
    this.message = `重建完成：${c.rebuilt.tables.length} 张表的校验值与实时报表一致（${c.rebuilt.checksum.slice(0, 16)}…），已切换到第 ${this.generation} 代`;
    this.logger.log(`rebuild ${this.id}: ${this.message}`);
  }

  private async cleanUp(): Promise<void> {
    // Its dead letters stay (under the rebuild's consumer name); its consumer group goes.
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (error) {
      this.logger.warn(`rebuild ${this.id}: consumer group ${this.groupId} not deleted: ${String(error)}`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

/** The checksum of every table (department × fiscal year) of a generation, as the exports compute it. */
export async function checksums(store: ReportStore, generation: number, db: PoolClient): Promise<GenerationChecksums> {
  const tables: { departmentId: string; fiscalYear: number; checksum: string }[] = [];
  for (const { departmentId, fiscalYear } of await store.tableKeys(generation, db)) {
    const { model, creation } = await store.loadModel(generation, { departmentId, fiscalYear }, db);
    let checksum: string;
    try {
      checksum = tableChecksum(orderTable(reportTableFor(model, departmentId, fiscalYear), creation));
    } catch (error) {
      // Sheets of a department the copy never saw registered: no table, but still something to compare.
      if (!(error instanceof DomainError)) throw error;
      checksum = `unavailable: ${error.message}`;
    }
    tables.push({ departmentId, fiscalYear, checksum });
  }
  const overall = createHash('sha256')
    .update(tables.map((t) => `${t.departmentId}\t${t.fiscalYear}\t${t.checksum}`).join('\n'), 'utf8')
    .digest('hex');
  const meta = await store.generationMeta(generation, db);
  return { generation, events: meta.events, checksum: overall, tables };
}
