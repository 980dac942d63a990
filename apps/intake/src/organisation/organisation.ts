import { authorize, type CommandMetadata, type DepartmentState, DomainError, mayAddUnit, type RegisteredDepartment } from '@budget/domain';
import { type DepartmentInfo, departmentIdFor, unitIdFor } from '../infrastructure/organisation-directory';
import { type DepartmentRepository } from '../infrastructure/repositories';

/** A department as the API shows it, from its stream: the same the departments/units read model holds. */
export function departmentInfo(department: RegisteredDepartment, version: number): DepartmentInfo {
  const { departmentId, name } = department;
  return { departmentId, name, version, units: department.units.map((u) => ({ unitId: u.unitId, departmentId, name: u.name, position: u.position })) };
}

/** Registers the department unless it exists (registering and importing share it); returns it and whether it was new. */
export async function ensureDepartment(departments: DepartmentRepository, metadata: CommandMetadata, name: string): Promise<{ department: DepartmentInfo; created: boolean }> {
  const departmentId = departmentIdFor(name.trim());
  const { state, version } = await departments.load(departmentId);
  if (state.status === 'registered') return { department: departmentInfo(state, version), created: false };
  const executed = await departments.execute(departmentId, { type: 'RegisterDepartment', data: { departmentId, name: name.trim() }, metadata });
  return { department: registered(executed.state, executed.version), created: true };
}

/**
 * Adds the unit unless the department already has one of that name. Who may add units to the
 * department is asked first, so a stranger learns nothing of the department's units.
 */
export async function ensureUnit(
  departments: DepartmentRepository,
  metadata: CommandMetadata,
  departmentId: string,
  name: string,
): Promise<{ department: DepartmentInfo; unitId: string; created: boolean }> {
  const { state, version } = await departments.load(departmentId);
  if (state.status !== 'registered') throw new DomainError('NOT_FOUND', '部门不存在');
  authorize(mayAddUnit(metadata.actor, state));
  const existing = state.units.find((u) => u.name === name.trim());
  if (existing) return { department: departmentInfo(state, version), unitId: existing.unitId, created: false };
  const unitId = unitIdFor(departmentId, name.trim());
  const executed = await departments.execute(departmentId, { type: 'AddUnit', data: { unitId, name: name.trim() }, metadata });
  return { department: registered(executed.state, executed.version), unitId, created: true };
}

function registered(state: DepartmentState, version: number): DepartmentInfo {
  if (state.status !== 'registered') throw new DomainError('NOT_FOUND', '部门不存在');
  return departmentInfo(state, version);
}
