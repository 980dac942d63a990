import { randomUUID } from 'node:crypto';
import { type Consumer, type KafkaMessage } from 'kafkajs';
import { type RecordedEvent } from '@budget/domain';
import { PostgresEventStore } from '@budget/event-store';
import { IdempotentConsumer } from './idempotent-consumer';
import { type KafkaConnection } from './kafka';
import { OutboxRelay } from './outbox-relay';
import {
  type TestDatabase,
  count,
  createTestDatabase,
  createTopic,
  deleteTopics,
  messageCount,
  newEvent,
  testKafka,
  uniqueName,
  waitFor,
} from './testing/harness';

jest.setTimeout(60_000);

let db: TestDatabase;
let kafka: KafkaConnection;
const topics: string[] = [];
const stoppers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await createTestDatabase('relay_test');
  kafka = testKafka();
});

afterEach(async () => {
  for (const stop of stoppers.splice(0).reverse()) await stop();
});

afterAll(async () => {
  await deleteTopics(kafka, topics);
  await db.drop();
});

async function topic(): Promise<{ topic: string; store: PostgresEventStore }> {
  const name = await createTopic(kafka, 'relay-test');
  topics.push(name);
  // One schema, so one outbox, per test file: each test drains it fully before the next.
  return { topic: name, store: new PostgresEventStore(db.pool, { schema: db.schema, outboxTopic: name }) };
}

function relay(opts: Partial<ConstructorParameters<typeof OutboxRelay>[2]> = {}): OutboxRelay {
  const r = new OutboxRelay(db.pool, kafka, { schema: db.schema, logger: () => undefined, ...opts });
  stoppers.push(() => r.stop());
  return r;
}

/** A plain kafkajs consumer, to see exactly what is on the topic (duplicates, headers, keys). */
async function readTopic(name: string): Promise<{ messages: KafkaMessage[]; partitionOf: Map<string, number>; consumer: Consumer }> {
  const consumer = kafka.consumer({ groupId: uniqueName('raw-reader'), maxWaitTimeInMs: 500 });
  stoppers.push(() => consumer.disconnect());
  const messages: KafkaMessage[] = [];
  const partitionOf = new Map<string, number>();
  await consumer.connect();
  await consumer.subscribe({ topics: [name], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message, partition }) => {
      messages.push(message);
      partitionOf.set(message.key?.toString() ?? '', partition);
      return Promise.resolve();
    },
  });
  return { messages, partitionOf, consumer };
}

async function outboxSize(): Promise<number> {
  return count(db.pool, `SELECT count(*) FROM "${db.schema}".outbox`);
}

/** A running relay that polls only every minute (appends wake it), idle with an empty outbox. */
async function idleRelay(): Promise<void> {
  relay({ pollIntervalMs: 60_000 }).start();
  await waitFor('relay idle with an empty outbox', async () => (await outboxSize()) === 0);
  // Give the loop time to reach its long sleep.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

it('publishes outbox rows in order, keyed by stream, with the envelope and its headers, then deletes them', async () => {
  const { topic: name, store } = await topic();
  const streams = [`sheet-${randomUUID()}`, `sheet-${randomUUID()}`];
  const recorded: RecordedEvent[] = [];
  for (const streamId of streams) {
    recorded.push(...(await store.append(streamId, [newEvent('DraftCreated', { n: 1 }), newEvent('DraftEdited', { n: 2 })], 0)).recorded);
    recorded.push(...(await store.append(streamId, [newEvent('SheetSubmitted', { n: 3 })], 2)).recorded);
  }
  // Enough rows for outbox ids to pass 9 and 99: they must be ordered as numbers.
  for (let v = 3; v < 120; v += 1) recorded.push(...(await store.append(streams[0]!, [newEvent('DraftEdited', { v })], v)).recorded);
  expect(await outboxSize()).toBe(123);

  const published = await relay({ batchSize: 40 }).publishPending();
  expect(published).toBe(123);
  expect(await outboxSize()).toBe(0);

  const { messages, partitionOf } = await readTopic(name);
  await waitFor('every message', () => Promise.resolve(messages.length >= 123));
  for (const streamId of streams) {
    const ofStream = messages.filter((m) => m.key?.toString() === streamId);
    const envelopes = ofStream.map((m) => JSON.parse(m.value!.toString()) as RecordedEvent);
    expect(envelopes).toEqual(recorded.filter((e) => e.streamId === streamId));
    expect(ofStream.map((m) => [m.headers?.['event-id']?.toString(), m.headers?.['event-type']?.toString(), m.headers?.['schema-version']?.toString()])).toEqual(
      envelopes.map((e) => [e.eventId, e.type, '1']),
    );
    expect(partitionOf.has(streamId)).toBe(true);
  }
});

it('is woken by an append through NOTIFY, long before its poll interval', async () => {
  const { topic: name, store } = await topic();
  await idleRelay();
  const appendedAt = Date.now();
  await store.append(`sheet-${randomUUID()}`, [newEvent('DraftCreated')], 0);
  await waitFor('the event on Kafka', async () => (await messageCount(kafka, name)) === 1, 10_000, 50);
  expect(Date.now() - appendedAt).toBeLessThan(5_000);
});

it('publishes concurrent appends long before its poll interval, though only one in flight at a time notifies', async () => {
  const { topic: name, store } = await topic();
  await idleRelay();
  const listener = await db.pool.connect();
  let notifications = 0;
  listener.on('notification', () => notifications++);
  await listener.query(`LISTEN "${db.schema}_outbox"`);
  try {
    const appendedAt = Date.now();
    // Rounds of concurrent appends: most find another one holding the notify lock and leave the NOTIFY to it.
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 8 }, () => store.append(`sheet-${randomUUID()}`, [newEvent('DraftCreated')], 0)));
    }
    await waitFor('every event on Kafka', async () => (await messageCount(kafka, name)) === 40, 20_000, 50);
    expect(Date.now() - appendedAt).toBeLessThan(15_000);
    expect(notifications).toBeGreaterThan(0);
    expect(notifications).toBeLessThanOrEqual(40);
  } finally {
    await listener.query('UNLISTEN *');
    listener.release();
  }
});

it('publishes an append that left the NOTIFY to another and commits after it, without waiting for the poll', async () => {
  const { topic: name, store } = await topic();
  await idleRelay();
  const notifier = await db.pool.connect();
  const skipper = await db.pool.connect();
  try {
    await notifier.query('BEGIN');
    await store.append(`sheet-${randomUUID()}`, [newEvent('DraftCreated')], 0, { transaction: notifier });
    await skipper.query('BEGIN');
    await store.append(`sheet-${randomUUID()}`, [newEvent('DraftCreated')], 0, { transaction: skipper });
    // The notifier's NOTIFY wakes the relay; the skipper commits while its pass waits for it.
    await notifier.query('COMMIT');
    await waitFor("the notifier's event on Kafka", async () => (await messageCount(kafka, name)) === 1, 10_000, 20);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await skipper.query('COMMIT');
    await waitFor("the skipper's event on Kafka", async () => (await messageCount(kafka, name)) === 2, 10_000, 20);
  } finally {
    notifier.release();
    skipper.release();
  }
  // The last pass's rows are deleted by the next pass's read: the next append's.
  await store.append(`sheet-${randomUUID()}`, [newEvent('DraftCreated')], 0);
  await waitFor('every event on Kafka and the outbox empty', async () => (await messageCount(kafka, name)) === 3 && (await outboxSize()) <= 1, 10_000, 20);
});

it('lets only one instance relay an outbox; another takes over when it stops', async () => {
  const { topic: name, store } = await topic();
  const first = relay();
  first.start();
  await store.append(`sheet-${randomUUID()}`, [newEvent('DraftCreated')], 0);
  await waitFor('first relay publishing', async () => (await messageCount(kafka, name)) === 1);

  const second = relay();
  expect(await second.publishPending()).toBe(0);

  await first.stop();
  await store.append(`sheet-${randomUUID()}`, [newEvent('DraftCreated')], 0);
  expect(await second.publishPending()).toBe(1);
  expect(await messageCount(kafka, name)).toBe(2);
});

it('loses nothing when it dies between publishing and deleting; the consumer drops the duplicates', async () => {
  const { topic: name, store } = await topic();
  const events: RecordedEvent[] = [];
  for (let s = 0; s < 5; s += 1) {
    const streamId = `sheet-${randomUUID()}`;
    for (let v = 0; v < 8; v += 2) {
      events.push(...(await store.append(streamId, [newEvent('DraftEdited', { v }), newEvent('DraftEdited', { v: v + 1 })], v)).recorded);
    }
  }
  expect(events).toHaveLength(40);

  // The first instance publishes two batches and "crashes" after the third is on Kafka.
  let batches = 0;
  const crashing = relay({
    batchSize: 10,
    afterPublish: () => {
      batches += 1;
      if (batches === 3) throw new Error('simulated crash before delete');
    },
  });
  await expect(crashing.publishPending()).rejects.toThrow('simulated crash');
  await crashing.stop();
  expect(await outboxSize()).toBe(20);

  const restarted = relay({ batchSize: 10 });
  restarted.start();
  await waitFor('outbox drained', async () => (await outboxSize()) === 0);
  expect(await messageCount(kafka, name)).toBe(50);

  const consumerName = uniqueName('dedup');
  const consumer = new IdempotentConsumer(db.pool, kafka, {
    groupId: uniqueName('dedup-group'),
    topics: [name],
    schema: db.schema,
    consumerName,
    fromBeginning: true,
    logger: () => undefined,
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
  await consumer.start();
  await waitFor('every event processed', async () => (await count(db.pool, `SELECT count(*) FROM "${db.schema}".processed_events WHERE consumer = $1`, [consumerName])) === 40);
  // Let the ten redelivered duplicates arrive too before counting effects.
  await waitFor('duplicates consumed', async () => {
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${db.schema}".effects WHERE consumer = $1`,
      [consumerName],
    );
    return rows[0]!.n === 40;
  });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const effects = await db.pool.query<{ event_id: string; n: number }>(
    `SELECT event_id, count(*)::int AS n FROM "${db.schema}".effects WHERE consumer = $1 GROUP BY event_id`,
    [consumerName],
  );
  expect(effects.rows).toHaveLength(40);
  expect(effects.rows.every((r) => r.n === 1)).toBe(true);
  expect(new Set(effects.rows.map((r) => r.event_id))).toEqual(new Set(events.map((e) => e.eventId)));
  const order = await db.pool.query<{ stream_id: string; versions: number[] }>(
    `SELECT stream_id, array_agg(stream_version ORDER BY seq) AS versions FROM "${db.schema}".effects WHERE consumer = $1 GROUP BY stream_id`,
    [consumerName],
  );
  for (const row of order.rows) expect(row.versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
});
