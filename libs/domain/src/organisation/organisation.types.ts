import { type CommandMetadata, type DomainEvent } from '../events/envelope';

export interface RegisterDepartment {
  readonly type: 'RegisterDepartment';
  readonly data: { readonly departmentId: string; readonly name: string };
  readonly metadata: CommandMetadata;
}

export interface AddUnit {
  readonly type: 'AddUnit';
  readonly data: { readonly unitId: string; readonly name: string };
  readonly metadata: CommandMetadata;
}

export interface RenameUnit {
  readonly type: 'RenameUnit';
  readonly data: { readonly unitId: string; readonly name: string };
  readonly metadata: CommandMetadata;
}

export type DepartmentCommand = RegisterDepartment | AddUnit | RenameUnit;

export type DepartmentRegistered = DomainEvent<'DepartmentRegistered', { readonly departmentId: string; readonly name: string }>;
/** `position` is the 0-based order of addition; the published table lists units in this order. */
export type UnitAdded = DomainEvent<
  'UnitAdded',
  { readonly departmentId: string; readonly unitId: string; readonly name: string; readonly position: number }
>;
export type UnitRenamed = DomainEvent<
  'UnitRenamed',
  { readonly departmentId: string; readonly unitId: string; readonly before: string; readonly after: string }
>;

export type DepartmentEvent = DepartmentRegistered | UnitAdded | UnitRenamed;
export type DepartmentEventType = DepartmentEvent['type'];

export interface DepartmentUnit {
  readonly unitId: string;
  readonly name: string;
  readonly position: number;
}

export type DepartmentState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly departmentId: string;
      readonly name: string;
      /** In order of addition. */
      readonly units: readonly DepartmentUnit[];
    };

export type RegisteredDepartment = Extract<DepartmentState, { status: 'registered' }>;
