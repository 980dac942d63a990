import { Query } from '@nestjs/cqrs';
import type { Actor, RecordedEvent } from '@budget/domain';
import type { SheetView } from '../../sheets/sheet-view';

export interface SheetFilter {
  readonly departmentId?: string;
  readonly unitId?: string;
  readonly status?: string;
  readonly fiscalYear?: number;
  readonly limit: number;
  readonly offset: number;
}

export interface SheetPage {
  readonly items: SheetView[];
  readonly total: number;
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

/** The sheets the caller may read that match the filter, in order of creation. */
export class ListSheetsQuery extends Query<SheetPage> {
  constructor(
    readonly actor: Actor,
    readonly filter: SheetFilter,
  ) {
    super();
  }
}

/** A sheet's event stream as stored, with its hashes; the data upcast to today's schema. */
export class GetSheetEventsQuery extends Query<{ sheetId: string; events: RecordedEvent[] }> {
  constructor(
    readonly actor: Actor,
    readonly sheetId: string,
  ) {
    super();
  }
}
