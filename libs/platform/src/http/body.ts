import express, { type NextFunction, type Request, type Response } from 'express';
import type { Actor } from '@budget/domain';
import { InvalidTokenError } from '../auth/jwt';
import { ProviderUnavailableError } from '../auth/oidc';
import { bearerToken, type TokenVerifier, verifiedRequests } from '../auth/token-verifier';

/**
 * Body parsing with limits and errors a clerk can read. Nest's own parser is switched off
 * (bodyParser: false) so that malformed JSON and oversized bodies get the same error shape
 * as everything else.
 */
export function bodyParsers(opts: { jsonLimit?: string; textLimit?: string; xlsxLimit?: string } = {}): Array<
  express.RequestHandler | ((err: unknown, req: Request, res: Response, next: NextFunction) => void)
> {
  return [
    express.json({ limit: opts.jsonLimit ?? '1mb', strict: true }),
    express.text({ limit: opts.textLimit ?? '10mb', type: ['text/plain', 'text/tab-separated-values', 'text/csv'] }),
    // Excel workbooks (a published table to import) arrive as bytes.
    express.raw({ limit: opts.xlsxLimit ?? '50mb', type: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] }),
    (err: unknown, _req: Request, res: Response, next: NextFunction) => {
      const type = (err as { type?: string } | null)?.type;
      if (type === 'entity.parse.failed') {
        res.status(400).json({ statusCode: 400, code: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON 格式' });
      } else if (type === 'entity.too.large') {
        res.status(413).json({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' });
      } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
        res.status(415).json({ statusCode: 415, code: 'UNSUPPORTED_ENCODING', message: '请求内容的字符编码不受支持，请使用 UTF-8' });
      } else {
        next(err);
      }
    },
  ];
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Reuses the caller's correlation id (X-Correlation-Id) or, from a caller that traces (W3C
 * `traceparent`), its trace id, so that our spans join its trace; otherwise starts a new one.
 */
export function correlationId(newId: () => string): express.RequestHandler {
  return (req, res, next) => {
    const given = req.header('x-correlation-id');
    const traced = TRACEPARENT.exec(req.header('traceparent') ?? '')?.[1];
    const id = given && /^[\w.:-]{1,100}$/.test(given) ? given : traced && !/^0+$/.test(traced) ? traced : newId();
    (req as Request & { correlationId?: string }).correlationId = id;
    res.setHeader('X-Correlation-Id', id);
    next();
  };
}

/**
 * A request with a body is authenticated before its body is read: the guard comes after the
 * parsers, so without this anyone could have a service parse 10 MB of text or 1 MB of JSON. The
 * guard still authenticates (and authorizes) every request; this only answers 401 sooner.
 */
export function refuseAnonymousBodies(verifier: TokenVerifier): express.RequestHandler {
  return (req, res, next) => {
    const length = Number(req.headers['content-length'] ?? '0');
    if (req.headers['transfer-encoding'] === undefined && !(length > 0)) return next();
    const token = bearerToken(req.headers.authorization);
    // Node discards the unread body (it is never buffered or parsed).
    const refuse = (e: unknown) => {
      if (e instanceof InvalidTokenError) return void res.status(401).json({ statusCode: 401, code: 'UNAUTHORIZED', message: e.message });
      if (e instanceof ProviderUnavailableError) {
        return void res.status(503).json({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: '暂时无法验证登录凭证（统一身份认证服务不可用），请稍后重试' });
      }
      next(e);
    };
    if (!token) return refuse(new InvalidTokenError('请先登录：请求缺少 Authorization: Bearer 登录凭证'));
    const admit = (actor: Actor) => {
      verifiedRequests.set(req, { token, actor });
      next();
    };
    let actor: Actor | Promise<Actor>;
    try {
      actor = verifier.verify(token);
    } catch (e) {
      return refuse(e);
    }
    if (actor instanceof Promise) actor.then(admit, refuse);
    else admit(actor);
  };
}
