import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { PlatformConfig } from '../config';
import type { AuthenticatedRequest } from '../auth/decorators';

export type RateLimitKind = 'writes' | 'imports' | 'exports';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads that build or check a whole table: exports (any `export` segment, published versions too), diffs, chain checks. */
export function isHeavyRead(path: string, query: Readonly<Record<string, unknown>> = {}): boolean {
  if (path.split('/').includes('export')) return true;
  if (/^\/(?:diff|verify)(?:\/|$)/.test(path)) return true;
  return /^\/table\/?$/.test(path) && asksToVerify(query['verify']);
}

/** `verify` as the table query reads it: anything but absent, empty or a "no" asks for the check (a repeated one counts too). */
function asksToVerify(value: unknown): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.some(asksToVerify);
  return !(typeof value === 'string' && ['', 'false', '0', 'no'].includes(value));
}

/**
 * Which budget a request spends: imports and heavy reads (exports, diffs, chain checks) are
 * costly, other writes cheap; other reads are not limited.
 */
export function rateLimitKind(method: string, path: string, query: Readonly<Record<string, unknown>> = {}): RateLimitKind | null {
  if (/^\/imports(?:\/|$)/.test(path)) return READ_METHODS.has(method) ? null : 'imports';
  // The filling template: an upload is read like an import, a download built like an export.
  if (/^\/fill-template(?:\/|$)/.test(path)) return READ_METHODS.has(method) ? 'exports' : 'imports';
  if (/^\/export(?:\/|$)/.test(path)) return 'exports';
  if (READ_METHODS.has(method)) return isHeavyRead(path, query) ? 'exports' : null;
  return 'writes';
}

function request(context: ExecutionContext): AuthenticatedRequest {
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

/**
 * Per user (the token's subject; the address before sign-in), per kind, across every route of
 * the kind: one user cannot hold a service busy with imports, exports or a storm of writes.
 */
export function throttlerOptions(limits: PlatformConfig['rateLimits']): ThrottlerModuleOptions {
  const perMinute = (name: RateLimitKind, limit: number) => ({
    name,
    ttl: 60_000,
    limit,
    skipIf: (context: ExecutionContext) => {
      const req = request(context);
      return rateLimitKind(req.method, req.path, req.query) !== name;
    },
  });
  return {
    throttlers: [perMinute('writes', limits.writesPerMinute), perMinute('imports', limits.importsPerMinute), perMinute('exports', limits.exportsPerMinute)],
    getTracker: (req) => {
      const r = req as AuthenticatedRequest;
      return r.actor ? `user:${r.actor.id}` : `ip:${r.ip ?? ''}`;
    },
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    errorMessage: '请求过于频繁，请稍后再试',
  };
}
