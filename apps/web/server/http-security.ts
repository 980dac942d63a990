import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export const SESSION_COOKIE = 'budget_session';

/** The value of one cookie of the request (no cookie library for one name). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(value: string, opts: { maxAgeSeconds: number; secure: boolean }): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${opts.maxAgeSeconds}`, ...(opts.secure ? ['Secure'] : [])].join('; ');
}

/**
 * Headers every answer carries. Scripts only from this origin; Ant Design writes its styles at run
 * time into <style> elements, hence 'unsafe-inline' for styles (and for nothing else).
 */
export function securityHeaders(opts: { production: boolean }): RequestHandler {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (opts.production) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * CSRF: a state-changing request must carry the session's token in X-CSRF-Token (a header a
 * foreign page cannot set without CORS, which this server never grants) and, when the browser
 * says where it comes from, come from this origin.
 */
export function checkCsrf(req: Request, res: Response, csrfToken: string): boolean {
  if (SAFE_METHODS.has(req.method)) return true;
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (origin !== undefined && host !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) {
    res.status(403).json({ statusCode: 403, code: 'CSRF', message: '请求来源不被允许' });
    return false;
  }
  const given = req.header('x-csrf-token');
  if (!given || !sameToken(given, csrfToken)) {
    res.status(403).json({ statusCode: 403, code: 'CSRF', message: '页面已过期，请刷新后重试' });
    return false;
  }
  return true;
}

export type Middleware = (req: Request, res: Response, next: NextFunction) => void;
