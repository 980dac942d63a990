import { type Actor } from './events/envelope';

/** The organisation a piece of data belongs to. */
export interface OrgScope {
  readonly departmentId: string;
  readonly unitId?: string;
}

/** A finance reviewer assigned to departments (`departmentIds`) covers only those; unassigned, all of them. */
export function financeCovers(actor: Actor, departmentId: string): boolean {
  return actor.departmentIds === undefined || actor.departmentIds.includes(departmentId);
}

/**
 * Who may read what: unit users their own unit, a department reviewer their department, a finance
 * reviewer the departments of their desk (all when unassigned), auditors and admins everything.
 */
export function mayRead(actor: Actor, scope: OrgScope): boolean {
  switch (actor.role) {
    case 'unit_clerk':
    case 'unit_head':
      return scope.unitId !== undefined && actor.unitId === scope.unitId;
    case 'department_reviewer':
      return actor.departmentId === scope.departmentId;
    case 'finance_reviewer':
      return financeCovers(actor, scope.departmentId);
    case 'auditor':
    case 'admin':
    case 'system':
      return true;
  }
}

/** The filter a listing applies so that nobody sees rows outside their scope. */
export function readScopeFilter(actor: Actor): { readonly departmentId?: string; readonly unitId?: string; readonly departmentIds?: readonly string[] } | 'none' {
  switch (actor.role) {
    case 'unit_clerk':
    case 'unit_head':
      return actor.unitId ? { unitId: actor.unitId } : 'none';
    case 'department_reviewer':
      return actor.departmentId ? { departmentId: actor.departmentId } : 'none';
    case 'finance_reviewer':
      return actor.departmentIds !== undefined ? { departmentIds: actor.departmentIds } : {};
    case 'auditor':
    case 'admin':
    case 'system':
      return {};
  }
}
