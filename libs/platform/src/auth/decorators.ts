import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type RequestContext } from '../http/request-context';
import type { Actor, Role } from '@budget/domain';
import type { Request } from 'express';

export const IS_PUBLIC = 'budget:public';
export const ALLOWED_ROLES = 'budget:roles';

/** Health checks and the API description are the only routes without a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Roles allowed on a route; organisation scope is checked by the use case, against the data. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);

export interface AuthenticatedRequest extends Request {
  actor?: Actor;
  correlationId?: string;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.actor) throw new Error('CurrentActor used on a public route');
  return req.actor;
});

export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return req.correlationId ?? '';
});

/** Who asks and under which correlation id, in one parameter: what every command of a write route carries in. */
export const CurrentRequest = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.actor) throw new Error('CurrentRequest used on a public route');
  return { actor: req.actor, correlationId: req.correlationId ?? '' };
});
