/**
 * B1–B3: appends to the event store, one event at a time with its version check, hash and outbox
 * row, by 4 concurrent writers on distinct streams (each writer keeps 8 sheets open and works
 * through their histories as the deciders made them: DraftCreated, edits, submission, review…).
 *
 * - B1: against the same rows written by hand-written SQL through the same pg pool.
 * - B2: against the PostgreSQL event store of @event-driven-io/emmett-postgresql, same database and pool.
 * - B3: on a store already holding 2 million events, against the same on an empty store.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Pool, type PoolClient } from 'pg';
import { type NewEvent } from '@budget/domain';
import { eventStoreSchemaSql, PostgresEventStore } from '@budget/event-store';
import { Random, sheetsOf } from './generator';
import { Clock, sheetHistory, type StreamHistory } from './history';
import { type BenchContext } from './lib/context';
import { benchPool, checkpoint, connectionString } from './lib/db';
import { series, type BenchResult, type Series } from './lib/results';
import { median, now, percentile } from './lib/stats';

export const WRITERS = 4;
const OPEN_STREAMS_PER_WRITER = 8;
const TOPIC = 'budget.targets';
/** Issue 14: B2 at 1.2 × emmett, with margin beyond the noise. */
const GOAL_B2_PEER = 1.2;

interface AppendOp {
  readonly streamId: string;
  readonly event: NewEvent;
  readonly expectedVersion: number;
  /** The row values, ready for the hand-written SQL. */
  readonly row: {
    readonly eventId: string;
    readonly dataJson: string;
    readonly actorJson: string;
    readonly prevHash: string;
    readonly hash: string;
  };
}

type Plans = AppendOp[][];

interface Workload {
  readonly histories: readonly StreamHistory[];
  readonly appendsPerWriter: number;
}

function workload(ctx: BenchContext): Workload {
  const appendsPerWriter = ctx.mode === 'quick' ? 100 : 600;
  const city = ctx.city();
  const random = new Random(city.options.seed ^ 0xb1);
  const clock = new Clock(`${city.options.fiscalYear - 1}-09-01T01:00:00.000Z`);
  const histories: StreamHistory[] = [];
  // Enough sheets for every writer's appends, with room to spare.
  const needed = Math.ceil((WRITERS * appendsPerWriter) / 4) + WRITERS * OPEN_STREAMS_PER_WRITER;
  for (const ref of sheetsOf(city)) {
    if (histories.length >= needed) break;
    histories.push(sheetHistory(city.options.seed, ref, city.options.fiscalYear, clock, random));
  }
  return { histories, appendsPerWriter };
}

/**
 * Fresh stream and event ids for one repetition (every run appends new streams), split over the
 * writers: each works through its sheets with 8 open at a time, one event per append.
 */
function plans(w: Workload): Plans {
  const result: Plans = [];
  let next = 0;
  for (let writer = 0; writer < WRITERS; writer++) {
    const ops: AppendOp[] = [];
    const open: { streamId: string; events: readonly NewEvent[]; at: number; prevHash: string }[] = [];
    const openNext = (): void => {
      const history = w.histories[next++ % w.histories.length]!;
      open.push({ streamId: `sheet-${randomUUID()}`, events: history.events, at: 0, prevHash: '0'.repeat(64) });
    };
    while (open.length < OPEN_STREAMS_PER_WRITER) openNext();
    for (let i = 0; ops.length < w.appendsPerWriter; i++) {
      const slot = i % open.length;
      const stream = open[slot]!;
      const source = stream.events[stream.at]!;
      const event: NewEvent = { ...source, eventId: randomUUID() };
      const hash = createHash('sha256').update(event.eventId).digest('hex');
      const dataJson = JSON.stringify(event.data);
      ops.push({
        streamId: stream.streamId,
        event,
        expectedVersion: stream.at,
        row: {
          eventId: event.eventId,
          dataJson,
          actorJson: JSON.stringify(event.metadata.actor),
          prevHash: stream.prevHash,
          hash,
        },
      });
      stream.at += 1;
      stream.prevHash = hash;
      if (stream.at >= stream.events.length) {
        open.splice(slot, 1);
        openNext();
      }
    }
    result.push(ops);
  }
  return result;
}

interface RunFigures {
  readonly seconds: number;
  readonly appends: number;
  readonly latenciesMs: number[];
}

async function runWriters(p: Plans, append: (op: AppendOp) => Promise<unknown>): Promise<RunFigures> {
  const latencies: number[] = [];
  const start = now();
  await Promise.all(
    p.map(async (ops) => {
      for (const op of ops) {
        const t = now();
        await append(op);
        latencies.push(now() - t);
      }
    }),
  );
  return { seconds: (now() - start) / 1000, appends: p.reduce((n, ops) => n + ops.length, 0), latenciesMs: latencies };
}

// ---- the sides ------------------------------------------------------------------------------

async function createSchema(pool: Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  for (const statement of eventStoreSchemaSql(schema)) await pool.query(statement);
}

async function truncate(pool: Pool, schema: string): Promise<void> {
  await pool.query(`TRUNCATE "${schema}".events, "${schema}".streams, "${schema}".outbox`);
}

/**
 * The store as the application calls it: EventSourcedRepository reads the stream before it appends
 * and passes the head it read (expectedHead), so the append is one statement. Here the head is the
 * one the writer's previous append to the stream recorded. `readsHead`: without it, the store reads
 * (and locks) the head first, the path of a caller that knows only the version.
 */
function storeSide(pool: Pool, schema: string, readsHead = false): (op: AppendOp) => Promise<unknown> {
  const store = new PostgresEventStore(pool, { schema, outboxTopic: TOPIC });
  const heads = new Map<string, string>();
  return async (op) => {
    const head = readsHead ? undefined : heads.get(op.streamId);
    const { recorded } = await store.append(op.streamId, [op.event], op.expectedVersion, head === undefined ? {} : { expectedHead: head });
    heads.set(op.streamId, recorded.at(-1)!.hash);
  };
}

/**
 * The same rows by hand: stream row (created, or moved on only at the expected version), event
 * row, outbox row, in one transaction; named statements, values prepared beforehand (no hashing,
 * no validation, no envelope building on the clock).
 */
function rawSide(pool: Pool, schema: string): (op: AppendOp) => Promise<unknown> {
  const s = `"${schema}"`;
  const insertEvent = `INSERT INTO ${s}.events (event_id, stream_id, stream_version, type, schema_version, data, actor, occurred_at, correlation_id, causation_id, prev_hash, hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;
  const insertOutbox = `INSERT INTO ${s}.outbox (topic, message_key, event_id) VALUES ($1, $2, $3)`;
  const createStream = `INSERT INTO ${s}.streams (stream_id, version, head_hash) VALUES ($1, $2, $3) ON CONFLICT (stream_id) DO NOTHING`;
  const moveStream = `UPDATE ${s}.streams SET version = $2, head_hash = $3, updated_at = now() WHERE stream_id = $1 AND version = $4`;
  return async (op) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const version = op.expectedVersion + 1;
      const head =
        op.expectedVersion === 0
          ? await client.query({ name: `raw-create-${schema}`, text: createStream, values: [op.streamId, version, op.row.hash] })
          : await client.query({ name: `raw-move-${schema}`, text: moveStream, values: [op.streamId, version, op.row.hash, op.expectedVersion] });
      if (head.rowCount !== 1) throw new Error(`raw append: version conflict on ${op.streamId}`);
      const e = op.event;
      await client.query({
        name: `raw-event-${schema}`,
        text: insertEvent,
        values: [op.row.eventId, op.streamId, version, e.type, e.schemaVersion, op.row.dataJson, op.row.actorJson, e.metadata.occurredAt, e.metadata.correlationId, e.metadata.causationId, op.row.prevHash, op.row.hash],
      });
      await client.query({ name: `raw-outbox-${schema}`, text: insertOutbox, values: [TOPIC, op.streamId, op.row.eventId] });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

/** The same three writes as one simple-protocol round trip (parsed and planned every time, nothing prepared). */
function rawOneTripSide(pool: Pool, schema: string): (op: AppendOp) => Promise<unknown> {
  const s = `"${schema}"`;
  return async (op) => {
    const client: PoolClient = await pool.connect();
    try {
      const l = (v: string | number | null): string => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : client.escapeLiteral(v));
      const e = op.event;
      const version = op.expectedVersion + 1;
      const head =
        op.expectedVersion === 0
          ? `INSERT INTO ${s}.streams (stream_id, version, head_hash) VALUES (${l(op.streamId)}, ${version}, ${l(op.row.hash)})`
          : `UPDATE ${s}.streams SET version = ${version}, head_hash = ${l(op.row.hash)}, updated_at = now() WHERE stream_id = ${l(op.streamId)} AND version = ${op.expectedVersion}`;
      await client.query(
        `BEGIN; ${head};
         INSERT INTO ${s}.events (event_id, stream_id, stream_version, type, schema_version, data, actor, occurred_at, correlation_id, causation_id, prev_hash, hash)
         VALUES (${l(op.row.eventId)}, ${l(op.streamId)}, ${version}, ${l(e.type)}, ${e.schemaVersion}, ${l(op.row.dataJson)}, ${l(op.row.actorJson)},
                 ${l(e.metadata.occurredAt)}, ${l(e.metadata.correlationId)}, ${l(e.metadata.causationId)}, ${l(op.row.prevHash)}, ${l(op.row.hash)});
         INSERT INTO ${s}.outbox (topic, message_key, event_id) VALUES (${l(TOPIC)}, ${l(op.streamId)}, ${l(op.row.eventId)});
         COMMIT`,
      );
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

interface EmmettStore {
  appendToStream(streamName: string, events: { type: string; data: unknown; metadata?: unknown }[], options?: { expectedStreamVersion?: bigint }): Promise<unknown>;
  schema: { migrate(): Promise<unknown> };
}

/** The peer: emmett's PostgreSQL event store on our pool (it keeps its tables, emt_*, in the public schema). */
async function emmettSide(pool: Pool): Promise<(op: AppendOp) => Promise<unknown>> {
  // Loaded here only: it changes pg's global type parsers (int8 → BigInt) for the whole process.
  const { getPostgreSQLEventStore } = (await import('@event-driven-io/emmett-postgresql')) as unknown as {
    getPostgreSQLEventStore(connectionString: string, options: unknown): EmmettStore;
  };
  const store = getPostgreSQLEventStore(connectionString(), { connectionOptions: { pool } });
  await store.schema.migrate();
  return (op) =>
    store.appendToStream(
      op.streamId,
      [
        {
          type: op.event.type,
          data: op.event.data,
          metadata: { actor: op.event.metadata.actor, occurredAt: op.event.metadata.occurredAt, correlationId: op.event.metadata.correlationId, causationId: op.event.metadata.causationId },
        },
      ],
      { expectedStreamVersion: BigInt(op.expectedVersion) },
    );
}

async function truncateEmmett(pool: Pool): Promise<void> {
  await pool.query('TRUNCATE emt_messages, emt_streams');
}

async function warm(pool: Pool, connections: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  for (const c of clients) c.release();
}

// ---- one comparison ------------------------------------------------------------------------

interface Side {
  readonly label: string;
  readonly append: (op: AppendOp) => Promise<unknown>;
  /** Before each repetition, outside the clock. */
  readonly reset: () => Promise<void>;
}

interface Compared {
  readonly throughput: number[][];
  readonly latencies: number[][][];
}

async function compare(ctx: BenchContext, pool: Pool, w: Workload, sides: readonly Side[]): Promise<Compared> {
  // One untimed round per side: connections open, statements prepared, JIT warm.
  for (const side of sides) {
    await side.reset();
    const warmPlans = plans({ ...w, appendsPerWriter: Math.min(50, w.appendsPerWriter) });
    await runWriters(warmPlans, side.append);
  }
  const throughput = sides.map(() => [] as number[]);
  const latencies = sides.map(() => [] as number[][]);
  for (let rep = 0; rep < ctx.reps; rep++) {
    const parts: string[] = [];
    // Rotating the order, so neither side always runs right after the other's checkpoint.
    for (let k = 0; k < sides.length; k++) {
      const i = (k + rep) % sides.length;
      const side = sides[i]!;
      const p = plans(w);
      await side.reset();
      await checkpoint(pool);
      const figures = await runWriters(p, side.append);
      throughput[i]!.push(figures.appends / figures.seconds);
      latencies[i]!.push(figures.latenciesMs);
      parts.push(`${side.label} ${Math.round(figures.appends / figures.seconds)}/s`);
    }
    ctx.log(`rep ${rep + 1}: ${parts.join(', ')}`);
  }
  return { throughput, latencies };
}

function latencySummary(runs: readonly number[][]): { p50Ms: number; p99Ms: number } {
  const all = runs.flat();
  return { p50Ms: Number(percentile(all, 50).toFixed(2)), p99Ms: Number(percentile(all, 99).toFixed(2)) };
}

function result(
  ctx: BenchContext,
  name: string,
  title: string,
  measured: Series,
  baseline: Series,
  /** A share of the baseline, or of the peer (B2). */
  goal: number | { readonly peer: number },
  extra: Record<string, unknown>,
  parameters: Record<string, unknown>,
  started: number,
  notes: string[] = [],
): BenchResult {
  const ratio = measured.median / baseline.median;
  const [share, text] = typeof goal === 'number' ? [goal, `≥ ${goal * 100} % of baseline`] : [goal.peer, `≥ ${goal.peer.toFixed(1)}× the peer`];
  return {
    name,
    title,
    mode: ctx.mode,
    date: new Date().toISOString(),
    machine: ctx.machine(),
    parameters,
    repetitions: ctx.reps,
    measured,
    baseline,
    ratio,
    ratioLabel: '× baseline',
    goal: { text, met: ratio >= share },
    extra,
    notes,
    durationSeconds: Math.round((now() - started) / 1000),
  };
}

function parametersOf(w: Workload): Record<string, unknown> {
  return { writers: WRITERS, openStreamsPerWriter: OPEN_STREAMS_PER_WRITER, appendsPerRepetition: WRITERS * w.appendsPerWriter, eventsPerAppend: 1 };
}

// ---- B1 -------------------------------------------------------------------------------------

export async function runB1(ctx: BenchContext): Promise<BenchResult> {
  const started = now();
  const pool = benchPool(WRITERS + 2);
  try {
    await createSchema(pool, 'b1_store');
    await createSchema(pool, 'b1_raw');
    await createSchema(pool, 'b1_raw1');
    await warm(pool, WRITERS);
    const w = workload(ctx);
    const sides: Side[] = [
      { label: 'store', append: storeSide(pool, 'b1_store'), reset: () => truncate(pool, 'b1_store') },
      { label: 'raw SQL', append: rawSide(pool, 'b1_raw'), reset: () => truncate(pool, 'b1_raw') },
      { label: 'raw SQL, one simple-protocol round trip', append: rawOneTripSide(pool, 'b1_raw1'), reset: () => truncate(pool, 'b1_raw1') },
    ];
    const { throughput, latencies } = await compare(ctx, pool, w, sides);
    const m = series('PostgresEventStore.append (version check, hash chain, outbox)', 'appends/s', throughput[0]!);
    const b = series('same rows, hand-written SQL (5 statements, 1 transaction), same pool', 'appends/s', throughput[1]!);
    const floor = series('same rows, one simple-protocol round trip (unprepared)', 'appends/s', throughput[2]!);
    return result(
      ctx,
      'B1',
      'event store append, 1 event, 4 writers',
      m,
      b,
      0.6,
      {
        latency: { store: latencySummary(latencies[0]!), raw: latencySummary(latencies[1]!), rawOneTrip: latencySummary(latencies[2]!) },
        rawOneTrip: floor,
        ratioToOneTrip: Number((m.median / floor.median).toFixed(3)),
      },
      parametersOf(w),
      started,
    );
  } finally {
    await pool.end();
  }
}

// ---- B2 -------------------------------------------------------------------------------------

export async function runB2(ctx: BenchContext): Promise<BenchResult> {
  const started = now();
  const pool = benchPool(WRITERS + 2);
  try {
    await createSchema(pool, 'b2_store');
    // The same store with the outbox's NOTIFY trigger off: what NOTIFY costs concurrent commits.
    await createSchema(pool, 'b2_quiet');
    await pool.query('ALTER TABLE "b2_quiet".outbox DISABLE TRIGGER outbox_notify');
    await createSchema(pool, 'b2_locked');
    await pool.query('DROP TABLE IF EXISTS emt_messages, emt_streams CASCADE');
    const emmett = await emmettSide(pool);
    await warm(pool, WRITERS);
    const w = workload(ctx);
    const sides: Side[] = [
      { label: 'store', append: storeSide(pool, 'b2_store'), reset: () => truncate(pool, 'b2_store') },
      { label: 'emmett', append: emmett, reset: () => truncateEmmett(pool) },
      { label: 'store without NOTIFY', append: storeSide(pool, 'b2_quiet'), reset: () => truncate(pool, 'b2_quiet') },
      { label: 'store, head read under lock', append: storeSide(pool, 'b2_locked', true), reset: () => truncate(pool, 'b2_locked') },
    ];
    const { throughput, latencies } = await compare(ctx, pool, w, sides);
    const version = JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', '@event-driven-io', 'emmett-postgresql', 'package.json'), 'utf8')) as { version?: string };
    const m = series('PostgresEventStore.append (version check, hash chain, outbox)', 'appends/s', throughput[0]!);
    const b = series(`emmett-postgresql ${version.version ?? ''} appendToStream (version check)`, 'appends/s', throughput[1]!);
    return result(
      ctx,
      'B2',
      'the same append vs emmett-postgresql',
      m,
      b,
      { peer: GOAL_B2_PEER },
      {
        latency: {
          store: latencySummary(latencies[0]!),
          emmett: latencySummary(latencies[1]!),
          storeWithoutNotify: latencySummary(latencies[2]!),
          storeReadingHead: latencySummary(latencies[3]!),
        },
        storeWithoutNotify: series('the same store with the outbox NOTIFY trigger disabled (diagnostic)', 'appends/s', throughput[2]!),
        ratioWithoutNotify: Number((median(throughput[2]!) / median(throughput[1]!)).toFixed(3)),
        storeReadingHead: series('the same store given only the version: it reads and locks the head first (diagnostic)', 'appends/s', throughput[3]!),
        ratioReadingHead: Number((median(throughput[3]!) / median(throughput[1]!)).toFixed(3)),
      },
      { ...parametersOf(w), peer: `@event-driven-io/emmett-postgresql ${version.version ?? ''}` },
      started,
      [
        'emmett writes no hash chain and no outbox row; our store does both in the same transaction',
        'the store is called as EventSourcedRepository calls it, with the head it read (one statement); storeReadingHead is the path without it',
      ],
    );
  } finally {
    await pool.end();
  }
}

// ---- B3 -------------------------------------------------------------------------------------

/**
 * Fills a store with `total` events: the workload's real events are appended once through the
 * store, then copied server-side (new event ids, stream ids and hashes; same payloads) until the
 * table holds `total` rows, with one stream row per copied stream, then vacuumed and analysed.
 */
async function preload(ctx: BenchContext, pool: Pool, schema: string, w: Workload, total: number): Promise<{ events: number; streams: number; seconds: number; tableMiB: number }> {
  const t = now();
  const s = `"${schema}"`;
  const store = new PostgresEventStore(pool, { schema, outboxTopic: TOPIC });
  for (const history of w.histories) await store.append(`template-${history.streamId}`, history.events, 0);
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${s}.events`);
  const templates = Number(rows[0]?.n ?? 0);
  const copies = Math.ceil((total - templates) / templates);
  const batch = 25;
  for (let from = 1; from <= copies; from += batch) {
    const to = Math.min(copies, from + batch - 1);
    await pool.query(
      `INSERT INTO ${s}.events (event_id, stream_id, stream_version, type, schema_version, data, actor, occurred_at, recorded_at, correlation_id, causation_id, prev_hash, hash)
       SELECT gen_random_uuid(), 'copy' || k || '-' || substr(t.stream_id, 10), t.stream_version, t.type, t.schema_version, t.data, t.actor,
              t.occurred_at + make_interval(days => k % 1500), t.recorded_at + make_interval(days => k % 1500), t.correlation_id || '/' || k, t.causation_id,
              md5(t.prev_hash || k) || md5(k || t.prev_hash), md5(t.hash || k) || md5(k || t.hash)
         FROM generate_series($1::int, $2::int) k, ${s}.events t
        WHERE t.stream_id LIKE 'template-%'
        ORDER BY k, t.global_position`,
      [from, to],
    );
    await pool.query(
      `INSERT INTO ${s}.streams (stream_id, version, head_hash)
       SELECT 'copy' || k || '-' || substr(s.stream_id, 10), s.version, md5(s.head_hash || k) || md5(k || s.head_hash)
         FROM generate_series($1::int, $2::int) k, ${s}.streams s WHERE s.stream_id LIKE 'template-%'`,
      [from, to],
    );
    if (to === copies || to % 200 === 0) ctx.log(`preloading: ${((to + 1) * templates).toLocaleString('en-US')} events`);
  }
  await pool.query(`TRUNCATE ${s}.outbox`);
  await pool.query(`VACUUM ANALYZE ${s}.events`);
  await pool.query(`VACUUM ANALYZE ${s}.streams`);
  await checkpoint(pool);
  const counted = await pool.query<{ events: string; streams: string; bytes: string }>(
    `SELECT (SELECT count(*) FROM ${s}.events)::text AS events, (SELECT count(*) FROM ${s}.streams)::text AS streams,
            pg_total_relation_size('${s}.events')::text AS bytes`,
  );
  const c = counted.rows[0]!;
  return { events: Number(c.events), streams: Number(c.streams), seconds: Math.round((now() - t) / 1000), tableMiB: Math.round(Number(c.bytes) / 1024 / 1024) };
}

export async function runB3(ctx: BenchContext): Promise<BenchResult> {
  const started = now();
  const pool = benchPool(WRITERS + 2);
  const total = ctx.mode === 'quick' ? 50_000 : 2_000_000;
  try {
    await createSchema(pool, 'b3_full');
    await createSchema(pool, 'b3_empty');
    const w = workload(ctx);
    const loaded = await preload(ctx, pool, 'b3_full', w, total);
    ctx.log(`b3_full holds ${loaded.events.toLocaleString('en-US')} events in ${loaded.streams.toLocaleString('en-US')} streams (${loaded.tableMiB} MiB), loaded in ${loaded.seconds} s`);
    await warm(pool, WRITERS);
    const sides: Side[] = [
      { label: `store with ${(loaded.events / 1e6).toFixed(1)}M events`, append: storeSide(pool, 'b3_full'), reset: () => Promise.resolve() },
      { label: 'empty store', append: storeSide(pool, 'b3_empty'), reset: () => truncate(pool, 'b3_empty') },
    ];
    const { throughput, latencies } = await compare(ctx, pool, w, sides);
    const m = series(`append on a store holding ${loaded.events.toLocaleString('en-US')} events`, 'appends/s', throughput[0]!);
    const b = series('append on an empty store', 'appends/s', throughput[1]!);
    return result(
      ctx,
      'B3',
      `append with ${loaded.events.toLocaleString('en-US')} events stored`,
      m,
      b,
      0.8,
      { latency: { full: latencySummary(latencies[0]!), empty: latencySummary(latencies[1]!) }, preload: loaded },
      { ...parametersOf(w), storedEvents: loaded.events, storedStreams: loaded.streams },
      started,
    );
  } finally {
    await pool.end();
  }
}
