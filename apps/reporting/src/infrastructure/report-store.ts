import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  type ApplyOutcome,
  departmentStreamId,
  type RecordedEvent,
  type RegisteredDepartment,
  ReportEventError,
  type ReportEventErrorCode,
  type ReportModel,
  type ReportSheet,
  type ReviewActivity,
  type StreamHead,
} from '@budget/domain';
import { withTransaction } from '@budget/event-store';
import { poolOf } from '@budget/platform';
import { type Pool, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { type CopiedEvent, type CreationOrder } from '../projection/copied-events';
import { entityIdOf, type StreamState, type StreamStep, stepStream, streamKind, subjectOf } from '../projection/stream-step';

export const REPORTING_SCHEMA = 'reporting';

type Db = Pool | PoolClient;

/** Where a message came from on Kafka. */
export interface SourceInfo {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface GenerationMeta {
  readonly generation: number;
  readonly status: 'building' | 'active' | 'retired' | 'discarded';
  /** The copy's last position, '0' while empty. */
  readonly position: string;
  readonly events: number;
  readonly firstRecordedAt: string | null;
  readonly lastRecordedAt: string | null;
  readonly createdAt: string;
  readonly activatedAt: string | null;
  readonly rebuildId: string | null;
}

export type AppendOutcome =
  | { readonly outcome: 'copied'; readonly position: string; readonly applied: ApplyOutcome }
  | { readonly outcome: 'present'; readonly position: string };

export type AppendResult = AppendOutcome | { readonly outcome: 'refused'; readonly error: UnprojectableEventError };

/**
 * An event the projection refuses (malformed, unknown type, a gap in its stream, …). The consumer
 * dead-letters it with this message, whose first line is the code, the reason and where the event sits.
 */
export class UnprojectableEventError extends Error {
  constructor(
    readonly code: ReportEventErrorCode | 'STALE_EVENT',
    readonly reason: string,
    readonly event: Record<string, unknown>,
    options?: { readonly cause?: unknown },
  ) {
    super(`${code}: ${reason} ${JSON.stringify(event)}`, options);
    this.name = 'UnprojectableEventError';
  }

  static from(error: ReportEventError): UnprojectableEventError {
    return new UnprojectableEventError(error.code, error.message, { ...error.event }, { cause: error });
  }
}

interface HeadRow {
  stream_id: string;
  stream_version: number;
  event_id: string;
  hash: string | null;
  position: string;
}

interface CopyRow {
  position: string;
  source_position: string;
  envelope: RecordedEvent;
}

function headOf(row: HeadRow): StreamHead {
  return { streamId: row.stream_id, streamVersion: row.stream_version, eventId: row.event_id, hash: row.hash, globalPosition: row.position };
}

/** From this many new events on, a chunk's rows of the copy go in with COPY FROM STDIN rather than an INSERT … SELECT from one JSON parameter. */
const COPY_FROM = 16;

const EVENT_LOG_COLUMNS =
  'generation, position, event_id, stream_id, stream_version, subject, type, recorded_at, source_topic, source_partition, source_offset, source_position, envelope';

const COPY_SPECIAL = /[\\\t\n\r]/;

/** A field of COPY's text format: backslash, tab, newline and carriage return escaped. */
function copyField(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

interface CopiedRow {
  readonly position: string;
  readonly event: RecordedEvent;
  readonly subject: string;
  readonly source: SourceInfo;
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

export type AsOfBound = { readonly position: string } | { readonly recordedAt: string };

/**
 * The reporting service's PostgreSQL side: the copy of every event (event_log) and the projection
 * kept beside it, per generation. Appends of one generation are serialised by a lock on its row in
 * `generations`, which also hands out the positions: they are dense and commit in order, so a
 * reader of "everything after position N" never misses a late commit.
 */
/** The reporting service's pool for heavy reads (see createReadPool); without it, reads share the main pool. */
export const READ_POOL = Symbol('READ_POOL');

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
  transaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T> {
    return this.within('BEGIN', work);
  }

  /** Runs several reads against one consistent snapshot, on the read pool: the API's reads never starve the consumer. */
  snapshot<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.within('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', work, this.readPool ?? this.pool);
  }

  private within<T>(begin: string, work: (client: PoolClient) => Promise<T>, pool: Pool = this.pool): Promise<T> {
    return withTransaction(pool, work, { begin });
  }

  // ---- writing ---------------------------------------------------------------------------

  /**
   * The active generation, locked: FOR SHARE by the live consumer (appends go on while the lock is
   * shared), FOR UPDATE by the switch-over (which waits for appends in flight and holds new ones).
   */
  async lockActiveGeneration(tx: PoolClient, mode: 'share' | 'update'): Promise<number> {
    const { rows } = await tx.query<{ generation: number }>(`SELECT generation FROM active_generation ${mode === 'share' ? 'FOR SHARE' : 'FOR UPDATE'}`);
    const generation = rows[0]?.generation;
    if (generation === undefined) throw new Error('reporting.active_generation is empty: the migrations did not run');
    return generation;
  }

  /**
   * Copies one event into the generation and applies it to the projection, in the caller's
   * transaction. An event already in the copy (by id) changes nothing. Throws
   * UnprojectableEventError for an event the projection cannot apply; nothing of it is written.
   */
  async append(tx: PoolClient, generation: number, event: RecordedEvent, source: SourceInfo): Promise<AppendOutcome> {
    const [result] = await this.appendMany(tx, generation, [{ event, source }]);
    if (!result) throw new Error('appendMany returned nothing');
    if (result.outcome === 'refused') throw result.error;
    return result;
  }

  /**
   * Copies events, in order, into the generation and applies them to the projection, in the
   * caller's transaction, in three round trips whatever their number: the lock on the
   * generation's row (which hands out the positions), one read of what the projection holds about
   * their streams, one write of everything that changed. Events are applied in memory with
   * stepStream, each to the state the previous ones left. One the projection refuses is reported
   * (and leaves nothing behind); the others go on.
   */
  async appendMany(tx: PoolClient, generation: number, items: readonly { readonly event: RecordedEvent; readonly source: SourceInfo }[]): Promise<AppendResult[]> {
    if (items.length === 0) return [];
    const locked = await tx.query<{ position: string }>('SELECT position::text AS position FROM generations WHERE generation = $1 FOR UPDATE', [generation]);
    const last = locked.rows[0]?.position;
    if (last === undefined) throw new Error(`reporting generation ${generation} does not exist`);
    const { present, states } = await this.readStreams(tx, generation, items.map((i) => i.event));

    let position = BigInt(last);
    const results: AppendResult[] = [];
    const copied: CopiedRow[] = [];
    const heads = new Map<string, StreamHead>();
    const sheets = new Map<string, { sheet: ReportSheet; created: string }>();
    const departments = new Map<string, RegisteredDepartment>();
    const activity = new Map<string, ReviewActivity>();
    let first: string | null = null;
    let latest: string | null = null;
    for (const { event, source } of items) {
      const held = present.get(event.eventId);
      if (held !== undefined) {
        results.push({ outcome: 'present', position: held });
        continue;
      }
      const state = states.get(event.streamId) ?? { head: null, sheet: null, department: null };
      const next = (position + 1n).toString();
      let step: StreamStep;
      try {
        step = stepStream(state, { ...event, globalPosition: next });
      } catch (error) {
        if (!(error instanceof ReportEventError)) throw error;
        results.push({ outcome: 'refused', error: UnprojectableEventError.from(error) });
        continue;
      }
      if (step.outcome.outcome === 'duplicate' || !step.head) {
        const reason = `${event.streamId} already holds version ${state.head?.streamVersion ?? '?'}; this event claims version ${event.streamVersion}`;
        const error = new UnprojectableEventError('STALE_EVENT', reason, { eventId: event.eventId, type: event.type, streamId: event.streamId, streamVersion: event.streamVersion });
        results.push({ outcome: 'refused', error });
        continue;
      }
      position += 1n;
      present.set(event.eventId, next);
      states.set(event.streamId, { head: step.head, sheet: step.sheet ?? state.sheet, department: step.department ?? state.department });
      heads.set(step.head.streamId, step.head);
      if (step.sheet) sheets.set(step.sheet.sheetId, { sheet: step.sheet, created: sheets.get(step.sheet.sheetId)?.created ?? event.globalPosition });
      if (step.department) departments.set(step.department.departmentId, step.department);
      if (step.reviewActivity) activity.set(step.reviewActivity.sheetId, step.reviewActivity);
      if (first === null || Date.parse(event.recordedAt) < Date.parse(first)) first = event.recordedAt;
      if (latest === null || Date.parse(event.recordedAt) > Date.parse(latest)) latest = event.recordedAt;
      copied.push({ position: next, event, subject: subjectOf(event), source });
      results.push({ outcome: 'copied', position: next, applied: step.outcome });
    }
    if (copied.length === 0) return results;

    const params: unknown[] = [generation, position.toString(), copied.length, first, latest];
    const rows = (value: unknown[]): string => {
      params.push(JSON.stringify(value));
      return `jsonb_to_recordset($${params.length}::jsonb)`;
    };
    const writes: string[] = [];
    if (copied.length >= COPY_FROM) {
      // Most of a large chunk's bytes are its envelopes: COPY takes them without a JSON document around them to parse first.
      await this.copyRows(tx, generation, copied);
    } else {
      const values = copied.map(({ position: p, event, subject, source }) => ({
        position: p,
        event_id: event.eventId,
        stream_id: event.streamId,
        stream_version: event.streamVersion,
        subject,
        type: event.type,
        recorded_at: event.recordedAt,
        source_topic: source.topic,
        source_partition: source.partition,
        source_offset: source.offset,
        source_position: event.globalPosition,
        envelope: event,
      }));
      writes.push(
        `copied AS (INSERT INTO event_log (${EVENT_LOG_COLUMNS})
                    SELECT $1, position, event_id, stream_id, stream_version, subject, type, recorded_at, source_topic, source_partition, source_offset, source_position, envelope
                      FROM ${rows(values)} AS x(position bigint, event_id uuid, stream_id text, stream_version integer, subject text, type text, recorded_at timestamptz,
                                                source_topic text, source_partition integer, source_offset bigint, source_position bigint, envelope jsonb))`,
      );
    }
    writes.push(
      `heads AS (INSERT INTO stream_heads (generation, stream_id, stream_version, event_id, hash, position)
                 SELECT $1, "streamId", "streamVersion", "eventId"::uuid, hash, "globalPosition"::bigint
                   FROM ${rows([...heads.values()])} AS x("streamId" text, "streamVersion" integer, "eventId" text, hash text, "globalPosition" text)
                 ON CONFLICT (generation, stream_id) DO UPDATE
                   SET stream_version = EXCLUDED.stream_version, event_id = EXCLUDED.event_id, hash = EXCLUDED.hash, position = EXCLUDED.position)`,
    );
    if (sheets.size > 0) {
      const values = [...sheets.values()].map(({ sheet, created }) => ({
        sheet_id: sheet.sheetId,
        stream_id: sheet.streamId,
        department_id: sheet.state.content.departmentId,
        fiscal_year: sheet.state.content.fiscalYear,
        unit_id: sheet.state.content.unitId,
        status: sheet.state.status,
        created_source_position: created,
        entry: sheet,
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
    if (departments.size > 0) {
      const values = [...departments.values()].map((d) => ({ department_id: d.departmentId, name: d.name, entry: d }));
      writes.push(
        `departments AS (INSERT INTO report_departments (generation, department_id, name, entry)
                         SELECT $1, department_id, name, entry FROM ${rows(values)} AS x(department_id text, name text, entry jsonb)
                         ON CONFLICT (generation, department_id) DO UPDATE SET name = EXCLUDED.name, entry = EXCLUDED.entry)`,
      );
    }
    if (activity.size > 0) {
      const values = [...activity.values()].map((a) => ({ sheet_id: a.sheetId, entry: a }));
      writes.push(
        `activity AS (INSERT INTO review_activity (generation, sheet_id, entry)
                      SELECT $1, sheet_id, entry FROM ${rows(values)} AS x(sheet_id text, entry jsonb)
                      ON CONFLICT (generation, sheet_id) DO UPDATE SET entry = EXCLUDED.entry)`,
      );
    }
    await tx.query(
      `WITH ${writes.join(',\n')}
       UPDATE generations
          SET position = $2::bigint, events = events + $3::integer,
              first_recorded_at = LEAST(COALESCE(first_recorded_at, $4::timestamptz), $4::timestamptz),
              last_recorded_at = GREATEST(COALESCE(last_recorded_at, $5::timestamptz), $5::timestamptz)
        WHERE generation = $1`,
      params,
    );
    return results;
  }

  /** Rows of the copy with COPY FROM STDIN (text format), in the caller's transaction. */
  private async copyRows(tx: PoolClient, generation: number, copied: readonly CopiedRow[]): Promise<void> {
    const lines: string[] = [];
    for (const { position, event, subject, source } of copied) {
      lines.push(
        `${generation}\t${position}\t${copyField(event.eventId)}\t${copyField(event.streamId)}\t${event.streamVersion}\t${copyField(subject)}\t${copyField(event.type)}\t` +
          `${copyField(event.recordedAt)}\t${copyField(source.topic)}\t${source.partition}\t${source.offset}\t${copyField(event.globalPosition)}\t${copyField(JSON.stringify(event))}\n`,
      );
    }
    const stream = tx.query(copyFrom(`COPY event_log (${EVENT_LOG_COLUMNS}) FROM STDIN`));
    await new Promise<void>((resolve, reject) => {
      stream.once('finish', resolve);
      stream.once('error', reject);
      stream.end(lines.join(''));
    });
  }

  /** In one query: which of the events the copy holds already, and what the projection holds about their streams. */
  private async readStreams(db: Db, generation: number, events: readonly RecordedEvent[]): Promise<{ present: Map<string, string>; states: Map<string, StreamState> }> {
    const streamIds = [...new Set(events.map((e) => e.streamId))];
    const ids = (kind: 'sheet' | 'department'): string[] => streamIds.filter((s) => streamKind(s) === kind).map((s) => entityIdOf(s)!);
    const { rows } = await db.query<{
      present: { event_id: string; position: string }[] | null;
      heads: HeadRow[] | null;
      sheets: { entry: ReportSheet }[] | null;
      departments: { entry: RegisteredDepartment }[] | null;
    }>(
      `SELECT (SELECT json_agg(json_build_object('event_id', event_id::text, 'position', position::text)) FROM event_log
                WHERE generation = $1 AND event_id = ANY($2::uuid[])) AS present,
              (SELECT json_agg(json_build_object('stream_id', stream_id, 'stream_version', stream_version, 'event_id', event_id::text, 'hash', hash, 'position', position::text))
                 FROM stream_heads WHERE generation = $1 AND stream_id = ANY($3::text[])) AS heads,
              (SELECT json_agg(json_build_object('entry', entry)) FROM report_sheets WHERE generation = $1 AND sheet_id = ANY($4::text[])) AS sheets,
              (SELECT json_agg(json_build_object('entry', entry)) FROM report_departments WHERE generation = $1 AND department_id = ANY($5::text[])) AS departments`,
      [generation, [...new Set(events.map((e) => e.eventId))], streamIds, ids('sheet'), ids('department')],
    );
    const row = rows[0];
    const present = new Map((row?.present ?? []).map((p) => [p.event_id, p.position]));
    const heads = new Map((row?.heads ?? []).map((h) => [h.stream_id, headOf(h)]));
    const sheets = new Map((row?.sheets ?? []).map((s) => [s.entry.streamId, s.entry]));
    const departments = new Map((row?.departments ?? []).map((d) => [departmentStreamId(d.entry.departmentId), d.entry]));
    const states = new Map<string, StreamState>(
      streamIds.map((id) => [id, { head: heads.get(id) ?? null, sheet: sheets.get(id) ?? null, department: departments.get(id) ?? null }]),
    );
    return { present, states };
  }

  // ---- generations ---------------------------------------------------------------------------

  async activeGeneration(db: Db = this.pool): Promise<number> {
    const { rows } = await db.query<{ generation: number }>('SELECT generation FROM active_generation');
    const generation = rows[0]?.generation;
    if (generation === undefined) throw new Error('reporting.active_generation is empty: the migrations did not run');
    return generation;
  }

  async generationMeta(generation: number, db: Db = this.pool): Promise<GenerationMeta> {
    const { rows } = await db.query<{
      generation: number;
      status: GenerationMeta['status'];
      position: string;
      events: string;
      first_recorded_at: Date | null;
      last_recorded_at: Date | null;
      created_at: Date;
      activated_at: Date | null;
      rebuild_id: string | null;
    }>(
      `SELECT generation, status, position::text AS position, events::text AS events, first_recorded_at, last_recorded_at, created_at, activated_at, rebuild_id
         FROM generations WHERE generation = $1`,
      [generation],
    );
    const row = rows[0];
    if (!row) throw new Error(`reporting generation ${generation} does not exist`);
    return {
      generation: row.generation,
      status: row.status,
      position: row.position,
      events: Number(row.events),
      firstRecordedAt: iso(row.first_recorded_at),
      lastRecordedAt: iso(row.last_recorded_at),
      createdAt: iso(row.created_at) ?? '',
      activatedAt: iso(row.activated_at),
      rebuildId: row.rebuild_id,
    };
  }

  async generations(db: Db = this.pool): Promise<GenerationMeta[]> {
    const { rows } = await db.query<{ generation: number }>('SELECT generation FROM generations ORDER BY generation');
    return Promise.all(rows.map((r) => this.generationMeta(r.generation, db)));
  }

  /** A new, empty generation to build into. */
  async createGeneration(rebuildId: string): Promise<number> {
    return this.transaction(async (tx) => {
      await tx.query('LOCK TABLE generations IN EXCLUSIVE MODE');
      const { rows } = await tx.query<{ next: number }>('SELECT COALESCE(max(generation), 0) + 1 AS next FROM generations');
      const generation = rows[0]!.next;
      await tx.query(`INSERT INTO generations (generation, status, rebuild_id) VALUES ($1, 'building', $2)`, [generation, rebuildId]);
      return generation;
    });
  }

  /** Deletes the rows of a generation and marks it discarded (the live one is refused). */
  async discardGeneration(generation: number): Promise<void> {
    if ((await this.activeGeneration()) === generation) throw new Error(`generation ${generation} is the live one`);
    for (const table of ['event_log', 'stream_heads', 'report_sheets', 'report_departments', 'review_activity']) {
      await this.pool.query(`DELETE FROM ${table} WHERE generation = $1`, [generation]);
    }
    await this.pool.query(`UPDATE generations SET status = 'discarded' WHERE generation = $1`, [generation]);
  }

  // ---- reading the projection --------------------------------------------------------------

  async departments(generation: number, db: Db = this.pool): Promise<RegisteredDepartment[]> {
    const { rows } = await db.query<{ entry: RegisteredDepartment }>('SELECT entry FROM report_departments WHERE generation = $1 ORDER BY name, department_id', [generation]);
    return rows.map((r) => r.entry);
  }

  /** Fiscal years with sheets of the department, with how many sheets and approved sheets. */
  /** With `unitId`, the counts of that unit's sheets only (what a unit user may know). */
  async fiscalYears(generation: number, departmentId: string, db: Db = this.pool, unitId?: string): Promise<{ fiscalYear: number; sheets: number; approved: number }[]> {
    const { rows } = await db.query<{ fiscal_year: number; sheets: string; approved: string }>(
      `SELECT fiscal_year, count(*)::text AS sheets, count(*) FILTER (WHERE status = 'approved')::text AS approved
         FROM report_sheets WHERE generation = $1 AND department_id = $2 AND ($3::text IS NULL OR unit_id = $3) GROUP BY fiscal_year ORDER BY fiscal_year`,
      [generation, departmentId, unitId ?? null],
    );
    return rows.map((r) => ({ fiscalYear: r.fiscal_year, sheets: Number(r.sheets), approved: Number(r.approved) }));
  }

  /** Every (department, fiscal year) that has sheets. */
  async tableKeys(generation: number, db: Db = this.pool): Promise<{ departmentId: string; fiscalYear: number }[]> {
    const { rows } = await db.query<{ department_id: string; fiscal_year: number }>(
      'SELECT DISTINCT department_id, fiscal_year FROM report_sheets WHERE generation = $1 ORDER BY department_id, fiscal_year',
      [generation],
    );
    return rows.map((r) => ({ departmentId: r.department_id, fiscalYear: r.fiscal_year }));
  }

  /**
   * The projection of one scope as a ReportModel (all departments, the sheets in scope with their
   * streams' heads and review activity), ready for reportTableFor, chainHeadsFor and progressFor.
   */
  async loadModel(
    generation: number,
    scope: { readonly departmentId?: string; readonly fiscalYear?: number; readonly unitId?: string; readonly sheetId?: string },
    db: Db = this.pool,
  ): Promise<{ model: ReportModel; creation: CreationOrder }> {
    const meta = await this.generationMeta(generation, db);
    const departments = await this.departments(generation, db);
    const where = ['generation = $1'];
    const params: unknown[] = [generation];
    const add = (column: string, value: unknown): void => {
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    if (scope.departmentId !== undefined) add('department_id', scope.departmentId);
    if (scope.fiscalYear !== undefined) add('fiscal_year', scope.fiscalYear);
    if (scope.unitId !== undefined) add('unit_id', scope.unitId);
    if (scope.sheetId !== undefined) add('sheet_id', scope.sheetId);
    const sheets = await db.query<{ entry: ReportSheet; created_source_position: string }>(
      `SELECT entry, created_source_position::text AS created_source_position FROM report_sheets WHERE ${where.join(' AND ')}`,
      params,
    );
    const sheetIds = sheets.rows.map((r) => r.entry.sheetId);
    const streamIds = [...departments.map((d) => departmentStreamId(d.departmentId)), ...sheets.rows.map((r) => r.entry.streamId)];
    const heads = await db.query<HeadRow>(
      `SELECT stream_id, stream_version, event_id::text AS event_id, hash, position::text AS position
         FROM stream_heads WHERE generation = $1 AND stream_id = ANY($2::text[])`,
      [generation, streamIds],
    );
    const activity = await db.query<{ entry: ReviewActivity }>('SELECT entry FROM review_activity WHERE generation = $1 AND sheet_id = ANY($2::text[])', [
      generation,
      sheetIds,
    ]);
    const model: ReportModel = {
      position: meta.position === '0' ? null : meta.position,
      recordedAt: meta.lastRecordedAt,
      firstRecordedAt: meta.firstRecordedAt,
      eventsApplied: meta.events,
      streams: new Map(heads.rows.map((r) => [r.stream_id, headOf(r)])),
      departments: new Map(departments.map((d) => [d.departmentId, d])),
      sheets: new Map(sheets.rows.map((r) => [r.entry.sheetId, r.entry])),
      reviewActivity: new Map(activity.rows.map((r) => [r.entry.sheetId, r.entry])),
    };
    const creation = new Map(sheets.rows.map((r) => [r.entry.sheetId, BigInt(r.created_source_position)]));
    return { model, creation };
  }

  /** The department stream and the sheet streams of one department and year (every sheet the copy knows, whatever its status). */
  async tableStreams(generation: number, departmentId: string, fiscalYear: number, db: Db = this.pool): Promise<string[]> {
    const { rows } = await db.query<{ stream_id: string }>(
      'SELECT stream_id FROM report_sheets WHERE generation = $1 AND department_id = $2 AND fiscal_year = $3',
      [generation, departmentId, fiscalYear],
    );
    return [departmentStreamId(departmentId), ...rows.map((r) => r.stream_id)];
  }

  /** The sheet streams of one unit in a department's year: what a unit user may see the chains of. */
  async unitStreams(generation: number, departmentId: string, fiscalYear: number, unitId: string, db: Db = this.pool): Promise<string[]> {
    const { rows } = await db.query<{ stream_id: string }>(
      'SELECT stream_id FROM report_sheets WHERE generation = $1 AND department_id = $2 AND fiscal_year = $3 AND unit_id = $4',
      [generation, departmentId, fiscalYear, unitId],
    );
    return rows.map((r) => r.stream_id);
  }

  /** Every department and sheet stream of some departments, any year: a finance desk's chains. */
  async departmentsStreams(generation: number, departmentIds: readonly string[], db: Db = this.pool): Promise<string[]> {
    const { rows } = await db.query<{ stream_id: string }>(
      'SELECT stream_id FROM report_sheets WHERE generation = $1 AND department_id = ANY($2)',
      [generation, [...departmentIds]],
    );
    return [...departmentIds.map(departmentStreamId), ...rows.map((r) => r.stream_id)];
  }

  // ---- reading the copy ----------------------------------------------------------------------

  /**
   * Rows of the copy in position order, fetched in pages (memory stays bounded by a page):
   * optionally only some streams or one subject, and only up to a bound.
   */
  async *copiedEvents(
    generation: number,
    filter: { readonly streamIds?: readonly string[]; readonly subject?: string; readonly upTo?: AsOfBound; readonly after?: string; readonly pageSize?: number } = {},
    db: Db = this.pool,
  ): AsyncGenerator<CopiedEvent> {
    const pageSize = filter.pageSize ?? 1000;
    let after = filter.after ?? '0';
    for (;;) {
      const params: unknown[] = [generation, after, pageSize];
      const where = ['generation = $1', 'position > $2::bigint'];
      if (filter.streamIds) {
        params.push([...filter.streamIds]);
        where.push(`stream_id = ANY($${params.length}::text[])`);
      }
      if (filter.subject !== undefined) {
        params.push(filter.subject);
        where.push(`subject = $${params.length}`);
      }
      if (filter.upTo && 'position' in filter.upTo) {
        params.push(filter.upTo.position);
        where.push(`position <= $${params.length}::bigint`);
      } else if (filter.upTo) {
        params.push(filter.upTo.recordedAt);
        where.push(`recorded_at <= $${params.length}::timestamptz`);
      }
      // Ordered by the bigint column, not the text alias of the same name (PostgreSQL prefers the output column).
      const { rows } = await db.query<CopyRow>(
        `SELECT position::text AS position, source_position::text AS source_position, envelope
           FROM event_log WHERE ${where.join(' AND ')} ORDER BY event_log.position LIMIT $3`,
        params,
      );
      for (const row of rows) yield { position: row.position, sourcePosition: row.source_position, envelope: row.envelope };
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.position;
    }
  }

  async streamHeads(generation: number, db: Db = this.pool): Promise<StreamHead[]> {
    const { rows } = await db.query<HeadRow>(
      'SELECT stream_id, stream_version, event_id::text AS event_id, hash, position::text AS position FROM stream_heads WHERE generation = $1 ORDER BY stream_id',
      [generation],
    );
    return rows.map(headOf);
  }

  /** Event ids of one generation missing from another, in the first one's order (the switch-over copies them across). */
  async *eventsMissingFrom(generation: number, other: number, db: Db): AsyncGenerator<{ envelope: RecordedEvent; source: SourceInfo }> {
    let after = '0';
    for (;;) {
      const { rows } = await db.query<{ position: string; envelope: RecordedEvent; source_topic: string; source_partition: number; source_offset: string }>(
        `SELECT l.position::text AS position, l.envelope, l.source_topic, l.source_partition, l.source_offset::text AS source_offset
           FROM event_log l
          WHERE l.generation = $1 AND l.position > $3::bigint
            AND NOT EXISTS (SELECT 1 FROM event_log o WHERE o.generation = $2 AND o.event_id = l.event_id)
          ORDER BY l.position LIMIT 500`,
        [generation, other, after],
      );
      for (const row of rows) {
        yield { envelope: row.envelope, source: { topic: row.source_topic, partition: row.source_partition, offset: row.source_offset } };
      }
      if (rows.length < 500) return;
      after = rows[rows.length - 1]!.position;
    }
  }

  async countMissingFrom(generation: number, other: number, db: Db = this.pool): Promise<number> {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM event_log l
        WHERE l.generation = $1 AND NOT EXISTS (SELECT 1 FROM event_log o WHERE o.generation = $2 AND o.event_id = l.event_id)`,
      [generation, other],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async switchActive(tx: PoolClient, from: number, to: number): Promise<void> {
    await tx.query('UPDATE active_generation SET generation = $1', [to]);
    await tx.query(`UPDATE generations SET status = 'active', activated_at = now() WHERE generation = $1`, [to]);
    await tx.query(`UPDATE generations SET status = 'retired' WHERE generation = $1`, [from]);
  }

  // ---- dead letters --------------------------------------------------------------------------

  async deadLetterCount(consumer: string, db: Db = this.pool): Promise<number> {
    const { rows } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM dead_letters WHERE consumer = $1 AND replayed_at IS NULL', [consumer]);
    return Number(rows[0]?.n ?? 0);
  }
}
