import { type Actor, type CommandMetadata, DomainError } from '@budget/domain';
import { listedFieldErrors } from '@budget/platform';

/** Who asks, and under which correlation id: what every publication command carries in. */
export interface RequestContext {
  readonly actor: Actor;
  readonly correlationId: string;
}

/** The clock is read here, at the edge: the decider receives the time with the command. */
export function publicationMetadata(ctx: RequestContext, now: Date = new Date()): CommandMetadata {
  return { now: now.toISOString(), actor: ctx.actor, correlationId: ctx.correlationId, causationId: null };
}

const headline = listedFieldErrors('公开信息有误：');

/** The decider's "输入有误" answered with what is wrong, in its own words (the field errors stay beside it). */
export async function withFieldHeadline<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const fieldErrors = error instanceof DomainError && error.code === 'VALIDATION_FAILED' ? error.details.fieldErrors : undefined;
    if (!fieldErrors || fieldErrors.length === 0) throw error;
    throw new DomainError('VALIDATION_FAILED', headline(fieldErrors), error instanceof DomainError ? error.details : {});
  }
}
