import { type Actor } from './events/envelope';

/** The organisation a piece of data belongs to. */
export interface OrgScope {
  readonly departmentId: string;
  readonly unitId?: string;
}

/**
 * Who may read what: unit users their own unit, a department reviewer their department,
 * finance, auditors and admins everything (finance assignments per department are not modelled yet).
 */
export function mayRead(actor: Actor, scope: OrgScope): boolean {
  switch (actor.role) {
    case 'unit_clerk':
    case 'unit_head':
      return scope.unitId !== undefined && actor.unitId === scope.unitId;
    case 'department_reviewer':
      return actor.departmentId === scope.departmentId;
    case 'finance_reviewer':
    case 'auditor':
    case 'admin':
    case 'system':
      return true;
  }
}

/** The filter a listing applies so that nobody sees rows outside their scope. */
export function readScopeFilter(actor: Actor): { readonly departmentId?: string; readonly unitId?: string } | 'none' {
  switch (actor.role) {
    case 'unit_clerk':
    case 'unit_head':
      return actor.unitId ? { unitId: actor.unitId } : 'none';
    case 'department_reviewer':
      return actor.departmentId ? { departmentId: actor.departmentId } : 'none';
    case 'finance_reviewer':
    case 'auditor':
    case 'admin':
    case 'system':
      return {};
  }
}
