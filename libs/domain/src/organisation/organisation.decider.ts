import { assertNever, DomainError, type FieldError } from '../errors';
import { checkId, checkText, throwIfInvalid } from '../sheet/field-checks';
import { authorize } from '../core/policy';
import { mayAddUnit, mayRegisterDepartment, mayRenameUnit } from './organisation.policy';
import {
  type AddUnit,
  type DepartmentCommand,
  type DepartmentEvent,
  type DepartmentState,
  type RegisterDepartment,
  type RegisteredDepartment,
  type RenameUnit,
} from './organisation.types';

export const MAX_DEPARTMENT_NAME_LENGTH = 200;
export const MAX_UNIT_NAME_LENGTH = 200;

export function departmentStreamId(departmentId: string): string {
  return `department-${departmentId}`;
}

export function initialDepartmentState(): DepartmentState {
  return { status: 'unregistered' };
}

export function validateDepartmentCommand(command: DepartmentCommand): FieldError[] {
  const errors: FieldError[] = [];
  switch (command.type) {
    case 'RegisterDepartment':
      checkId(errors, 'departmentId', command.data.departmentId, '部门编号');
      checkText(errors, 'name', command.data.name, '部门名称', { max: MAX_DEPARTMENT_NAME_LENGTH, required: true });
      break;
    case 'AddUnit':
    case 'RenameUnit':
      checkId(errors, 'unitId', command.data.unitId, '单位编号');
      checkText(errors, 'name', command.data.name, '单位名称', { max: MAX_UNIT_NAME_LENGTH, required: true });
      break;
    default:
      return assertNever(command, 'department command');
  }
  return errors;
}

export function decideDepartment(command: DepartmentCommand, state: DepartmentState): DepartmentEvent[] {
  switch (command.type) {
    case 'RegisterDepartment':
      return registerDepartment(command, state);
    case 'AddUnit':
      return addUnit(command, registered(state));
    case 'RenameUnit':
      return renameUnit(command, registered(state));
    default:
      return assertNever(command, 'department command');
  }
}

export function evolveDepartment(state: DepartmentState, event: DepartmentEvent): DepartmentState {
  switch (event.type) {
    case 'DepartmentRegistered':
      return { status: 'registered', departmentId: event.data.departmentId, name: event.data.name, units: [] };
    case 'UnitAdded': {
      const department = registeredForEvolve(state, event.type);
      const unit = { unitId: event.data.unitId, name: event.data.name, position: event.data.position };
      return { ...department, units: [...department.units, unit] };
    }
    case 'UnitRenamed': {
      const department = registeredForEvolve(state, event.type);
      return {
        ...department,
        units: department.units.map((u) => (u.unitId === event.data.unitId ? { ...u, name: event.data.after } : u)),
      };
    }
    default:
      return assertNever(event, 'department event');
  }
}

export function foldDepartment(events: readonly DepartmentEvent[]): DepartmentState {
  return events.reduce(evolveDepartment, initialDepartmentState());
}

export const departmentDecider = {
  decide: decideDepartment,
  evolve: evolveDepartment,
  initialState: initialDepartmentState,
} as const;

function registerDepartment(command: RegisterDepartment, state: DepartmentState): DepartmentEvent[] {
  if (state.status === 'registered') throw new DomainError('ALREADY_EXISTS', '该部门已登记');
  authorize(mayRegisterDepartment(command.metadata.actor));
  throwIfInvalid(validateDepartmentCommand(command));
  return [{ type: 'DepartmentRegistered', data: { departmentId: command.data.departmentId, name: command.data.name } }];
}

function addUnit(command: AddUnit, department: RegisteredDepartment): DepartmentEvent[] {
  authorize(mayAddUnit(command.metadata.actor, department));
  throwIfInvalid(validateDepartmentCommand(command));
  const { unitId, name } = command.data;
  if (department.units.some((u) => u.unitId === unitId)) throw new DomainError('ALREADY_EXISTS', '该单位已存在');
  throwIfInvalid(nameClash(department, unitId, name));
  return [
    {
      type: 'UnitAdded',
      data: { departmentId: department.departmentId, unitId, name, position: department.units.length },
    },
  ];
}

function renameUnit(command: RenameUnit, department: RegisteredDepartment): DepartmentEvent[] {
  authorize(mayRenameUnit(command.metadata.actor));
  throwIfInvalid(validateDepartmentCommand(command));
  const { unitId, name } = command.data;
  const unit = department.units.find((u) => u.unitId === unitId);
  if (!unit) throw new DomainError('NOT_FOUND', '单位不存在', { unitId });
  if (unit.name === name) return [];
  throwIfInvalid(nameClash(department, unitId, name));
  return [{ type: 'UnitRenamed', data: { departmentId: department.departmentId, unitId, before: unit.name, after: name } }];
}

/** Two units whose names differ only by surrounding spaces would print as the same row. */
function nameClash(department: RegisteredDepartment, unitId: string, name: string): FieldError[] {
  const wanted = name.trim();
  return department.units.some((u) => u.unitId !== unitId && u.name.trim() === wanted)
    ? [{ field: 'name', message: '同一部门内单位名称不能重复' }]
    : [];
}

function registered(state: DepartmentState): RegisteredDepartment {
  if (state.status !== 'registered') throw new DomainError('NOT_FOUND', '部门不存在');
  return state;
}

function registeredForEvolve(state: DepartmentState, eventType: string): RegisteredDepartment {
  if (state.status !== 'registered') throw new Error(`${eventType} before DepartmentRegistered`);
  return state;
}
