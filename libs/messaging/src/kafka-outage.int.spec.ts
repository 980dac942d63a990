import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { PostgresEventStore } from '@budget/event-store';
import { IdempotentConsumer } from './idempotent-consumer';
import { type KafkaConnection } from './kafka';
import { OutboxRelay } from './outbox-relay';
import { type TestDatabase, count, createTestDatabase, createTopic, deleteTopics, newEvent, recordingLogger, testKafka, uniqueName, waitFor } from './testing/harness';

// Stopping and starting the broker takes a while on 2 cores; everything else is quick.
jest.setTimeout(180_000);

const INFRA = resolve(__dirname, '../../../deploy/infra.sh');
const run = promisify(execFile);

async function infra(...args: string[]): Promise<void> {
  await run('bash', [INFRA, ...args], { timeout: 150_000 });
}

let db: TestDatabase;
let kafka: KafkaConnection;
let topic: string;
const logger = recordingLogger();
const stoppers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  await infra('start', 'kafka');
  db = await createTestDatabase('outage_test');
  kafka = testKafka(logger.log);
  topic = await createTopic(kafka, 'outage-test');
});

afterAll(async () => {
  for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  // Whatever happened above, Kafka is left running for whoever comes next.
  await infra('start', 'kafka');
  await deleteTopics(kafka, [topic]);
  await db.drop();
});

it('accepts appends while Kafka is down, then delivers every event exactly once and in order per stream', async () => {
  const store = new PostgresEventStore(db.pool, { schema: db.schema, outboxTopic: topic });
  const failures: string[] = [];
  const relay = new OutboxRelay(db.pool, kafka, { schema: db.schema, maxBackoffMs: 1_000, logger: logger.log, onPublishFailure: (reason) => failures.push(reason) });
  stoppers.push(() => relay.stop());
  const consumerName = uniqueName('outage');
  const consumer = new IdempotentConsumer(db.pool, kafka, {
    groupId: `${consumerName}-group`,
    topics: [topic],
    schema: db.schema,
    consumerName,
    fromBeginning: true,
    logger: logger.log,
    handle: async (event, tx) => {
      await tx.query(`INSERT INTO "${db.schema}".effects (consumer, event_id, stream_id, stream_version) VALUES ($1, $2, $3, $4)`, [
        consumerName,
        event.eventId,
        event.streamId,
        event.streamVersion,
      ]);
    },
  });
  stoppers.push(() => consumer.stop());
  relay.start();
  await consumer.start();

  const streams = Array.from({ length: 6 }, () => ({ id: `sheet-${randomUUID()}`, version: 0 }));
  const eventIds: string[] = [];
  const correlationIds = new Set<string>();
  const appendRound = async (): Promise<void> => {
    for (const stream of streams) {
      const batch = Array.from({ length: 1 + (stream.version % 3) }, () => newEvent('DraftEdited', { at: stream.version }));
      for (const event of batch) correlationIds.add(event.metadata.correlationId);
      const started = Date.now();
      const { recorded, nextVersion } = await store.append(stream.id, batch, stream.version);
      // Commands never wait for Kafka.
      expect(Date.now() - started).toBeLessThan(2_000);
      stream.version = nextVersion;
      eventIds.push(...recorded.map((e) => e.eventId));
    }
  };
  const processed = (): Promise<number> => count(db.pool, `SELECT count(*) FROM "${db.schema}".processed_events WHERE consumer = $1`, [consumerName]);

  // Kafka up: the pipeline runs (and the consumer has joined its group before the outage).
  await appendRound();
  await waitFor('first round consumed', async () => (await processed()) === eventIds.length, 60_000);

  await infra('stop', 'kafka');
  const beforeOutage = eventIds.length;
  for (let round = 0; round < 8; round += 1) await appendRound();
  const duringOutage = eventIds.length - beforeOutage;
  expect(duringOutage).toBeGreaterThan(50);
  await waitFor('the relay noticing the outage', () => Promise.resolve(logger.entries.some((e) => /outbox relay .*Kafka unavailable/.test(e.message))), 60_000);
  // A few more attempts while down must not log again.
  await new Promise((r) => setTimeout(r, 3_000));
  expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".outbox`)).toBe(duringOutage);

  await infra('start', 'kafka');
  await waitFor('outbox drained', async () => (await count(db.pool, `SELECT count(*) FROM "${db.schema}".outbox`)) === 0, 90_000, 250);
  await waitFor('every event consumed', async () => (await processed()) === eventIds.length, 90_000, 250);

  const { rows } = await db.pool.query<{ event_id: string; stream_id: string; stream_version: number }>(
    `SELECT event_id, stream_id, stream_version FROM "${db.schema}".effects WHERE consumer = $1 ORDER BY seq`,
    [consumerName],
  );
  expect(rows.map((r) => r.event_id).sort()).toEqual([...eventIds].sort());
  for (const stream of streams) {
    const versions = rows.filter((r) => r.stream_id === stream.id).map((r) => r.stream_version);
    expect(versions).toEqual(Array.from({ length: stream.version }, (_, i) => i + 1));
  }
  const outageLines = logger.entries.filter((e) => /outbox relay .*Kafka unavailable/.test(e.message));
  expect(outageLines).toHaveLength(1);
  // The line names the batch in hand by its events' correlation ids: an operator follows them to the requests.
  const context = outageLines[0]!.context as { events: number; correlationIds: string[] };
  expect(context.events).toBeGreaterThan(0);
  expect(context.correlationIds.length).toBeGreaterThan(0);
  expect(context.correlationIds.every((id) => correlationIds.has(id))).toBe(true);
  // Every failed attempt was counted (the service's budget_outbox_publish_failures_total), not only the logged first.
  expect(failures.length).toBeGreaterThan(1);
  expect(new Set(failures)).toEqual(new Set(['kafka']));
});
