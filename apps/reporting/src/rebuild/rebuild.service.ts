import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Actor, DomainError, readModelVersions, staleReadModels } from '@budget/domain';
import { type KafkaConnection } from '@budget/messaging';
import { KAFKA, PLATFORM_CONFIG, type PlatformConfig } from '@budget/platform';
import { Generations } from '../infrastructure/generations.repository';
import { RebuildsRepository } from '../infrastructure/rebuilds.repository';
import { ReportQueries } from '../infrastructure/report-queries';
import { type HeldLock, ReportStore } from '../infrastructure/report-store';
import { Rebuild } from './rebuild-run';
import { type RebuildReport, type RebuildTrigger, RUNNING } from './rebuild.types';

export { checksums } from './checksums';
export type { GenerationChecksums, PartitionTarget, RebuildComparison, RebuildReport, RebuildState, RebuildTrigger } from './rebuild.types';

/** Who starts a rebuild the service decides on by itself. */
const SYSTEM: Actor = { id: 'reporting', role: 'system' };

/** Key of the rebuild's advisory lock (an arbitrary constant, unique among this database's advisory locks). */
export const REBUILD_LOCK = '7301942200018814';

/**
 * Starts rebuilds (see Rebuild), one at a time across every reporting process on this database,
 * and keeps their reports. At start-up it compares the read model versions the live generation was
 * built with to this code's (ReadModelProjection.version) and, when they differ, rebuilds by itself.
 */
@Injectable()
export class RebuildService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Rebuild');
  private current: Rebuild | null = null;
  private readonly rebuilds: RebuildsRepository;

  constructor(
    private readonly store: ReportStore,
    private readonly generations: Generations,
    private readonly queries: ReportQueries,
    @Inject(KAFKA) private readonly kafka: KafkaConnection,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {
    this.rebuilds = new RebuildsRepository(store);
  }

  async start(actor: Actor, trigger: RebuildTrigger = { kind: 'requested' }): Promise<RebuildReport> {
    if (this.current && RUNNING.includes(this.current.status)) {
      throw new DomainError('ILLEGAL_STATE', `重建 ${this.current.id} 正在进行中（${this.current.status}），请等它结束`, { rebuildId: this.current.id });
    }
    const lock = await this.singleFlight();
    let run: Rebuild;
    try {
      const rebuildId = randomUUID();
      const previous = await this.generations.active();
      const generation = await this.generations.create(rebuildId, 'detached');
      run = new Rebuild(rebuildId, generation, previous, actor, trigger, {
        store: this.store,
        generations: this.generations,
        queries: this.queries,
        kafka: this.kafka,
        config: this.config,
        logger: this.logger,
      });
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
  private async singleFlight(): Promise<HeldLock> {
    const lock = await this.store.tryLock({ id: REBUILD_LOCK });
    if (!lock) throw new DomainError('ILLEGAL_STATE', '另一个重建正在进行中（可能在另一个报表服务进程中），请等它结束');
    return lock;
  }

  /**
   * An empty live copy is built by whatever code fills it: its read model versions are this code's.
   * Before the consumer starts (onApplicationBootstrap), so no event slips in between.
   */
  async onModuleInit(): Promise<void> {
    const active = await this.generations.active();
    const meta = await this.generations.meta(active);
    if (meta.events === 0 && staleReadModels(await this.generations.readModels(active)).length > 0) await this.generations.stampReadModels(active);
  }

  /** A rebuild that was running when the service stopped is over: say so; then rebuild if the read models changed. */
  async onApplicationBootstrap(): Promise<void> {
    await this.failInterrupted();
    await this.rebuildIfReadModelsChanged();
  }

  /**
   * When the live generation was built by other versions of the read models than this code's, a
   * rebuild starts (recorded with its trigger; refused, and left to the other process, while
   * another process holds the rebuild lock).
   */
  async rebuildIfReadModelsChanged(): Promise<RebuildReport | null> {
    const active = await this.generations.active();
    const stored = await this.generations.readModels(active);
    const stale = staleReadModels(stored);
    if (stale.length === 0) return null;
    this.logger.warn(`read models ${stale.join(', ')} of generation ${active} were built by other versions: rebuilding`);
    try {
      return await this.start(SYSTEM, { kind: 'read_model_versions', stale, stored, code: readModelVersions() });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`read model rebuild not started: ${error.message}`);
      return null;
    }
  }

  /** Only when no reporting process holds the rebuild's lock: a replica starting while another one rebuilds leaves it be. */
  private async failInterrupted(): Promise<void> {
    let lock: HeldLock;
    try {
      lock = await this.singleFlight();
    } catch (e) {
      if (e instanceof DomainError) return;
      throw e;
    }
    try {
      await this.rebuilds.failInterrupted(RUNNING);
    } finally {
      await lock.release();
    }
  }

  /** The rebuild in progress or the last one (also after a restart). */
  async status(): Promise<RebuildReport | null> {
    if (this.current) return this.current.report();
    return this.rebuilds.latest();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.current?.abort('服务停止，重建中断');
  }

  private async persist(run: Rebuild): Promise<void> {
    await this.rebuilds.save(run.report());
  }

  /**
   * Keeps the live generation, the one it replaced, `inspect` (a rebuild that did not switch, until
   * the next one) and the one a rebuild is building; deletes the rows of the others.
   */
  private async discardOldGenerations(inspect: number | null): Promise<void> {
    const generations = await this.generations.all();
    const retired = generations.filter((g) => g.status === 'retired').sort((a, b) => b.generation - a.generation);
    const keep = new Set([...retired.slice(0, 1).map((g) => g.generation), ...(inspect === null ? [] : [inspect])]);
    for (const g of generations) {
      if (g.status === 'active' || g.status === 'discarded' || keep.has(g.generation)) continue;
      if (this.current && RUNNING.includes(this.current.status) && this.current.generation === g.generation) continue;
      await this.generations.discard(g.generation);
    }
  }
}

