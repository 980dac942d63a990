import { Readable } from 'node:stream';
import { hs256Secret, issueToken } from '@budget/platform';
import type { Request, Response } from 'express';
import type { WebConfig } from './config';
import { checkCsrf } from './http-security';
import type { Session } from './sessions';

const SERVICES = ['intake', 'review', 'reporting'] as const;

/** Request headers passed on to a service; everything else (cookies above all) stays here. */
const FORWARDED_REQUEST = ['content-type', 'content-length', 'if-match', 'accept', 'accept-language', 'x-correlation-id'];
/** Response headers passed back to the browser. */
const FORWARDED_RESPONSE = ['content-type', 'content-disposition', 'etag', 'x-correlation-id', 'cache-control', 'x-total-count'];

/**
 * /api/<service>/<path>: the signed-in person's request, sent on to the service with a bearer token:
 * the provider's access token of the session, or in development one minted for this request alone.
 * The browser never holds a token.
 */
export function proxyHandler(config: WebConfig, currentSession: (req: Request) => Promise<Session | undefined>) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = req.params as { service?: string };
    const service = SERVICES.find((s) => s === params.service);
    if (!service) {
      res.status(404).json({ statusCode: 404, code: 'NOT_FOUND', message: '没有这个服务' });
      return;
    }
    const session = await currentSession(req);
    if (!session) {
      res.status(401).json({ statusCode: 401, code: 'UNAUTHENTICATED', message: '请先登录' });
      return;
    }
    if (!checkCsrf(req, res, session.csrfToken)) return;
    const prefix = `/api/${service}`;
    const target = `${config.services[service]}${req.originalUrl.slice(prefix.length) || '/'}`;
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST) {
      const value = req.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    // Signed in through the provider: its access token, which the services verify against its keys.
    // Signed in on the development page: a token of a few minutes for this request alone.
    const bearer = session.tokens ? session.tokens.accessToken : issueToken(hs256Secret(config.jwt), config.jwt.issuer, session.actor, config.serviceTokenSeconds);
    headers.set('authorization', `Bearer ${bearer}`);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    let answer: globalThis.Response;
    try {
      answer = await fetch(target, {
        method: req.method,
        headers,
        ...(hasBody ? { body: Readable.toWeb(req), duplex: 'half' } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(120_000),
      });
    } catch {
      res.status(502).json({ statusCode: 502, code: 'UNAVAILABLE', message: '服务暂时不可用，请稍后重试' });
      return;
    }
    res.status(answer.status);
    for (const name of FORWARDED_RESPONSE) {
      const value = answer.headers.get(name);
      if (value !== null) res.setHeader(name, value);
    }
    if (!answer.headers.has('cache-control')) res.setHeader('Cache-Control', 'no-store');
    if (!answer.body) {
      res.end();
      return;
    }
    Readable.fromWeb(answer.body).pipe(res);
  };
}
