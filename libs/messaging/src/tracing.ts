import { createHash } from 'node:crypto';
import {
  context as otelContext,
  type Context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { type RecordedEvent } from '@budget/domain';
import { type IHeaders } from 'kafkajs';
import { errorText, withLogContext } from './logger';

/**
 * Traces through the event log. The libraries only use the OpenTelemetry API: without an SDK
 * registered (OTEL_EXPORTER_OTLP_ENDPOINT unset, see libs/platform/src/observability/tracing.ts)
 * every call here is a no-op and no header is written.
 *
 * The hop that has no wire is HTTP request → outbox row → relay: the relay runs later, maybe on
 * another replica, and the outbox row holds no trace context (its events are hashed, its append
 * statement is the hot path). What the row does hold is the event's correlation id, so the trace id
 * is a function of the correlation id: the HTTP span is the child of a parent made from it, and the
 * relay's publish span too. Everything one request causes shares one trace id, the relay writes W3C
 * `traceparent` into the Kafka headers, and each consumer continues from there.
 */
export const tracer = trace.getTracer('budget');

const HEX_TRACE_ID = /^[0-9a-f]{32}$/;

/** The trace id of a correlation id: itself when it is one already (a caller's `traceparent`), else a digest of it. */
export function traceIdOf(correlationId: string): string {
  const lower = correlationId.toLowerCase();
  if (HEX_TRACE_ID.test(lower) && !/^0+$/.test(lower)) return lower;
  return createHash('sha256').update(`trace:${correlationId}`).digest('hex').slice(0, 32);
}

/** The context whose (remote, never exported) span is the root every span of this correlation id hangs from. */
export function correlationContext(correlationId: string, parent: Context = ROOT_CONTEXT): Context {
  const spanId = createHash('sha256').update(`span:${correlationId}`).digest('hex').slice(0, 16);
  return trace.setSpanContext(parent, { traceId: traceIdOf(correlationId), spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
}

const headerGetter: TextMapGetter<IHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map(String) : String(value);
  },
};

/** A producer span for one event the relay publishes, and the message headers that carry its context. */
export function startPublishSpan(event: RecordedEvent, topic: string): { span: Span; headers: Record<string, string> } {
  const span = tracer.startSpan(
    `publish ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.message.id': event.eventId, 'budget.event.type': event.type, 'budget.correlation_id': event.correlationId },
    },
    correlationContext(event.correlationId),
  );
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), headers);
  return { span, headers };
}

export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    const text = errorText(error);
    span.recordException(error instanceof Error ? error : text);
    span.setStatus({ code: SpanStatusCode.ERROR, message: text });
  }
  span.end();
}

/**
 * Runs a consumer's handling of one event inside a consumer span continued from the message's
 * `traceparent` (or from the event's correlation id when it has none), with the event's
 * correlation id on every log line written meanwhile.
 */
export async function consumeScope<T>(
  consumer: string,
  event: RecordedEvent,
  raw: { readonly topic: string; readonly partition: number; readonly offset: string },
  headers: IHeaders | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const parent = headers?.traceparent !== undefined ? propagation.extract(ROOT_CONTEXT, headers, headerGetter) : correlationContext(event.correlationId);
  const span = tracer.startSpan(
    `process ${raw.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.consumer.group.name': consumer,
        'messaging.destination.name': raw.topic,
        'messaging.destination.partition.id': String(raw.partition),
        'messaging.kafka.offset': Number(raw.offset),
        'messaging.message.id': event.eventId,
        'budget.event.type': event.type,
        'budget.correlation_id': event.correlationId,
      },
    },
    parent,
  );
  try {
    const result = await otelContext.with(trace.setSpan(parent, span), () =>
      withLogContext({ correlationId: event.correlationId, eventId: event.eventId, consumer }, work),
    );
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}
