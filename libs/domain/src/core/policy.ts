import { DomainError } from '../errors';

/** A business rule's answer; `authorize` turns a refusal into FORBIDDEN. */
export type PolicyDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

export const allow: PolicyDecision = { allowed: true };

export function deny(reason: string): PolicyDecision {
  return { allowed: false, reason };
}

export function authorize(decision: PolicyDecision): void {
  if (!decision.allowed) throw new DomainError('FORBIDDEN', decision.reason);
}
