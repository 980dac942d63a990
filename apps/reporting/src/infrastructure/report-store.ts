import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type RecordedEvent } from '@budget/domain';
import { type EventStoreTransaction, withTransaction } from '@budget/event-store';
import { poolOf } from '@budget/platform';
import { type Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { type AdvisoryLockKey, type HeldLock, tryAdvisoryLock, withAdvisoryLock } from './advisory-locks';
import { type AppendOutcome, appendEvent, type SourceInfo } from './event-log.writer';
import { activeGeneration, generationMeta, type GenerationMeta } from './generation-rows';

export { UnprojectableEventError, type AppendOutcome, type AppendResult, type SourceInfo } from './event-log.writer';
export { type GenerationMeta } from './generation-rows';
export { type AdvisoryLockKey, type HeldLock } from './advisory-locks';

export const REPORTING_SCHEMA = 'reporting';

/** The reporting service's pool for heavy reads (see createReadPool); without it, reads share the main pool. */
export const READ_POOL = Symbol('READ_POOL');

type Db = EventStoreTransaction;

/**
 * The reporting service's PostgreSQL: its pools and transactions. The event log writer
 * (event-log.writer.ts), the read models' rows (projection-rows.repository.ts), the generations
 * (Generations) and the report queries (ReportQueries) work through it.
 */
@Injectable()
export class ReportStore implements OnApplicationShutdown {
  constructor(
    @Inject(getDataSourceToken()) private readonly db: DataSource,
    @Optional() @Inject(READ_POOL) private readonly readPool?: Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.readPool?.end();
  }

  get pool(): Pool {
    return poolOf(this.db);
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  /** Runs several reads against one consistent snapshot, on the read pool: the API's reads never starve the consumer. */
  snapshot<T>(work: (db: EventStoreTransaction) => Promise<T>): Promise<T> {
    return withTransaction(this.readPool ?? this.pool, work, { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' });
  }

  /** Runs `work` in one transaction that sees one snapshot from its first statement on (REPEATABLE READ), on the main pool. */
  repeatableRead<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work, { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ' });
  }

  /** Runs `work` while this process holds the advisory lock `key` (across every process on this database), waiting for it. */
  whileLocked<T>(key: AdvisoryLockKey, work: () => Promise<T>): Promise<T> {
    return withAdvisoryLock(this.pool, key, work);
  }

  /** Takes the advisory lock `key` if no other session holds it; null if one does. */
  tryLock(key: AdvisoryLockKey): Promise<HeldLock | null> {
    return tryAdvisoryLock(this.pool, key);
  }

  // What the checkpoints read and write (apps/reporting/src/checkpoints), in one place with the connection.

  activeGeneration(db: Db = this.pool): Promise<number> {
    return activeGeneration(db);
  }

  generationMeta(generation: number, db: Db = this.pool): Promise<GenerationMeta> {
    return generationMeta(db, generation);
  }

  /** See appendEvent. */
  append(tx: EventStoreTransaction, generation: number, event: RecordedEvent, source: SourceInfo): Promise<AppendOutcome> {
    return appendEvent(tx, generation, event, source);
  }
}
