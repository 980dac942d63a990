import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@budget/domain';
import { ALLOWED_ROLES, type AuthenticatedRequest, IS_PUBLIC } from './decorators';
import { InvalidTokenError, verifyToken } from './jwt';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export interface AuthOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly maxLifetimeSeconds?: number;
  readonly clockSkewSeconds?: number;
}

/** Every request is authenticated unless the route is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw new UnauthorizedException('请先登录：请求缺少 Authorization: Bearer 登录凭证');
    try {
      const { secret, issuer, maxLifetimeSeconds, clockSkewSeconds } = this.options;
      req.actor = verifyToken(secret, issuer, match[1], {
        ...(maxLifetimeSeconds !== undefined ? { maxLifetimeSeconds } : {}),
        ...(clockSkewSeconds !== undefined ? { clockSkewSeconds } : {}),
      });
    } catch (e) {
      if (e instanceof InvalidTokenError) throw new UnauthorizedException(e.message);
      throw e;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(req.actor.role)) {
      throw new ForbiddenException('您的角色无权执行此操作');
    }
    return true;
  }
}
