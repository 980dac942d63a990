import { Injectable } from '@nestjs/common';
import { departmentStreamId, type RecordedEvent, type RegisteredDepartment, type ReportModel, type ReviewActivity, type StreamHead } from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';
import { type Pool } from 'pg';
import { type CopiedEvent, type CreationOrder } from '../projection/copied-events';
import { type SourceInfo } from './event-log.writer';
import { generationMeta } from './generation-rows';
import { headOf, type HeadRow } from './projection-rows.repository';
import { ReportStore } from './report-store';
import { type SheetEntry, sheetOfEntry } from './sheet-entry';

type Db = EventStoreTransaction;

interface CopyRow {
  position: string;
  source_position: string;
  envelope: RecordedEvent;
}

export type AsOfBound = { readonly position: string } | { readonly recordedAt: string };

/** What the API, the rebuild and the checks read: the read models of a generation and its copy of the events. */
@Injectable()
export class ReportQueries {
  constructor(private readonly store: ReportStore) {}

  private get pool(): Pool {
    return this.store.pool;
  }

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
    const meta = await generationMeta(db, generation);
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
    const sheets = await db.query<{ entry: SheetEntry; created_source_position: string }>(
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
      sheets: new Map(sheets.rows.map((r) => [r.entry.sheetId, sheetOfEntry(r.entry)])),
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

  async deadLetterCount(consumer: string, db: Db = this.pool): Promise<number> {
    const { rows } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM dead_letters WHERE consumer = $1 AND replayed_at IS NULL', [consumer]);
    return Number(rows[0]?.n ?? 0);
  }
}
