import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Actor, DomainError, mayRead, readScopeFilter, type RecordedEvent, upcastSheetEvent } from '@budget/domain';
import { SheetReadModel, type SheetRowFilter, type StoredSheet } from '../../infrastructure/sheet-read-model';
import { SheetRepository } from '../../infrastructure/repositories';
import type { SheetView } from '../../sheets/sheet-view';
import { GetSheetEventsQuery, GetSheetQuery, ListSheetsQuery, type SheetFilter, type SheetPage } from './read-sheets.queries';

async function readable(sheets: SheetReadModel, actor: Actor, sheetId: string): Promise<StoredSheet> {
  const sheet = await sheets.find(sheetId);
  if (!sheet) throw new DomainError('NOT_FOUND', '绩效目标表不存在');
  if (!mayRead(actor, { departmentId: sheet.departmentId, unitId: sheet.unitId })) throw new DomainError('FORBIDDEN', '您无权查看该绩效目标表');
  return sheet;
}

/** The caller's read scope narrows the filter; a filter outside the scope finds nothing (null). */
export function scopedFilter(actor: Actor, filter: SheetFilter): SheetRowFilter | null {
  const scope = readScopeFilter(actor);
  if (scope === 'none') return null;
  const narrowed = (wanted: string | undefined, allowed: string | undefined): string | undefined | null =>
    wanted !== undefined && allowed !== undefined && wanted !== allowed ? null : (allowed ?? wanted);
  const departmentId = narrowed(filter.departmentId, scope.departmentId);
  const unitId = narrowed(filter.unitId, scope.unitId);
  if (departmentId === null || unitId === null) return null;
  let departmentIds = departmentId !== undefined ? [departmentId] : undefined;
  if (scope.departmentIds !== undefined) {
    // A finance desk: its departments, narrowed further by a requested one.
    if (departmentId !== undefined && !scope.departmentIds.includes(departmentId)) return null;
    departmentIds ??= [...scope.departmentIds];
  }
  return {
    ...(departmentIds !== undefined ? { departmentIds } : {}),
    ...(unitId !== undefined ? { unitId } : {}),
    ...(filter.status !== undefined ? { status: filter.status } : {}),
    ...(filter.fiscalYear !== undefined ? { fiscalYear: filter.fiscalYear } : {}),
  };
}

@QueryHandler(GetSheetQuery)
export class GetSheetHandler implements IQueryHandler<GetSheetQuery> {
  constructor(private readonly sheets: SheetReadModel) {}

  async execute({ actor, sheetId }: GetSheetQuery): Promise<SheetView> {
    return (await readable(this.sheets, actor, sheetId)).view;
  }
}

@QueryHandler(ListSheetsQuery)
export class ListSheetsHandler implements IQueryHandler<ListSheetsQuery> {
  constructor(private readonly sheets: SheetReadModel) {}

  async execute({ actor, filter }: ListSheetsQuery): Promise<SheetPage> {
    const { limit, offset } = filter;
    const where = scopedFilter(actor, filter);
    if (where === null) return { items: [], total: 0, limit, offset };
    const { items, total } = await this.sheets.list(where, { limit, offset });
    return { items, total, limit, offset };
  }
}

@QueryHandler(GetSheetEventsQuery)
export class GetSheetEventsHandler implements IQueryHandler<GetSheetEventsQuery> {
  constructor(
    private readonly readModel: SheetReadModel,
    private readonly sheets: SheetRepository,
  ) {}

  async execute({ actor, sheetId }: GetSheetEventsQuery): Promise<{ sheetId: string; events: RecordedEvent[] }> {
    await readable(this.readModel, actor, sheetId);
    // Shown as read today: old schema versions upcast, the envelope (and its hash) as stored.
    const events = (await this.sheets.recorded(sheetId)).map((r) => ({ ...r, data: upcastSheetEvent(r).data }));
    return { sheetId, events };
  }
}
