import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { rootLogger } from '@budget/messaging';
import { recordedRoute } from './http-observer';

type Req = IncomingMessage & { correlationId?: string; originalUrl?: string };

/**
 * nestjs-pino over the one process logger (libs/messaging/src/logger.ts): one "request completed"
 * line per request with its route pattern, status and time, `reqId` = the correlation id, and Nest's own
 * Logger calls as JSON on the same stream. Health probes are not logged (every few seconds from
 * each kubelet); headers are not logged at all (tokens, cookies).
 */
export function httpLogging(): Params {
  return {
    pinoHttp: {
      logger: rootLogger,
      quietReqLogger: true,
      genReqId: (req: Req) => req.correlationId ?? 'none',
      autoLogging: { ignore: (req: Req) => req.url === '/health' || req.url === '/ready' },
      // Called again when the response is finished: by then the handler's route pattern is known.
      customProps: (req: Req) => {
        const route = recordedRoute(req);
        return route === undefined ? {} : { route };
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req: Req & { raw?: Req }) => {
          const raw = req.raw ?? req;
          return { method: raw.method, url: (raw.originalUrl ?? raw.url ?? '').split('?')[0] };
        },
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
