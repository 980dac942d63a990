import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type NodeTracerProvider, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import express from 'express';
import { Pool } from 'pg';
import { eventStoreSchemaSql, PostgresEventStore } from '@budget/event-store';
import { createKafka, currentCorrelationId, IdempotentConsumer, type KafkaConnection, messagingSchemaSql, OutboxRelay, traceIdOf } from '@budget/messaging';
import { correlationId } from '../http/body';
import { newId } from '../ids';
import { observeRequests } from './http-observer';
import { registerTracing } from './tracing';

// One submission's path, HTTP request → event store and outbox → relay → Kafka → consumer, on the
// real PostgreSQL and Kafka, with spans kept in memory: one trace id from end to end.
jest.setTimeout(60_000);

const PORT = 21510;
const suffix = randomBytes(5).toString('hex');
const schema = `trace_${suffix}`;
const topic = `trace-test.${suffix}`;
const exporter = new InMemorySpanExporter();
let provider: NodeTracerProvider;
let pool: Pool;
let kafka: KafkaConnection;
let server: Server;
let relay: OutboxRelay;
let consumer: IdempotentConsumer;
const handled: { eventId: string; correlationId: string | undefined; traceId: string | undefined }[] = [];

beforeAll(async () => {
  provider = registerTracing('trace-test', [new SimpleSpanProcessor(exporter)]);
  pool = new Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/budget', max: 5 });
  for (const sql of [...eventStoreSchemaSql(schema), ...messagingSchemaSql(schema)]) await pool.query(sql);
  kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(','), clientId: `trace-test-${suffix}`, logger: () => undefined });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
  await admin.disconnect();

  const store = new PostgresEventStore(pool, { schema, outboxTopic: topic });
  const app = express();
  app.use(correlationId(newId));
  app.use(observeRequests(undefined));
  app.post('/sheets/:id/submit', (req, res, next) => {
    store
      .append(`sheet-${req.params.id}`, [
        {
          eventId: newId(),
          type: 'SheetSubmitted',
          schemaVersion: 1,
          data: {},
          metadata: { occurredAt: new Date().toISOString(), actor: { id: 'clerk', role: 'unit_clerk' }, correlationId: currentCorrelationId()!, causationId: null },
        },
      ], 0)
      .then(() => res.status(202).json({ ok: true }), next);
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(PORT, '127.0.0.1', () => resolve(s));
  });
  relay = new OutboxRelay(pool, kafka, { schema, logger: () => undefined, pollIntervalMs: 50 });
  relay.start();
  consumer = new IdempotentConsumer(pool, kafka, {
    groupId: `trace-test-${suffix}`,
    topics: [topic],
    schema,
    consumerName: 'review',
    fromBeginning: true,
    logger: () => undefined,
    handle: (event) => {
      handled.push({ eventId: event.eventId, correlationId: currentCorrelationId(), traceId: trace.getActiveSpan()?.spanContext().traceId });
      return Promise.resolve();
    },
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer?.stop();
  await relay?.stop();
  await new Promise((resolve) => server?.close(resolve));
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
  await provider.shutdown();
});

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const spanOf = (kind: SpanKind, name: string) => (s: ReadableSpan) => s.kind === kind && s.name.startsWith(name);

describe('a trace through the outbox and Kafka', () => {
  it('given a submission over HTTP, when the relay publishes it and a consumer handles it, then every hop is in one trace', async () => {
    const res = await fetch(`http://127.0.0.1:${PORT}/sheets/42/submit`, { method: 'POST', headers: { 'X-Correlation-Id': `corr-${suffix}` } });
    expect(res.status).toBe(202);

    const consumed = await until('the consumer span', () => exporter.getFinishedSpans().find(spanOf(SpanKind.CONSUMER, `process ${topic}`)));
    const spans = exporter.getFinishedSpans();
    const server = spans.find(spanOf(SpanKind.SERVER, 'POST /sheets/:id/submit'));
    const published = spans.find(spanOf(SpanKind.PRODUCER, `publish ${topic}`));
    expect(server).toBeDefined();
    expect(published).toBeDefined();

    const traceId = traceIdOf(`corr-${suffix}`);
    expect(server!.spanContext().traceId).toBe(traceId);
    expect(published!.spanContext().traceId).toBe(traceId);
    expect(consumed.spanContext().traceId).toBe(traceId);
    // The consumer continues the relay's span from the message's traceparent header.
    expect(consumed.parentSpanContext?.spanId).toBe(published!.spanContext().spanId);
    expect(server!.attributes['http.route']).toBe('/sheets/:id/submit');

    // The handler ran inside the consumer span, with the request's correlation id on its log lines.
    expect(handled).toEqual([expect.objectContaining({ correlationId: `corr-${suffix}`, traceId })]);
  });

  it('given a caller that sends a W3C trace id and no correlation id, then the trace and the correlation id are that trace id', async () => {
    const callerTrace = randomBytes(16).toString('hex');
    const res = await fetch(`http://127.0.0.1:${PORT}/sheets/43/submit`, {
      method: 'POST',
      headers: { traceparent: `00-${callerTrace}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-correlation-id')).toBe(callerTrace);
    await until('the second consumer span', () => exporter.getFinishedSpans().find((s) => s.kind === SpanKind.CONSUMER && s.spanContext().traceId === callerTrace));
  });
});
