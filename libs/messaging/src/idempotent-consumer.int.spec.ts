import { randomUUID } from 'node:crypto';
import { type ConsumerConfig, type Producer } from 'kafkajs';
import { type RecordedEvent } from '@budget/domain';
import { GENESIS_HASH, PreparedCall, inlineParameters } from '@budget/event-store';
import { type ChunkHandler, type EventHandler, IdempotentConsumer, type IdempotentConsumerOptions, replayDeadLetters } from './idempotent-consumer';
import { type KafkaConnection } from './kafka';
import { type RecordingLogger, type TestDatabase, count, createTestDatabase, createTopic, deleteTopics, recordingLogger, testKafka, uniqueName, waitFor } from './testing/harness';

jest.setTimeout(60_000);

let db: TestDatabase;
let kafka: KafkaConnection;
let producer: Producer;
const topics: string[] = [];
const stoppers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await createTestDatabase('consumer_test');
  kafka = testKafka();
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
});

afterEach(async () => {
  for (const stop of stoppers.splice(0).reverse()) await stop();
});

afterAll(async () => {
  await producer.disconnect();
  await deleteTopics(kafka, topics);
  await db.drop();
});

function envelope(streamId: string, streamVersion: number, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    eventId: randomUUID(),
    type: 'SheetSubmitted',
    schemaVersion: 1,
    streamId,
    streamVersion,
    globalPosition: String(streamVersion),
    occurredAt: '2025-03-01T08:00:00.000Z',
    recordedAt: '2025-03-01T08:00:00.100Z',
    actor: { id: 'clerk-1', role: 'unit_clerk' },
    correlationId: 'corr',
    causationId: null,
    data: { n: streamVersion },
    prevHash: GENESIS_HASH,
    hash: 'f'.repeat(64),
    ...overrides,
  };
}

async function send(topic: string, key: string, values: (string | RecordedEvent)[]): Promise<void> {
  await producer.send({ topic, acks: -1, messages: values.map((v) => ({ key, value: typeof v === 'string' ? v : JSON.stringify(v) })) });
}

interface Started {
  topic: string;
  consumerName: string;
  logger: RecordingLogger;
}

const recordEffect =
  (consumerName: string): EventHandler =>
  async (event, tx) => {
    await tx.query(`INSERT INTO "${db.schema}".effects (consumer, event_id, stream_id, stream_version) VALUES ($1, $2, $3, $4)`, [
      consumerName,
      event.eventId,
      event.streamId,
      event.streamVersion,
    ]);
  };

async function startConsumer(
  handle?: (consumerName: string) => EventHandler,
  existing?: Partial<Started>,
  extra: (consumerName: string) => Partial<IdempotentConsumerOptions> = () => ({}),
): Promise<Started & { consumer: IdempotentConsumer }> {
  const topic = existing?.topic ?? (await createTopic(kafka, 'consumer-test'));
  if (!existing?.topic) topics.push(topic);
  const consumerName = existing?.consumerName ?? uniqueName('consumer');
  const logger = recordingLogger();
  const consumer = new IdempotentConsumer(db.pool, kafka, {
    groupId: `${consumerName}-group`,
    topics: [topic],
    schema: db.schema,
    consumerName,
    fromBeginning: true,
    logger: logger.log,
    maxBackoffMs: 500,
    handle: (handle ?? recordEffect)(consumerName),
    ...extra(consumerName),
  });
  stoppers.push(() => consumer.stop());
  await consumer.start();
  return { topic, consumerName, logger, consumer };
}

async function effects(consumerName: string): Promise<{ event_id: string; stream_version: number }[]> {
  const { rows } = await db.pool.query<{ event_id: string; stream_version: number }>(
    `SELECT event_id, stream_version FROM "${db.schema}".effects WHERE consumer = $1 ORDER BY seq`,
    [consumerName],
  );
  return rows;
}

async function deadLetters(consumerName: string) {
  const { rows } = await db.pool.query<{
    topic: string;
    partition: number;
    offset: string;
    message_key: string | null;
    payload: string | null;
    error: string;
    replayed_at: Date | null;
  }>(`SELECT topic, partition, "offset"::text AS offset, message_key, payload, error, replayed_at FROM "${db.schema}".dead_letters WHERE consumer = $1 ORDER BY id`, [
    consumerName,
  ]);
  return rows;
}

it('dead-letters malformed messages with where they came from and why, and goes on with the next', async () => {
  const { topic, consumerName } = await startConsumer();
  const good = envelope('sheet-a', 1);
  const { eventId: _missing, ...withoutId } = envelope('sheet-a', 2);
  // One key, so one partition: the good message comes after the two bad ones.
  await send(topic, 'sheet-a', ['{"eventId": "not closed', JSON.stringify(withoutId), good]);

  await waitFor('the good message applied', async () => (await effects(consumerName)).length === 1);
  expect((await effects(consumerName))[0]!.event_id).toBe(good.eventId);
  const letters = await deadLetters(consumerName);
  expect(letters).toHaveLength(2);
  expect(letters.map((l) => [l.topic, l.offset, l.message_key])).toEqual([
    [topic, '0', 'sheet-a'],
    [topic, '1', 'sheet-a'],
  ]);
  expect(letters[0]!.partition).toBe(letters[1]!.partition);
  expect(letters[0]!.payload).toBe('{"eventId": "not closed');
  expect(letters[0]!.error).toMatch(/MalformedMessageError: value is not JSON/);
  expect(letters[1]!.error).toMatch(/eventId must be a UUID/);
});

it('gives a message delivered twice one effect', async () => {
  const { topic, consumerName } = await startConsumer();
  const event = envelope('sheet-b', 1);
  const next = envelope('sheet-b', 2);
  await send(topic, 'sheet-b', [event, event, next]);
  await waitFor('both events applied', async () => (await effects(consumerName)).length >= 2);
  // The duplicate sits between the two on the partition, so it has been seen once `next` is applied.
  expect((await effects(consumerName)).map((e) => e.event_id)).toEqual([event.eventId, next.eventId]);
  expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".processed_events WHERE consumer = $1`, [consumerName])).toBe(2);
  expect(await deadLetters(consumerName)).toEqual([]);
});

it('dead-letters an event whose handler fails, rolls back its effects, moves on, and can replay it later', async () => {
  const poison = envelope('sheet-c', 1, { type: 'Poison' });
  const after = envelope('sheet-c', 2);
  const failing =
    (consumerName: string): EventHandler =>
    async (event, tx, raw) => {
      await recordEffect(consumerName)(event, tx, raw);
      if (event.type === 'Poison') throw new TypeError('handler bug: cannot read properties of undefined');
    };
  const { topic, consumerName } = await startConsumer(failing);
  await send(topic, 'sheet-c', [poison, after]);

  await waitFor('the next event applied', async () => (await effects(consumerName)).length === 1);
  expect((await effects(consumerName))[0]!.event_id).toBe(after.eventId);
  const [letter] = await deadLetters(consumerName);
  expect(letter).toMatchObject({ topic, offset: '0', message_key: 'sheet-c', replayed_at: null });
  expect(letter!.error).toMatch(/TypeError: handler bug/);
  expect(JSON.parse(letter!.payload!)).toEqual(poison);
  expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".processed_events WHERE consumer = $1 AND event_id = $2`, [consumerName, poison.eventId])).toBe(0);

  expect(await replayDeadLetters(db.pool, db.schema, consumerName, failing(consumerName))).toEqual({ replayed: 0, stillFailing: 1 });
  expect(await replayDeadLetters(db.pool, db.schema, consumerName, recordEffect(consumerName))).toEqual({ replayed: 1, stillFailing: 0 });
  expect((await effects(consumerName)).map((e) => e.event_id)).toEqual([after.eventId, poison.eventId]);
  expect((await deadLetters(consumerName))[0]!.replayed_at).toBeInstanceOf(Date);
  expect(await replayDeadLetters(db.pool, db.schema, consumerName, recordEffect(consumerName))).toEqual({ replayed: 0, stillFailing: 0 });
});

it('retries an event while the database is unreachable instead of dead-lettering it', async () => {
  let failures = 0;
  const flaky =
    (consumerName: string): EventHandler =>
    async (event, tx, raw) => {
      if (failures < 3) {
        failures += 1;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      }
      await recordEffect(consumerName)(event, tx, raw);
    };
  const { topic, consumerName, logger } = await startConsumer(flaky);
  const event = envelope('sheet-d', 1);
  await send(topic, 'sheet-d', [event]);
  await waitFor('the event applied', async () => (await effects(consumerName)).length === 1);
  expect(failures).toBe(3);
  expect(await deadLetters(consumerName)).toEqual([]);
  // Logged once for the outage, not once per attempt.
  expect(logger.entries.filter((e) => e.level === 'warn' && /database unavailable/.test(e.message))).toHaveLength(1);
});

it('resumes after a restart without applying anything twice', async () => {
  const first = await startConsumer();
  const events = [envelope('sheet-e', 1), envelope('sheet-e', 2)];
  await send(first.topic, 'sheet-e', events);
  await waitFor('first two applied', async () => (await effects(first.consumerName)).length === 2);
  await first.consumer.stop();

  const later = envelope('sheet-e', 3);
  await send(first.topic, 'sheet-e', [later]);
  await startConsumer(undefined, { topic: first.topic, consumerName: first.consumerName });
  await waitFor('third applied', async () => (await effects(first.consumerName)).length >= 3);
  expect((await effects(first.consumerName)).map((e) => e.stream_version)).toEqual([1, 2, 3]);
});

describe('offset commits', () => {
  async function committed(groupId: string, topic: string): Promise<string | undefined> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset;
    } finally {
      await admin.disconnect();
    }
  }

  it('given messages handled one batch at a time, commits about once a second rather than once a batch, the last offset a moment after the last batch, and all at stop', async () => {
    const topic = await createTopic(kafka, 'consumer-test', 1);
    topics.push(topic);
    const consumerName = uniqueName('consumer');
    const groupId = `${consumerName}-group`;
    const commits: number[] = [];
    // The real connection, its consumers counting their commits (kafkajs' COMMIT_OFFSETS instrumentation event).
    const counting = Object.create(kafka, {
      consumer: {
        value: (config: ConsumerConfig) => {
          const c = kafka.consumer(config);
          c.on(c.events.COMMIT_OFFSETS, () => commits.push(Date.now()));
          return c;
        },
      },
    }) as KafkaConnection;
    const consumer = new IdempotentConsumer(db.pool, counting, { groupId, topics: [topic], schema: db.schema, consumerName, fromBeginning: true, logger: recordingLogger().log, handle: recordEffect(consumerName) });
    stoppers.push(() => consumer.stop());
    await consumer.start();

    const started = Date.now();
    for (let i = 1; i <= 20; i++) {
      await send(topic, 'sheet-c', [envelope('sheet-c', i)]);
      await waitFor(`message ${i} applied`, async () => (await effects(consumerName)).length === i, 30_000, 10);
    }
    await waitFor('the last offset committed after the last batch', async () => (await committed(groupId, topic)) === '20', 15_000, 100);
    const seconds = (Date.now() - started) / 1000;
    // Twenty batches; one commit per batch before. At most one a second now, and the one after the last batch.
    expect(commits.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);

    await send(topic, 'sheet-c', [envelope('sheet-c', 21), envelope('sheet-c', 22)]);
    await waitFor('two more applied', async () => (await effects(consumerName)).length === 22, 30_000, 10);
    await consumer.stop();
    expect(await committed(groupId, topic)).toBe('22');
  });
});

describe('with groupPartitions (a group commit)', () => {
  /** Sends events to given partitions in one request, before any consumer reads them. */
  async function sendTo(topic: string, events: readonly (readonly [number, RecordedEvent])[]): Promise<void> {
    await producer.send({ topic, acks: -1, messages: events.map(([partition, e]) => ({ partition, key: e.streamId, value: JSON.stringify(e) })) });
  }

  /** recordEffect, also noting the transaction each event was applied in, and failing on events of type Poison. */
  function recordingTransactions(transactions: Map<string, string>): (consumerName: string) => EventHandler {
    return (consumerName) => async (event, tx, raw) => {
      if (event.type === 'Poison') throw new TypeError(`cannot apply ${event.type}`);
      const { rows } = await tx.query<{ txid: string }>('SELECT txid_current()::text AS txid');
      transactions.set(event.eventId, rows[0]!.txid);
      await recordEffect(consumerName)(event, tx, raw);
    };
  }

  it("given events waiting on three partitions, when the consumer starts, then one transaction applies them all, each partition's in order, each once", async () => {
    const topic = await createTopic(kafka, 'consumer-test', 3);
    topics.push(topic);
    const events = [0, 1, 2].flatMap((p) => [envelope(`sheet-g${p}`, 1), envelope(`sheet-g${p}`, 2)].map((e) => [p, e] as const));
    await sendTo(topic, events);
    const transactions = new Map<string, string>();
    const { consumerName } = await startConsumer(recordingTransactions(transactions), { topic }, () => ({ groupPartitions: 3 }));

    await waitFor('all six applied', async () => (await effects(consumerName)).length === 6);
    // The batches of one fetch, in one transaction; without the group, one per partition.
    expect(new Set(transactions.values()).size).toBe(1);
    const applied = await effects(consumerName);
    for (const p of [0, 1, 2]) expect(applied.filter((e) => events.some(([q, x]) => q === p && x.eventId === e.event_id)).map((e) => e.stream_version)).toEqual([1, 2]);
    expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".processed_events WHERE consumer = $1`, [consumerName])).toBe(6);
  });

  it('given a group in which one event fails, then nothing of the group stays, the others are applied once each, one by one, and the failing one is dead-lettered', async () => {
    const topic = await createTopic(kafka, 'consumer-test', 3);
    topics.push(topic);
    const good = [envelope('sheet-h0', 1), envelope('sheet-h2', 1)];
    const poison = envelope('sheet-h1', 1, { type: 'Poison' });
    await sendTo(topic, [[0, good[0]!], [1, poison], [2, good[1]!]]);
    const transactions = new Map<string, string>();
    const { consumerName, logger } = await startConsumer(recordingTransactions(transactions), { topic }, () => ({ groupPartitions: 3 }));

    await waitFor('the good ones applied and the poison dead-lettered', async () => (await effects(consumerName)).length === 2 && (await deadLetters(consumerName)).length === 1);
    expect((await effects(consumerName)).map((e) => e.event_id).sort()).toEqual(good.map((e) => e.eventId).sort());
    expect((await deadLetters(consumerName))[0]!.error).toMatch(/TypeError: cannot apply Poison/);
    expect(logger.entries.some((e) => /batch rolled back; one by one/.test(e.message))).toBe(true);
    expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".processed_events WHERE consumer = $1`, [consumerName])).toBe(2);
  });
});

describe('with a chunk handler', () => {
  /** Records a chunk's effects in one statement and refuses events of type Poison; counts the chunk sizes it saw. */
  function chunkRecorder(sizes: number[]): (consumerName: string) => ChunkHandler {
    return (consumerName) => async (items, tx) => {
      sizes.push(items.length);
      const accepted = items.filter((i) => i.event.type !== 'Poison');
      await tx.query(
        `INSERT INTO "${db.schema}".effects (consumer, event_id, stream_id, stream_version)
         SELECT $1, e, s, v FROM unnest($2::uuid[], $3::text[], $4::int[]) AS x(e, s, v)`,
        [consumerName, accepted.map((i) => i.event.eventId), accepted.map((i) => i.event.streamId), accepted.map((i) => i.event.streamVersion)],
      );
      return items.map((i) => (i.event.type === 'Poison' ? new TypeError(`cannot project ${i.event.type}`) : null));
    };
  }

  it('applies a chunk at once: duplicates skipped, malformed and refused events dead-lettered, refused ones replayable', async () => {
    const sizes: number[] = [];
    const first = envelope('sheet-k', 1);
    const poison = envelope('sheet-k', 2, { type: 'Poison' });
    const second = envelope('sheet-k', 3);
    const { topic, consumerName } = await startConsumer(undefined, undefined, (name) => ({ handleChunk: chunkRecorder(sizes)(name) }));
    await send(topic, 'sheet-k', [first, '{"broken', first, poison, second]);

    await waitFor('both good events applied', async () => (await effects(consumerName)).length === 2);
    expect((await effects(consumerName)).map((e) => e.event_id)).toEqual([first.eventId, second.eventId]);
    // One produce request, one fetch: the chunk handler saw the three new events together.
    expect(sizes).toContain(3);
    const letters = await deadLetters(consumerName);
    expect(letters.map((l) => l.offset)).toEqual(['1', '3']);
    expect(letters[0]!.error).toMatch(/MalformedMessageError/);
    expect(letters[1]!.error).toMatch(/TypeError: cannot project Poison/);
    expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".processed_events WHERE consumer = $1`, [consumerName])).toBe(2);

    expect(await replayDeadLetters(db.pool, db.schema, consumerName, recordEffect(consumerName))).toEqual({ replayed: 1, stillFailing: 1 });
    expect((await effects(consumerName)).map((e) => e.event_id)).toEqual([first.eventId, second.eventId, poison.eventId]);
  });

  it('sends openChunk with BEGIN and hands its results over, takes a single message through the chunk too, and a write left for COMMIT commits or falls back', async () => {
    const opened: string[][] = [];
    const { topic, consumerName } = await startConsumer(undefined, undefined, (name) => ({
      // A read of the events' stream versions in BEGIN's round trip: what a projection locks and reads first.
      openChunk: (events) => [new PreparedCall('SELECT unnest($1::text[]) AS seen', [events.map((e) => `${e.streamId}/${e.streamVersion}`)])],
      handleChunk: (items, _tx, context) => {
        opened.push(context!.opened[0]!.rows.map((r: { seen: string }) => r.seen));
        const values = items.map((i) => [name, i.event.eventId, i.event.streamId, i.event.type === 'Poison' ? null : i.event.streamVersion]);
        // A Poison event makes the write at COMMIT fail (stream_version NOT NULL): the chunk rolls back, handle takes it.
        context!.end.withCommit(
          inlineParameters(
            `INSERT INTO "${db.schema}".effects (consumer, event_id, stream_id, stream_version) SELECT $1, e::uuid, s, v::int FROM unnest($2::text[], $3::text[], $4::text[]) AS x(e, s, v)`,
            [name, values.map((v) => v[1]), values.map((v) => v[2]), values.map((v) => v[3])],
          ),
        );
        return Promise.resolve(items.map(() => null));
      },
    }));
    const first = envelope('sheet-o', 1);
    await send(topic, 'sheet-o', [first]);
    await waitFor('the single message applied', async () => (await effects(consumerName)).length === 1);
    expect(opened).toEqual([['sheet-o/1']]);
    const poison = envelope('sheet-o', 2, { type: 'Poison' });
    await send(topic, 'sheet-o', [poison, envelope('sheet-o', 3)]);
    await waitFor('the rest applied one by one', async () => (await effects(consumerName)).length === 3);
    expect((await effects(consumerName)).map((e) => e.stream_version)).toEqual([1, 2, 3]);
    expect(opened).toContainEqual(['sheet-o/2', 'sheet-o/3']);
    expect(await deadLetters(consumerName)).toEqual([]);
  });

  it('takes the messages one by one with handle when the chunk handler throws', async () => {
    const events = [envelope('sheet-l', 1), envelope('sheet-l', 2), envelope('sheet-l', 3)];
    let thrown = 0;
    const { topic, consumerName, logger } = await startConsumer(undefined, undefined, () => ({
      handleChunk: () => {
        thrown += 1;
        return Promise.reject(new Error('chunk handler bug'));
      },
    }));
    await send(topic, 'sheet-l', events);
    await waitFor('all applied one by one', async () => (await effects(consumerName)).length === 3);
    expect((await effects(consumerName)).map((e) => e.stream_version)).toEqual([1, 2, 3]);
    expect(thrown).toBeGreaterThan(0);
    expect(await deadLetters(consumerName)).toEqual([]);
    expect(logger.entries.some((e) => /batch rolled back; one by one/.test(e.message))).toBe(true);
  });
});

describe('for a batch copy (a rebuild): no processed records, messages past an end passed over', () => {
  it('given messages before and after an end offset, when consumed without processed records, then only those before are handled, each settled once, in transactions that ran beginTransaction', async () => {
    const settled: { offset: string; handled: number; passed: number }[] = [];
    let begun = 0;
    const events = [1, 2, 3, 4, 5].map((v) => envelope('sheet-copy', v));
    const topic = await createTopic(kafka, 'consumer-test');
    topics.push(topic);
    await send(topic, 'sheet-copy', events);
    const { consumerName } = await startConsumer(undefined, { topic }, () => ({
      recordProcessed: false,
      chunkSize: 2,
      accept: (raw) => Number(raw.offset) < 3,
      beginTransaction: async (tx) => {
        begun += 1;
        await tx.query('SET LOCAL synchronous_commit = off');
      },
      onSettled: (p) => settled.push({ offset: p.offset, handled: p.handled, passed: p.passed }),
    }));

    await waitFor('every message settled', () => Promise.resolve(settled.some((s) => s.offset === '4')));
    expect((await effects(consumerName)).map((e) => e.stream_version)).toEqual([1, 2, 3]);
    expect(settled.reduce((n, s) => n + s.handled, 0)).toBe(3);
    expect(settled.reduce((n, s) => n + s.passed, 0)).toBe(2);
    expect(begun).toBeGreaterThan(0);
    const { rows } = await db.pool.query(`SELECT 1 FROM "${db.schema}".processed_events WHERE consumer = $1`, [consumerName]);
    expect(rows).toEqual([]);
  });
});
