import {
  type RecordedEvent,
  type RegisteredDepartment,
  type ReportRows,
  type ReportSheet,
  type ReportStep,
  type ReviewActivity,
  type StreamHead,
} from '@budget/domain';
import { type EventStoreTransaction, type SqlFragment } from '@budget/event-store';
import { entityIdOf, subjectOf } from '../projection/stream-step';
import { type SheetEntry, sheetEntry, sheetOfEntry } from './sheet-entry';

type Db = EventStoreTransaction;

export interface HeadRow {
  stream_id: string;
  stream_version: number;
  event_id: string;
  hash: string | null;
  position: string;
}

export function headOf(row: HeadRow): StreamHead {
  return { streamId: row.stream_id, streamVersion: row.stream_version, eventId: row.event_id, hash: row.hash, globalPosition: row.position };
}

/**
 * The rows of the read models some events touch, as stored, with the changes of the events applied
 * so far laid over them: the ReportRows stepEvent reads, and, once the events are applied, what to
 * write. A sheet row keeps the source position of its DraftCreated (intake's creation order).
 */
export class ChunkRows implements ReportRows {
  readonly heads = new Map<string, StreamHead>();
  readonly sheets = new Map<string, { sheet: ReportSheet; created: string }>();
  readonly departments = new Map<string, RegisteredDepartment>();
  readonly activities = new Map<string, ReviewActivity>();

  constructor(private readonly stored: StoredRows) {}

  head(streamId: string): StreamHead | null {
    return this.heads.get(streamId) ?? this.stored.heads.get(streamId) ?? null;
  }

  sheet(sheetId: string): ReportSheet | null {
    return this.sheets.get(sheetId)?.sheet ?? this.stored.sheets.get(sheetId) ?? null;
  }

  department(departmentId: string): RegisteredDepartment | null {
    return this.departments.get(departmentId) ?? this.stored.departments.get(departmentId) ?? null;
  }

  activity(sheetId: string): ReviewActivity | null {
    return this.activities.get(sheetId) ?? this.stored.activities.get(sheetId) ?? null;
  }

  /** Keeps what one event changed; `sourcePosition` is the producer's position of the event. */
  apply(step: ReportStep, sourcePosition: string): void {
    if (step.head) this.heads.set(step.head.streamId, step.head);
    if (step.sheet) this.sheets.set(step.sheet.sheetId, { sheet: step.sheet, created: this.sheets.get(step.sheet.sheetId)?.created ?? sourcePosition });
    if (step.department) this.departments.set(step.department.departmentId, step.department);
    if (step.activity) this.activities.set(step.activity.sheetId, step.activity);
  }
}

/** The rows a chunk changed, by read model (ChunkRows, or a part of one). */
export type ChangedRows = Pick<ChunkRows, 'heads' | 'sheets' | 'departments' | 'activities'>;

export interface StoredRows {
  /** Event id → the copy's position, for those of the events the copy holds already. */
  readonly present: Map<string, string>;
  readonly heads: ReadonlyMap<string, StreamHead>;
  readonly sheets: ReadonlyMap<string, ReportSheet>;
  readonly departments: ReadonlyMap<string, RegisteredDepartment>;
  readonly activities: ReadonlyMap<string, ReviewActivity>;
}

/** The keys of the read models' rows some events touch: their streams, the sheets and departments those are, the sheets they are about. */
export interface RowKeys {
  readonly streamIds: readonly string[];
  readonly sheetIds: readonly string[];
  readonly departmentIds: readonly string[];
  /** Sheets whose review activity the events may change. */
  readonly subjects: readonly string[];
}

export function rowKeysOf(events: readonly RecordedEvent[]): RowKeys {
  const streamIds = [...new Set(events.map((e) => e.streamId))];
  const ids = (kind: 'sheet' | 'department'): string[] => streamIds.flatMap((s) => (entityIdOf(s)?.kind === kind ? [entityIdOf(s)!.id] : []));
  const subjects = [...new Set(events.map((e) => entityIdOf(subjectOf(e))).flatMap((s) => (s?.kind === 'sheet' ? [s.id] : [])))];
  return { streamIds, sheetIds: ids('sheet'), departmentIds: ids('department'), subjects };
}

/** In one query: which of the events the copy holds already, and the read models' rows their streams and sheets have. */
export async function readRows(db: Db, generation: number, events: readonly RecordedEvent[]): Promise<StoredRows> {
  const { text, values } = eventRowsQuery(generation, events);
  const { rows } = await db.query<StoredRowsRow>(text, values);
  return storedRowsOf(rows[0]);
}

/** readRows' statement and its values (the generation may be a SqlFragment, as in rowsReadQuery). */
export function eventRowsQuery(generation: number | SqlFragment, events: readonly RecordedEvent[]): { text: string; values: unknown[] } {
  return rowsReadQuery(generation, [...new Set(events.map((e) => e.eventId))], rowKeysOf(events));
}

/** In one query: which of `eventIds` the copy holds already (through event_log: an attached partition), and the read models' rows of `keys`. */
export async function readRowsByKey(db: Db, generation: number, eventIds: readonly string[], keys: RowKeys): Promise<StoredRows> {
  const { text, values } = rowsReadQuery(generation, eventIds, keys);
  const { rows } = await db.query<StoredRowsRow>(text, values);
  return storedRowsOf(rows[0]);
}

/** readRowsByKey's one row. */
export interface StoredRowsRow {
  present: { event_id: string; position: string }[] | null;
  heads: HeadRow[] | null;
  sheets: { entry: SheetEntry }[] | null;
  departments: { entry: RegisteredDepartment }[] | null;
  activities: { entry: ReviewActivity }[] | null;
}

/** readRowsByKey's statement and its values; the generation may be SQL (a SqlFragment: the active one, in the transaction that locked it). */
export function rowsReadQuery(generation: number | SqlFragment, eventIds: readonly string[], keys: RowKeys): { text: string; values: unknown[] } {
  return {
    text: `SELECT (SELECT json_agg(json_build_object('event_id', event_id::text, 'position', position::text)) FROM event_log
                WHERE generation = $1 AND event_id = ANY($2::uuid[])) AS present,
            (SELECT json_agg(json_build_object('stream_id', stream_id, 'stream_version', stream_version, 'event_id', event_id::text, 'hash', hash, 'position', position::text))
               FROM stream_heads WHERE generation = $1 AND stream_id = ANY($3::text[])) AS heads,
            (SELECT json_agg(json_build_object('entry', entry)) FROM report_sheets WHERE generation = $1 AND sheet_id = ANY($4::text[])) AS sheets,
            (SELECT json_agg(json_build_object('entry', entry)) FROM report_departments WHERE generation = $1 AND department_id = ANY($5::text[])) AS departments,
            (SELECT json_agg(json_build_object('entry', entry)) FROM review_activity WHERE generation = $1 AND sheet_id = ANY($6::text[])) AS activities`,
    values: [generation, eventIds, keys.streamIds, keys.sheetIds, keys.departmentIds, keys.subjects],
  };
}

export function storedRowsOf(row: StoredRowsRow | undefined): StoredRows {
  return {
    present: new Map((row?.present ?? []).map((p) => [p.event_id, p.position])),
    heads: new Map((row?.heads ?? []).map((h) => [h.stream_id, headOf(h)])),
    sheets: new Map((row?.sheets ?? []).map((s) => [s.entry.sheetId, sheetOfEntry(s.entry)])),
    departments: new Map((row?.departments ?? []).map((d) => [d.entry.departmentId, d.entry])),
    activities: new Map((row?.activities ?? []).map((a) => [a.entry.sheetId, a.entry])),
  };
}

/**
 * The upserts of a chunk's changed rows, one common table expression per read model (its table is
 * its name), for the writer's single statement; `rows` turns a list into a jsonb_to_recordset
 * parameter. `$1` is the generation.
 */
export function rowWrites(changed: ChangedRows, rows: (value: unknown[]) => string): string[] {
  const writes = [
    `heads AS (INSERT INTO stream_heads (generation, stream_id, stream_version, event_id, hash, position)
               SELECT $1, "streamId", "streamVersion", "eventId"::uuid, hash, "globalPosition"::bigint
                 FROM ${rows([...changed.heads.values()])} AS x("streamId" text, "streamVersion" integer, "eventId" text, hash text, "globalPosition" text)
               ON CONFLICT (generation, stream_id) DO UPDATE
                 SET stream_version = EXCLUDED.stream_version, event_id = EXCLUDED.event_id, hash = EXCLUDED.hash, position = EXCLUDED.position)`,
  ];
  if (changed.sheets.size > 0) {
    const values = [...changed.sheets.values()].map(({ sheet, created }) => ({
      sheet_id: sheet.sheetId,
      stream_id: sheet.streamId,
      department_id: sheet.state.content.departmentId,
      fiscal_year: sheet.state.content.fiscalYear,
      unit_id: sheet.state.content.unitId,
      status: sheet.state.status,
      created_source_position: created,
      entry: sheetEntry(sheet),
    }));
    writes.push(
      `sheets AS (INSERT INTO report_sheets (generation, sheet_id, stream_id, department_id, fiscal_year, unit_id, status, created_source_position, entry)
                  SELECT $1, sheet_id, stream_id, department_id, fiscal_year, unit_id, status, created_source_position, entry
                    FROM ${rows(values)} AS x(sheet_id text, stream_id text, department_id text, fiscal_year integer, unit_id text, status text,
                                              created_source_position bigint, entry jsonb)
                  ON CONFLICT (generation, sheet_id) DO UPDATE
                    SET department_id = EXCLUDED.department_id, fiscal_year = EXCLUDED.fiscal_year, unit_id = EXCLUDED.unit_id,
                        status = EXCLUDED.status, entry = EXCLUDED.entry)`,
    );
  }
  if (changed.departments.size > 0) {
    const values = [...changed.departments.values()].map((d) => ({ department_id: d.departmentId, name: d.name, entry: d }));
    writes.push(
      `departments AS (INSERT INTO report_departments (generation, department_id, name, entry)
                       SELECT $1, department_id, name, entry FROM ${rows(values)} AS x(department_id text, name text, entry jsonb)
                       ON CONFLICT (generation, department_id) DO UPDATE SET name = EXCLUDED.name, entry = EXCLUDED.entry)`,
    );
  }
  if (changed.activities.size > 0) {
    const values = [...changed.activities.values()].map((a) => ({ sheet_id: a.sheetId, entry: a }));
    writes.push(
      `activity AS (INSERT INTO review_activity (generation, sheet_id, entry)
                    SELECT $1, sheet_id, entry FROM ${rows(values)} AS x(sheet_id text, entry jsonb)
                    ON CONFLICT (generation, sheet_id) DO UPDATE SET entry = EXCLUDED.entry)`,
    );
  }
  return writes;
}

