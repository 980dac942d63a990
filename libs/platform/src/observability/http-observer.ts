import { context as otelContext, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { correlationContext, tracer, withLogContext } from '@budget/messaging';
import type { ServiceMetrics } from './metrics';
import { countingStatements, type RequestCost } from './statements';

const routes = new WeakMap<object, string>();

/** Notes the route pattern a request reached (RouteRecorder, from the controller's metadata). */
export function recordRoute(req: object, pattern: string): void {
  routes.set(req, pattern);
}

/** The route pattern RouteRecorder noted, if the request reached a handler. */
export function recordedRoute(req: object): string | undefined {
  return routes.get(req);
}

/**
 * The route pattern of the request (`/sheets/:id`), never the raw path: ids would make a label
 * per sheet. Nest's handlers: as RouteRecorder noted it; plain Express routes: the matched route.
 */
export function routeOf(req: Request): string {
  const recorded = routes.get(req);
  if (recorded !== undefined) return recorded;
  const route: unknown = (req as { route?: unknown }).route;
  const path: unknown = typeof route === 'object' && route !== null ? (route as { path?: unknown }).path : undefined;
  return typeof path === 'string' && path !== '/{*path}' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
}

/**
 * One middleware per request, after the correlation id: every log line of the request carries its
 * correlation id; a server span (when tracing is on) whose trace id follows from the correlation
 * id (see libs/messaging/src/tracing.ts), so the outbox relay and the consumers join the same
 * trace; and, when the response is finished, its latency and its SQL statements by route.
 */
export function observeRequests(metrics: ServiceMetrics | undefined): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const correlationId = (req as Request & { correlationId?: string }).correlationId ?? 'none';
    const started = process.hrtime.bigint();
    const cost: RequestCost = { statements: 0 };
    // A caller's own trace context is kept as a link: the trace itself is the correlation id's.
    const callerContext = req.headers.traceparent === undefined ? undefined : trace.getSpanContext(propagation.extract(ROOT_CONTEXT, req.headers));
    const parent = correlationContext(correlationId);
    const span = tracer.startSpan(
      `${req.method} ${req.path}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'url.path': req.path, 'budget.correlation_id': correlationId },
        ...(callerContext ? { links: [{ context: callerContext }] } : {}),
      },
      parent,
    );
    res.on('finish', () => {
      const route = routeOf(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      span.setAttribute('budget.db.statements', cost.statements);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      if (metrics) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
        metrics.statementsPerRequest.observe({ method: req.method, route }, cost.statements);
      }
    });
    otelContext.with(trace.setSpan(parent, span), () => withLogContext({ correlationId }, () => countingStatements(cost, next)));
  };
}
