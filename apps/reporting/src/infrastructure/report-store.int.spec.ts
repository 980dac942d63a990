import { reportTableFor, type RecordedEvent, toPublishedTable, writePublishedTable } from '@budget/domain';
import { withTransaction } from '@budget/event-store';
import { Pool } from 'pg';
import type { QueryRunner } from 'typeorm';
import { CopyVerifier } from '../audit/chain-check';
import { tableChecksum } from '@budget/table-files';
import { foldCopied, type CopiedEvent } from '../projection/copied-events';
import { subjectOf } from '../projection/stream-step';
import { orderTable } from '../projection/table-order';
import { arrivalOrder, EventLog, REFERENCE_TABLE, ZXRCBT_FINDINGS } from '../testing/event-log';
import { createReportingSchema, eventLogMigrations, type ReportingTestSchema, TEST_DATABASE_URL as DATABASE_URL } from '../testing/reporting-schema';
import { ReportLog1764300000001 } from './migrations/1764300000001-report-log';
import { DropRecordedIndex1764300000002 } from './migrations/1764300000002-drop-recorded-index';
import { Lz4Compression1764300000003 } from './migrations/1764300000003-lz4-compression';
import { eventLogPartition, indexAndAttach, isAttached } from './event-log-partitions';
import { appendEvents } from './event-log.writer';
import { RebuildLogWriter } from './rebuild-log.writer';
import { Generations } from './generations.repository';
import { ReadModelVersions1764300000005 } from './migrations/1764300000005-read-model-versions';
import { EventLogPartitions1764300000006 } from './migrations/1764300000006-event-log-partitions';
import { ReportQueries } from './report-queries';
import { type ReportStore, type SourceInfo, UnprojectableEventError } from './report-store';


jest.setTimeout(60_000);

describe('ReportStore on PostgreSQL', () => {
  let db: ReportingTestSchema;
  let schema: string;
  let admin: Pool;
  let pool: Pool;
  let store: ReportStore;
  let generations: Generations;
  let queries: ReportQueries;
  const log = new EventLog();
  const imported = log.importTable(REFERENCE_TABLE);
  for (const s of imported.sheets) log.signOff(s.sheetId, s.name === 'ZXRCBT' ? { blocking: ZXRCBT_FINDINGS } : {});
  const arrived = arrivalOrder(log.logged);
  const source = (n: number): SourceInfo => ({ topic: 'test', partition: 0, offset: String(n) });

  async function all(generation: number, filter: Parameters<ReportQueries['copiedEvents']>[1] = {}): Promise<CopiedEvent[]> {
    const rows: CopiedEvent[] = [];
    for await (const row of queries.copiedEvents(generation, filter)) rows.push(row);
    return rows;
  }

  beforeAll(async () => {
    admin = new Pool({ connectionString: DATABASE_URL, max: 2 });
    db = await createReportingSchema(eventLogMigrations());
    ({ schema, pool, store } = db);
    generations = new Generations(store);
    queries = new ReportQueries(store);
    for (const [n, l] of arrived.entries()) await store.transaction((tx) => store.append(tx, 1, l.event, source(n)));
  });

  afterAll(async () => {
    await db?.drop();
    await admin?.end();
  });

  it('copies every event with dense positions of its own and reads them back in that (numeric) order, page by page', async () => {
    const rows = await all(1, { pageSize: 7 });
    expect(rows.map((r) => r.position)).toEqual(arrived.map((_, i) => String(i + 1)));
    expect(rows.map((r) => r.envelope.eventId)).toEqual(arrived.map((l) => l.event.eventId));
    expect(rows.map((r) => r.sourcePosition)).toEqual(arrived.map((l) => l.event.globalPosition));
    const meta = await generations.meta(1);
    expect(meta).toMatchObject({ status: 'active', position: String(arrived.length), events: arrived.length, firstRecordedAt: log.events[0]!.recordedAt });
  });

  it('keeps the events exactly as received: every hash chain verifies', async () => {
    const verifier = new CopyVerifier();
    for (const row of await all(1)) verifier.check(row);
    verifier.checkHeads(await queries.streamHeads(1));
    expect(verifier.result()).toMatchObject({ ok: true, eventsChecked: arrived.length });
  });

  it('builds the reference table from the projection rows, equal to one fold of the copy', async () => {
    const { model, creation } = await queries.loadModel(1, { departmentId: imported.departmentId, fiscalYear: 2026 });
    const table = orderTable(reportTableFor(model, imported.departmentId, 2026), creation);
    expect(writePublishedTable(toPublishedTable(table))).toBe(writePublishedTable(REFERENCE_TABLE));
    const folded = foldCopied(await all(1, { streamIds: await queries.tableStreams(1, imported.departmentId, 2026) }));
    expect(tableChecksum(orderTable(reportTableFor(folded.model, imported.departmentId, 2026), folded.creation))).toBe(tableChecksum(table));
    expect(await queries.fiscalYears(1, imported.departmentId)).toEqual([{ fiscalYear: 2026, sheets: 11, approved: 11 }]);
  });

  it('files review events under the sheet they are about', async () => {
    const zx = imported.sheets.find((s) => s.name === 'ZXRCBT')!;
    const rows = await all(1, { subject: `sheet-${zx.sheetId}` });
    expect(rows.some((r) => r.envelope.streamId.startsWith('review-'))).toBe(true);
    expect(rows.map((r) => r.envelope.type)).toContain('WaiverDecided');
  });

  it('answers "already copied" for an event it holds, and refuses one it cannot apply without writing anything', async () => {
    const first = arrived[0]!.event;
    await expect(store.transaction((tx) => store.append(tx, 1, first, source(0)))).resolves.toEqual({ outcome: 'present', position: '1' });
    const sheet = log.events.find((e) => e.streamId.startsWith('sheet-'))!;
    const next = log.events.filter((e) => e.streamId === sheet.streamId).length + 1;
    const unknown: RecordedEvent = { ...sheet, eventId: '00000000-0000-4000-8000-777777777777', type: 'DraftTeleported', streamVersion: next };
    const error = await store.transaction((tx) => store.append(tx, 1, unknown, source(999))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprojectableEventError);
    expect((error as Error).message).toMatch(/^UNKNOWN_EVENT_TYPE: /);
    const stale: RecordedEvent = { ...arrived.find((l) => l.topic === 'reviews')!.event, eventId: '00000000-0000-4000-8000-888888888888' };
    await expect(store.transaction((tx) => store.append(tx, 1, stale, source(998)))).rejects.toThrow(/^STALE_EVENT: /);
    expect((await generations.meta(1)).position).toBe(String(arrived.length));
  });

  it('appends a chunk in one go exactly as one event at a time, reporting what it refused or already had', async () => {
    const generation = await generations.create('chunks');
    const sheet = log.events.find((e) => e.streamId.startsWith('sheet-'))!;
    const odd: RecordedEvent = { ...sheet, eventId: '00000000-0000-4000-8000-666666666666', type: 'DraftTeleported', streamId: 'sheet-new', streamVersion: 1 };
    const items = arrived.map((l, n) => ({ event: l.event, source: source(n) }));
    // A refusal and a redelivery in the middle of a chunk; chunks cut through streams.
    const input = [...items.slice(0, 30), { event: odd, source: source(-1) }, items[3]!, ...items.slice(30)];
    const results = [];
    for (let i = 0; i < input.length; i += 17) results.push(...(await store.transaction((tx) => appendEvents(tx, generation, input.slice(i, i + 17)))));
    expect(results.map((r) => r.outcome).filter((o) => o !== 'copied')).toEqual(['refused', 'present']);
    expect(results[30]).toMatchObject({ outcome: 'refused', error: { code: 'UNKNOWN_EVENT_TYPE' } });
    expect(results[31]).toEqual({ outcome: 'present', position: '4' });
    const one = (await all(1)).map((r) => [r.position, r.envelope.eventId]);
    const chunked = (await all(generation)).map((r) => [r.position, r.envelope.eventId]);
    expect(chunked).toEqual(one);
    const a = await queries.loadModel(1, { departmentId: imported.departmentId });
    const b = await queries.loadModel(generation, { departmentId: imported.departmentId });
    expect([...b.model.sheets.entries()].sort()).toEqual([...a.model.sheets.entries()].sort());
    expect([...b.model.streams.entries()].sort()).toEqual([...a.model.streams.entries()].sort());
    expect([...b.model.reviewActivity.entries()].sort()).toEqual([...a.model.reviewActivity.entries()].sort());
    expect([...b.creation.entries()].sort()).toEqual([...a.creation.entries()].sort());
    expect(await generations.meta(generation)).toMatchObject({ position: String(arrived.length), events: arrived.length });
    // Every column of the copy, whichever way a chunk was written (small ones with INSERT, larger ones with COPY).
    const rowsOf = async (g: number): Promise<unknown[]> =>
      (
        await admin.query(
          `SELECT position, event_id, stream_id, stream_version, subject, type, recorded_at, source_topic, source_partition, source_offset, source_position, envelope
             FROM ${schema}.event_log WHERE generation = $1 ORDER BY position`,
          [g],
        )
      ).rows;
    expect(await rowsOf(generation)).toEqual(await rowsOf(1));
  });

  it('keeps tabs, newlines, backslashes and quotes of an envelope as they are in a chunk written with COPY', async () => {
    const generation = await generations.create('copy-escapes');
    const odd = 'tab\there\nnew line\\back\rslash "quoted" \\N \\t 预算';
    const items = arrived.slice(0, 40).map((l, n) => ({ event: { ...l.event, correlationId: `${odd} ${n}` }, source: source(n) }));
    const results = await store.transaction((tx) => appendEvents(tx, generation, items));
    expect(results.every((r) => r.outcome === 'copied')).toBe(true);
    expect((await all(generation)).map((r) => r.envelope)).toEqual(items.map((i) => i.event));
  });

  it('writes envelopes received as bytes (the message values) into the same rows as envelopes serialised again, by the live writer and in one chunk of the rebuild', async () => {
    const rowsOf = async (g: number): Promise<unknown[]> =>
      (
        await admin.query(
          `SELECT position, event_id, stream_id, stream_version, subject, type, recorded_at, source_topic, source_partition, source_offset, source_position, envelope::text
             FROM ${schema}.event_log WHERE generation = $1 ORDER BY position`,
          [g],
        )
      ).rows;
    // As the relay sends them; one with an upper-case id (the parse lower-cases it: serialised again) and one with a backslash in a text (escaped for COPY).
    const received = (event: RecordedEvent, n: number): Buffer =>
      Buffer.from(JSON.stringify(n === 5 ? { ...event, eventId: event.eventId.toUpperCase() } : event));
    const items = arrived.map((l, n) => ({ event: l.event, source: source(n), received: received(l.event, n) }));
    expect(items.length).toBeGreaterThan(100);
    const appended = await generations.create('received-bytes');
    await store.transaction((tx) => appendEvents(tx, appended, items));
    expect(await rowsOf(appended)).toEqual(await rowsOf(1));
    // The rebuild's writer: the whole log in one chunk, one COPY.
    const rebuilt = await generations.create('received-bytes-rebuild', 'detached');
    const results = await store.transaction((tx) => new RebuildLogWriter(rebuilt).append(tx, items));
    expect(results.every((r) => r.outcome === 'copied')).toBe(true);
    await indexAndAttach(pool, rebuilt);
    expect(await rowsOf(rebuilt)).toEqual(await rowsOf(1));
    const a = await queries.loadModel(1, { departmentId: imported.departmentId });
    const b = await queries.loadModel(rebuilt, { departmentId: imported.departmentId });
    expect([...b.model.sheets.entries()].sort()).toEqual([...a.model.sheets.entries()].sort());
    const odd = { ...arrived[3]!.event, correlationId: 'back\\slash "quoted"\ttab' };
    const escaped = await generations.create('received-escapes');
    const copied = arrived.slice(0, 20).map((l, n) => ({ event: n === 3 ? odd : l.event, source: source(n), received: Buffer.from(JSON.stringify(n === 3 ? odd : l.event)) }));
    await store.transaction((tx) => appendEvents(tx, escaped, copied));
    expect((await all(escaped)).map((r) => r.envelope)).toEqual(copied.map((i) => i.event));
    for (const g of [appended, rebuilt, escaped]) await generations.discard(g);
  });

  it("writes a rebuild's detached partition with the same rows as appendEvents, through a rolled-back chunk, a redelivery and a refusal, then indexes and attaches it", async () => {
    const generation = await generations.create('rebuild-writer', 'detached');
    expect(await isAttached(pool, generation)).toBe(false);
    const sheet = log.events.find((e) => e.streamId.startsWith('sheet-'))!;
    const odd: RecordedEvent = { ...sheet, eventId: '00000000-0000-4000-8000-555555555555', type: 'DraftTeleported', streamId: 'sheet-new', streamVersion: 1 };
    const items = arrived.map((l, n) => ({ event: l.event, source: source(n) }));
    const input = [...items.slice(0, 30), { event: odd, source: source(-1) }, items[3]!, ...items.slice(30)];
    const writer = new RebuildLogWriter(generation);
    const results = [];
    for (let i = 0; i < input.length; i += 17) {
      const chunk = input.slice(i, i + 17);
      if (i === 34) {
        // A chunk whose transaction rolls back after the writer wrote it: its rows must not count.
        await expect(
          store.transaction(async (tx) => {
            await writer.append(tx, chunk);
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
      }
      // The chunk's transaction ends with the append: the writer commits it in its writes' round trip (one that refuses an event, it leaves to withTransaction).
      results.push(...(await withTransaction(pool, (tx, _opened, end) => writer.append(tx, chunk, end))));
      // A redelivery of the chunk before: everything in it is there already.
      if (i === 51) {
        const again = await store.transaction((tx) => writer.append(tx, input.slice(i, i + 17)));
        expect(again.every((r) => r.outcome === 'present' || r.outcome === 'refused')).toBe(true);
      }
    }
    expect(results.map((r) => r.outcome).filter((o) => o !== 'copied')).toEqual(['refused', 'present']);
    expect(results[30]).toMatchObject({ outcome: 'refused', error: { code: 'UNKNOWN_EVENT_TYPE' } });
    expect(results[31]).toEqual({ outcome: 'present', position: '4' });
    await indexAndAttach(pool, generation);
    expect(await isAttached(pool, generation)).toBe(true);
    const one = (await all(1)).map((r) => [r.position, r.envelope.eventId]);
    expect((await all(generation)).map((r) => [r.position, r.envelope.eventId])).toEqual(one);
    const a = await queries.loadModel(1, { departmentId: imported.departmentId });
    const b = await queries.loadModel(generation, { departmentId: imported.departmentId });
    expect([...b.model.sheets.entries()].sort()).toEqual([...a.model.sheets.entries()].sort());
    expect([...b.model.streams.entries()].sort()).toEqual([...a.model.streams.entries()].sort());
    expect([...b.model.reviewActivity.entries()].sort()).toEqual([...a.model.reviewActivity.entries()].sort());
    expect([...b.creation.entries()].sort()).toEqual([...a.creation.entries()].sort());
    expect(await generations.meta(generation)).toMatchObject({ position: String(arrived.length), events: arrived.length });
    // Attached, it is an ordinary partition: its unique indexes hold, the live append path works on it.
    await expect(store.transaction((tx) => store.append(tx, generation, arrived[0]!.event, source(0)))).resolves.toEqual({ outcome: 'present', position: '1' });
    await expect(
      pool.query(`INSERT INTO ${eventLogPartition(generation)} SELECT generation, position + 100000, event_id, stream_id, stream_version + 1000, subject, type, recorded_at,
                    source_topic, source_partition, source_offset, source_position, envelope, copied_at FROM ${eventLogPartition(generation)} WHERE position = 1`),
    ).rejects.toThrow(/duplicate key/);
    await generations.discard(generation);
    expect(await isAttached(pool, generation)).toBe(false);
    expect(await all(generation)).toEqual([]);
  });

  it("folds a rebuild's chunk while the one before it is being written: side-by-side transactions commit in turn, and one whose predecessor rolled back is folded again from the database", async () => {
    const generation = await generations.create('rebuild-side-by-side', 'detached');
    const writer = new RebuildLogWriter(generation);
    const items = arrived.map((l, n) => ({ event: l.event, source: source(n) }));
    // Two "partitions" by subject, as Kafka's keys split them: each in its order, the two side by side.
    const subjects = [...new Set(items.map((i) => subjectOf(i.event)))];
    const [a, b] = [0, 1].map((half) => items.filter((i) => subjects.indexOf(subjectOf(i.event)) % 2 === half));
    expect(a!.length).toBeGreaterThan(20);
    expect(b!.length).toBeGreaterThan(20);
    const waitingForLock = async (): Promise<void> => {
      for (let i = 0; i < 200; i++) {
        const { rows } = await admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM generations WHERE generation = $1 FOR UPDATE%'`,
        );
        if (rows[0]!.n > 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no append waits for the generation lock');
    };
    /** A chunk's transaction held open after the writer has sent it, until `end` commits or rolls it back. */
    const held = async (chunk: typeof items): Promise<{ end: (commit: boolean) => Promise<void> }> => {
      let appended!: () => void;
      let ending!: (commit: boolean) => void;
      const sent = new Promise<void>((r) => (appended = r));
      const decided = new Promise<boolean>((r) => (ending = r));
      const done = store
        .transaction(async (tx) => {
          await writer.append(tx, chunk);
          appended();
          if (!(await decided)) throw new Error('rolled back');
        })
        .catch((e: Error) => expect(e.message).toBe('rolled back'));
      await sent;
      return { end: async (commit) => (ending(commit), await done) };
    };

    // A's chunk is sent and not committed; B's, side by side, waits for the lock, then follows A's positions.
    const first = await held(a!.slice(0, 10));
    const second = withTransaction(pool, (tx, _opened, end) => writer.append(tx, b!.slice(0, 10), end));
    await waitingForLock();
    await first.end(true);
    expect((await second).map((r) => r.outcome === 'copied' && r.position)).toEqual(b!.slice(0, 10).map((_, n) => String(11 + n)));
    // A's next chunk rolls back while B's next one waits: B's is folded again over the database's rows and takes the positions A's had.
    const third = await held(a!.slice(10, 20));
    const fourth = withTransaction(pool, (tx, _opened, end) => writer.append(tx, b!.slice(10, 20), end));
    await waitingForLock();
    await third.end(false);
    expect((await fourth).map((r) => r.outcome === 'copied' && r.position)).toEqual(b!.slice(10, 20).map((_, n) => String(21 + n)));
    for (const rest of [a!.slice(10), b!.slice(20)]) {
      for (let i = 0; i < rest.length; i += 17) await store.transaction((tx) => writer.append(tx, rest.slice(i, i + 17)));
    }

    await indexAndAttach(pool, generation);
    const copied = await all(generation);
    expect(copied.map((r) => r.position)).toEqual(items.map((_, n) => String(n + 1)));
    expect(copied.map((r) => r.envelope.eventId).sort()).toEqual(items.map((i) => i.event.eventId).sort());
    // The same read models but for the copy's positions (its order differs), and each position the rebuilt ones name is that event's in its copy.
    const live = await queries.loadModel(1, { departmentId: imported.departmentId });
    const rebuilt = await queries.loadModel(generation, { departmentId: imported.departmentId });
    const eventAt = new Map(copied.map((r) => [r.position, r.envelope.eventId]));
    /** The value without its copy's positions; `seen` gets each position with the event it names. */
    const withoutPositions = (value: unknown, seen: [string, string][] = []): unknown =>
      JSON.parse(
        JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
          if (key !== 'globalPosition') return v;
          if (typeof this.eventId === 'string') seen.push([String(v), this.eventId]);
          return undefined;
        }),
      );
    const named: [string, string][] = [];
    for (const part of ['sheets', 'reviewActivity', 'streams'] as const) {
      expect(withoutPositions([...rebuilt.model[part].entries()].sort(), named)).toEqual(withoutPositions([...live.model[part].entries()].sort()));
    }
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter(([position, eventId]) => eventAt.get(position) !== eventId)).toEqual([]);
    await generations.discard(generation);
  });

  it('hands out positions one writer at a time: concurrent appends commit dense and in order', async () => {
    const generation = await generations.create('concurrency');
    const events = log.events.slice(0, 40);
    const gaps: string[][] = [];
    let passes = 0;
    // Whenever a reader looks, the committed positions are 1..k: never N + 2 before N + 1.
    const reader = (async () => {
      for (let i = 0; i < 200; i++) {
        const positions = (await all(generation)).map((r) => r.position);
        passes++;
        if (positions.some((p, n) => p !== String(n + 1))) gaps.push(positions);
      }
    })();
    // Streams in order, but different streams side by side.
    const byStream = new Map<string, RecordedEvent[]>();
    for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
    await Promise.all(
      [...byStream.values()].map(async (stream) => {
        for (const e of stream) await store.transaction((tx) => store.append(tx, generation, e, source(0)));
      }),
    );
    await reader;
    const rows = await all(generation);
    expect(rows.map((r) => r.position)).toEqual(events.map((_, i) => String(i + 1)));
    expect(passes).toBe(200);
    expect(gaps).toEqual([]);
    expect((await generations.meta(1)).events).toBe(arrived.length);
  });

  it('moves the rows of an unpartitioned event_log into partitions of their generations (migration 1764300000006)', async () => {
    const other = `${schema}_m`;
    const migrated = new Pool({ connectionString: DATABASE_URL, max: 2, options: `-c search_path=${other}` });
    try {
      await admin.query(`CREATE SCHEMA "${other}"`);
      const runner = { query: (sql: string) => migrated.query(sql) } as unknown as QueryRunner;
      await new ReportLog1764300000001().up(runner);
      await new DropRecordedIndex1764300000002().up(runner);
      await new Lz4Compression1764300000003().up(runner);
      await new ReadModelVersions1764300000005().up(runner);
      const client = await migrated.connect();
      try {
        await client.query('BEGIN');
        await appendEvents(client, 1, arrived.map((l, n) => ({ event: l.event, source: source(n) })));
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      const before = (await migrated.query('SELECT * FROM event_log ORDER BY generation, position')).rows;
      await new EventLogPartitions1764300000006().up(runner);
      await new EventLogPartitions1764300000006().up(runner);
      expect((await migrated.query('SELECT * FROM event_log ORDER BY generation, position')).rows).toEqual(before);
      expect((await migrated.query('SELECT count(*)::int AS n FROM event_log_g1')).rows[0]).toEqual({ n: arrived.length });
      expect(await isAttached(migrated, 1)).toBe(true);
    } finally {
      await migrated.end();
      await admin.query(`DROP SCHEMA IF EXISTS "${other}" CASCADE`);
    }
  });

  it('switches the active generation and deletes the rows of a discarded one', async () => {
    const generation = await generations.create('switch');
    await store.transaction(async (tx) => {
      for (const l of log.logged) await store.append(tx, generation, l.event, source(0));
    });
    await store.transaction(async (tx) => {
      expect(await generations.lockActive(tx, 'update')).toBe(1);
      expect(await queries.countMissingFrom(1, generation, tx)).toBe(0);
      await generations.switchActive(tx, 1, generation);
    });
    expect(await generations.active()).toBe(generation);
    expect((await generations.meta(1)).status).toBe('retired');
    await generations.discard(1);
    expect(await all(1)).toEqual([]);
    expect((await generations.meta(1)).status).toBe('discarded');
    await expect(generations.discard(generation)).rejects.toThrow(/live/);
  });
});
