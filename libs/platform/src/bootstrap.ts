import { Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { setLoggedService } from '@budget/messaging';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TokenVerifier } from './auth/token-verifier';
import { bodyParsers, correlationId, refuseAnonymousBodies } from './http/body';
import { newId } from './ids';
import { observeRequests } from './observability/http-observer';
import { ServiceMetrics } from './observability/metrics';
import { startServiceTracing, tracingSettings } from './observability/tracing';

function metricsOf(app: NestExpressApplication): ServiceMetrics | undefined {
  try {
    return app.get(ServiceMetrics, { strict: false });
  } catch {
    return undefined;
  }
}

/** Applies the HTTP wiring every service shares; tests call it on their own app instances too. */
export function configureHttp(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  // Security headers (nosniff, frame-ancestors none, HSTS, no referrer, …): an export opened in a
  // browser is a document of ours, and must not be framed or sniffed into something else.
  app.use(helmet());
  app.use(correlationId(newId));
  // The correlation id on every log line of the request, its span, its latency and statements by route.
  app.use(observeRequests(metricsOf(app)));
  // Nobody without a valid token gets up to 10 MB parsed on their behalf: checked before the parsers.
  app.use(refuseAnonymousBodies(app.get(TokenVerifier)));
  for (const handler of bodyParsers()) app.use(handler);
  app.enableShutdownHooks();
}

export async function startService(module: Type<unknown>, opts: { readonly name: string; readonly port: number }): Promise<NestExpressApplication> {
  setLoggedService(opts.name);
  startServiceTracing(tracingSettings(opts.name));
  // Logs written while Nest starts are held until the JSON logger is in place.
  const app = await NestFactory.create<NestExpressApplication>(module, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.flushLogs();
  configureHttp(app);
  const host = process.env.HOST ?? '127.0.0.1';
  await app.listen(opts.port, host);
  new Logger(opts.name).log(`${opts.name} listening on http://${host}:${opts.port}`);
  return app;
}

/** Entry point of a service's main.ts: a failed start exits with a message, not an unhandled rejection. */
export function runService(module: Type<unknown>, opts: { readonly name: string; readonly port: number }): void {
  startService(module, opts).catch((e: unknown) => {
    new Logger(opts.name).error(`${opts.name} could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  });
}
