import type { Actor, CommandMetadata } from '@budget/domain';

/** Who asks, and under which correlation id: what every command of an HTTP API carries in. */
export interface RequestContext {
  readonly actor: Actor;
  readonly correlationId: string;
}

/** The clock is read here, at the edge: the domain receives the time with the command. */
export function commandMetadata(ctx: RequestContext, now: Date = new Date()): CommandMetadata {
  return { now: now.toISOString(), actor: ctx.actor, correlationId: ctx.correlationId, causationId: null };
}
