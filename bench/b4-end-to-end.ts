/**
 * B4: end to end on the real stack. The three services run from the build on a database, topics
 * and ports of their own; the city's departments are imported as drafts; then, at a steady 50
 * submissions/s, `POST /sheets/:id/submit` goes to intake and the clock stops when the sheet's row
 * in the reporting projection (reporting.report_sheets of the active generation) has left
 * 'draft' (seen through the copy of the log written in the same transaction, see the watcher):
 * intake's append and outbox, the relay, Kafka, the reporting consumer's transaction.
 * The review service runs too and answers every submission, as it would.
 *
 * Baseline: the same payload produced and consumed with kafkajs alone at the same rate.
 *
 * For diagnosis (the results then say so in their parameters): B4_RATE sets another rate,
 * B4_SECONDS another window in --quick mode; BENCH_SERVICE_NODE_ARGS passes node options
 * (e.g. a profiler) to the services.
 */
import { randomUUID } from 'node:crypto';
import { type Pool } from 'pg';
import { type Actor, sheetStreamId, writePublishedTable } from '@budget/domain';
import { type Producer } from 'kafkajs';
import { createKafka, ensureTopics } from '@budget/messaging';
import { loadConfig } from '@budget/platform';
import { publishedTable, sheetContent, sheetsOf } from './generator';
import { type BenchContext } from './lib/context';
import { benchPool, dropDatabase, recreateDatabase } from './lib/db';
import { series, type BenchResult } from './lib/results';
import { cpuMsOf, deleteTopics, http, machineBusyMs, newStack, postgresBackendsCpuMs, postgresCpuMsBetween, type ServiceName, type StatementCounts, statementCounts, startService, stopAll, type BenchStack } from './lib/stack';
import { median, now, percentile } from './lib/stats';

/** The goal is set at 50/s; a lower B4_RATE (diagnosis) never counts as meeting it. */
export const RATE_PER_SECOND = Number(process.env.B4_RATE ?? 50);
export const GOAL_P99_MS = 250;
/** B8: SQL statements per submission, the three services together (issue 14). */
export const GOAL_STATEMENTS = 20;

interface Draft {
  readonly sheetId: string;
  readonly clerk: Actor;
}

interface RunFigures {
  readonly latencies: number[];
  readonly httpMs: number[];
  readonly sentAt: number[];
  readonly failures: number;
  readonly invisible: number;
  /** Median latency of the last quarter minus that of the first: > 0 means a growing lag. */
  readonly lagGrowthMs: number;
  readonly maxOutstanding: number;
  readonly achievedRate: number;
  /** Where the time went, per submission seen (ms); empty for the baseline. */
  readonly phases: Phases;
}

/**
 * The latency cut at the database clocks: intake's transaction start (events.recorded_at),
 * reporting's transaction start (event_log.copied_at), and the poller's sighting.
 */
interface Phases {
  /** HTTP request sent → intake's append transaction began (Date.now() vs PostgreSQL's now()). */
  readonly toAppend: number[];
  /** intake's append began → reporting's transaction began: commit, outbox relay, Kafka, the consumer's fetch. */
  readonly appendToConsumer: number[];
  /** reporting's transaction began → the row seen by the 5 ms poller: the chunk's transaction and its commit. */
  readonly consumerToVisible: number[];
}

const NO_PHASES: Phases = { toAppend: [], appendToConsumer: [], consumerToVisible: [] };

/** The phases of each sheet seen, from the two services' tables (same PostgreSQL, same clock). */
async function phasesOf(pool: Pool, sentWall: ReadonlyMap<string, number>, visibleWall: ReadonlyMap<string, number>): Promise<Phases> {
  const ids = [...visibleWall.keys()];
  const { rows } = await pool.query<{ sheet_id: string; appended: string; copied: string }>(
    `SELECT e.data->>'sheetId' AS sheet_id, (extract(epoch FROM e.recorded_at) * 1000)::text AS appended,
            (extract(epoch FROM l.copied_at) * 1000)::text AS copied
       FROM intake.events e
       JOIN reporting.event_log l ON l.event_id = e.event_id AND l.generation = (SELECT generation FROM reporting.active_generation)
      WHERE e.type = 'SheetSubmitted' AND e.data->>'sheetId' = ANY($1::text[])`,
    [ids],
  );
  const phases: Phases = { toAppend: [], appendToConsumer: [], consumerToVisible: [] };
  for (const r of rows) {
    const sent = sentWall.get(r.sheet_id);
    const visible = visibleWall.get(r.sheet_id);
    if (sent === undefined || visible === undefined) continue;
    phases.toAppend.push(Number(r.appended) - sent);
    phases.appendToConsumer.push(Number(r.copied) - Number(r.appended));
    phases.consumerToVisible.push(visible - Number(r.copied));
  }
  return phases;
}

/** What a stretch of the run cost: each service's statements, and CPU time. */
interface CostSnapshot {
  readonly statements: StatementCounts;
  /** CPU ms of the three services, of PostgreSQL's backends serving the run's database, of this process. */
  /** CPU ms of each service's process. */
  readonly servicesCpuMs: Record<ServiceName, number>;
  /** By backend pid: a backend that starts during a stretch counts from zero, one that ends is lost (pools keep theirs). */
  readonly postgresCpuMs: ReadonlyMap<number, number>;
  readonly benchCpuMs: number;
  /** Busy CPU ms of the whole machine (every process: Kafka, PostgreSQL's own, and whatever else runs there). */
  readonly machineMs: number;
  readonly at: number;
}

function servicesCpuMs(stack: BenchStack): Record<ServiceName, number> {
  const of = (name: ServiceName): number => {
    const pid = stack.processes[name]?.pid;
    return pid ? cpuMsOf(pid) : 0;
  };
  return { intake: of('intake'), review: of('review'), reporting: of('reporting') };
}

async function costSnapshot(stack: BenchStack, pool: Pool): Promise<CostSnapshot> {
  const postgresCpuMs = await postgresBackendsCpuMs(pool);
  const usage = process.cpuUsage();
  return {
    statements: await statementCounts(stack),
    servicesCpuMs: servicesCpuMs(stack),
    postgresCpuMs,
    benchCpuMs: (usage.user + usage.system) / 1000,
    machineMs: machineBusyMs(),
    at: now(),
  };
}

/** Per submission between two snapshots: statements by service, and CPU core-ms. */
interface RunCost {
  /** Every statement the services sent during the stretch, per submission. */
  readonly statements: StatementCounts & { readonly total: number };
  /**
   * The same less what the services send when idle for as long (pollers, timers: a cost per second,
   * not per submission, which a stretch stretched by a loaded machine would otherwise add to every submission).
   */
  readonly statementsNetOfIdle: StatementCounts & { readonly total: number };
  readonly cpuMs: { readonly services: number; readonly postgres: number; readonly bench: number; readonly attributed: number; readonly machine: number };
  /** The services' CPU core-ms per submission, each. */
  readonly serviceCpuMs: Record<ServiceName, number>;
  readonly seconds: number;
}

function costPer(before: CostSnapshot, after: CostSnapshot, submissions: number, idlePerSecond?: StatementCounts): RunCost {
  const per = (n: number): number => Number((n / Math.max(1, submissions)).toFixed(2));
  const seconds = (after.at - before.at) / 1000;
  const intake = after.statements.intake - before.statements.intake;
  const review = after.statements.review - before.statements.review;
  const reporting = after.statements.reporting - before.statements.reporting;
  const net = (name: keyof StatementCounts, n: number): number => Math.max(0, n - (idlePerSecond?.[name] ?? 0) * seconds);
  const netIntake = net('intake', intake);
  const netReview = net('review', review);
  const netReporting = net('reporting', reporting);
  const serviceMs = (name: ServiceName): number => after.servicesCpuMs[name] - before.servicesCpuMs[name];
  const services = serviceMs('intake') + serviceMs('review') + serviceMs('reporting');
  const postgres = postgresCpuMsBetween(before.postgresCpuMs, after.postgresCpuMs);
  const bench = after.benchCpuMs - before.benchCpuMs;
  return {
    statements: { intake: per(intake), review: per(review), reporting: per(reporting), total: per(intake + review + reporting) },
    statementsNetOfIdle: { intake: per(netIntake), review: per(netReview), reporting: per(netReporting), total: per(netIntake + netReview + netReporting) },
    cpuMs: { services: per(services), postgres: per(postgres), bench: per(bench), attributed: per(services + postgres), machine: per(after.machineMs - before.machineMs) },
    serviceCpuMs: { intake: per(serviceMs('intake')), review: per(serviceMs('review')), reporting: per(serviceMs('reporting')) },
    seconds: Number(seconds.toFixed(1)),
  };
}

/** Imports whole departments of the city until there are `needed` drafts. */
async function importDrafts(ctx: BenchContext, stack: BenchStack, needed: number): Promise<Draft[]> {
  const city = ctx.city();
  const year = city.options.fiscalYear;
  const drafts: Draft[] = [];
  for (const department of city.departments) {
    if (drafts.length >= needed) break;
    const text = writePublishedTable(publishedTable(department));
    const res = await http<{ department: { departmentId: string }; units: { unitId: string; name: string }[]; sheets: { sheetId: string; unit: string; outcome: string }[] }>(
      stack.ports.intake,
      'POST',
      `/imports?fiscalYear=${year}`,
      { text, timeoutMs: 600_000 },
    );
    if (res.status !== 200) throw new Error(`import of ${department.name} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    const unitIds = new Map(res.body.units.map((u) => [u.name, u.unitId]));
    for (const sheet of res.body.sheets) {
      const unitId = unitIds.get(sheet.unit)!;
      drafts.push({
        sheetId: sheet.sheetId,
        clerk: { id: `clerk-${unitId.slice(0, 8)}`, role: 'unit_clerk', departmentId: res.body.department.departmentId, unitId, name: '单位经办人' },
      });
    }
    ctx.log(`imported ${department.name}: ${res.body.sheets.length} drafts (${drafts.length} in all)`);
  }
  return drafts;
}

/** Waits until nothing is in flight: intake's outbox empty and the reporting copy no longer growing. */
async function quiesce(pool: Pool, timeoutMs: number, stableMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ outbox: string; copied: string; review: string }>(
      `SELECT (SELECT count(*) FROM intake.outbox)::text AS outbox,
              (SELECT events FROM reporting.generations g JOIN reporting.active_generation a USING (generation))::text AS copied,
              (SELECT count(*) FROM review.outbox)::text AS review`,
    );
    const r = rows[0]!;
    const state = `${r.outbox}/${r.copied}/${r.review}`;
    if (state !== last) {
      last = state;
      stableSince = Date.now();
    } else if (r.outbox === '0' && r.review === '0' && Date.now() - stableSince > stableMs) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the stack did not settle within ${timeoutMs / 1000} s (outbox/copied/review outbox: ${last})`);
}

/** Latencies in send order, each one's send time (s into the run), and the lag growth (last quarter's median minus the first's). */
function latenciesOf(sentAt: ReadonlyMap<string, number>, seenAt: ReadonlyMap<string, number>, start: number): { latencies: number[]; sent: number[]; lagGrowthMs: number } {
  const latencies: number[] = [];
  const sent: number[] = [];
  for (const [id, t] of [...sentAt.entries()].sort((a, b) => a[1] - b[1])) {
    const seen = seenAt.get(id);
    if (seen === undefined) continue;
    latencies.push(seen - t);
    sent.push((t - start) / 1000);
  }
  const quarter = Math.max(1, Math.floor(latencies.length / 4));
  return { latencies, sent, lagGrowthMs: median(latencies.slice(-quarter)) - median(latencies.slice(0, quarter)) };
}

/** Submits `drafts` at RATE_PER_SECOND and watches the reporting projection for each. */
async function runOnce(stack: BenchStack, pool: Pool, drafts: readonly Draft[]): Promise<RunFigures> {
  const interval = 1000 / RATE_PER_SECOND;
  const sentAt = new Map<string, number>();
  const visibleAt = new Map<string, number>();
  // Wall clock too, to compare with the database's timestamps.
  const sentWall = new Map<string, number>();
  const visibleWall = new Map<string, number>();
  const httpMs: number[] = [];
  let failures = 0;
  let maxOutstanding = 0;
  let sending = true;

  // The watcher, every 5 ms: reporting's copy of the log read forward from the last position seen.
  // A submission's SheetSubmitted enters the copy in the same transaction that moves its row in
  // report_sheets out of 'draft', and positions commit in order (they are handed out under the
  // generation's row lock), so this sees exactly what a reader of the projection sees, at a cost
  // that does not grow with the backlog (polling the pending rows by id did, and loaded the machine it measured).
  const generation = await pool.query<{ generation: number; position: string }>(
    `SELECT a.generation, g.position::text AS position FROM reporting.active_generation a JOIN reporting.generations g USING (generation)`,
  );
  let after = generation.rows[0]!.position;
  const sheetOf = new Map(drafts.map((d) => [sheetStreamId(d.sheetId), d.sheetId]));
  const watcher = (async () => {
    while (sending || visibleAt.size + failures < sentAt.size) {
      maxOutstanding = Math.max(maxOutstanding, sentAt.size - visibleAt.size);
      // A named statement, parsed once per connection. PostgreSQL still plans it on each run: a generic plan of
      // `position > $2` would read far more, so it keeps custom ones (0.6 s of planning in a quick run).
      const { rows } = await pool.query<{ position: string; subject: string; type: string }>({
        name: 'b4-watch',
        text: `SELECT position::text AS position, subject, type FROM reporting.event_log WHERE generation = $1 AND position > $2::bigint ORDER BY position`,
        values: [generation.rows[0]!.generation, after],
      });
      const t = now();
      const wall = Date.now();
      for (const r of rows) {
        after = r.position;
        const sheetId = r.type === 'SheetSubmitted' ? sheetOf.get(r.subject) : undefined;
        if (sheetId === undefined || !sentAt.has(sheetId) || visibleAt.has(sheetId)) continue;
        visibleAt.set(sheetId, t);
        visibleWall.set(sheetId, wall);
      }
      if (!sending && visibleAt.size + failures < sentAt.size && now() - Math.max(...sentAt.values()) > 30_000) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();

  const start = now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < drafts.length; i++) {
    const due = start + i * interval;
    const wait = due - now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const draft = drafts[i]!;
    const t = now();
    sentAt.set(draft.sheetId, t);
    sentWall.set(draft.sheetId, Date.now());
    inFlight.push(
      http(stack.ports.intake, 'POST', `/sheets/${draft.sheetId}/submit`, { actor: draft.clerk, json: { expectedVersion: 1 }, timeoutMs: 30_000 })
        .then((res) => {
          httpMs.push(now() - t);
          if (res.status !== 200) {
            failures++;
            sentAt.delete(draft.sheetId);
          }
        })
        .catch(() => {
          failures++;
          sentAt.delete(draft.sheetId);
        }),
    );
  }
  const sendSeconds = (now() - start) / 1000;
  await Promise.all(inFlight);
  sending = false;
  await watcher;

  const { latencies, sent, lagGrowthMs } = latenciesOf(sentAt, visibleAt, start);
  return {
    latencies,
    httpMs,
    sentAt: sent,
    failures,
    invisible: sentAt.size - latencies.length,
    lagGrowthMs,
    maxOutstanding,
    achievedRate: drafts.length / sendSeconds,
    phases: await phasesOf(pool, sentWall, visibleWall),
  };
}

interface BaselineClient {
  readonly topic: string;
  readonly producer: Producer;
  /** Send times of the messages in flight, by key; the consumer fills `received`. */
  readonly sentAt: Map<string, number>;
  readonly received: Map<string, number>;
  close(): Promise<void>;
}

/** A producer and a consumer (joined once, reused by every repetition) on a topic of the run's own. */
async function kafkaClient(topic: string): Promise<BaselineClient> {
  const kafka = createKafka({ brokers: loadConfig().kafka.brokers, clientId: 'bench-b4-baseline', logger: () => undefined });
  // The relay's producer settings.
  const producer = kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: `bench-b4-${randomUUID()}`, maxWaitTimeInMs: 1_000 });
  const sentAt = new Map<string, number>();
  const received = new Map<string, number>();
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  let ready = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    ready = true;
  });
  await consumer.run({
    eachMessage: ({ message }) => {
      const id = message.key?.toString() ?? '';
      if (sentAt.has(id)) received.set(id, now());
      return Promise.resolve();
    },
  });
  for (let i = 0; !ready && i < 300; i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  return {
    topic,
    producer,
    sentAt,
    received,
    async close() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}

/** The same payload through kafkajs alone: produce at the same rate, consume, per-message latency. */
async function kafkaBaseline(client: BaselineClient, payload: string, count: number): Promise<RunFigures> {
  const { producer, topic, sentAt, received } = client;
  sentAt.clear();
  received.clear();
  const interval = 1000 / RATE_PER_SECOND;
  const start = now();
  const inFlight: Promise<unknown>[] = [];
  const httpMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + i * interval - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const id = randomUUID();
    const t = now();
    sentAt.set(id, t);
    inFlight.push(producer.send({ topic, acks: -1, messages: [{ key: id, value: payload }] }).then(() => httpMs.push(now() - t)));
  }
  const sendSeconds = (now() - start) / 1000;
  await Promise.all(inFlight);
  const deadline = now() + 30_000;
  while (received.size < sentAt.size && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const { latencies, sent, lagGrowthMs } = latenciesOf(sentAt, received, start);
  return {
    latencies,
    httpMs,
    sentAt: sent,
    failures: 0,
    invisible: sentAt.size - latencies.length,
    lagGrowthMs,
    maxOutstanding: 0,
    achievedRate: count / sendSeconds,
    phases: NO_PHASES,
  };
}

const perSecond = (idle: RunCost): StatementCounts & { readonly total: number } => {
  const rate = (n: number): number => Number((n / Math.max(0.1, idle.seconds)).toFixed(2));
  return { intake: rate(idle.statements.intake), review: rate(idle.statements.review), reporting: rate(idle.statements.reporting), total: rate(idle.statements.total) };
};
const round = (n: number): number => Number(n.toFixed(1));
const phaseText = (values: readonly number[]): string => `${round(percentile(values, 50))}/${round(percentile(values, 99))} ms`;
const phaseSeries = (label: string, runs: readonly RunFigures[], pick: (p: Phases) => number[]): Record<string, unknown> => ({
  p50: series(`${label}, p50`, 'ms', runs.map((r) => round(percentile(pick(r.phases), 50)))),
  p99: series(`${label}, p99`, 'ms', runs.map((r) => round(percentile(pick(r.phases), 99)))),
});

export async function runB4(ctx: BenchContext): Promise<BenchResult> {
  const started = now();
  const quick = ctx.mode === 'quick';
  const seconds = quick ? Number(process.env.B4_SECONDS ?? 2) : 60;
  const baselineSeconds = quick ? 1 : 20;
  const stable = quick ? 500 : 2_000;
  const perRun = RATE_PER_SECOND * seconds;
  const warmup = RATE_PER_SECOND * (quick ? 1 : 2);
  const runId = `b4${Date.now().toString(36)}`;
  const database = `budget_bench_${runId}`;
  await recreateDatabase(database);
  const stack = await newStack(runId, database);
  const pool = benchPool(2, database);
  const baselineTopic = `${stack.topicPrefix}b4-baseline`;
  try {
    await Promise.all((['intake', 'review', 'reporting'] as const).map((name) => startService(stack, name)));
    ctx.log(`intake :${stack.ports.intake}, review :${stack.ports.review}, reporting :${stack.ports.reporting} on ${database}, topics ${stack.topicPrefix}*`);
    const t = now();
    const drafts = await importDrafts(ctx, stack, warmup + perRun * ctx.reps);
    ctx.log(`${drafts.length} drafts imported in ${Math.round((now() - t) / 1000)} s; waiting for the stack to settle`);
    // A quick run with a long B4_SECONDS can want more drafts than the quick city holds: it runs only the full windows.
    const reps = Math.min(ctx.reps, Math.floor((drafts.length - warmup) / perRun));
    if (reps < 1) throw new Error(`B4 needs ${warmup + perRun} drafts for one window and the city has ${drafts.length}`);
    if (reps < ctx.reps) ctx.log(`the city's ${drafts.length} drafts fill ${reps} of ${ctx.reps} windows of ${perRun} submissions; running ${reps}`);
    await quiesce(pool, 600_000, stable);

    // A payload of the size a submission has on Kafka.
    const city = ctx.city();
    const first = sheetsOf(city).next().value!;
    const payload = JSON.stringify({
      eventId: randomUUID(),
      type: 'SheetSubmitted',
      schemaVersion: 1,
      streamId: sheetStreamId(first.project.sheetId),
      streamVersion: 2,
      globalPosition: '1000',
      occurredAt: new Date().toISOString(),
      recordedAt: new Date().toISOString(),
      actor: { id: 'clerk', role: 'unit_clerk' },
      correlationId: randomUUID(),
      causationId: null,
      data: { sheetId: first.project.sheetId, submissionNo: 1, content: sheetContent(first, city.options.fiscalYear), waiverRequests: [], changesSincePrevious: null },
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    });
    const kafka = createKafka({ brokers: loadConfig().kafka.brokers, clientId: 'bench-b4-admin', logger: () => undefined });
    await ensureTopics(kafka, [{ topic: baselineTopic, numPartitions: 3 }]);

    const baselineClient = await kafkaClient(baselineTopic);
    await runOnce(stack, pool, drafts.slice(0, warmup));
    await quiesce(pool, 120_000, stable);
    const measured: RunFigures[] = [];
    const baseline: RunFigures[] = [];
    const costs: RunCost[] = [];
    // What the stack costs doing nothing for as long (statements of pollers, timers), so a run's figures can be read against it.
    const idleFrom = await costSnapshot(stack, pool);
    await new Promise((resolve) => setTimeout(resolve, quick ? 2_000 : 5_000));
    const idle = costPer(idleFrom, await costSnapshot(stack, pool), 1);
    const idleRate = perSecond(idle);
    ctx.log(`idle for ${idle.seconds} s: statements ${JSON.stringify(idle.statements)}, CPU ms ${JSON.stringify(idle.cpuMs)}`);
    for (let rep = 0; rep < reps; rep++) {
      const batch = drafts.slice(warmup + rep * perRun, warmup + (rep + 1) * perRun);
      const before = await costSnapshot(stack, pool);
      const m = await runOnce(stack, pool, batch);
      measured.push(m);
      await quiesce(pool, 300_000, stable);
      const cost = costPer(before, await costSnapshot(stack, pool), batch.length - m.failures, idleRate);
      costs.push(cost);
      ctx.log(`rep ${rep + 1}: statements per submission ${JSON.stringify(cost.statements)} (net of idle ${JSON.stringify(cost.statementsNetOfIdle)}), CPU core-ms per submission ${JSON.stringify(cost.cpuMs)} (services ${JSON.stringify(cost.serviceCpuMs)}) over ${cost.seconds} s`);
      const b = await kafkaBaseline(baselineClient, payload, RATE_PER_SECOND * baselineSeconds);
      baseline.push(b);
      ctx.log(
        `rep ${rep + 1}: submit→projection p50 ${round(percentile(m.latencies, 50))} ms, p99 ${round(percentile(m.latencies, 99))} ms ` +
          `[phases p50/p99: to append ${phaseText(m.phases.toAppend)}, append→consumer ${phaseText(m.phases.appendToConsumer)}, consumer→visible ${phaseText(m.phases.consumerToVisible)}] ` +
          `(HTTP p50 ${round(percentile(m.httpMs, 50))} ms, lag growth ${round(m.lagGrowthMs)} ms, ${m.failures} failed, ${m.invisible} never seen, ${round(m.achievedRate)}/s); ` +
          `kafkajs p50 ${round(percentile(b.latencies, 50))} ms, p99 ${round(percentile(b.latencies, 99))} ms`,
      );
    }
    await baselineClient.close();
    const p99s = measured.map((m) => percentile(m.latencies, 99));
    const p50s = measured.map((m) => percentile(m.latencies, 50));
    const bp99s = baseline.map((b) => percentile(b.latencies, 99));
    const bp50s = baseline.map((b) => percentile(b.latencies, 50));
    const m = series('submit over HTTP → row in the reporting projection, p99', 'ms', p99s);
    const b = series('kafkajs produce → consume, same payload and rate, p99', 'ms', bp99s);
    const growth = measured.map((x) => x.lagGrowthMs);
    const lost = measured.reduce((n, x) => n + x.failures + x.invisible, 0);
    // "No lag growth": the last quarter's median within 50 ms of the first quarter's, in the median run.
    const noGrowth = median(growth) <= 50;
    const medianOf = (pick: (c: RunCost) => StatementCounts & { readonly total: number }) => ({
      intake: median(costs.map((c) => pick(c).intake)),
      review: median(costs.map((c) => pick(c).review)),
      reporting: median(costs.map((c) => pick(c).reporting)),
      total: median(costs.map((c) => pick(c).total)),
    });
    // B8's figure: net of what the idle services send per second (see RunCost); every statement counted beside it.
    const statementsPerSubmission = medianOf((c) => c.statementsNetOfIdle);
    const statementsPerSubmissionRaw = medianOf((c) => c.statements);
    const cpuPerSubmission = {
      services: median(costs.map((c) => c.cpuMs.services)),
      intake: median(costs.map((c) => c.serviceCpuMs.intake)),
      review: median(costs.map((c) => c.serviceCpuMs.review)),
      reporting: median(costs.map((c) => c.serviceCpuMs.reporting)),
      postgres: median(costs.map((c) => c.cpuMs.postgres)),
      attributed: median(costs.map((c) => c.cpuMs.attributed)),
      bench: median(costs.map((c) => c.cpuMs.bench)),
      machine: median(costs.map((c) => c.cpuMs.machine)),
    };
    const b8: BenchResult = {
      name: 'B8',
      title: `SQL statements per submission in B4, net of idle (intake ${round(statementsPerSubmission.intake)}, review ${round(statementsPerSubmission.review)}, reporting ${round(statementsPerSubmission.reporting)})`,
      mode: ctx.mode,
      date: new Date().toISOString(),
      machine: ctx.machine(),
      parameters: { from: 'B4', ratePerSecond: RATE_PER_SECOND, secondsPerRun: seconds },
      repetitions: reps,
      measured: series('statements per submission, the three services together, net of idle', 'statements', costs.map((c) => c.statementsNetOfIdle.total)),
      baseline: series('the goal', 'statements', costs.map(() => GOAL_STATEMENTS)),
      ratio: statementsPerSubmission.total / GOAL_STATEMENTS,
      ratioLabel: '× goal',
      goal: { text: `≤ ${GOAL_STATEMENTS} statements per submission`, met: statementsPerSubmission.total <= GOAL_STATEMENTS },
      extra: {
        statementsPerSubmission,
        statementsPerSubmissionRaw,
        perRepetition: costs.map((c) => ({ netOfIdle: c.statementsNetOfIdle, raw: c.statements, seconds: c.seconds })),
        idleStatementsPerSecond: idleRate,
      },
      notes: [
        'budget_db_statements_total of each service (every statement its pg clients send) from the start of a B4 repetition until the stack settled, divided by the submissions',
        'measured: net of the statements the idle services send per second (relay and dispatcher polls) over as long; statementsPerSubmissionRaw counts them too',
      ],
      durationSeconds: 0,
    };
    return {
      name: 'B4',
      title: `submit → reporting projection at ${RATE_PER_SECOND}/s for ${seconds} s`,
      mode: ctx.mode,
      date: new Date().toISOString(),
      machine: ctx.machine(),
      parameters: { ratePerSecond: RATE_PER_SECOND, secondsPerRun: seconds, submissionsPerRun: perRun, baselineSecondsPerRun: baselineSeconds, drafts: drafts.length, services: ['intake', 'review', 'reporting'] },
      repetitions: reps,
      measured: m,
      baseline: b,
      ratio: m.median / b.median,
      ratioLabel: '× kafkajs p99',
      goal: { text: `p99 ≤ ${GOAL_P99_MS} ms, no lag growth`, met: RATE_PER_SECOND >= 50 && m.median <= GOAL_P99_MS && noGrowth && lost === 0 },
      extra: {
        p50Ms: series('submit → projection, p50', 'ms', p50s),
        baselineP50Ms: series('kafkajs, p50', 'ms', bp50s),
        httpP50Ms: series('HTTP submit answered, p50', 'ms', measured.map((x) => percentile(x.httpMs, 50))),
        httpP99Ms: series('HTTP submit answered, p99', 'ms', measured.map((x) => percentile(x.httpMs, 99))),
        lagGrowthMs: growth.map(round),
        maxOutstanding: measured.map((x) => x.maxOutstanding),
        achievedRate: measured.map((x) => round(x.achievedRate)),
        failedOrNeverSeen: lost,
        statementsPerSubmission,
        statementsPerSubmissionRaw,
        cpuCoreMsPerSubmission: cpuPerSubmission,
        costPerRepetition: costs,
        idle: { ...idle, statementsPerSecond: idleRate },
        b8,
        phases: {
          toAppend: phaseSeries('HTTP sent → intake append began', measured, (p) => p.toAppend),
          appendToConsumer: phaseSeries('intake append began → reporting transaction began (commit, relay, Kafka, fetch)', measured, (p) => p.appendToConsumer),
          consumerToVisible: phaseSeries('reporting transaction began → row seen', measured, (p) => p.consumerToVisible),
        },
      },
      notes: ['latency from sending the HTTP request to the row being seen by a 5 ms poller of reporting.report_sheets', 'the review service runs and reviews every submission meanwhile'],
      durationSeconds: Math.round((now() - started) / 1000),
    };
  } finally {
    await stopAll(stack).catch(() => undefined);
    await pool.end().catch(() => undefined);
    await deleteTopics(stack).catch((e: unknown) => ctx.log(`topics not deleted: ${String(e)}`));
    await dropDatabase(database).catch((e: unknown) => ctx.log(`database not dropped: ${String(e)}`));
  }
}
