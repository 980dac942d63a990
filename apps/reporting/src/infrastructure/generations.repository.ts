import { Injectable } from '@nestjs/common';
import { readModelVersions, type ReadModelVersions } from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';
import { createAttachedPartition, createDetachedPartition, dropPartition } from './event-log-partitions';
import { activeGeneration, GENERATION_TABLES, generationMeta, type GenerationMeta } from './generation-rows';
import { ReportStore } from './report-store';

export { GENERATION_TABLES, type GenerationMeta } from './generation-rows';

type Db = EventStoreTransaction;

/**
 * The generations of the copy: each a full copy of the events and the read models built from
 * them. One is active (the live consumer appends to it, the API reads it); a rebuild builds
 * another beside it and switches over.
 */
@Injectable()
export class Generations {
  constructor(private readonly store: ReportStore) {}

  active(db: Db = this.store.pool): Promise<number> {
    return activeGeneration(db);
  }

  /**
   * The active generation, locked: FOR SHARE by the live consumer (appends go on while the lock is
   * shared), FOR UPDATE by the switch-over (which waits for appends in flight and holds new ones).
   */
  async lockActive(tx: EventStoreTransaction, mode: 'share' | 'update'): Promise<number> {
    const { rows } = await tx.query<{ generation: number }>(`SELECT generation FROM active_generation ${mode === 'share' ? 'FOR SHARE' : 'FOR UPDATE'}`);
    const generation = rows[0]?.generation;
    if (generation === undefined) throw new Error('reporting.active_generation is empty: the migrations did not run');
    return generation;
  }

  meta(generation: number, db: Db = this.store.pool): Promise<GenerationMeta> {
    return generationMeta(db, generation);
  }

  async all(db: Db = this.store.pool): Promise<GenerationMeta[]> {
    const { rows } = await db.query<{ generation: number }>('SELECT generation FROM generations ORDER BY generation');
    return Promise.all(rows.map((r) => generationMeta(db, r.generation)));
  }

  /**
   * A new, empty generation to build into, stamped with this code's read model versions, with its
   * partition of event_log: attached (appends go through event_log) or, for a rebuild that writes
   * it with COPY and attaches it after building its indexes, a table of its own (event-log-partitions.ts).
   */
  async create(rebuildId: string, partition: 'attached' | 'detached' = 'attached'): Promise<number> {
    return this.store.transaction(async (tx) => {
      await tx.query('LOCK TABLE generations IN EXCLUSIVE MODE');
      const { rows } = await tx.query<{ next: number }>('SELECT COALESCE(max(generation), 0) + 1 AS next FROM generations');
      const generation = rows[0]!.next;
      await tx.query(`INSERT INTO generations (generation, status, rebuild_id, read_models) VALUES ($1, 'building', $2, $3)`, [
        generation,
        rebuildId,
        JSON.stringify(readModelVersions()),
      ]);
      await (partition === 'attached' ? createAttachedPartition(tx, generation) : createDetachedPartition(tx, generation));
      return generation;
    });
  }

  /** The version of each read model the generation was built with, by name (migration 1764300000005). */
  async readModels(generation: number): Promise<ReadModelVersions> {
    const { rows } = await this.store.pool.query<{ read_models: ReadModelVersions | null }>('SELECT read_models FROM generations WHERE generation = $1', [generation]);
    return rows[0]?.read_models ?? {};
  }

  /** Records that a generation's read models are those of this code (an empty copy is built by whatever code fills it). */
  async stampReadModels(generation: number): Promise<void> {
    await this.store.pool.query('UPDATE generations SET read_models = $2 WHERE generation = $1', [generation, JSON.stringify(readModelVersions())]);
  }

  /** Deletes the rows of a generation and marks it discarded (the live one is refused). */
  async discard(generation: number): Promise<void> {
    if ((await this.active()) === generation) throw new Error(`generation ${generation} is the live one`);
    // The copy's rows go with their partition (a DROP, not a DELETE of each row); the read models' with a DELETE.
    await dropPartition(this.store.pool, generation);
    for (const table of GENERATION_TABLES) {
      if (table === 'event_log') continue;
      await this.store.pool.query(`DELETE FROM ${table} WHERE generation = $1`, [generation]);
    }
    await this.store.pool.query(`UPDATE generations SET status = 'discarded' WHERE generation = $1`, [generation]);
  }

  async switchActive(tx: EventStoreTransaction, from: number, to: number): Promise<void> {
    await tx.query('UPDATE active_generation SET generation = $1', [to]);
    await tx.query(`UPDATE generations SET status = 'active', activated_at = now() WHERE generation = $1`, [to]);
    await tx.query(`UPDATE generations SET status = 'retired' WHERE generation = $1`, [from]);
  }
}
