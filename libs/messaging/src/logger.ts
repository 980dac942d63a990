import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** How messaging reports; an app passes its own (e.g. a Nest Logger behind this function). */
export type MessagingLogger = (level: LogLevel, message: string, context?: Record<string, unknown>) => void;

/**
 * What every log line written during a piece of work carries: the correlation id of the request
 * that caused it (an HTTP request, or the event a consumer or the outbox relay is handling).
 */
export interface LogContext {
  readonly correlationId: string;
  readonly eventId?: string;
  readonly consumer?: string;
}

const logContext = new AsyncLocalStorage<LogContext>();
let loggedService: string | undefined = process.env.SERVICE_NAME;

/** Runs `work` with `context` on every log line it writes, through awaits and callbacks. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return logContext.run(context, work);
}

/** The correlation id of the work in hand, if any. */
export function currentCorrelationId(): string | undefined {
  return logContext.getStore()?.correlationId;
}

/** LOG_LEVEL (debug, info, warn, error); unset: info, and warn under test runners (as the console logger did). */
function defaultLevel(env: NodeJS.ProcessEnv): string {
  const level = env.LOG_LEVEL?.trim().toLowerCase();
  if (level && ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(level)) return level;
  return env.JEST_WORKER_ID !== undefined ? 'warn' : 'info';
}

/** The fields every line gets from the work in hand: service, correlation id (and event, consumer), trace and span ids. */
export function logFields(): Record<string, unknown> {
  const context = logContext.getStore();
  const span = trace.getActiveSpan()?.spanContext();
  return {
    ...(loggedService === undefined ? {} : { service: loggedService }),
    ...(context ?? {}),
    ...(span && span.traceId !== '00000000000000000000000000000000' ? { traceId: span.traceId, spanId: span.spanId } : {}),
  };
}

/**
 * The one logger of the process: JSON lines on stdout (pino), each with its time, level, the
 * service (SERVICE_NAME, set by the service's bootstrap), and the correlation id, trace id and span
 * id of the work in hand. Nest's Logger, the HTTP request log (nestjs-pino), the outbox relay,
 * the consumers and kafkajs all write through it.
 */
export const rootLogger: Logger = pino({
  level: defaultLevel(process.env),
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  // Secrets never reach a log line, whoever logs a request or an error object.
  redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'password', '*.password'], censor: '[redacted]' },
  mixin: () => logFields(),
});

/** Names the service on every line from now on (called once at start). */
export function setLoggedService(service: string): void {
  loggedService = service;
}

/** The libraries' logging function over the one logger, with `component` on each line. */
export function pinoLogger(component: string): MessagingLogger {
  const logger = rootLogger.child({ component });
  return (level, message, context) => logger[level](context ?? {}, message);
}

/** The default of the libraries (relay, consumers, kafkajs, notification workers) when none is passed. */
export const consoleLogger: MessagingLogger = pinoLogger('messaging');

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
