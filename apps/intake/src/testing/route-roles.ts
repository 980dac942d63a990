import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { type Actor, type PolicyDecision, type Role, ROLES } from '@budget/domain';
import { ALLOWED_ROLES } from '@budget/platform';
import { DEPT, UNIT } from './intake-scenario';

/** The roles a route's guard admits: its handler's @Roles, else its controller's; sorted. */
export function routeRoles(controller: Type<unknown>, handler: string): Role[] {
  const method = (controller.prototype as Record<string, object>)[handler];
  if (!method) throw new Error(`${controller.name} has no handler ${handler}`);
  const roles = (Reflect.getMetadata(ALLOWED_ROLES, method) ?? Reflect.getMetadata(ALLOWED_ROLES, controller)) as Role[] | undefined;
  if (!roles) throw new Error(`${controller.name}.${handler} admits every role`);
  return [...roles].sort();
}

/**
 * The roles the domain's policy allows for someone of that role in the organisation of the
 * data (DEPT, UNIT); sorted. A route's guard admitting more sends people to a certain refusal.
 */
export function rolesAllowedBy(policy: (actor: Actor) => PolicyDecision): Role[] {
  // Nobody signs in as the system (a token with that role is refused), so no route admits it.
  return ROLES.filter((role) => role !== 'system' && policy({ id: `someone-${role}`, role, departmentId: DEPT, unitId: UNIT }).allowed).sort();
}
