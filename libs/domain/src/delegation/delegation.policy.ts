import { financeCovers } from '../access';
import { chinaDateOf, type CalendarDate } from '../calendar/working-days';
import { allow, deny, type PolicyDecision } from '../core/policy';
import { type Actor } from '../events/envelope';
import { type SignOffRole } from '../review/review.types';
import { DELEGATION_MESSAGES } from './delegation.labels';
import { type ActingFor, type Delegation, type DelegationParty, type DelegationStatus } from './delegation.types';

const SIGN_OFF_ROLES: readonly string[] = ['unit_head', 'department_reviewer', 'finance_reviewer'];

/** The delegator themself, or an admin on their behalf (e.g. a sudden sick leave). */
export function mayGrantDelegation(actor: Actor, delegator: DelegationParty): PolicyDecision {
  if (actor.role === 'admin') return allow;
  return actor.id === delegator.id && actor.role === delegator.role ? allow : deny(DELEGATION_MESSAGES.mayGrant);
}

export function mayRevokeDelegation(actor: Actor, delegation: Delegation): PolicyDecision {
  return actor.role === 'admin' || actor.id === delegation.delegator.id ? allow : deny(DELEGATION_MESSAGES.mayRevoke);
}

/**
 * Same role, same organisation: a unit head's delegate heads the same unit, a department
 * reviewer's reviews for the same department, a finance reviewer's covers at least the same desk.
 */
export function mayStandFor(delegate: DelegationParty, delegator: DelegationParty): PolicyDecision {
  if (!SIGN_OFF_ROLES.includes(delegator.role)) return deny(DELEGATION_MESSAGES.notSignOffRole);
  if (delegate.id === delegator.id) return deny(DELEGATION_MESSAGES.notSelf);
  if (delegate.role !== delegator.role) return deny(DELEGATION_MESSAGES.sameRole);
  switch (delegator.role) {
    case 'unit_head':
      return delegate.unitId !== undefined && delegate.unitId === delegator.unitId && delegate.departmentId === delegator.departmentId
        ? allow
        : deny(DELEGATION_MESSAGES.sameOrganisation);
    case 'department_reviewer':
      return delegate.departmentId !== undefined && delegate.departmentId === delegator.departmentId ? allow : deny(DELEGATION_MESSAGES.sameOrganisation);
    case 'finance_reviewer': {
      const desk = delegator.departmentIds;
      const covered = desk === undefined ? delegate.departmentIds === undefined : desk.every((d) => financeCovers(asActor(delegate), d));
      return covered ? allow : deny(DELEGATION_MESSAGES.sameDesk);
    }
  }
}

/** In force at `at`: granted, not revoked by then, and `at` falls on a day of its range (Beijing time). */
export function isInForce(delegation: Delegation, at: string): boolean {
  if (delegation.revoked && Date.parse(delegation.revoked.at) <= Date.parse(at)) return false;
  if (Date.parse(delegation.grantedAt) > Date.parse(at)) return false;
  const day = chinaDateOf(at);
  return delegation.from <= day && day <= delegation.to;
}

export function delegationStatus(delegation: Delegation, at: string): DelegationStatus {
  if (delegation.revoked && Date.parse(delegation.revoked.at) <= Date.parse(at)) return 'revoked';
  const day = chinaDateOf(at);
  if (day < delegation.from) return 'scheduled';
  return day > delegation.to ? 'ended' : 'in_force';
}

export function delegationsInForce(delegations: readonly Delegation[], at: string): Delegation[] {
  return delegations.filter((d) => isInForce(d, at));
}

/** Whose tasks a person also sees in 待办 at `at`. */
export function delegatorsOf(delegations: readonly Delegation[], delegateId: string, at: string): DelegationParty[] {
  return delegationsInForce(delegations, at)
    .filter((d) => d.delegate.id === delegateId)
    .map((d) => d.delegator);
}

/** The delegation, in force at `at`, through which `delegateId` may act for `delegatorId`; null if none. */
export function delegationFor(delegations: readonly Delegation[], delegateId: string, delegatorId: string, at: string): Delegation | null {
  return delegationsInForce(delegations, at).find((d) => d.delegate.id === delegateId && d.delegator.id === delegatorId) ?? null;
}

/**
 * May `actor` act in the place of the delegation's delegator at a level of `role`, at `at`? Only
 * the delegate, while the delegation is in force and the level is the delegator's. Whether the
 * delegator may act on the review (organisation, four-eyes) is the review's sign-off policy.
 */
export function mayActFor(actor: Actor, delegation: Delegation, role: SignOffRole, at: string): PolicyDecision {
  if (actor.id !== delegation.delegate.id || actor.role !== delegation.delegate.role) return deny(DELEGATION_MESSAGES.notDelegate);
  if (!isInForce(delegation, at)) return deny(DELEGATION_MESSAGES.notInForce);
  return delegation.delegator.role === role ? allow : deny(DELEGATION_MESSAGES.levelRole);
}

/** The delegator as an actor: the delegate acts with the delegator's organisation, never their own wider one. */
export function asActor(party: DelegationParty): Actor {
  return {
    id: party.id,
    role: party.role,
    ...(party.departmentId !== undefined && { departmentId: party.departmentId }),
    ...(party.unitId !== undefined && { unitId: party.unitId }),
    ...(party.departmentIds !== undefined && { departmentIds: party.departmentIds }),
    ...(party.name !== undefined && { name: party.name }),
  };
}

export function actingForOf(delegation: Delegation): ActingFor {
  return { delegatorId: delegation.delegator.id, delegationId: delegation.delegationId };
}

/** Longest delegation: a quarter; longer absences are a change of the person, not a delegation. */
export const MAX_DELEGATION_DAYS = 92;

/** Days of a range, both ends included. */
export function delegationDays(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / 86_400_000) + 1;
}
