export * from './delegation.types';
export {
  DELEGATION_EVENT_SCHEMA_VERSIONS,
  MAX_DELEGATION_REASON_LENGTH,
  decideDelegation,
  delegationDecider,
  delegationStreamId,
  evolveDelegation,
  initialDelegationState,
  upcastDelegationEvent,
} from './delegation.decider';
export {
  MAX_DELEGATION_DAYS,
  actingForOf,
  asActor,
  delegationDays,
  delegationFor,
  delegationStatus,
  delegationsInForce,
  delegatorsOf,
  isInForce,
  mayActFor,
  mayGrantDelegation,
  mayRevokeDelegation,
  mayStandFor,
} from './delegation.policy';
export { ACTING_FOR_LABEL, DELEGATION_EVENT_LABELS, DELEGATION_MESSAGES, DELEGATION_STATUS_LABELS } from './delegation.labels';
