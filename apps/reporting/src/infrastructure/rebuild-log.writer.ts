import { type RegisteredDepartment, type ReportSheet, type ReviewActivity, type StreamHead } from '@budget/domain';
import { type EventStoreTransaction, type TransactionEnd } from '@budget/event-store';
import { eventLogPartition, presentInDetached } from './event-log-partitions';
import { type AppendResult, type CopyItem, EVENT_LOG_COLUMNS, eventLogLines, type SteppedChunk, stepChunk } from './event-log.writer';
import { type ChangedRows, ChunkRows, readRowsByKey, type RowKeys, rowKeysOf, rowWrites, type StoredRows } from './projection-rows.repository';
import { type PipelinedWrite, type SentPipeline, sendPipelined } from './pipelined-writes';
import { newRowsCopies } from './rebuild-new-rows';
import { Recent } from './recent-map';

/** Rows of each read model kept in memory; beyond, the least recently written are dropped (they are in the database: read back when needed). */
const CACHE_ROWS = 50_000;
/** Sheets kept in memory: fewer (a sheet is thousands of characters and hundreds of objects, which every full collection marks; a stream head is ≈ 200 characters). */
const CACHE_SHEETS = 10_000;

/** A chunk stepped over the rows it read: what changed, and the copy's rows and outcomes. */
interface Folded {
  readonly changed: ChunkRows;
  readonly stepped: SteppedChunk;
}

/** A folded chunk with its writes, built before they are sent; none when it copies nothing. */
interface Prepared {
  readonly folded: Folded;
  readonly writes: readonly PipelinedWrite[] | null;
}

const COMMIT: PipelinedWrite = { kind: 'statement', text: 'COMMIT', params: [] };

/** The savepoint a chunk sent before its lock goes back to when its guard (or anything after) fails. */
const SPECULATION = 'rebuild_speculation';

function fold(stored: StoredRows, items: readonly CopyItem[], start: string): Folded {
  const changed = new ChunkRows(stored);
  return { changed, stepped: stepChunk(stored, changed, start, items) };
}

/**
 * The rebuild's writer of a generation being built into a detached partition of event_log (event-log-partitions.ts),
 * which nobody reads before the switch-over. Each chunk is folded in memory over the read models' rows the previous
 * chunks left, and written in one round trip after the generation's lock (a pipeline: pipelined-writes.ts): COPY of
 * the copy's rows into the partition (no index to maintain: built after the copy), COPY of the read models' new
 * rows, one statement with their changed rows, and COMMIT when the caller's transaction ends there. Nothing is read
 * back: the rows the rebuild wrote are kept in memory (beyond CACHE_ROWS or CACHE_SHEETS, the least recently written
 * are dropped and read back when needed), and the keys it has written tell which rows do not exist yet.
 *
 * Chunks from several partitions may come at once (the consumers' transactions side by side): they take turns, and a
 * chunk's turn ends once its statements are sent, so the next one is folded while the server writes this one. The
 * memory runs ahead of the commits: it holds every chunk sent, and the generation's position, read under its lock
 * (granted when the chunk before has committed or rolled back), confirms it. Any other position (a chunk rolled
 * back, a commit lost) empties the memory, and every row is read from the database from then on. The same outcomes
 * as appendEvents: an event the copy holds already (its stream's head is at or past it: looked up in the partition)
 * is `present`, one the read models refuse is `refused` and leaves nothing behind.
 */
export class RebuildLogWriter {
  private readonly heads = new Recent<StreamHead>(CACHE_ROWS);
  private readonly sheets = new Recent<ReportSheet>(CACHE_SHEETS);
  private readonly departments = new Recent<RegisteredDepartment>(CACHE_ROWS);
  private readonly activities = new Recent<ReviewActivity>(CACHE_ROWS);
  /** Keys with a row in the database, per read model, while `complete`. */
  private readonly written = { heads: new Set<string>(), sheets: new Set<string>(), departments: new Set<string>(), activities: new Set<string>() };
  /** Whether the memory has seen every write to the generation since it was empty: then a key never written has no row. */
  private complete = true;
  /** The position the memory reflects: once the chunks sent so far have committed, the generation's. */
  private position = '0';
  /** Settles once the chunk sent last holds the generation's lock (or has failed to take it). */
  private locked: Promise<void> = Promise.resolve();
  /** Settles when the chunk whose turn it is has sent its statements. */
  private turn: Promise<void> = Promise.resolve();

  constructor(readonly generation: number) {}

  /**
   * Copies a chunk in the caller's transaction. With `end` (the chunk's transaction, whose work ends
   * with this append), a chunk that refuses nothing is committed in the same round trip as its writes.
   */
  async append(tx: EventStoreTransaction, items: readonly CopyItem[], end?: TransactionEnd): Promise<AppendResult[]> {
    if (items.length === 0) return [];
    const previous = this.turn;
    let release!: () => void;
    this.turn = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await this.appendInTurn(tx, items, release, end);
    } finally {
      release();
    }
  }

  /**
   * A chunk folded over the memory alone (it holds every row the chunk needs) is sent at once, as
   * one pipeline behind the generation's lock: a savepoint, the lock, a guard that fails unless the
   * generation is at the memory's position (the chunks before it have committed), the writes and
   * COMMIT. Nothing then waits on this process from the lock to the commit. Should it fail, the
   * transaction goes back to the savepoint and the chunk takes the other way: the lock first, then
   * the chunk folded over rows from the database (the memory forgotten when the position differs).
   * `release` lets the next chunk in once this one's writes are sent.
   */
  private async appendInTurn(tx: EventStoreTransaction, items: readonly CopyItem[], release: () => void, end: TransactionEnd | undefined): Promise<AppendResult[]> {
    const keys = rowKeysOf(items.map((i) => i.event));
    const start = this.position;
    const speculative = this.foldFromMemory(keys, items, start);
    const prepared = speculative && this.prepare(speculative);
    // The lock is asked for once the chunk sent before holds it (or has failed): the server grants it in the order the chunks were sent.
    await this.locked;
    if (prepared?.writes) {
      const { done, reached } = this.send(tx, prepared, end, start);
      this.locked = reached;
      release();
      if (await done.then(() => true, () => false)) return prepared.folded.stepped.results;
      await tx.query(`ROLLBACK TO SAVEPOINT ${SPECULATION}`);
      // Not the memory's position, or another failure: the memory is not to be trusted either way.
      const last = await this.lock(tx);
      this.forget(last);
      return this.sendFromDatabase(tx, keys, items, last, end, release);
    }
    const locking = this.lock(tx);
    this.locked = locking.then(() => undefined, () => undefined);
    const last = await locking;
    if (last === start && prepared) return prepared.folded.stepped.results;
    if (last !== start) this.forget(last);
    return this.sendFromDatabase(tx, keys, items, last, end, release);
  }

  /** Takes the generation's lock (granted once the chunk before has committed or rolled back) and reads its position. */
  private async lock(tx: EventStoreTransaction): Promise<string> {
    const { rows } = await tx.query<{ position: string }>('SELECT position::text AS position FROM generations WHERE generation = $1 FOR UPDATE', [this.generation]);
    const last = rows[0]?.position;
    if (last === undefined) throw new Error(`reporting generation ${this.generation} does not exist`);
    return last;
  }

  /** The chunk folded over rows from the memory and the database, under the lock at `last`, and sent. */
  private async sendFromDatabase(
    tx: EventStoreTransaction,
    keys: RowKeys,
    items: readonly CopyItem[],
    last: string,
    end: TransactionEnd | undefined,
    release: () => void,
  ): Promise<AppendResult[]> {
    const prepared = this.prepare(await this.foldFromDatabase(tx, keys, items, last));
    const { done } = this.send(tx, prepared, end, null);
    release();
    await done;
    return prepared.folded.stepped.results;
  }

  /**
   * Sends a chunk's writes as one pipeline, without waiting on this process between them: behind a savepoint, the lock
   * and the guard when `guardedAt` is the position the chunk was folded at, and with COMMIT when the caller's transaction
   * ends with this append and the chunk refuses nothing (a refusal is dead-lettered after it). The memory takes in the
   * chunk's rows as they are sent. Nothing to write: the caller commits (though a failed speculative pipeline was to).
   */
  private send(tx: EventStoreTransaction, { folded, writes }: Prepared, end: TransactionEnd | undefined, guardedAt: string | null): SentPipeline {
    if (writes === null) {
      end?.commitsItself(false);
      return { done: Promise.resolve(), reached: Promise.resolve() };
    }
    const commits = end !== undefined && folded.stepped.results.every((r) => r.outcome !== 'refused');
    end?.commitsItself(commits);
    const guard: PipelinedWrite[] =
      guardedAt === null
        ? []
        : [
            { kind: 'statement', text: `SAVEPOINT ${SPECULATION}`, params: [] },
            { kind: 'statement', text: 'SELECT 1 FROM generations WHERE generation = $1 FOR UPDATE', params: [this.generation] },
            // A statement of its own: it sees the position committed by the time the lock was granted. Division by zero unless it is the fold's.
            { kind: 'statement', text: 'SELECT 1 / (position = $2::bigint)::integer FROM generations WHERE generation = $1', params: [this.generation, guardedAt] },
          ];
    // With the guard, `reached` once the savepoint and the lock are done: the lock is held.
    const sent = sendPipelined(tx, [...guard, ...writes, ...(commits ? [COMMIT] : [])], guard.length === 0 ? undefined : 2);
    this.rememberChunk(folded.changed, folded.stepped.position);
    return sent;
  }

  /**
   * A folded chunk's writes: COPY of the copy's lines, COPY of the read models' rows no earlier
   * chunk wrote, and one statement upserting the others and moving the generation's position.
   */
  private prepare(folded: Folded): Prepared {
    const { copied, position, first, latest } = folded.stepped;
    if (copied.length === 0) return { folded, writes: null };
    const generation = this.generation;
    const [fresh, existing] = this.split(folded.changed);
    const params: (string | number | null)[] = [generation, position, copied.length, first, latest];
    const rows = (value: unknown[]): string => {
      params.push(JSON.stringify(value));
      return `jsonb_to_recordset($${params.length}::jsonb)`;
    };
    const text = `WITH ${rowWrites(existing, rows).join(',\n')}
       UPDATE generations
          SET position = $2::bigint, events = events + $3::integer,
              first_recorded_at = LEAST(COALESCE(first_recorded_at, $4::timestamptz), $4::timestamptz),
              last_recorded_at = GREATEST(COALESCE(last_recorded_at, $5::timestamptz), $5::timestamptz)
        WHERE generation = $1`;
    const writes: PipelinedWrite[] = [{ kind: 'copy', table: eventLogPartition(generation), columns: EVENT_LOG_COLUMNS, text: eventLogLines(generation, copied) }];
    for (const copy of newRowsCopies(generation, fresh)) writes.push({ kind: 'copy', ...copy });
    writes.push({ kind: 'statement', text, params });
    return { folded, writes };
  }

  /** The chunk folded over the memory alone, or null when the memory lacks a row or an event may be a redelivery (only the partition knows). */
  private foldFromMemory(keys: RowKeys, items: readonly CopyItem[], start: string): Folded | null {
    const toRead = this.toRead(keys);
    if (toRead.streamIds.length + toRead.sheetIds.length + toRead.departmentIds.length + toRead.subjects.length > 0) return null;
    const stored = this.pick(keys, null);
    if (items.some(({ event }) => (stored.heads.get(event.streamId)?.streamVersion ?? 0) >= event.streamVersion)) return null;
    return fold(stored, items, start);
  }

  /** The chunk folded over rows from the memory and the database, under the generation's lock at `last`. */
  private async foldFromDatabase(tx: EventStoreTransaction, keys: RowKeys, items: readonly CopyItem[], last: string): Promise<Folded> {
    const toRead = this.toRead(keys);
    const anything = toRead.streamIds.length + toRead.sheetIds.length + toRead.departmentIds.length + toRead.subjects.length > 0;
    const stored = this.pick(keys, anything ? await readRowsByKey(tx, this.generation, [], toRead) : null);
    // Redeliveries: an event at or before its stream's head may be in the partition already (a scan, only then).
    const maybePresent = items.filter(({ event }) => (stored.heads.get(event.streamId)?.streamVersion ?? 0) >= event.streamVersion).map((i) => i.event.eventId);
    const present = await presentInDetached(tx, this.generation, maybePresent);
    for (const id of maybePresent) {
      const held = present.get(id.toLowerCase());
      if (held !== undefined) stored.present.set(id, held);
    }
    return fold(stored, items, last);
  }

  /** The rows a chunk changed: those whose keys have no row yet (known only while the memory is complete), and the others. */
  private split(changed: ChunkRows): [ChangedRows, ChangedRows] {
    const parts = <V>(rows: ReadonlyMap<string, V>, written: Set<string>): [Map<string, V>, Map<string, V>] => {
      const fresh = new Map<string, V>();
      const existing = new Map<string, V>();
      for (const [k, v] of rows) (this.complete && !written.has(k) ? fresh : existing).set(k, v);
      return [fresh, existing];
    };
    const heads = parts(changed.heads, this.written.heads);
    const sheets = parts(changed.sheets, this.written.sheets);
    const departments = parts(changed.departments, this.written.departments);
    const activities = parts(changed.activities, this.written.activities);
    return [
      { heads: heads[0], sheets: sheets[0], departments: departments[0], activities: activities[0] },
      { heads: heads[1], sheets: sheets[1], departments: departments[1], activities: activities[1] },
    ];
  }

  /** The memory takes in a chunk's rows as it is sent (its commit is confirmed by the next chunk's position). */
  private rememberChunk(changed: ChunkRows, position: string): void {
    for (const [k, v] of changed.heads) this.remember(this.heads, this.written.heads, k, v);
    for (const [k, { sheet }] of changed.sheets) this.remember(this.sheets, this.written.sheets, k, sheet);
    for (const [k, v] of changed.departments) this.remember(this.departments, this.written.departments, k, v);
    for (const [k, v] of changed.activities) this.remember(this.activities, this.written.activities, k, v);
    this.position = position;
  }

  /** The generation is at a position the memory does not reflect (written by something it did not see): from now on every row comes from the database. */
  private forget(position: string): void {
    this.heads.clear();
    this.sheets.clear();
    this.departments.clear();
    this.activities.clear();
    for (const keys of Object.values(this.written)) keys.clear();
    this.complete = false;
    this.position = position;
  }

  private remember<V>(memory: Recent<V>, written: Set<string>, key: string, value: V): void {
    memory.set(key, value);
    if (this.complete) written.add(key);
  }

  /** Of `keys`, those the memory does not hold and cannot tell are absent. */
  private toRead(keys: RowKeys): RowKeys {
    const missing = <V>(memory: Recent<V>, written: Set<string>, wanted: readonly string[]): string[] =>
      wanted.filter((k) => !memory.has(k) && (!this.complete || written.has(k)));
    return {
      streamIds: missing(this.heads, this.written.heads, keys.streamIds),
      sheetIds: missing(this.sheets, this.written.sheets, keys.sheetIds),
      departmentIds: missing(this.departments, this.written.departments, keys.departmentIds),
      subjects: missing(this.activities, this.written.activities, keys.subjects),
    };
  }

  /** The rows of `keys`: from memory, the others from `read`. */
  private pick(keys: RowKeys, read: StoredRows | null): StoredRows & { present: Map<string, string> } {
    const rows = <V>(memory: Recent<V>, fromDb: ReadonlyMap<string, V> | undefined, wanted: readonly string[]): Map<string, V> => {
      const found = new Map<string, V>();
      for (const k of wanted) {
        const v = memory.get(k) ?? fromDb?.get(k);
        if (v !== undefined) found.set(k, v);
      }
      return found;
    };
    return {
      present: new Map(),
      heads: rows(this.heads, read?.heads, keys.streamIds),
      sheets: rows(this.sheets, read?.sheets, keys.sheetIds),
      departments: rows(this.departments, read?.departments, keys.departmentIds),
      activities: rows(this.activities, read?.activities, keys.subjects),
    };
  }
}
