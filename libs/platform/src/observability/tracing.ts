import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { rootLogger } from '@budget/messaging';

export interface TracingSettings {
  /** OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://otel-collector:4318): the collector's OTLP/HTTP base address. */
  readonly endpoint: string | undefined;
  /** OTEL_SERVICE_NAME, default the service's own name. */
  readonly serviceName: string;
}

export function tracingSettings(service: string, env: NodeJS.ProcessEnv = process.env): TracingSettings {
  return { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined, serviceName: env.OTEL_SERVICE_NAME?.trim() || service };
}

/**
 * Registers the tracer provider (AsyncLocalStorage context, W3C trace context propagator) with the
 * given span processors; returns it so that it can be shut down (flushing what is buffered).
 */
export function registerTracing(serviceName: string, processors: SpanProcessor[]): NodeTracerProvider {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'budget' }),
    spanProcessors: processors,
  });
  provider.register();
  return provider;
}

/**
 * Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: then spans go in batches over OTLP/HTTP
 * to `<endpoint>/v1/traces` (the exporter also reads OTEL_EXPORTER_OTLP_HEADERS, e.g. a token).
 * Off, the OpenTelemetry API is a no-op and no trace header is written to Kafka.
 */
export function startTracing(settings: TracingSettings, exporter?: SpanExporter): NodeTracerProvider | undefined {
  if (settings.endpoint === undefined && exporter === undefined) return undefined;
  const provider = registerTracing(settings.serviceName, [new BatchSpanProcessor(exporter ?? new OTLPTraceExporter())]);
  rootLogger.info({ component: 'tracing', endpoint: settings.endpoint }, `traces of ${settings.serviceName} go to ${settings.endpoint ?? 'the given exporter'}`);
  return provider;
}

let active: NodeTracerProvider | undefined;

/** startTracing for a service process: at most one provider, flushed by stopTracing. */
export function startServiceTracing(settings: TracingSettings): void {
  active ??= startTracing(settings);
}

/** Flushes and stops the process's tracing, if on. */
export async function stopTracing(): Promise<void> {
  const provider = active;
  active = undefined;
  await provider?.shutdown();
}
