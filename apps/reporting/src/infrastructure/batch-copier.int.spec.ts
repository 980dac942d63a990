import { randomBytes } from 'node:crypto';
import { createKafka, ensureTopics, type KafkaConnection } from '@budget/messaging';
import { waitFor } from '@budget/messaging/testing';
import { arrivalOrder, EventLog, type LoggedEvent, REFERENCE_TABLE, ZXRCBT_FINDINGS } from '../testing/event-log';
import { createReportingSchema, eventLogMigrations, type ReportingTestSchema } from '../testing/reporting-schema';
import { checksums, compareChecksums } from '../rebuild/checksums';
import { BatchCopier, partitionKey } from './batch-copier';
import { indexAndAttach } from './event-log-partitions';
import { Generations } from './generations.repository';
import { ReportQueries } from './report-queries';

const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');

jest.setTimeout(90_000);

describe('BatchCopier on Kafka and PostgreSQL', () => {
  const suffix = randomBytes(5).toString('hex');
  const topics = { targets: `copier-test.${suffix}.targets`, reviews: `copier-test.${suffix}.reviews` };
  const log = new EventLog();
  const imported = log.importTable(REFERENCE_TABLE);
  for (const s of imported.sheets) log.signOff(s.sheetId, s.name === 'ZXRCBT' ? { blocking: ZXRCBT_FINDINGS } : {});
  let db: ReportingTestSchema;
  let kafka: KafkaConnection;
  let generations: Generations;
  let queries: ReportQueries;

  async function produce(events: readonly LoggedEvent[]): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (const topic of ['targets', 'reviews'] as const) {
        const messages = events
          .filter((l) => l.topic === topic)
          .map((l) => ({ key: l.key, value: JSON.stringify(l.event), headers: { 'event-id': l.event.eventId, 'event-type': l.event.type } }));
        if (messages.length > 0) await producer.send({ topic: topics[topic], acks: -1, messages });
      }
    } finally {
      await producer.disconnect();
    }
  }

  async function endOffsets(): Promise<Map<string, bigint>> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = new Map<string, bigint>();
      for (const topic of Object.values(topics)) for (const p of await admin.fetchTopicOffsets(topic)) ends.set(partitionKey(topic, p.partition), BigInt(p.high));
      return ends;
    } finally {
      await admin.disconnect();
    }
  }

  beforeAll(async () => {
    db = await createReportingSchema(eventLogMigrations());
    generations = new Generations(db.store);
    queries = new ReportQueries(db.store);
    kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: `copier-test-${suffix}`, logger: () => undefined });
    await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));
    // The live copy (generation 1), in the order its consumer could have seen the events.
    for (const [n, l] of arrivalOrder(log.logged).entries()) {
      await db.store.transaction((tx) => db.store.append(tx, 1, l.event, { topic: topics[l.topic], partition: 0, offset: String(n) }));
    }
    await produce(log.logged);
  });

  afterAll(async () => {
    const admin = kafka?.admin();
    await admin?.connect();
    await admin?.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin?.disconnect();
    await db?.drop();
  });

  it("copies both topics with three consumers sharing one writer: every event once, the read models as the live copy has them, nothing after the rebuild's end offsets", async () => {
    const generation = await generations.create('batch-copier', 'detached');
    const ends = await endOffsets();
    // Published after the rebuild took its end offsets (here again, as a relay may publish twice): left to the live copy.
    const late = log.logged.slice(0, 5);
    await produce(late);
    const groupId = `copier-test-${suffix}`;
    const admin = kafka.admin();
    await admin.connect();
    /** Runs a copier of the group until it has passed the end offsets and the late messages; what it copied, passed over, and its group's members. */
    async function copy(): Promise<{ copied: number; skipped: number; members: number }> {
      const handled = new Map<string, bigint>();
      let copied = 0;
      let skipped = 0;
      const copier = new BatchCopier(db.pool, kafka, {
        groupId,
        topics: Object.values(topics),
        consumerName: 'copier-test',
        generation,
        ends,
        logger: () => undefined,
        onProgress: (key, offset, s) => {
          if (offset > (handled.get(key) ?? -1n)) handled.set(key, offset);
          skipped += s;
        },
        onCopied: (events) => (copied += events),
      });
      try {
        await copier.start();
        const reached = (): boolean => [...ends].every(([key, end]) => end === 0n || (handled.get(key) ?? -1n) >= end - 1n);
        await waitFor('the copy to reach the end offsets and pass over the late messages', () => Promise.resolve(reached() && skipped === late.length), 60_000, 50);
        const [group] = (await admin.describeGroups([groupId])).groups;
        return { copied, skipped, members: group?.members.length ?? 0 };
      } finally {
        await copier.stop();
      }
    }
    try {
      expect(await copy()).toEqual({ copied: log.logged.length, skipped: late.length, members: 3 });
      // Every message handled again by a writer that does not know the copy (its memory empty): the speculative writes
      // fail their guard, each chunk is folded over the database, found in the copy, and committed by its transaction.
      for (const topic of Object.values(topics)) await admin.setOffsets({ groupId, topic, partitions: [0, 1, 2].map((partition) => ({ partition, offset: '0' })) });
      expect(await copy()).toEqual({ copied: 0, skipped: late.length, members: 3 });
    } finally {
      await admin.disconnect();
    }

    expect(await generations.meta(generation)).toMatchObject({ position: String(log.logged.length), events: log.logged.length });
    await indexAndAttach(db.pool, generation);
    expect(await queries.countMissingFrom(generation, 1)).toBe(0);
    expect(await queries.countMissingFrom(1, generation)).toBe(0);
    const comparison = await db.store.transaction(async (tx) =>
      compareChecksums(await checksums(queries, generations, 1, tx), await checksums(queries, generations, generation, tx), { carriedOverFromLive: 0, onlyInRebuilt: 0 }),
    );
    expect(comparison).toMatchObject({ equal: true, differences: [] });
    // The read models as the live copy's, but for the positions of the copy (each copy numbers the events in the order it received them).
    const withoutPositions = (rows: ReadonlyMap<string, unknown>): unknown => JSON.parse(JSON.stringify([...rows.entries()].sort(), (k: string, v: unknown) => (k === 'globalPosition' ? undefined : v)));
    const live = await queries.loadModel(1, { departmentId: imported.departmentId });
    const rebuilt = await queries.loadModel(generation, { departmentId: imported.departmentId });
    expect(withoutPositions(rebuilt.model.sheets)).toEqual(withoutPositions(live.model.sheets));
    expect(withoutPositions(rebuilt.model.reviewActivity)).toEqual(withoutPositions(live.model.reviewActivity));
    expect(withoutPositions(rebuilt.model.streams)).toEqual(withoutPositions(live.model.streams));
  });
});
