import { randomUUID } from 'node:crypto';
import { type PoolClient } from 'pg';
import { type NewEvent, type RecordedEvent } from '@budget/domain';
import { GENESIS_HASH, eventHash, verifyRecordedChain } from './hash-chain';
import { StreamVersionConflictError } from './event-store';
import { PostgresEventStore, readOutbox, readOutboxSettled } from './postgres-event-store';
import { preparedName } from './prepared-statement';
import { eventStoreSchemaSql } from './schema';
import { withTransaction } from './transaction';
import { type TestSchema, createTestSchema } from './testing/test-schema';

jest.setTimeout(30_000);

let db: TestSchema;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestSchema('es_test');
  store = new PostgresEventStore(db.pool, { schema: db.schema, outboxTopic: 'budget.targets' });
  await db.pool.query(`CREATE TABLE "${db.schema}".read_model (stream_id text PRIMARY KEY, version integer NOT NULL)`);
});

const openClients = new Set<PoolClient>();

// A failed assertion must not leave a transaction open: it would hold locks and block the DROP SCHEMA.
afterEach(async () => {
  for (const client of openClients) await finish(client, 'ROLLBACK');
});

afterAll(async () => {
  await db.drop();
});

function newEvent(type: string, data: unknown = {}, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      occurredAt: '2024-03-01T08:00:00.000Z',
      actor: { id: 'clerk-1', role: 'unit_clerk', unitId: 'u-1' },
      correlationId: 'corr-1',
      causationId: null,
    },
    ...overrides,
  };
}

function streamId(): string {
  return `sheet-${randomUUID()}`;
}

async function count(table: string, where = 'TRUE', params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${db.schema}".${table} WHERE ${where}`, params);
  return rows[0]!.n;
}

/** A transaction on its own client, left open for the test to interleave other work with. */
async function openTransaction(): Promise<PoolClient> {
  const client = await db.pool.connect();
  openClients.add(client);
  await client.query('BEGIN');
  return client;
}

async function finish(client: PoolClient, how: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  openClients.delete(client);
  try {
    await client.query(how);
  } finally {
    client.release();
  }
}

describe('schema', () => {
  it('is idempotent', async () => {
    for (const statement of eventStoreSchemaSql(db.schema)) await db.pool.query(statement);
  });

  it('brings a store whose outbox still repeated the payload up to date, keeping its queued rows', async () => {
    const schema = `${db.schema}_old`;
    await db.pool.query(`CREATE SCHEMA "${schema}"`);
    try {
      await db.pool.query(`CREATE TABLE "${schema}".outbox (id bigserial PRIMARY KEY, topic text NOT NULL, message_key text NOT NULL,
        event_id uuid NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
      const queued = randomUUID();
      await db.pool.query(`INSERT INTO "${schema}".outbox (topic, message_key, event_id, payload) VALUES ('budget.targets', 'k', $1, '{}')`, [queued]);
      for (const statement of eventStoreSchemaSql(schema)) await db.pool.query(statement);
      const old = new PostgresEventStore(db.pool, { schema, outboxTopic: 'budget.targets' });
      const { recorded } = await old.append(streamId(), [newEvent('DraftCreated')], 0);
      expect((await readOutbox(db.pool, schema, 10)).map((entry) => [entry.eventId, entry.event])).toEqual([
        [queued, null],
        [recorded[0]!.eventId, recorded[0]],
      ]);
    } finally {
      await db.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    }
  });

  it('refuses schema names that are not plain identifiers', () => {
    for (const name of ['Budget', 'a"; DROP SCHEMA x; --', '', '1abc', 'a'.repeat(51)]) {
      expect(() => eventStoreSchemaSql(name)).toThrow(/Invalid schema name/);
      expect(() => new PostgresEventStore(db.pool, { schema: name, outboxTopic: null })).toThrow(/Invalid schema name/);
    }
  });
});

describe('append and read', () => {
  it('appends, reads back exactly what it returned, and the chain verifies on the copy read back', async () => {
    const id = streamId();
    const tricky = {
      // jsonb reorders keys and rewrites numbers; the hash must not care.
      zeta: 1,
      alpha: { b: [1.0, 1e21, 1e-7, 0.1 + 0.2, -0, 2 ** 53], a: '预算绩效目标 "quoted" \\ \n' },
      nothing: null,
      skipped: undefined,
      when: new Date('2024-03-01T00:00:00.000Z'),
    };
    const first = await store.append(id, [newEvent('DraftCreated', tricky), newEvent('DraftEdited', { amount: 12.5 })], 0);
    expect(first.nextVersion).toBe(2);
    expect(first.recorded.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(first.recorded[0]!.prevHash).toBe(GENESIS_HASH);
    expect(first.recorded[1]!.prevHash).toBe(first.recorded[0]!.hash);

    const upper = randomUUID().toUpperCase();
    const second = await store.append(
      id,
      [
        newEvent('DraftEdited', { amount: 13 }, {
          eventId: upper,
          metadata: { occurredAt: '2024-03-01T16:00:00.123456+08:00', actor: { role: 'unit_clerk', id: 'clerk-2' }, correlationId: 'c', causationId: 'x' },
        }),
      ],
      2,
    );
    expect(second.nextVersion).toBe(3);
    expect(second.recorded[0]).toMatchObject({ eventId: upper.toLowerCase(), occurredAt: '2024-03-01T08:00:00.123Z', causationId: 'x' });

    const read = await store.readStream(id);
    expect(read).toEqual([...first.recorded, ...second.recorded]);
    expect(read[0]!.data).toEqual(JSON.parse(JSON.stringify(tricky)));
    for (const event of read) expect(eventHash(event)).toBe(event.hash);
    expect(verifyRecordedChain(read)).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 3 });
    expect(await store.readStream(id, 3)).toEqual(second.recorded);
    expect(await store.streamVersion(id)).toBe(3);
    expect(await store.streamVersion(streamId())).toBe(0);
    expect(BigInt(read[1]!.globalPosition)).toBeGreaterThan(BigInt(read[0]!.globalPosition));
    expect(read[0]!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('rejects a wrong expected version with the actual one, and writes nothing', async () => {
    const id = streamId();
    await store.append(id, [newEvent('DraftCreated')], 0);
    for (const expected of [0, 2, 5]) {
      const failure = store.append(id, [newEvent('DraftEdited')], expected);
      await expect(failure).rejects.toBeInstanceOf(StreamVersionConflictError);
      await expect(failure).rejects.toMatchObject({ streamId: id, expectedVersion: expected, actualVersion: 1, code: 'VERSION_CONFLICT' });
    }
    await expect(store.append(streamId(), [newEvent('DraftEdited')], 1)).rejects.toMatchObject({ expectedVersion: 1, actualVersion: 0 });
    expect(await count('events', 'stream_id = $1', [id])).toBe(1);
  });

  it('checks the version of an empty append without creating anything', async () => {
    const id = streamId();
    expect(await store.append(id, [], 0)).toEqual({ nextVersion: 0, recorded: [] });
    expect(await count('streams', 'stream_id = $1', [id])).toBe(0);
    await store.append(id, [newEvent('DraftCreated')], 0);
    expect(await store.append(id, [], 1)).toEqual({ nextVersion: 1, recorded: [] });
    await expect(store.append(id, [], 0)).rejects.toBeInstanceOf(StreamVersionConflictError);
  });

  it('refuses malformed events before touching the database', async () => {
    await expect(store.append(streamId(), [newEvent('X', {}, { eventId: 'not-a-uuid' })], 0)).rejects.toThrow(/eventId/);
    await expect(store.append(streamId(), [newEvent('X', {}, { schemaVersion: 0 })], 0)).rejects.toThrow(/schemaVersion/);
    const badTime = newEvent('X');
    await expect(store.append(streamId(), [{ ...badTime, metadata: { ...badTime.metadata, occurredAt: 'yesterday' } }], 0)).rejects.toThrow(/occurredAt/);
    await expect(store.append('', [newEvent('X')], 0)).rejects.toThrow(/streamId/);
    await expect(store.append(streamId(), [newEvent('X')], -1)).rejects.toThrow(/expectedVersion/);
  });
});

describe('concurrent appends to one stream', () => {
  it('let exactly one of two racing appends win, creating or extending, and store nothing of the loser', async () => {
    for (let round = 0; round < 15; round += 1) {
      const id = streamId();
      const expected = round % 2 === 0 ? 0 : 3;
      if (expected > 0) await store.append(id, [newEvent('A'), newEvent('B'), newEvent('C')], 0);
      const mine = [newEvent('Mine'), newEvent('Mine')];
      const theirs = [newEvent('Theirs')];
      const results = await Promise.allSettled([store.append(id, mine, expected), store.append(id, theirs, expected)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(StreamVersionConflictError);
      const loser = results[0].status === 'rejected' ? mine : theirs;
      const stored = await store.readStream(id);
      expect(stored.map((e) => e.eventId)).not.toEqual(expect.arrayContaining([loser[0]!.eventId]));
      expect(await count('events', 'event_id = ANY($1::uuid[])', [loser.map((e) => e.eventId)])).toBe(0);
      expect(await count('outbox', 'event_id = ANY($1::uuid[])', [loser.map((e) => e.eventId)])).toBe(0);
      expect(verifyRecordedChain(stored).ok).toBe(true);
      expect((lost[0]!.reason as StreamVersionConflictError).actualVersion).toBe(stored.length);
    }
  });

  it('extends a stream on the head hash the caller read (expectedHead) in one statement; a stale head is a conflict and writes nothing', async () => {
    const id = streamId();
    const first = await store.append(id, [newEvent('A'), newEvent('B')], 0);
    const head = first.recorded[1]!.hash;
    const second = await store.append(id, [newEvent('C')], 2, { expectedHead: head });
    expect(second.recorded[0]!.prevHash).toBe(head);
    // Joined to a transaction, too.
    const third = await withTransaction(db.pool, (tx) => store.append(id, [newEvent('D')], 3, { expectedHead: second.recorded[0]!.hash, transaction: tx }));
    const stale = [newEvent('Stale')];
    // The right version with another hash, or the hash of an older head: nothing is written.
    await expect(store.append(id, stale, 4, { expectedHead: head })).rejects.toBeInstanceOf(StreamVersionConflictError);
    await expect(store.append(id, stale, 3, { expectedHead: second.recorded[0]!.hash })).rejects.toMatchObject({ expectedVersion: 3, actualVersion: 4 });
    expect(await count('events', 'event_id = $1', [stale[0]!.eventId])).toBe(0);
    expect(await count('outbox', 'event_id = $1', [stale[0]!.eventId])).toBe(0);
    const stored = await store.readStream(id);
    expect(stored.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
    expect(stored[3]!.prevHash).toBe(third.recorded[0]!.prevHash);
    expect(verifyRecordedChain(stored)).toMatchObject({ ok: true, eventsChecked: 4 });
  });

  it('let exactly one of two racing appends on the same head hash win, and store nothing of the loser', async () => {
    for (let round = 0; round < 10; round += 1) {
      const id = streamId();
      const { recorded } = await store.append(id, [newEvent('A'), newEvent('B'), newEvent('C')], 0);
      const expectedHead = recorded[2]!.hash;
      const mine = [newEvent('Mine'), newEvent('Mine')];
      const theirs = [newEvent('Theirs')];
      const results = await Promise.allSettled([store.append(id, mine, 3, { expectedHead }), store.append(id, theirs, 3, { expectedHead })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(StreamVersionConflictError);
      const loser = results[0].status === 'rejected' ? mine : theirs;
      expect(await count('events', 'event_id = ANY($1::uuid[])', [loser.map((e) => e.eventId)])).toBe(0);
      expect(await count('outbox', 'event_id = ANY($1::uuid[])', [loser.map((e) => e.eventId)])).toBe(0);
      const stored = await store.readStream(id);
      expect(verifyRecordedChain(stored).ok).toBe(true);
      expect((lost[0]!.reason as StreamVersionConflictError).actualVersion).toBe(stored.length);
    }
  });

  it('make the second writer wait for the first and then fail, not deadlock', async () => {
    for (const expected of [0, 1]) {
      const id = streamId();
      if (expected > 0) await store.append(id, [newEvent('A')], 0);
      const first = await openTransaction();
      await store.append(id, [newEvent('First')], expected, { transaction: first });
      let settled = false;
      const second = store.append(id, [newEvent('Second')], expected).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(settled).toBe(false); // blocked on the stream row held by the first transaction
      // Listen before the commit: the second writer's refusal may arrive before the COMMIT's own answer,
      // and a rejection with nobody listening yet fails the test as unhandled.
      const refused = expect(second).rejects.toMatchObject({ expectedVersion: expected, actualVersion: expected + 1 });
      await finish(first, 'COMMIT');
      await refused;
    }
  });

  it('let the second writer in when the first rolls back', async () => {
    const id = streamId();
    const first = await openTransaction();
    await store.append(id, [newEvent('First')], 0, { transaction: first });
    const second = store.append(id, [newEvent('Second')], 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await finish(first, 'ROLLBACK');
    await expect(second).resolves.toMatchObject({ nextVersion: 1 });
    expect((await store.readStream(id)).map((e) => e.type)).toEqual(['Second']);
  });
});

describe('outbox and inTransaction', () => {
  it('writes one outbox row per event, keyed by stream; readOutbox gives each with its recorded envelope', async () => {
    const id = streamId();
    const { recorded } = await store.append(id, [newEvent('DraftCreated', { n: 1.0, b: { y: 1, x: 2 } }), newEvent('DraftEdited', { n: 2 })], 0);
    const { rows } = await db.pool.query<{ topic: string; message_key: string; event_id: string }>(
      `SELECT topic, message_key, event_id FROM "${db.schema}".outbox WHERE message_key = $1 ORDER BY id`,
      [id],
    );
    expect(rows.map((r) => [r.topic, r.message_key, r.event_id])).toEqual(recorded.map((e) => ['budget.targets', id, e.eventId]));
    const queued = (await readOutbox(db.pool, db.schema, 100_000)).filter((entry) => entry.messageKey === id);
    expect(queued.map((entry) => [entry.topic, entry.eventId, entry.event])).toEqual(recorded.map((e) => ['budget.targets', e.eventId, e]));
    // In queue order: ids ascend.
    expect(queued.map((entry) => BigInt(entry.id))).toEqual(queued.map((entry) => BigInt(entry.id)).sort((a, b) => (a < b ? -1 : 1)));
  });

  it('readOutbox gives a row whose event is missing with event null', async () => {
    const orphan = randomUUID();
    await db.pool.query(`INSERT INTO "${db.schema}".outbox (topic, message_key, event_id) VALUES ('budget.targets', $1, $2)`, [`orphan-${orphan}`, orphan]);
    const entry = (await readOutbox(db.pool, db.schema, 100_000)).find((e) => e.eventId === orphan);
    expect(entry).toMatchObject({ messageKey: `orphan-${orphan}`, event: null });
    await db.pool.query(`DELETE FROM "${db.schema}".outbox WHERE event_id = $1`, [orphan]);
  });

  it('readOutboxSettled is unsettled while an append that left the NOTIFY to another is in flight, and reads it once that commits', async () => {
    const notifier = await openTransaction();
    const { recorded: first } = await store.append(streamId(), [newEvent('DraftCreated')], 0, { transaction: notifier });
    const skipper = await openTransaction();
    const { recorded: second } = await store.append(streamId(), [newEvent('DraftCreated')], 0, { transaction: skipper });
    const ids = (entries: { eventId: string }[]): string[] => entries.map((e) => e.eventId);

    // The notifier holds the notify lock only, the skipper the shared "skipped" one: the read is not settled.
    let read = await readOutboxSettled(db.pool, db.schema, 100_000);
    expect(read.settled).toBe(false);
    await finish(notifier, 'COMMIT');
    read = await readOutboxSettled(db.pool, db.schema, 100_000);
    expect(read.settled).toBe(false);
    expect(ids(read.entries)).toContain(first[0]!.eventId);
    expect(ids(read.entries)).not.toContain(second[0]!.eventId);

    await finish(skipper, 'COMMIT');
    read = await readOutboxSettled(db.pool, db.schema, 100_000);
    expect(read.settled).toBe(true);
    expect(ids(read.entries)).toEqual(expect.arrayContaining([first[0]!.eventId, second[0]!.eventId]));
    // The check lets its lock go: an append that skips is not held up by it.
    const after = await openTransaction();
    await store.append(streamId(), [newEvent('DraftCreated')], 0, { transaction: after });
    expect((await readOutboxSettled(db.pool, db.schema, 100_000)).settled).toBe(true);
    await finish(after, 'ROLLBACK');

    // What it was told was published is deleted in the same round trip, and not read again.
    const published = read.entries.filter((e) => [first[0]!.eventId, second[0]!.eventId].includes(e.eventId)).map((e) => e.id);
    const next = await readOutboxSettled(db.pool, db.schema, 100_000, published);
    expect(ids(next.entries)).not.toEqual(expect.arrayContaining([first[0]!.eventId]));
    expect(await count('outbox', 'id = ANY($1::bigint[])', [published])).toBe(0);
    await expect(readOutboxSettled(db.pool, db.schema, 10, ['1; DROP TABLE x'])).rejects.toThrow('Invalid outbox id');
  });

  it('commits what inTransaction writes with the events', async () => {
    const id = streamId();
    await store.append(id, [newEvent('DraftCreated')], 0, {
      inTransaction: async (client, recorded) => {
        await client.query(`INSERT INTO "${db.schema}".read_model VALUES ($1, $2)`, [id, recorded.length]);
      },
    });
    expect(await count('read_model', 'stream_id = $1', [id])).toBe(1);
  });

  it('writes an alongside row in the append statement, on new and existing streams, own or joined transactions', async () => {
    const id = streamId();
    const alongside = (version: number) => ({
      sql: (param: (value: unknown) => string) =>
        `INSERT INTO "${db.schema}".read_model SELECT ${param(id)}::text, ${param(version)}::integer WHERE EXISTS (SELECT 1 FROM inserted)
         ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version`,
    });
    await store.append(id, [newEvent('DraftCreated')], 0, { alongside: alongside(1) });
    await store.append(id, [newEvent('DraftEdited'), newEvent('DraftEdited')], 1, { alongside: alongside(3) });
    const version = async (): Promise<number | undefined> =>
      (await db.pool.query<{ version: number }>(`SELECT version FROM "${db.schema}".read_model WHERE stream_id = $1`, [id])).rows[0]?.version;
    expect(await version()).toBe(3);
    const client = await openTransaction();
    await store.append(id, [newEvent('DraftEdited')], 3, { transaction: client, alongside: alongside(4) });
    await finish(client, 'ROLLBACK');
    expect(await version()).toBe(3);
    // A conflict writes nothing alongside either.
    await expect(store.append(id, [newEvent('DraftEdited')], 1, { alongside: alongside(99) })).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(await version()).toBe(3);
  });

  it('writes nothing alongside for the loser of two appends creating one stream', async () => {
    for (let round = 0; round < 10; round += 1) {
      const id = streamId();
      const alongside = (version: number) => ({
        sql: (param: (value: unknown) => string) =>
          `INSERT INTO "${db.schema}".read_model SELECT ${param(id)}::text, ${param(version)}::integer WHERE EXISTS (SELECT 1 FROM inserted)`,
      });
      // Without the guard on `inserted`, the loser would insert a second row (a unique violation, not a conflict).
      const results = await Promise.allSettled([store.append(id, [newEvent('A')], 0, { alongside: alongside(1) }), store.append(id, [newEvent('B'), newEvent('C')], 0, { alongside: alongside(2) })]);
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(StreamVersionConflictError);
      const stored = await store.readStream(id);
      const { rows } = await db.pool.query<{ version: number }>(`SELECT version FROM "${db.schema}".read_model WHERE stream_id = $1`, [id]);
      expect(rows.map((r) => r.version)).toEqual([stored.length]);
    }
  });

  it('rolls back events, stream head and outbox rows when inTransaction throws', async () => {
    const id = streamId();
    await store.append(id, [newEvent('DraftCreated')], 0);
    const before = await count('outbox');
    const failure = store.append(id, [newEvent('DraftEdited'), newEvent('DraftEdited')], 1, {
      inTransaction: async (client) => {
        await client.query(`INSERT INTO "${db.schema}".read_model VALUES ($1, 99)`, [id]);
        throw new Error('projection failed');
      },
    });
    await expect(failure).rejects.toThrow('projection failed');
    expect(await store.streamVersion(id)).toBe(1);
    expect(await count('events', 'stream_id = $1', [id])).toBe(1);
    expect(await count('outbox')).toBe(before);
    expect(await count('read_model', 'stream_id = $1', [id])).toBe(0);
    expect((await store.verifyChains({ streamId: id })).ok).toBe(true);
  });

  it('leaves the transaction to the caller when given a transaction', async () => {
    const id = streamId();
    const client = await openTransaction();
    await store.append(id, [newEvent('DraftCreated')], 0, { transaction: client });
    await store.append(id, [newEvent('DraftEdited')], 1, { transaction: client });
    await finish(client, 'ROLLBACK');
    expect(await store.streamVersion(id)).toBe(0);
    expect(await count('outbox', 'message_key = $1', [id])).toBe(0);
  });

  it('keys the outbox rows with messageKey when one is given, on new and existing streams', async () => {
    const id = `review-${randomUUID()}`;
    const key = streamId();
    await store.append(id, [newEvent('ReviewOpened')], 0, { messageKey: key });
    await store.append(id, [newEvent('LevelTaskOpened'), newEvent('LevelApproved')], 1, { messageKey: key });
    const { rows } = await db.pool.query<{ message_key: string; type: string }>(
      `SELECT o.message_key, e.type FROM "${db.schema}".outbox o JOIN "${db.schema}".events e USING (event_id)
        WHERE e.stream_id = $1 ORDER BY o.id`,
      [id],
    );
    expect(rows).toEqual([
      { message_key: key, type: 'ReviewOpened' },
      { message_key: key, type: 'LevelTaskOpened' },
      { message_key: key, type: 'LevelApproved' },
    ]);
  });

  it('writes no outbox rows when the store has no topic', async () => {
    const quiet = new PostgresEventStore(db.pool, { schema: db.schema, outboxTopic: null });
    const id = streamId();
    const { recorded } = await quiet.append(id, [newEvent('DraftCreated')], 0);
    expect(await count('outbox', 'message_key = $1', [id])).toBe(0);
    expect(await quiet.readStream(id)).toEqual(recorded);
  });
});

describe('readAll', () => {
  /** Reads everything currently readable from a position, the way a checkpointing subscriber does. */
  async function readFrom(after: string): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for (;;) {
      const page = await store.readAll(after, 50);
      if (page.length === 0) return out;
      out.push(...page);
      after = page[page.length - 1]!.globalPosition;
    }
  }

  async function head(): Promise<string> {
    const { rows } = await db.pool.query<{ p: string }>(`SELECT coalesce(max(global_position), 0)::text AS p FROM "${db.schema}".events`);
    return rows[0]!.p;
  }

  /** Polls until the reader has caught up with the given events (other sessions' open transactions may hold it back). */
  async function eventually(after: string, eventIds: string[]): Promise<RecordedEvent[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const seen = await readFrom(after);
      if (eventIds.every((id) => seen.some((e) => e.eventId === id)) || Date.now() > deadline) return seen;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('pages through events in global order', async () => {
    const start = await head();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { recorded } = await store.append(streamId(), [newEvent('A'), newEvent('B'), newEvent('C')], 0);
      ids.push(...recorded.map((e) => e.eventId));
    }
    const seen = await eventually(start, ids);
    expect(seen.map((e) => e.eventId)).toEqual(ids);
    const positions = seen.map((e) => BigInt(e.globalPosition));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(await store.readAll(seen[seen.length - 1]!.globalPosition, 10)).toEqual([]);
    expect((await store.readAll(start, 4)).length).toBe(4);
  });

  it('does not hand out an event committed while an earlier position is still in flight', async () => {
    const start = await head();
    const a = await openTransaction();
    const { recorded: fromA } = await store.append(streamId(), [newEvent('A')], 0, { transaction: a });
    const { recorded: fromB } = await store.append(streamId(), [newEvent('B')], 0);
    expect(BigInt(fromA[0]!.globalPosition)).toBeLessThan(BigInt(fromB[0]!.globalPosition));

    expect((await readFrom(start)).map((e) => e.eventId)).not.toContain(fromB[0]!.eventId);
    await finish(a, 'COMMIT');
    const seen = await eventually(start, [fromA[0]!.eventId, fromB[0]!.eventId]);
    expect(seen.map((e) => e.eventId)).toEqual([fromA[0]!.eventId, fromB[0]!.eventId]);
  });

  it('does not skip when a transaction got its xid before another but its positions after it', async () => {
    // U writes something else first (its xid is older), T then takes the lower position, U
    // appends and commits while T stays open. An xmin-only filter would hand out U's event.
    const start = await head();
    const u = await openTransaction();
    await u.query(`INSERT INTO "${db.schema}".read_model VALUES ($1, 0)`, [streamId()]);
    const t = await openTransaction();
    const { recorded: fromT } = await store.append(streamId(), [newEvent('T')], 0, { transaction: t });
    const { recorded: fromU } = await store.append(streamId(), [newEvent('U')], 0, { transaction: u });
    await finish(u, 'COMMIT');
    expect(BigInt(fromT[0]!.globalPosition)).toBeLessThan(BigInt(fromU[0]!.globalPosition));

    const early = await readFrom(start);
    expect(early.map((e) => e.eventId)).not.toContain(fromU[0]!.eventId);
    await finish(t, 'COMMIT');
    const seen = await eventually(start, [fromT[0]!.eventId, fromU[0]!.eventId]);
    expect(seen.map((e) => e.eventId)).toEqual([fromT[0]!.eventId, fromU[0]!.eventId]);
  });

  it('never skips under concurrent appenders (reader checkpoints the last position it got)', async () => {
    const start = await head();
    const written: string[] = [];
    let writing = true;
    const writers = Array.from({ length: 4 }, async () => {
      while (writing) {
        const { recorded } = await store.append(streamId(), [newEvent('A'), newEvent('B')], 0);
        written.push(...recorded.map((e) => e.eventId));
      }
    });
    const seen: RecordedEvent[] = [];
    let after = start;
    const readUntil = Date.now() + 1500;
    while (Date.now() < readUntil) {
      const page = await store.readAll(after, 100);
      seen.push(...page);
      if (page.length > 0) after = page[page.length - 1]!.globalPosition;
    }
    writing = false;
    await Promise.all(writers);
    const deadline = Date.now() + 15_000;
    while (seen.length < written.length && Date.now() < deadline) {
      const page = await store.readAll(after, 100);
      seen.push(...page);
      if (page.length > 0) after = page[page.length - 1]!.globalPosition;
    }
    expect(new Set(seen.map((e) => e.eventId))).toEqual(new Set(written));
    expect(seen).toHaveLength(written.length);
  });

  it('validates its arguments', async () => {
    await expect(store.readAll('-1', 10)).rejects.toThrow(/afterPosition/);
    await expect(store.readAll('1; DROP', 10)).rejects.toThrow(/afterPosition/);
    await expect(store.readAll('0', 0)).rejects.toThrow(/limit/);
  });
});

describe('verifyChains', () => {
  it('accepts untouched streams', async () => {
    for (let i = 0; i < 3; i += 1) await store.append(streamId(), [newEvent('A', { i }), newEvent('B', { x: [1.5, { z: 1, a: 2 }] })], 0);
    const result = await store.verifyChains();
    expect(result.ok).toBe(true);
    expect(result.streamsChecked).toBeGreaterThanOrEqual(3);
    expect(result.eventsChecked).toBeGreaterThanOrEqual(6);
  });

  it('pinpoints a row whose data was changed behind the store', async () => {
    const id = streamId();
    const { recorded } = await store.append(id, [newEvent('A', { amount: 100 }), newEvent('B', { amount: 200 }), newEvent('C', { amount: 300 })], 0);
    await db.pool.query(`UPDATE "${db.schema}".events SET data = '{"amount": 2000}' WHERE event_id = $1`, [recorded[1]!.eventId]);
    const broken = { streamId: id, streamVersion: 2, eventId: recorded[1]!.eventId, reason: 'hash-mismatch' };
    expect(await store.verifyChains({ streamId: id })).toEqual({ ok: false, streamsChecked: 1, eventsChecked: 2, firstBroken: broken });
    const all = await store.verifyChains();
    expect(all.ok).toBe(false);
    expect(all.firstBroken?.reason).toBe('hash-mismatch');
    await db.pool.query(`DELETE FROM "${db.schema}".events WHERE stream_id = $1`, [id]);
    await db.pool.query(`DELETE FROM "${db.schema}".streams WHERE stream_id = $1`, [id]);
  });

  it('catches a forged event re-hashed to fit, at the next link', async () => {
    const id = streamId();
    const { recorded } = await store.append(id, [newEvent('A', { amount: 1 }), newEvent('B', { amount: 2 }), newEvent('C', { amount: 3 })], 0);
    const forged = { ...recorded[1]!, data: { amount: 9 } };
    await db.pool.query(`UPDATE "${db.schema}".events SET data = $2, hash = $3 WHERE event_id = $1`, [forged.eventId, JSON.stringify(forged.data), eventHash(forged)]);
    expect((await store.verifyChains({ streamId: id })).firstBroken).toEqual({
      streamId: id,
      streamVersion: 3,
      eventId: recorded[2]!.eventId,
      reason: 'prev-hash-mismatch',
    });
  });

  it('catches deleted events, in the middle, at the end, or all of them', async () => {
    const middle = streamId();
    const { recorded } = await store.append(middle, [newEvent('A'), newEvent('B'), newEvent('C')], 0);
    await db.pool.query(`DELETE FROM "${db.schema}".events WHERE event_id = $1`, [recorded[1]!.eventId]);
    expect((await store.verifyChains({ streamId: middle })).firstBroken).toEqual({
      streamId: middle,
      streamVersion: 3,
      eventId: recorded[2]!.eventId,
      reason: 'version-gap',
    });

    const tail = streamId();
    const { recorded: tailEvents } = await store.append(tail, [newEvent('A'), newEvent('B')], 0);
    await db.pool.query(`DELETE FROM "${db.schema}".events WHERE event_id = $1`, [tailEvents[1]!.eventId]);
    expect((await store.verifyChains({ streamId: tail })).firstBroken).toEqual({ streamId: tail, streamVersion: 2, eventId: null, reason: 'version-gap' });

    const emptied = streamId();
    await store.append(emptied, [newEvent('A')], 0);
    await db.pool.query(`DELETE FROM "${db.schema}".events WHERE stream_id = $1`, [emptied]);
    expect((await store.verifyChains({ streamId: emptied })).firstBroken).toEqual({ streamId: emptied, streamVersion: 1, eventId: null, reason: 'version-gap' });
  });
});

describe('queryPrepared: the busy statements are named, one name per text', () => {
  it('a stream read in a transaction is prepared once on its connection and run again by name', async () => {
    const [one, other] = [streamId(), streamId()];
    await store.append(one, [newEvent('DraftCreated')], 0);
    const names = await withTransaction(db.pool, async (tx) => {
      await store.readStream(one, 1, tx);
      await store.readStream(other, 1, tx);
      const { rows } = await tx.query<{ name: string; statement: string }>(`SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%stream_id = $1 AND stream_version >= $2%'`);
      return rows;
    });
    expect(names).toHaveLength(1);
    expect(names[0]!.name).toBe(preparedName(names[0]!.statement));
  });
});
