import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { recordRoute } from './http-observer';

function joinPaths(...parts: unknown[]): string {
  const segments = parts.flatMap((p) => (typeof p === 'string' ? p.split('/') : Array.isArray(p) && typeof p[0] === 'string' ? p[0].split('/') : [])).filter(Boolean);
  return `/${segments.join('/')}`;
}

/**
 * Notes the route pattern of the handler a request reached (`/sheets/:id`), for the latency metric,
 * the span and the request log, before any other guard can refuse it (a 401 is still counted by
 * its route). Only records: it lets every request through; authentication is AuthGuard's.
 */
@Injectable()
export class RouteRecorder implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const pattern = joinPaths(Reflect.getMetadata(PATH_METADATA, context.getClass()), Reflect.getMetadata(PATH_METADATA, context.getHandler()));
    recordRoute(context.switchToHttp().getRequest(), pattern);
    return true;
  }
}
