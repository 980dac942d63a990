import { isCalendarDate, chinaDateOf } from '../calendar/working-days';
import { CALENDAR_MESSAGES } from '../calendar/calendar.labels';
import { authorize } from '../core/policy';
import { createUpcaster, type StoredEvent } from '../core/upcasting';
import { assertNever, DomainError, type FieldError } from '../errors';
import { throwIfInvalid } from '../sheet/field-checks';
import { DELEGATION_MESSAGES } from './delegation.labels';
import { delegationDays, mayGrantDelegation, mayRevokeDelegation, mayStandFor, MAX_DELEGATION_DAYS } from './delegation.policy';
import {
  type Delegation,
  type DelegationCommand,
  type DelegationEvent,
  type DelegationState,
  type GrantDelegation,
  type RevokeDelegation,
} from './delegation.types';

/**
 * 代理审批 as an aggregate: one stream per delegator (`delegations-<delegatorId>`), so that a
 * person's delegations cannot overlap (one delegate at a time) and an auditor reads who stood in
 * for whom, granted and revoked by whom, in one place.
 */
export function delegationStreamId(delegatorId: string): string {
  return `delegations-${delegatorId}`;
}

export const MAX_DELEGATION_REASON_LENGTH = 200;

export const DELEGATION_EVENT_SCHEMA_VERSIONS: Readonly<Record<DelegationEvent['type'], number>> = {
  DelegationGranted: 1,
  DelegationRevoked: 1,
};

export function initialDelegationState(): DelegationState {
  return { delegatorId: null, delegations: [] };
}

export function decideDelegation(command: DelegationCommand, state: DelegationState): DelegationEvent[] {
  switch (command.type) {
    case 'GrantDelegation':
      return grant(command, state);
    case 'RevokeDelegation':
      return revoke(command, state);
    default:
      return assertNever(command, 'delegation command');
  }
}

function checkReason(errors: FieldError[], reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text === '') errors.push({ field: 'reason', message: DELEGATION_MESSAGES.reasonRequired });
  else if (text.length > MAX_DELEGATION_REASON_LENGTH) errors.push({ field: 'reason', message: DELEGATION_MESSAGES.reasonTooLong(MAX_DELEGATION_REASON_LENGTH) });
  return text;
}

function grant(command: GrantDelegation, state: DelegationState): DelegationEvent[] {
  const { delegationId, delegator, delegate, from, to } = command.data;
  const { actor, now } = command.metadata;
  authorize(mayGrantDelegation(actor, delegator));
  authorize(mayStandFor(delegate, delegator));
  if (state.delegations.some((d) => d.delegationId === delegationId)) throw new DomainError('ALREADY_EXISTS', DELEGATION_MESSAGES.exists, { delegationId });
  const errors: FieldError[] = [];
  if (!isCalendarDate(from)) errors.push({ field: 'from', message: CALENDAR_MESSAGES.invalidDate });
  if (!isCalendarDate(to)) errors.push({ field: 'to', message: CALENDAR_MESSAGES.invalidDate });
  if (errors.length === 0) {
    if (from > to) errors.push({ field: 'to', message: DELEGATION_MESSAGES.fromAfterTo });
    else if (delegationDays(from, to) > MAX_DELEGATION_DAYS) errors.push({ field: 'to', message: DELEGATION_MESSAGES.tooLong(MAX_DELEGATION_DAYS) });
    if (from < chinaDateOf(now)) errors.push({ field: 'from', message: DELEGATION_MESSAGES.fromInPast });
  }
  const reason = checkReason(errors, command.data.reason);
  throwIfInvalid(errors);
  const overlapping = state.delegations.find((d) => d.revoked === null && d.from <= to && from <= d.to);
  if (overlapping) throw new DomainError('ILLEGAL_STATE', DELEGATION_MESSAGES.overlaps(overlapping.from, overlapping.to), { delegationId: overlapping.delegationId });
  return [{ type: 'DelegationGranted', data: { delegationId, delegator, delegate, from, to, reason, grantedBy: actor.id, grantedAt: now } }];
}

function revoke(command: RevokeDelegation, state: DelegationState): DelegationEvent[] {
  const { actor, now } = command.metadata;
  const delegation = state.delegations.find((d) => d.delegationId === command.data.delegationId);
  if (!delegation) throw new DomainError('NOT_FOUND', DELEGATION_MESSAGES.notFound, { delegationId: command.data.delegationId });
  authorize(mayRevokeDelegation(actor, delegation));
  if (delegation.revoked) throw new DomainError('ILLEGAL_STATE', DELEGATION_MESSAGES.alreadyRevoked);
  if (delegation.to < chinaDateOf(now)) throw new DomainError('ILLEGAL_STATE', DELEGATION_MESSAGES.alreadyEnded);
  const errors: FieldError[] = [];
  const reason = checkReason(errors, command.data.reason);
  throwIfInvalid(errors);
  return [
    {
      type: 'DelegationRevoked',
      data: { delegationId: delegation.delegationId, delegatorId: delegation.delegator.id, delegateId: delegation.delegate.id, reason, by: actor.id, at: now },
    },
  ];
}

export function evolveDelegation(state: DelegationState, event: DelegationEvent): DelegationState {
  switch (event.type) {
    case 'DelegationGranted': {
      const delegation: Delegation = { ...event.data, revoked: null };
      return { delegatorId: event.data.delegator.id, delegations: [...state.delegations, delegation] };
    }
    case 'DelegationRevoked': {
      const { delegationId, by, at, reason } = event.data;
      return {
        ...state,
        delegations: state.delegations.map((d) => (d.delegationId === delegationId ? { ...d, revoked: { by, at, reason } } : d)),
      };
    }
    default:
      return assertNever(event, 'delegation event');
  }
}

export const delegationDecider = {
  decide: decideDelegation,
  evolve: evolveDelegation,
  initialState: initialDelegationState,
} as const;

export const upcastDelegationEvent: (stored: StoredEvent) => DelegationEvent = createUpcaster<DelegationEvent>(DELEGATION_EVENT_SCHEMA_VERSIONS, {});
