/**
 * B5: the reporting service's rebuild (POST /rebuild: a consumer group of its own reads both
 * topics from offset 0 and copies every event into a new generation of the copy and its
 * projection) over a log of 1 million events: years of the synthetic city's history (department
 * streams, then every sheet from draft to approval, year after year), produced to the service's
 * topic beforehand. The live consumer group is set to the end of the topics, so the live copy
 * stays idle and the machine works on the rebuild alone.
 *
 * Each repetition starts a rebuild and follows its progress (GET /rebuild) until its copy phase
 * ends or a time box runs out; then the service is restarted, which aborts it, for the next one.
 * Throughput: events copied / seconds copying. The reporting process's resident memory is sampled
 * at each poll (peak per repetition), and so is CPU (from /proc: the reporting service, PostgreSQL's
 * backends, the whole machine): the core-µs an event costs, and the rate at which that cost would keep
 * every core busy, the ceiling of any arrangement of the same work on this machine.
 *
 * Baseline: the same events as rows shaped like the copy's event_log, read with
 * `COPY (SELECT … ORDER BY position) TO STDOUT` (psql, into a pipe this process drains). Second
 * baseline: the same rows written with `COPY … FROM STDIN` into a table shaped and indexed like a
 * partition of the copy's event_log (primary key, unique event id, unique stream version, subject
 * index; lz4), fed by a second psql's `COPY … TO STDOUT` through a pipe; emptied before each repetition.
 *
 * BENCH_B5_EVENTS sets the log's size (default 1,000,000; --quick 800).
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { type Pool } from 'pg';
import { type RecordedEvent } from '@budget/domain';
import { createKafka, ensureTopics } from '@budget/messaging';
import { loadConfig } from '@budget/platform';
import { Random, seededUuid, type SheetRef } from './generator';
import { Clock, departmentHistory, sheetHistory } from './history';
import { type BenchContext } from './lib/context';
import { benchPool, dropDatabase, recreateDatabase } from './lib/db';
import { series, type BenchResult } from './lib/results';
import { BENCH_ADMIN, cpuMsOf, deleteTopics, http, machineBusyMs, newStack, postgresBackendsCpuMs, postgresCpuMsBetween, residentMiB, startService, stopService, type BenchStack } from './lib/stack';
import { median, now } from './lib/stats';

export const GOAL_EVENTS_PER_SECOND = 50_000;
export const GOAL_SHARE = 0.3;
export const GOAL_COPY_IN_SHARE = 0.5;

interface RebuildReport {
  status: string;
  progress: { messagesTotal: number; messagesDone: number; eventsCopied: number };
  durationMs: number;
}

/** Years of the city's history as envelopes, in the order intake would have recorded them. */
export function* cityLog(ctx: BenchContext, total: number): Generator<RecordedEvent> {
  const city = ctx.city();
  const seed = city.options.seed;
  let position = 0;
  const hashOf = (eventId: string): string => `${eventId.replace(/-/g, '')}${eventId.replace(/-/g, '')}`;
  const envelope = (streamId: string, version: number, e: ReturnType<typeof departmentHistory>['events'][number], prevHash: string): RecordedEvent => {
    position += 1;
    return {
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      streamId,
      streamVersion: version,
      globalPosition: String(position),
      occurredAt: e.metadata.occurredAt,
      recordedAt: e.metadata.occurredAt,
      actor: e.metadata.actor,
      correlationId: e.metadata.correlationId,
      causationId: e.metadata.causationId,
      data: e.data,
      prevHash,
      // Placeholders: the rebuild copies and projects, it does not verify chains (GET /verify does).
      hash: hashOf(e.eventId),
    };
  };
  const clock = new Clock('2018-09-01T01:00:00.000Z');
  const random = new Random(seed ^ 0xb5);
  for (const department of city.departments) {
    const h = departmentHistory(seed, department, clock, random);
    let prev = '0'.repeat(64);
    for (const [i, e] of h.events.entries()) {
      const env = envelope(h.streamId, i + 1, e, prev);
      prev = env.hash;
      yield env;
    }
  }
  for (let year = 2019; position < total; year++) {
    for (const department of city.departments) {
      for (const unit of department.units) {
        for (const project of unit.projects) {
          if (position >= total) return;
          const ref: SheetRef = { department, unit, project: { ...project, sheetId: seededUuid(seed, 'sheet', year, project.sheetId) } };
          const h = sheetHistory(seed + year, ref, year, clock, random);
          let prev = '0'.repeat(64);
          for (const [i, e] of h.events.entries()) {
            const env = envelope(h.streamId, i + 1, e, prev);
            prev = env.hash;
            yield env;
          }
        }
      }
    }
  }
}

/** COPY text format: tabs, newlines and backslashes escaped. */
function copyField(value: string | number): string {
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function psql(database: string, args: string[]): ReturnType<typeof spawn> {
  return spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', process.env.PGHOST ?? '127.0.0.1', '-p', process.env.PGPORT ?? '5432', '-U', process.env.PGUSER ?? 'postgres', '-d', database, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

function exited(child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}`))));
  });
}

/** Produces the log to the targets topic and loads the same events into bench_b5.event_log. */
async function produce(ctx: BenchContext, stack: BenchStack, total: number): Promise<{ events: number; bytes: number; seconds: number }> {
  const t = now();
  const config = loadConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'bench-b5', logger: () => undefined });
  const topics = { targets: `${stack.topicPrefix}budget.targets`, reviews: `${stack.topicPrefix}budget.reviews`, deadLetter: `${stack.topicPrefix}budget.deadletter` };
  await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();

  const pool = benchPool(1, stack.database);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS bench_b5`);
  // The columns of reporting.event_log.
  await pool.query(`CREATE TABLE bench_b5.event_log (
      generation integer NOT NULL, position bigint NOT NULL, event_id uuid NOT NULL, stream_id text NOT NULL, stream_version integer NOT NULL,
      subject text NOT NULL, type text NOT NULL, recorded_at timestamptz NOT NULL, source_topic text NOT NULL, source_partition integer NOT NULL,
      source_offset bigint NOT NULL, source_position bigint NOT NULL, envelope jsonb NOT NULL, copied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (generation, position))`);
  // The COPY FROM baseline's target: the columns and indexes of a partition of reporting.event_log.
  await pool.query(`CREATE TABLE bench_b5.event_log_in (LIKE bench_b5.event_log INCLUDING DEFAULTS,
      PRIMARY KEY (generation, position), UNIQUE (generation, event_id), UNIQUE (generation, stream_id, stream_version))`);
  await pool.query(`CREATE INDEX ON bench_b5.event_log_in (generation, subject, position)`);
  await pool.query(`DO $$ BEGIN ALTER TABLE bench_b5.event_log_in ALTER COLUMN envelope SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL; END $$`);
  await pool.end();
  const loader = psql(stack.database, ['-c', 'COPY bench_b5.event_log (generation, position, event_id, stream_id, stream_version, subject, type, recorded_at, source_topic, source_partition, source_offset, source_position, envelope) FROM STDIN']);
  const loaded = exited(loader);

  let events = 0;
  let bytes = 0;
  let batch: { key: string; value: string; headers: Record<string, string> }[] = [];
  let rows: string[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    const text = rows.join('');
    rows = [];
    const drained = loader.stdin!.write(text) ? Promise.resolve() : new Promise<void>((r) => loader.stdin!.once('drain', () => r()));
    await Promise.all([producer.send({ topic: topics.targets, acks: -1, messages }), drained]);
  };
  for (const e of cityLog(ctx, total)) {
    const value = JSON.stringify(e);
    bytes += value.length;
    events += 1;
    batch.push({ key: e.streamId, value, headers: { 'event-id': e.eventId, 'event-type': e.type, 'schema-version': String(e.schemaVersion) } });
    rows.push(
      `${[1, events, e.eventId, e.streamId, e.streamVersion, e.streamId, e.type, e.recordedAt, topics.targets, 0, events - 1, e.globalPosition, value].map(copyField).join('\t')}\n`,
    );
    if (batch.length >= 500) await flush();
    if (events % 100_000 === 0) ctx.log(`produced ${events.toLocaleString('en-US')} events`);
  }
  await flush();
  loader.stdin!.end();
  await loaded;
  await producer.disconnect();

  // The live group starts at the end: the live copy stays idle while the rebuild runs.
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of [topics.targets, topics.reviews]) {
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId: `${stack.topicPrefix}reporting`, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })) });
    }
  } finally {
    await admin.disconnect();
  }
  return { events, bytes, seconds: Math.round((now() - t) / 1000) };
}

/** CPU used so far, at a poll of a rebuild that had copied `copied` events. */
interface CpuSnapshot {
  readonly copied: number;
  readonly reportingMs: number;
  readonly postgresMs: ReadonlyMap<number, number>;
  readonly machineMs: number;
}

/** CPU core-microseconds per event copied between two snapshots: the reporting service, PostgreSQL's backends, the whole machine (Kafka, this process and the rest too). */
export interface CpuPerEvent {
  readonly reporting: number;
  readonly postgres: number;
  readonly machine: number;
}

async function cpuSnapshot(pool: Pool, pid: number | undefined, copied: number): Promise<CpuSnapshot> {
  return { copied, reportingMs: pid === undefined ? 0 : cpuMsOf(pid), postgresMs: await postgresBackendsCpuMs(pool), machineMs: machineBusyMs() };
}

function cpuPerEvent(from: CpuSnapshot, to: CpuSnapshot): CpuPerEvent | null {
  const events = to.copied - from.copied;
  if (events <= 0) return null;
  const us = (ms: number): number => Math.round((ms * 1000) / events);
  return { reporting: us(to.reportingMs - from.reportingMs), postgres: us(postgresCpuMsBetween(from.postgresMs, to.postgresMs)), machine: us(to.machineMs - from.machineMs) };
}

/** One rebuild, followed until its copy phase ends or `boxSeconds` pass; CPU is measured over the polls that saw it copying. */
async function rebuildOnce(
  stack: BenchStack,
  pool: Pool,
  boxSeconds: number,
): Promise<{
  eventsPerSecond: number;
  overallEventsPerSecond: number;
  copied: number;
  seconds: number;
  finished: boolean;
  status: string;
  peakRssMiB: number;
  cpuPerEvent: CpuPerEvent | null;
}> {
  const pid = stack.processes.reporting?.pid;
  let peakRssMiB = 0;
  let firstCpu: CpuSnapshot | null = null;
  let lastCpu: CpuSnapshot | null = null;
  const started = await http<RebuildReport>(stack.ports.reporting, 'POST', '/rebuild', { actor: BENCH_ADMIN });
  if (started.status !== 202) throw new Error(`POST /rebuild answered ${started.status}: ${JSON.stringify(started.body).slice(0, 300)}`);
  const t0 = now();
  let last = { t: t0, copied: 0, status: 'copying' };
  // The steady rate is taken from the first poll that saw events copied (the consumer group's join is not copying).
  let first: { t: number; copied: number } | null = null;
  while (now() - t0 < boxSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 250));
    if (pid !== undefined) peakRssMiB = Math.max(peakRssMiB, residentMiB(pid));
    const res = await http<RebuildReport>(stack.ports.reporting, 'GET', '/rebuild', { actor: BENCH_ADMIN });
    if (res.status !== 200) continue;
    const report = res.body;
    if (report.status !== 'copying') {
      last = { t: t0 + Math.min(report.durationMs, now() - t0), copied: report.progress.eventsCopied, status: report.status };
      break;
    }
    last = { t: now(), copied: report.progress.eventsCopied, status: report.status };
    if (last.copied > 0) {
      first ??= { t: last.t, copied: last.copied };
      lastCpu = await cpuSnapshot(pool, pid, last.copied);
      firstCpu ??= lastCpu;
    }
  }
  const seconds = (last.t - t0) / 1000;
  // A rebuild that ends between two polls has no steady stretch: then its overall rate.
  const steady =
    first !== null && last.copied > first.copied && last.t - first.t > 500 ? ((last.copied - first.copied) * 1000) / (last.t - first.t) : last.copied / seconds;
  return {
    eventsPerSecond: steady,
    overallEventsPerSecond: last.copied / seconds,
    copied: last.copied,
    seconds,
    finished: last.status !== 'copying',
    status: last.status,
    peakRssMiB,
    cpuPerEvent: firstCpu && lastCpu ? cpuPerEvent(firstCpu, lastCpu) : null,
  };
}

/** A finished copy phase still compares checksums; the next POST /rebuild must wait for that. */
async function waitUntilDone(stack: BenchStack): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await http<RebuildReport>(stack.ports.reporting, 'GET', '/rebuild', { actor: BENCH_ADMIN });
    if (res.status === 200 && !['copying', 'waiting_for_live', 'comparing'].includes(res.body.status)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Reads the same rows with COPY … TO STDOUT into a pipe and drains it. */
async function copyOut(database: string): Promise<{ rowsPerSecond: number; bytes: number; seconds: number; rows: number }> {
  const t = now();
  const child = psql(database, ['-c', 'COPY (SELECT * FROM bench_b5.event_log ORDER BY position) TO STDOUT']);
  let bytes = 0;
  let rows = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
  });
  await exited(child);
  const seconds = (now() - t) / 1000;
  return { rowsPerSecond: rows / seconds, bytes, seconds, rows };
}

/** Writes the same rows with COPY FROM STDIN into the indexed bench_b5.event_log_in (emptied first), fed by a COPY TO STDOUT through a pipe. */
async function copyIn(database: string): Promise<{ rowsPerSecond: number; seconds: number; rows: number }> {
  const pool = benchPool(1, database);
  try {
    await pool.query('TRUNCATE bench_b5.event_log_in');
    await pool.query('CHECKPOINT');
  } finally {
    await pool.end();
  }
  const t = now();
  const reader = psql(database, ['-c', 'COPY (SELECT * FROM bench_b5.event_log ORDER BY position) TO STDOUT']);
  const writer = psql(database, ['-c', 'COPY bench_b5.event_log_in FROM STDIN']);
  let rows = 0;
  reader.stdout!.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
  });
  reader.stdout!.pipe(writer.stdin!);
  await Promise.all([exited(reader), exited(writer)]);
  const seconds = (now() - t) / 1000;
  return { rowsPerSecond: rows / seconds, seconds, rows };
}

/**
 * The CPU a copied event costs (medians over the repetitions) and the rate at which that cost
 * would keep every core of the machine busy: no arrangement of the same work goes faster here.
 */
function cpuCeiling(perEvent: readonly CpuPerEvent[], copyOutRowsPerSecond: number): Record<string, unknown> {
  if (perEvent.length === 0) return {};
  const machine = median(perEvent.map((c) => c.machine));
  const cores = availableParallelism();
  const ceiling = (cores * 1e6) / machine;
  return {
    cpuCoreMicrosecondsPerEvent: { reporting: median(perEvent.map((c) => c.reporting)), postgres: median(perEvent.map((c) => c.postgres)), machine },
    cores,
    cpuCeilingEventsPerSecond: Math.round(ceiling),
    cpuCeilingRatioCopyOut: Number((ceiling / copyOutRowsPerSecond).toFixed(3)),
  };
}

export async function runB5(ctx: BenchContext): Promise<BenchResult> {
  const started = now();
  // --quick: a log small enough for each rebuild to finish, so the service need not be restarted.
  const total = Number(process.env.BENCH_B5_EVENTS ?? (ctx.mode === 'quick' ? 800 : 1_000_000));
  const boxSeconds = ctx.mode === 'quick' ? 30 : 60;
  const runId = `b5${Date.now().toString(36)}`;
  const database = `budget_bench_${runId}`;
  await recreateDatabase(database);
  const stack = await newStack(runId, database);
  // Reads which backends serve the run's database, for their CPU.
  const cpuPool = benchPool(1, database);
  try {
    const produced = await produce(ctx, stack, total);
    ctx.log(`${produced.events.toLocaleString('en-US')} events (${Math.round(produced.bytes / 1024 / 1024)} MiB of JSON) on ${stack.topicPrefix}budget.targets and in bench_b5.event_log, in ${produced.seconds} s`);
    const rebuilds: Awaited<ReturnType<typeof rebuildOnce>>[] = [];
    const copies: Awaited<ReturnType<typeof copyOut>>[] = [];
    const copiesIn: Awaited<ReturnType<typeof copyIn>>[] = [];
    for (let rep = 0; rep < ctx.reps; rep++) {
      if (!stack.processes.reporting) await startService(stack, 'reporting');
      const r = await rebuildOnce(stack, cpuPool, boxSeconds);
      // Stopping the service aborts a rebuild still copying; the next one starts afresh.
      if (!r.finished) await stopService(stack, 'reporting');
      else await waitUntilDone(stack);
      const c = await copyOut(database);
      const i = await copyIn(database);
      rebuilds.push(r);
      copies.push(c);
      copiesIn.push(i);
      ctx.log(
        `rep ${rep + 1}: rebuild ${Math.round(r.eventsPerSecond)} events/s (${r.copied.toLocaleString('en-US')} copied in ${r.seconds.toFixed(1)} s, ${r.finished ? r.status : 'time box reached'}, peak RSS ${r.peakRssMiB} MiB); ` +
          `COPY TO STDOUT ${Math.round(c.rowsPerSecond)} rows/s (${c.rows.toLocaleString('en-US')} rows, ${Math.round(c.bytes / 1024 / 1024)} MiB in ${c.seconds.toFixed(1)} s); ` +
          `COPY FROM STDIN into the indexed table ${Math.round(i.rowsPerSecond)} rows/s (${i.seconds.toFixed(1)} s); ` +
          (r.cpuPerEvent ? `CPU core-µs per event copied ${JSON.stringify(r.cpuPerEvent)}` : 'CPU per event not measured (the copy ended before a second poll)'),
      );
    }
    const m = series('POST /rebuild: copy + projection from offset 0', 'events/s', rebuilds.map((r) => r.eventsPerSecond));
    const b = series('COPY (SELECT … ORDER BY position) TO STDOUT, same rows', 'rows/s', copies.map((c) => c.rowsPerSecond));
    const bIn = series('COPY … FROM STDIN of the same rows into a table indexed like event_log', 'rows/s', copiesIn.map((c) => c.rowsPerSecond));
    const ratio = m.median / b.median;
    const ratioCopyIn = m.median / bIn.median;
    const finished = rebuilds.every((r) => r.finished);
    const cpu = cpuCeiling(rebuilds.flatMap((r) => (r.cpuPerEvent ? [r.cpuPerEvent] : [])), b.median);
    return {
      name: 'B5',
      title: `reporting rebuild from ${produced.events.toLocaleString('en-US')} events`,
      mode: ctx.mode,
      date: new Date().toISOString(),
      machine: ctx.machine(),
      parameters: { events: produced.events, jsonMiB: Math.round(produced.bytes / 1024 / 1024), timeBoxSeconds: boxSeconds, partitions: 3 },
      repetitions: ctx.reps,
      measured: m,
      baseline: b,
      ratio,
      ratioLabel: '× COPY',
      goal: {
        text: `≥ ${GOAL_SHARE} × COPY-out and ≥ ${GOAL_COPY_IN_SHARE} × COPY FROM (issue 14; earlier also ≥ ${GOAL_EVENTS_PER_SECOND.toLocaleString('en-US')} events/s: ${m.median >= GOAL_EVENTS_PER_SECOND ? 'met' : 'not met'})`,
        met: ratio >= GOAL_SHARE && ratioCopyIn >= GOAL_COPY_IN_SHARE,
      },
      extra: {
        copyInBaseline: bIn,
        ratioCopyIn: Number(ratioCopyIn.toFixed(3)),
        copyIn: copiesIn.map((c) => ({ rows: c.rows, seconds: Number(c.seconds.toFixed(2)) })),
        rebuilds: rebuilds.map((r) => ({ ...r, eventsPerSecond: Math.round(r.eventsPerSecond), seconds: Number(r.seconds.toFixed(1)) })),
        copyOut: copies.map((c) => ({ rows: c.rows, MiB: Math.round(c.bytes / 1024 / 1024), seconds: Number(c.seconds.toFixed(2)) })),
        ...cpu,
        wholeRebuildEstimateMinutes: Number((produced.events / m.median / 60).toFixed(1)),
        produced,
      },
      notes: finished
        ? []
        : [`the rebuild was followed for ${boxSeconds} s per repetition (time box); at the measured rate the whole log takes about ${Math.round(produced.events / m.median / 60)} min`],
      durationSeconds: Math.round((now() - started) / 1000),
    };
  } finally {
    await cpuPool.end().catch(() => undefined);
    await stopService(stack, 'reporting').catch(() => undefined);
    await deleteTopics(stack).catch((e: unknown) => ctx.log(`topics not deleted: ${String(e)}`));
    await dropDatabase(database).catch((e: unknown) => ctx.log(`database not dropped: ${String(e)}`));
  }
}
