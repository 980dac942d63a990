// What every aggregate shares: the decider's shape, the policies' answer, reading stored events.
export { type Command, type Decider } from './decider';
export { allow, authorize, deny, type PolicyDecision } from './policy';
export { createUpcaster, EventSchemaError, type EventSchemaErrorCode, isRecord, malformed, type StoredEvent, type UpcastStep } from './upcasting';
