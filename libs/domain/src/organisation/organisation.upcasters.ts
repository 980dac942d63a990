import { createUpcaster, type StoredEvent } from '../core/upcasting';
import { type DepartmentEvent, type DepartmentEventType } from './organisation.types';

export const DEPARTMENT_EVENT_SCHEMA_VERSIONS: Readonly<Record<DepartmentEventType, number>> = {
  DepartmentRegistered: 1,
  UnitAdded: 1,
  UnitRenamed: 1,
};

/** Throws EventSchemaError for an unknown type or a version newer than this code. */
export const upcastDepartmentEvent: (stored: StoredEvent) => DepartmentEvent = createUpcaster<DepartmentEvent>(
  DEPARTMENT_EVENT_SCHEMA_VERSIONS,
  {},
);
