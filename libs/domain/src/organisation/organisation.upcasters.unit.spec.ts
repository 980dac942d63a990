import { EventSchemaError } from '../core/upcasting';
import { type DepartmentEvent } from './organisation.types';
import { DEPARTMENT_EVENT_SCHEMA_VERSIONS, upcastDepartmentEvent } from './organisation.upcasters';

const EVENTS: readonly DepartmentEvent[] = [
  { type: 'DepartmentRegistered', data: { departmentId: 'd', name: '组织部' } },
  { type: 'UnitAdded', data: { departmentId: 'd', unitId: 'u', name: '组织部', position: 0 } },
  { type: 'UnitRenamed', data: { departmentId: 'd', unitId: 'u', before: '组织部', after: '区委组织部' } },
];

describe('upcastDepartmentEvent', () => {
  it('knows version 1 of every department event', () => {
    expect(DEPARTMENT_EVENT_SCHEMA_VERSIONS).toEqual({ DepartmentRegistered: 1, UnitAdded: 1, UnitRenamed: 1 });
  });

  it.each(EVENTS.map((e) => [e.type, e] as const))('reads %s back through JSON', (_, event) => {
    expect(upcastDepartmentEvent({ type: event.type, schemaVersion: 1, data: JSON.parse(JSON.stringify(event.data)) })).toEqual(event);
  });

  it.each([
    ['UnitRemoved', 1, 'UNKNOWN_EVENT_TYPE'],
    ['UnitAdded', 2, 'UNSUPPORTED_SCHEMA_VERSION'],
  ] as const)('refuses %s v%i with %s', (type, schemaVersion, code) => {
    expect(() => upcastDepartmentEvent({ type, schemaVersion, data: {} })).toThrow(EventSchemaError);
    expect(() => upcastDepartmentEvent({ type, schemaVersion, data: {} })).toThrow(expect.objectContaining({ code }) as Error);
  });
});
