import { type CalendarDate } from '../calendar/working-days';
import { type Command } from '../core/decider';
import { type DomainEvent } from '../events/envelope';
import { type SignOffRole } from '../review/review.types';

/** A person as the delegation records them: role and organisation at the time of the grant. */
export interface DelegationParty {
  readonly id: string;
  readonly role: SignOffRole;
  readonly departmentId?: string;
  readonly unitId?: string;
  /** A finance reviewer's desk; absent, every department. */
  readonly departmentIds?: readonly string[];
  readonly name?: string;
}

/** 代理审批: the delegate acts at the delegator's level, for the delegator's organisation, from `from` to `to` (Beijing dates, inclusive). */
export interface Delegation {
  readonly delegationId: string;
  readonly delegator: DelegationParty;
  readonly delegate: DelegationParty;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly reason: string;
  readonly grantedBy: string;
  readonly grantedAt: string;
  readonly revoked: { readonly by: string; readonly at: string; readonly reason: string } | null;
}

/** Where a delegation stands at a given moment. */
export type DelegationStatus = 'scheduled' | 'in_force' | 'ended' | 'revoked';

/** What a review event records when a delegate acted: the history shows “代 X 审核”. */
export interface ActingFor {
  readonly delegatorId: string;
  readonly delegationId: string;
}

/** The service resolves both parties from its user directory; the decider checks they may stand for each other. */
export type GrantDelegation = Command<'GrantDelegation', Pick<Delegation, 'delegationId' | 'delegator' | 'delegate' | 'from' | 'to' | 'reason'>>;
export type RevokeDelegation = Command<'RevokeDelegation', { readonly delegationId: string; readonly reason: string }>;
export type DelegationCommand = GrantDelegation | RevokeDelegation;

export type DelegationGranted = DomainEvent<'DelegationGranted', Omit<Delegation, 'revoked'>>;
export type DelegationRevoked = DomainEvent<
  'DelegationRevoked',
  { readonly delegationId: string; readonly delegatorId: string; readonly delegateId: string; readonly reason: string; readonly by: string; readonly at: string }
>;
export type DelegationEvent = DelegationGranted | DelegationRevoked;

/** Stream `delegations-<delegatorId>`: every delegation one person gave, in order. */
export interface DelegationState {
  readonly delegatorId: string | null;
  readonly delegations: readonly Delegation[];
}
