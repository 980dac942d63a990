import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor, Role } from '@budget/domain';
import { ALLOWED_ROLES, type AuthenticatedRequest, IS_PUBLIC } from './decorators';
import { InvalidTokenError } from './jwt';
import { ProviderUnavailableError } from './oidc';
import { bearerToken, TokenVerifier, type TokenVerifierOptions, verifiedRequests } from './token-verifier';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export type AuthOptions = TokenVerifierOptions;

/** The HTTP answer of a failed verification: 401 for the token, 503 when the provider cannot be asked. */
export function authError(e: unknown): unknown {
  if (e instanceof InvalidTokenError) return new UnauthorizedException(e.message);
  if (e instanceof ProviderUnavailableError) return new ServiceUnavailableException('暂时无法验证登录凭证（统一身份认证服务不可用），请稍后重试');
  return e;
}

/**
 * Every request is authenticated unless the route is marked @Public(). An HS256 token (development,
 * tests) is settled synchronously and the guard returns a boolean; a token of the organisation's
 * provider may need its keys fetched, and the guard returns a promise, which Nest awaits before the
 * next guard (the rate limit, per user) runs. A refusal is always a thrown 401/403/503, never `false`
 * (which Nest would answer with a bare 403).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new UnauthorizedException('请先登录：请求缺少 Authorization: Bearer 登录凭证');
    const known = verifiedRequests.get(req);
    if (known?.token === token) return this.admit(req, known.actor, targets);
    let actor: Actor | Promise<Actor>;
    try {
      actor = this.verifier.verify(token);
    } catch (e) {
      throw authError(e);
    }
    if (actor instanceof Promise) {
      return actor.then(
        (a) => this.admit(req, a, targets),
        (e: unknown) => {
          throw authError(e);
        },
      );
    }
    return this.admit(req, actor, targets);
  }

  private admit(req: AuthenticatedRequest, actor: Actor, targets: Parameters<Reflector['getAllAndOverride']>[1]): boolean {
    req.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new ForbiddenException('您的角色无权执行此操作');
    }
    return true;
  }
}
