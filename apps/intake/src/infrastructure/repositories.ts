import { Inject, Injectable } from '@nestjs/common';
import {
  type DepartmentCommand,
  type DepartmentEvent,
  departmentDecider,
  DEPARTMENT_EVENT_SCHEMA_VERSIONS,
  type DepartmentState,
  type SheetCommand,
  sheetDecider,
  type SheetEvent,
  SHEET_EVENT_SCHEMA_VERSIONS,
  type SheetState,
  upcastDepartmentEvent,
  upcastSheetEvent,
} from '@budget/domain';
import { PostgresEventStore } from '@budget/event-store';
import { EventSourcedRepository } from '@budget/platform';

export const INTAKE_SCHEMA = 'intake';

@Injectable()
export class SheetRepository extends EventSourcedRepository<SheetCommand, SheetEvent, SheetState> {
  constructor(@Inject(PostgresEventStore) store: PostgresEventStore) {
    super(store, { name: 'sheet', decider: sheetDecider, upcast: upcastSheetEvent, schemaVersions: SHEET_EVENT_SCHEMA_VERSIONS });
  }
}

@Injectable()
export class DepartmentRepository extends EventSourcedRepository<DepartmentCommand, DepartmentEvent, DepartmentState> {
  constructor(@Inject(PostgresEventStore) store: PostgresEventStore) {
    super(store, { name: 'department', decider: departmentDecider, upcast: upcastDepartmentEvent, schemaVersions: DEPARTMENT_EVENT_SCHEMA_VERSIONS });
  }
}
