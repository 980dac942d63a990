import { type RegisteredDepartment, type ReportSheet, type ReviewActivity, type StreamHead } from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';
import { eventLogPartition, presentInDetached } from './event-log-partitions';
import { copyField, copyInto, openCopy } from './copy-text';
import { type AppendResult, type CopyItem, EVENT_LOG_COLUMNS, eventLogLines, stepChunk } from './event-log.writer';
import { type ChangedRows, ChunkRows, readRowsByKey, type RowKeys, rowKeysOf, rowWrites, type StoredRows } from './projection-rows.repository';

/** Rows of each read model kept in memory; beyond, the least recently used are dropped (they are in the database: read back when needed). */
const CACHE_ROWS = 50_000;

/** A map that forgets its least recently written entries beyond `limit`. */
class Recent<V> extends Map<string, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: string, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.limit) {
      for (const k of this.keys()) {
        super.delete(k);
        if (this.size <= this.limit) break;
      }
    }
    return this;
  }
}

function lines(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => `${r.map((v) => (v === null ? '\\N' : copyField(String(v)))).join('\t')}\n`).join('');
}

/** Events of the copy per piece of its COPY: the server reads one while the next is built. */
const PIECE = 100;

/**
 * The rows of read models that do not exist yet (a rebuild's new keys), written with COPY FROM
 * STDIN, one per read model that has any: no JSON document around them to parse, no conflict to
 * check. `copy` sends one COPY in the caller's transaction; they are all sent before any is awaited.
 */
function copyNewRows(generation: number, rows: ChangedRows, copy: (table: string, columns: string, text: string) => Promise<void>): Promise<void>[] {
  const sent: Promise<void>[] = [];
  const send = (table: string, columns: string, text: string): void => {
    sent.push(copy(table, columns, text));
  };
  if (rows.heads.size > 0) {
    send(
      'stream_heads',
      'generation, stream_id, stream_version, event_id, hash, position',
      lines([...rows.heads.values()].map((h) => [generation, h.streamId, h.streamVersion, h.eventId, h.hash, h.globalPosition])),
    );
  }
  if (rows.sheets.size > 0) {
    send(
      'report_sheets',
      'generation, sheet_id, stream_id, department_id, fiscal_year, unit_id, status, created_source_position, entry',
      lines(
        [...rows.sheets.values()].map(({ sheet, created }) => [
          generation,
          sheet.sheetId,
          sheet.streamId,
          sheet.state.content.departmentId,
          sheet.state.content.fiscalYear,
          sheet.state.content.unitId,
          sheet.state.status,
          created,
          JSON.stringify(sheet),
        ]),
      ),
    );
  }
  if (rows.departments.size > 0) {
    send('report_departments', 'generation, department_id, name, entry', lines([...rows.departments.values()].map((d) => [generation, d.departmentId, d.name, JSON.stringify(d)])));
  }
  if (rows.activities.size > 0) {
    send('review_activity', 'generation, sheet_id, entry', lines([...rows.activities.values()].map((a) => [generation, a.sheetId, JSON.stringify(a)])));
  }
  return sent;
}

interface Pending {
  /** The generation's position once this chunk's transaction has committed. */
  readonly position: string;
  readonly changed: ChunkRows;
}

/**
 * The rebuild's writer of a generation being built into a detached partition of event_log
 * (event-log-partitions.ts), which nobody reads before the switch-over. Each chunk is folded in
 * memory over the read models' rows the previous chunks left, and written in two round trips
 * after the generation's lock: COPY of the copy's rows into the partition (no index to maintain:
 * built after the copy), and one statement with the changed rows of the read models. Nothing is
 * read back: the rows the rebuild wrote are kept in memory (the least recently used dropped
 * beyond CACHE_ROWS per read model, and read back when needed), and the keys it has written tell
 * which rows do not exist yet.
 *
 * The memory follows the commits: a chunk's rows count once the generation's position (read under
 * its lock by the next chunk) shows that its transaction committed. Any other position (a chunk
 * rolled back and retried, a commit lost) empties the memory, and every row is read from the
 * database from then on. The same outcomes as appendEvents: an event the copy holds already (its
 * stream's head is at or past it: looked up in the partition) is `present`, one the read models
 * refuse is `refused` and leaves nothing behind.
 */
export class RebuildLogWriter {
  private readonly heads = new Recent<StreamHead>(CACHE_ROWS);
  private readonly sheets = new Recent<ReportSheet>(CACHE_ROWS);
  private readonly departments = new Recent<RegisteredDepartment>(CACHE_ROWS);
  private readonly activities = new Recent<ReviewActivity>(CACHE_ROWS);
  /** Keys with a row in the database, per read model, while `complete`. */
  private readonly written = { heads: new Set<string>(), sheets: new Set<string>(), departments: new Set<string>(), activities: new Set<string>() };
  /** Whether the memory has seen every write to the generation since it was empty: then a key never written has no row. */
  private complete = true;
  /** The position the memory reflects. */
  private position = '0';
  private pending: Pending | null = null;

  constructor(readonly generation: number) {}

  async append(tx: EventStoreTransaction, items: readonly CopyItem[]): Promise<AppendResult[]> {
    if (items.length === 0) return [];
    const generation = this.generation;
    const locked = await tx.query<{ position: string }>('SELECT position::text AS position FROM generations WHERE generation = $1 FOR UPDATE', [generation]);
    const last = locked.rows[0]?.position;
    if (last === undefined) throw new Error(`reporting generation ${generation} does not exist`);
    this.settle(last);

    const stored = await this.rowsFor(tx, rowKeysOf(items.map((i) => i.event)));
    // Redeliveries: an event at or before its stream's head may be in the partition already (a scan, only then).
    const maybePresent = items.filter(({ event }) => (stored.heads.get(event.streamId)?.streamVersion ?? 0) >= event.streamVersion).map((i) => i.event.eventId);
    const present = await presentInDetached(tx, generation, maybePresent);
    for (const id of maybePresent) {
      const held = present.get(id.toLowerCase());
      if (held !== undefined) stored.present.set(id, held);
    }
    const changed = new ChunkRows(stored);

    const { results, copied, position, first, latest } = stepChunk(stored, changed, last, items);
    if (copied.length === 0) return results;

    // The copy's rows go in piece by piece, the server reading one while the next is built; the read
    // models' rows are built while it works through the last ones, and sent behind them.
    const log = openCopy(tx, eventLogPartition(generation), EVENT_LOG_COLUMNS);
    for (let i = 0; i < copied.length; i += PIECE) await log.write(eventLogLines(generation, copied.slice(i, i + PIECE)));
    const sent = [log.end()];
    // Rows no earlier chunk wrote go in with COPY; the others are upserted.
    const [fresh, existing] = this.split(changed);
    sent.push(...copyNewRows(generation, fresh, (table, columns, text) => copyInto(tx, table, columns, text)));
    const params: unknown[] = [generation, position, copied.length, first, latest];
    const rows = (value: unknown[]): string => {
      params.push(JSON.stringify(value));
      return `jsonb_to_recordset($${params.length}::jsonb)`;
    };
    const update = tx.query(
      `WITH ${rowWrites(existing, rows).join(',\n')}
       UPDATE generations
          SET position = $2::bigint, events = events + $3::integer,
              first_recorded_at = LEAST(COALESCE(first_recorded_at, $4::timestamptz), $4::timestamptz),
              last_recorded_at = GREATEST(COALESCE(last_recorded_at, $5::timestamptz), $5::timestamptz)
        WHERE generation = $1`,
      params,
    );
    sent.push(update.then(() => undefined));
    await Promise.all(sent);
    this.pending = { position, changed };
    return results;
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

  /** Takes in the last chunk's rows if its transaction committed (the position says so); forgets everything if the position is not one it expects. */
  private settle(position: string): void {
    const pending = this.pending;
    this.pending = null;
    if (pending !== null && pending.position === position && position !== this.position) {
      for (const [k, v] of pending.changed.heads) this.remember(this.heads, this.written.heads, k, v);
      for (const [k, { sheet }] of pending.changed.sheets) this.remember(this.sheets, this.written.sheets, k, sheet);
      for (const [k, v] of pending.changed.departments) this.remember(this.departments, this.written.departments, k, v);
      for (const [k, v] of pending.changed.activities) this.remember(this.activities, this.written.activities, k, v);
      this.position = position;
      return;
    }
    if (position === this.position) return;
    // Written by something this memory did not see: from now on every row comes from the database.
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

  /** The rows of `keys`: from memory, the others from the database unless the memory knows they do not exist. */
  private async rowsFor(tx: EventStoreTransaction, keys: RowKeys): Promise<StoredRows & { present: Map<string, string> }> {
    const missing = <V>(memory: Recent<V>, written: Set<string>, wanted: readonly string[]): string[] =>
      wanted.filter((k) => !memory.has(k) && (!this.complete || written.has(k)));
    const toRead: RowKeys = {
      streamIds: missing(this.heads, this.written.heads, keys.streamIds),
      sheetIds: missing(this.sheets, this.written.sheets, keys.sheetIds),
      departmentIds: missing(this.departments, this.written.departments, keys.departmentIds),
      subjects: missing(this.activities, this.written.activities, keys.subjects),
    };
    const pick = <V>(memory: Recent<V>, read: ReadonlyMap<string, V> | null, wanted: readonly string[]): Map<string, V> => {
      const rows = new Map<string, V>();
      for (const k of wanted) {
        const v = memory.get(k) ?? read?.get(k);
        if (v !== undefined) rows.set(k, v);
      }
      return rows;
    };
    const anything = toRead.streamIds.length + toRead.sheetIds.length + toRead.departmentIds.length + toRead.subjects.length > 0;
    const read = anything ? await readRowsByKey(tx, this.generation, [], toRead) : null;
    return {
      present: new Map(),
      heads: pick(this.heads, read?.heads ?? null, keys.streamIds),
      sheets: pick(this.sheets, read?.sheets ?? null, keys.sheetIds),
      departments: pick(this.departments, read?.departments ?? null, keys.departmentIds),
      activities: pick(this.activities, read?.activities ?? null, keys.subjects),
    };
  }
}
