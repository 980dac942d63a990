import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ExistingSheet, type OpenDraft, sheetStreamId } from '@budget/domain';
import type { AlongsideWrite } from '@budget/event-store';
import { type FindOptionsWhere, In, Repository } from 'typeorm';
import { sheetView, type SheetView, storedSheetView } from '../sheets/sheet-view';
import { SheetRow } from './entities';

/** What a list of sheets is narrowed to, the caller's scope already applied. */
export interface SheetRowFilter {
  readonly departmentIds?: readonly string[];
  readonly unitId?: string;
  readonly status?: string;
  readonly fiscalYear?: number;
}

/** A sheet's organisation and its view as the read model holds them. */
export interface StoredSheet {
  readonly departmentId: string;
  readonly unitId: string;
  readonly view: SheetView;
}

/**
 * The sheets read model, written by the statement of the append that changed the sheet (an
 * AlongsideWrite: one round trip less than a statement of its own, and only when the events were written).
 */
export function sheetRowAlongside(state: ExistingSheet, version: number, at: string): AlongsideWrite {
  return {
    sql: (param) => {
      const values = sheetRowValues(state, version, at).map((v, i) => `${param(v)}::${SHEET_ROW_TYPES[i]!}`);
      return `INSERT INTO sheets (${SHEET_ROW_COLUMNS}) SELECT ${values.join(', ')}, ${values[values.length - 1]!}
              WHERE EXISTS (SELECT 1 FROM inserted) ${SHEET_ROW_UPSERT}`;
    },
  };
}

const SHEET_ROW_COLUMNS = 'sheet_id, stream_id, version, department_id, unit_id, fiscal_year, project_name, status, total_fen, state, created_at, updated_at';
/** The types of sheetRowValues, in order. */
const SHEET_ROW_TYPES = ['text', 'text', 'integer', 'text', 'text', 'integer', 'text', 'text', 'bigint', 'jsonb', 'timestamptz'] as const;
const SHEET_ROW_UPSERT = `ON CONFLICT (sheet_id) DO UPDATE SET version = EXCLUDED.version, project_name = EXCLUDED.project_name, status = EXCLUDED.status,
       total_fen = EXCLUDED.total_fen, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`;

/** The row's values, the time last (it is both created_at and updated_at; an update keeps created_at). */
function sheetRowValues(state: ExistingSheet, version: number, at: string): unknown[] {
  const view = sheetView(state, version, at);
  return [view.sheetId, sheetStreamId(view.sheetId), version, view.departmentId, view.unitId, view.fiscalYear, view.projectName, view.status, view.fundingFen.total, JSON.stringify(view), at];
}

const stored = (row: SheetRow): StoredSheet => ({ departmentId: row.departmentId, unitId: row.unitId, view: storedSheetView(row) });

/** The queries of the sheets read model; sheets in order of creation. */
@Injectable()
export class SheetReadModel {
  constructor(@InjectRepository(SheetRow) private readonly rows: Repository<SheetRow>) {}

  async find(sheetId: string): Promise<StoredSheet | null> {
    const row = await this.rows.findOneBy({ sheetId });
    return row ? stored(row) : null;
  }

  async list(filter: SheetRowFilter, page: { readonly limit: number; readonly offset: number }): Promise<{ items: SheetView[]; total: number }> {
    const where: FindOptionsWhere<SheetRow> = {};
    if (filter.departmentIds !== undefined) where.departmentId = filter.departmentIds.length === 1 ? filter.departmentIds[0]! : In([...filter.departmentIds]);
    if (filter.unitId !== undefined) where.unitId = filter.unitId;
    if (filter.status !== undefined) where.status = filter.status;
    if (filter.fiscalYear !== undefined) where.fiscalYear = filter.fiscalYear;
    const [rows, total] = await this.rows.findAndCount({ where, order: { createdAt: 'ASC', sheetId: 'ASC' }, take: page.limit, skip: page.offset });
    return { items: rows.map(storedSheetView), total };
  }

  /** The ids of a department's sheets of a year in a status, in order of creation. */
  async idsOf(departmentId: string, fiscalYear: number, status: string): Promise<string[]> {
    const rows = await this.rows.find({ select: { sheetId: true }, where: { departmentId, fiscalYear, status }, order: { createdAt: 'ASC', sheetId: 'ASC' } });
    return rows.map((r) => r.sheetId);
  }

  /** A department's sheets of a year in the given statuses, as the drafts a 催办 names. */
  async draftsOf(departmentId: string, fiscalYear: number, statuses: readonly string[]): Promise<OpenDraft[]> {
    const rows = await this.rows.find({
      select: { sheetId: true, unitId: true, projectName: true },
      where: { departmentId, fiscalYear, status: In([...statuses]) },
      order: { createdAt: 'ASC', sheetId: 'ASC' },
    });
    return rows.map((r) => ({ sheetId: r.sheetId, unitId: r.unitId, projectName: r.projectName }));
  }

  /** A unit's sheets of a year in the given statuses. */
  async ofUnit(unitId: string, fiscalYear: number, statuses: readonly string[]): Promise<SheetView[]> {
    const rows = await this.rows.find({ where: { unitId, fiscalYear, status: In([...statuses]) }, order: { createdAt: 'ASC', sheetId: 'ASC' } });
    return rows.map(storedSheetView);
  }
}
