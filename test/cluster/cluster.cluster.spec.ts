/**
 * npm run test:cluster (scripts/test-cluster.sh): the same workload twice on a three-broker KRaft
 * Kafka — once on one instance of each service, once on two replicas of each while one replica of
 * each service and one broker are SIGKILLed and brought back — and what must hold afterwards:
 * every submission reviewed exactly once, no notification twice, no event lost, and the consolidated
 * tables equal (checksums) to those of the single-instance run. Prints the relay takeover times,
 * each consumer group's rebalance times and the longest pause of the reporting projection.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type Pool } from 'pg';
import { deleteRedisPrefix } from '@budget/notifications/testing';
import { dropDatabase, recreateDatabase } from '../support/stack';
import { type Audit, settle, tableChecksums } from './audit';
import { Balancer } from './balancer';
import { KafkaCluster } from './kafka-cluster';
import { CLUSTER_DIR, forgetPid, LOCAL_DIR, recordPid, ROOT, sleep } from './processes';
import { balanced, databasePool, groupStatus, ProjectionWatch, relayHolder, topicReplication, until } from './probes';
import { type ServiceName, SERVICES, Stack } from './replicas';
import { importAll, signOffAll, type SignOffProgress, workloadTables } from './workload';

const BASE = Number(process.env.CLUSTER_PORT_BASE ?? 21400);
const SHEETS = Number(process.env.CLUSTER_CITY_SHEETS ?? 200);
const PARALLEL = Number(process.env.CLUSTER_PARALLEL ?? 8);
const RUN = Date.now().toString(36);
const KAFKA_LIBS = process.env.KAFKA_LIBS ?? join(LOCAL_DIR, 'kafka', 'libs');

jest.setTimeout(25 * 60_000);

const say = (line: string): void => void process.stdout.write(`[cluster ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const kafka = new KafkaCluster({ dir: CLUSTER_DIR, libs: KAFKA_LIBS, basePort: BASE, root: ROOT });
const balancers = new Map<ServiceName, Balancer>();
let current: Stack | null = null;
const stacks: Stack[] = [];
const pools: Pool[] = [];

interface RunResult {
  readonly audit: Audit;
  readonly checksums: Record<string, string>;
  readonly outcomes: Record<string, number>;
  readonly seconds: number;
  readonly retries: number;
}

const results: Partial<Record<'single' | 'cluster', RunResult>> = {};
const measured: Record<string, number | string> = {};

beforeAll(async () => {
  // The runner itself (its balancers), for scripts/test-cluster.sh to stop should it be left behind.
  recordPid('runner', process.pid);
  const t0 = Date.now();
  await kafka.format();
  kafka.startAll();
  await kafka.waitReady(3);
  say(`three-broker KRaft cluster up on ${kafka.bootstrap.join(',')} in ${seconds(Date.now() - t0)}`);
  // The CLI's client (the workload) talks to the balancers, which pick a live replica.
  SERVICES.forEach((s, i) => {
    process.env[`${s.toUpperCase()}_URL`] = `http://127.0.0.1:${BASE + 51 + i}`;
  });
  for (const [i, s] of SERVICES.entries()) {
    const balancer = new Balancer(() => current?.livePorts(s) ?? []);
    await balancer.listen(BASE + 51 + i);
    balancers.set(s, balancer);
  }
});

afterAll(async () => {
  await Promise.all([...balancers.values()].map((b) => b.close()));
  await Promise.all(stacks.map((s) => s.stopAll()));
  await kafka.stopAll();
  await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
  forgetPid('runner');
  if (process.env.CLUSTER_KEEP !== '1') {
    for (const s of stacks) {
      await dropDatabase(s.opts.database).catch(() => undefined);
      await deleteRedisPrefix(s.opts.prefix.replace(/\.$/, '')).catch(() => undefined);
    }
  }
});

function stackFor(label: 'single' | 'cluster', replicas: number): Stack {
  const ports = (offset: number): number[] => Array.from({ length: replicas }, (_, i) => BASE + offset + i);
  const stack = new Stack({
    label,
    database: `budget_cluster_${RUN}_${label}`,
    prefix: `cluster-${RUN}-${label}.`,
    brokers: kafka.bootstrap,
    ports: { intake: ports(21), review: ports(31), reporting: ports(41) },
    smtpPort: BASE + 60,
  });
  stacks.push(stack);
  return stack;
}

async function prepare(label: 'single' | 'cluster', replicas: number): Promise<{ stack: Stack; pool: Pool }> {
  const stack = stackFor(label, replicas);
  await recreateDatabase(stack.opts.database);
  const t0 = Date.now();
  await stack.startAll();
  current = stack;
  say(`${label}: ${replicas} replica(s) of intake, review and reporting up in ${seconds(Date.now() - t0)}`);
  const pool = databasePool(stack.opts.database);
  pools.push(pool);
  return { stack, pool };
}

async function finish(label: 'single' | 'cluster', pool: Pool, departments: Awaited<ReturnType<typeof importAll>>, progress: SignOffProgress, started: number): Promise<RunResult> {
  const settled = await settle(pool);
  const outcomes: Record<string, number> = {};
  for (const o of progress.outcomes.values()) outcomes[o] = (outcomes[o] ?? 0) + 1;
  const result: RunResult = { audit: settled, checksums: await tableChecksums(departments), outcomes, seconds: (Date.now() - started) / 1000, retries: progress.retries };
  results[label] = result;
  for (const [why, n] of progress.restartedFor) say(`${label}: ${n}× a play started again after: ${why}`);
  say(
    `${label}: ${progress.done} sheets signed off in ${seconds(Date.now() - started)} (${JSON.stringify(outcomes)}, ${progress.retries} plays restarted); ` +
      `${settled.submissions} submissions, ${settled.eventsProduced} events, ${settled.notificationRequests} notifications`,
  );
  return result;
}

function expectSound(a: Audit): void {
  expect(a.unreviewed).toEqual([]);
  expect(a.reviewedTwice).toEqual([]);
  expect(a.reviewsWithoutSubmission).toEqual([]);
  expect(a.notificationsTwice).toEqual([]);
  expect(a.notificationsOwed).toBe(0);
  expect(a.inboxRows).toBe(a.inboxDelivered);
  expect(a.eventsLost).toEqual([]);
  expect(a.eventsCopiedTwice).toEqual([]);
  expect(a.eventsCopied).toBe(a.eventsProduced);
  expect(a.deadLetters).toEqual({ intake: 0, review: 0, reporting: 0 });
  expect(a.outbox).toEqual({ intake: 0, review: 0 });
}

const tables = workloadTables(SHEETS);

it('runs the workload on one instance of each service', async () => {
  const { stack, pool } = await prepare('single', 1);
  const started = Date.now();
  const departments = await importAll(tables);
  const sheetIds = departments.flatMap((d) => d.sheetIds);
  say(`single: imported ${departments.length} departments, ${sheetIds.length} sheets; signing off, ${PARALLEL} at a time`);
  const progress: SignOffProgress = { done: 0, retries: 0, outcomes: new Map(), restartedFor: new Map() };
  await signOffAll(sheetIds, PARALLEL, progress);
  const result = await finish('single', pool, departments, progress, started);
  expectSound(result.audit);
  expect(result.outcomes).toEqual({ approved: sheetIds.length });
  await stack.stopAll();
  current = null;
});

it('runs it again on two replicas of each, killing one of each and a broker, with the same tables', async () => {
  const { stack, pool } = await prepare('cluster', 2);
  const prefix = stack.opts.prefix;
  const started = Date.now();
  const departments = await importAll(tables);
  const sheetIds = departments.flatMap((d) => d.sheetIds);
  say(`cluster: imported ${departments.length} departments, ${sheetIds.length} sheets; signing off, ${PARALLEL} at a time`);
  const progress: SignOffProgress = { done: 0, retries: 0, outcomes: new Map(), restartedFor: new Map() };
  const watch = new ProjectionWatch(pool);
  watch.start();
  const flow = signOffAll(sheetIds, PARALLEL, progress);
  flow.catch(() => undefined);

  const admin = new Kafka({ clientId: 'cluster-test-admin', brokers: kafka.bootstrap, logLevel: logLevel.NOTHING, connectionTimeout: 1000, requestTimeout: 5000 }).admin();
  await admin.connect();
  try {
    // Every consumer group and the service whose replicas are its members: reporting has two,
    // its copy of the log and the reopenings of published sheets (SHEET_REOPENED_CONSUMER).
    const groups: readonly { readonly name: string; readonly service: ServiceName }[] = [
      { name: `${prefix}intake`, service: 'intake' },
      { name: `${prefix}review`, service: 'review' },
      { name: `${prefix}reporting`, service: 'reporting' },
      { name: `${prefix}reporting-reopenings`, service: 'reporting' },
    ];
    // Both replicas of each group share its partitions before anything is killed: two members,
    // each holding at least one partition.
    const partitions: Record<string, number> = {};
    for (const g of groups) {
      await until(`group ${g.name} stable with 2 members, each holding partitions`, Date.now(), async () => {
        const status = await groupStatus(admin, g.name);
        partitions[g.name] = status.assigned;
        return balanced(status, 2, status.assigned) && status.assigned > 0;
      });
    }
    say(`groups before the kill: ${groups.map((g) => `${g.name.slice(prefix.length)} ${partitions[g.name]} partitions over 2 members`).join(', ')}`);

    // The topics as the services created them on a three-broker cluster: RF 3, min.insync.replicas 2.
    const topics = ['targets', 'reviews', 'deadletter'].map((t) => `${prefix}budget.${t}`);
    const replication = await topicReplication(admin, topics);
    for (const t of replication) {
      expect({ topic: t.topic, partitions: t.replicationFactors.length > 0, replicationFactors: [...new Set(t.replicationFactors)], minInsyncReplicas: t.minInsyncReplicas }).toEqual({
        topic: t.topic,
        partitions: true,
        replicationFactors: [3],
        minInsyncReplicas: 2,
      });
    }
    say(`topics: ${replication.map((t) => `${t.topic.slice(prefix.length)} ${t.replicationFactors.length} partitions × RF ${t.replicationFactors[0]}, min.insync.replicas ${t.minInsyncReplicas}`).join('; ')}`);
    await until('a sixth of the sheets signed off', Date.now(), () => Promise.resolve(progress.done >= sheetIds.length / 6), 600_000, 250);

    // One replica of each service: the one relaying the outbox where there is one.
    const victims = {} as Record<ServiceName, { index: number; pid: number }>;
    for (const s of SERVICES) {
      const holder = s === 'reporting' ? null : await relayHolder(pool, s);
      const index = holder === null ? 0 : (stack.byPid(holder)?.index ?? 0);
      victims[s] = { index, pid: stack.pid(s, index)! };
    }
    say(`killing (SIGKILL) ${SERVICES.map((s) => `${s}#${victims[s].index + 1}`).join(', ')} with ${progress.done} of ${sheetIds.length} sheets signed off`);
    const killedAt = Date.now();
    for (const s of SERVICES) stack.kill(s, victims[s].index);
    const short = (g: { name: string }): string => g.name.slice(prefix.length);
    const [intakeTakeover, reviewTakeover, ...rebalance] = await Promise.all([
      until('intake relay taken over', killedAt, async () => ((await relayHolder(pool, 'intake')) ?? victims.intake.pid) !== victims.intake.pid),
      until('review relay taken over', killedAt, async () => ((await relayHolder(pool, 'review')) ?? victims.review.pid) !== victims.review.pid),
      ...groups.map((g) => until(`group ${g.name} rebalanced onto the survivor`, killedAt, async () => balanced(await groupStatus(admin, g.name), 1, partitions[g.name]!))),
    ]);
    measured['relay takeover intake'] = intakeTakeover;
    measured['relay takeover review'] = reviewTakeover;
    groups.forEach((g, i) => (measured[`rebalance ${short(g)} after kill`] = rebalance[i]!));
    say(`relay takeover: intake ${seconds(intakeTakeover)}, review ${seconds(reviewTakeover)}; rebalance after the kill: ${groups.map((g, i) => `${short(g)} ${seconds(rebalance[i]!)}`).join(', ')}`);

    // Back: each replica's start (until /health answers), then each of its groups' rebalance onto
    // both replicas, each of them holding partitions again.
    const restarted = await Promise.all(
      SERVICES.map(async (s) => {
        const startedAt = Date.now();
        await stack.start(s, victims[s].index);
        return { service: s, start: Date.now() - startedAt, healthyAt: Date.now() };
      }),
    );
    const rejoin = await Promise.all(
      groups.map(async (g) => {
        const { healthyAt } = restarted.find((r) => r.service === g.service)!;
        return until(`group ${g.name} back to 2 members, each holding partitions`, healthyAt, async () => balanced(await groupStatus(admin, g.name), 2, partitions[g.name]!));
      }),
    );
    restarted.forEach((r) => (measured[`start ${r.service} replica`] = r.start));
    groups.forEach((g, i) => (measured[`rebalance ${short(g)} after restart`] = rejoin[i]!));
    say(
      `replicas back: ${restarted.map((r) => `${r.service} healthy after ${seconds(r.start)}`).join(', ')}; ` +
        `groups rebalanced onto both, each holding partitions: ${groups.map((g, i) => `${short(g)} ${seconds(rejoin[i]!)} later`).join(', ')}`,
    );

    const broker = 2;
    say(`killing (SIGKILL) Kafka broker ${broker} with ${progress.done} of ${sheetIds.length} sheets signed off`);
    const brokerKilledAt = Date.now();
    kafka.kill(broker);
    await sleep(15_000);
    kafka.start(broker);
    const isr = await until('every partition back to three in-sync replicas', brokerKilledAt, async () => {
      await kafka.waitReady(3, topics, 1_000);
      return true;
    }, 180_000, 500);
    measured['broker down until full ISR'] = isr;
    say(`broker ${broker} down 15 s, every partition back to 3 in-sync replicas ${seconds(isr)} after the kill`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }

  try {
    await flow;
  } catch (error) {
    for (const [why, n] of progress.restartedFor) say(`cluster: ${n}× a play started again after: ${why}`);
    throw error;
  } finally {
    watch.stop();
    for (const [s, b] of balancers) for (const [why, n] of b.failed) say(`balancer ${s}: ${n} request(s) answered 502 (${why})`);
  }
  measured['longest projection pause'] = watch.longestPauseMs;
  measured['longest projection pause at'] = watch.longestPauseAt;
  const result = await finish('cluster', pool, departments, progress, started);
  measured['requests per replica'] = SERVICES.map((s) => `${s} ${[...(balancers.get(s)?.served.entries() ?? [])].map(([p, n]) => `${p}:${n}`).join(' ')}`).join('; ');
  say(`longest pause of the projection: ${seconds(watch.longestPauseMs)} (from ${watch.longestPauseAt})`);
  say(`requests answered per replica (port:count): ${measured['requests per replica']}`);

  expectSound(result.audit);
  expect(result.outcomes).toEqual({ approved: sheetIds.length });
  const single = results.single;
  expect(single).toBeDefined();
  expect(Object.keys(result.checksums).length).toBe(departments.length);
  expect(result.checksums).toEqual(single!.checksums);
  say(`consolidated tables: ${Object.keys(result.checksums).length} departments, checksums equal to the single-instance run's`);

  mkdirSync(join(LOCAL_DIR, 'cluster-test'), { recursive: true });
  writeFileSync(join(LOCAL_DIR, 'cluster-test', `result-${RUN}.json`), JSON.stringify({ measured, results }, null, 2));
});
