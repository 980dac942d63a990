import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { type Actor, DomainError, mayRead, readScopeFilter, type RecordedEvent, sheetStreamId, upcastSheetEvent } from '@budget/domain';
import { PostgresEventStore } from '@budget/event-store';
import { type FindOptionsWhere, In, Repository } from 'typeorm';
import { SheetRow } from '../../infrastructure/entities';
import { type SheetView, storedSheetView } from '../sheet-view';

export interface SheetFilter {
  readonly departmentId?: string;
  readonly unitId?: string;
  readonly status?: string;
  readonly fiscalYear?: number;
  readonly limit: number;
  readonly offset: number;
}

export class GetSheetQuery extends Query<SheetView> {
  constructor(
    readonly actor: Actor,
    readonly sheetId: string,
  ) {
    super();
  }
}

export class ListSheetsQuery extends Query<{ items: SheetView[]; total: number; limit: number; offset: number }> {
  constructor(
    readonly actor: Actor,
    readonly filter: SheetFilter,
  ) {
    super();
  }
}

export class GetSheetEventsQuery extends Query<{ sheetId: string; events: RecordedEvent[] }> {
  constructor(
    readonly actor: Actor,
    readonly sheetId: string,
  ) {
    super();
  }
}

async function readableRow(rows: Repository<SheetRow>, actor: Actor, sheetId: string): Promise<SheetRow> {
  const row = await rows.findOneBy({ sheetId });
  if (!row) throw new DomainError('NOT_FOUND', '绩效目标表不存在');
  if (!mayRead(actor, { departmentId: row.departmentId, unitId: row.unitId })) throw new DomainError('FORBIDDEN', '您无权查看该绩效目标表');
  return row;
}

@QueryHandler(GetSheetQuery)
export class GetSheetHandler implements IQueryHandler<GetSheetQuery> {
  constructor(@InjectRepository(SheetRow) private readonly rows: Repository<SheetRow>) {}
  async execute(q: GetSheetQuery): Promise<SheetView> {
    return storedSheetView(await readableRow(this.rows, q.actor, q.sheetId));
  }
}

@QueryHandler(ListSheetsQuery)
export class ListSheetsHandler implements IQueryHandler<ListSheetsQuery> {
  constructor(@InjectRepository(SheetRow) private readonly rows: Repository<SheetRow>) {}
  async execute(q: ListSheetsQuery): Promise<{ items: SheetView[]; total: number; limit: number; offset: number }> {
    const scope = readScopeFilter(q.actor);
    const { limit, offset } = q.filter;
    if (scope === 'none') return { items: [], total: 0, limit, offset };
    // The caller's scope narrows the filter; a filter outside the scope finds nothing.
    const where: FindOptionsWhere<SheetRow> = {};
    for (const key of ['departmentId', 'unitId'] as const) {
      const wanted = q.filter[key];
      const allowed = scope[key];
      if (wanted !== undefined && allowed !== undefined && wanted !== allowed) return { items: [], total: 0, limit, offset };
      const value = allowed ?? wanted;
      if (value !== undefined) where[key] = value;
    }
    if (scope.departmentIds !== undefined) {
      // A finance desk: its departments, narrowed further by a requested one.
      if (where.departmentId !== undefined && !scope.departmentIds.includes(where.departmentId as string)) return { items: [], total: 0, limit, offset };
      if (where.departmentId === undefined) where.departmentId = In([...scope.departmentIds]);
    }
    if (q.filter.status !== undefined) where.status = q.filter.status;
    if (q.filter.fiscalYear !== undefined) where.fiscalYear = q.filter.fiscalYear;
    const [rows, total] = await this.rows.findAndCount({ where, order: { createdAt: 'ASC', sheetId: 'ASC' }, take: limit, skip: offset });
    return { items: rows.map(storedSheetView), total, limit, offset };
  }
}

@QueryHandler(GetSheetEventsQuery)
export class GetSheetEventsHandler implements IQueryHandler<GetSheetEventsQuery> {
  constructor(
    @InjectRepository(SheetRow) private readonly rows: Repository<SheetRow>,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {}
  async execute(q: GetSheetEventsQuery): Promise<{ sheetId: string; events: RecordedEvent[] }> {
    await readableRow(this.rows, q.actor, q.sheetId);
    const recorded = await this.store.readStream(sheetStreamId(q.sheetId));
    // Shown as read today: old schema versions upcast, the envelope (and its hash) as stored.
    const events = recorded.map((r) => ({ ...r, data: upcastSheetEvent(r).data }));
    return { sheetId: q.sheetId, events };
  }
}
