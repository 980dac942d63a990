#!/usr/bin/env node
'use strict';
/*
 * Small kafkajs admin helper for deploy/infra.sh (node starts in a fraction of the time a JVM CLI does).
 *
 *   node deploy/kafka/topics.js ping                 one metadata call; exit 0 if the broker answers
 *   node deploy/kafka/topics.js wait [--timeout S] [--pid N]
 *                                                    poll until the broker answers (exit 4 on timeout,
 *                                                    exit 3 as soon as process N is gone)
 *   node deploy/kafka/topics.js ensure               create the system's topics if missing (idempotent)
 *   node deploy/kafka/topics.js list                 print the topics, one a line
 *
 * Actions can be chained: `wait --pid 123 ensure`.
 * Broker address: KAFKA_BROKERS (comma-separated), default 127.0.0.1:9092.
 */
const { Kafka, logLevel } = require('kafkajs');

const BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',').map((s) => s.trim()).filter(Boolean);
// The services' own default (KAFKA_PARTITIONS in libs/platform/src/config.ts): room for 12 replicas of a group.
const PARTITIONS = Number(process.env.KAFKA_PARTITIONS || 12);
// Three copies, two needed for a write (acks=all), on a cluster of three or more brokers; one otherwise
// (replicationFor in libs/messaging/src/topics.ts).
const replicationFor = (brokers) => (brokers >= 3 ? { factor: 3, minInsync: 2 } : { factor: 1, minInsync: 1 });
const TOPICS = ['budget.targets', 'budget.reviews', 'budget.deadletter'];
// Topics keep events forever: they are the integration log a new consumer replays from offset 0.
const TOPIC_CONFIG = { 'retention.ms': '-1' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function client() {
  return new Kafka({
    clientId: 'budget-infra',
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
}

async function withAdmin(fn) {
  const admin = client().admin();
  try {
    await admin.connect();
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function ping() {
  return withAdmin(async (admin) => {
    const cluster = await admin.describeCluster();
    if (!cluster.brokers || cluster.brokers.length === 0) throw new Error('no broker registered yet');
    return cluster;
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function wait(timeoutS, pid) {
  const deadline = Date.now() + timeoutS * 1000;
  let last = '';
  for (;;) {
    try {
      await ping();
      return;
    } catch (e) {
      last = e.message;
    }
    if (pid && !alive(pid)) {
      console.error(`kafka process ${pid} exited before answering (${last})`);
      process.exit(3);
    }
    if (Date.now() > deadline) {
      console.error(`kafka at ${BROKERS.join(',')} did not answer within ${timeoutS}s (${last})`);
      process.exit(4);
    }
    await sleep(200);
  }
}

async function ensure() {
  const admin = new Kafka({
    clientId: 'budget-infra',
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { retries: 5 },
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = TOPICS.filter((t) => !existing.has(t));
    if (missing.length) {
      const replication = replicationFor((await admin.describeCluster()).brokers.length);
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: PARTITIONS,
            replicationFactor: replication.factor,
            configEntries: [
              ...Object.entries(TOPIC_CONFIG).map(([name, value]) => ({ name, value })),
              { name: 'min.insync.replicas', value: String(replication.minInsync) },
            ],
          })),
        });
      } catch (e) {
        // Someone else created them at the same time: fine, the checks below still apply.
        const errs = e.errors || [e];
        if (!errs.every((x) => x.type === 'TOPIC_ALREADY_EXISTS')) throw e;
      }
    }

    const present = TOPICS.filter((t) => existing.has(t));
    if (present.length) {
      // Topics made by hand or by an older script: bring them to the expected shape. Growing moves keys
      // to other partitions; here it happens before the services start (infra.sh up), see ensureTopics.
      const meta = await admin.fetchTopicMetadata({ topics: present });
      const grow = meta.topics
        .filter((t) => t.partitions.length < PARTITIONS)
        .map((t) => ({ topic: t.name, count: PARTITIONS }));
      if (grow.length) await admin.createPartitions({ topicPartitions: grow });

      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: present.map((name) => ({ type: 2 /* TOPIC */, name, configNames: Object.keys(TOPIC_CONFIG) })),
      });
      const fix = described.resources
        .filter((r) =>
          Object.entries(TOPIC_CONFIG).some(([k, v]) => {
            const entry = r.configEntries.find((c) => c.configName === k);
            return !entry || entry.configValue !== v;
          }),
        )
        .map((r) => ({
          type: 2,
          name: r.resourceName,
          configEntries: Object.entries(TOPIC_CONFIG).map(([name, value]) => ({ name, value })),
        }));
      // Non-incremental AlterConfigs replaces the topic's whole dynamic config: only our keys are set.
      if (fix.length) await admin.alterConfigs({ validateOnly: false, resources: fix });
    }

    // Looking up a group coordinator makes the broker create __consumer_offsets now, so the
    // apps' first consumer does not start with "The group coordinator is not available".
    await admin.describeGroups(['budget-infra-warmup']);
    return missing;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function list() {
  const topics = await withAdmin((admin) => admin.listTopics());
  for (const t of topics.sort()) console.log(t);
}

async function main(argv) {
  if (argv.length === 0) argv = ['ensure'];
  for (let i = 0; i < argv.length; i++) {
    const action = argv[i];
    if (action === 'ping') {
      try {
        await ping();
      } catch (e) {
        console.error(`kafka at ${BROKERS.join(',')} does not answer: ${e.message}`);
        process.exit(1);
      }
    } else if (action === 'wait') {
      let timeout = 90;
      let pid = 0;
      while (argv[i + 1] && argv[i + 1].startsWith('--')) {
        const flag = argv[++i];
        const value = Number(argv[++i]);
        if (flag === '--timeout') timeout = value;
        else if (flag === '--pid') pid = value;
        else throw new Error(`unknown flag ${flag}`);
      }
      await wait(timeout, pid);
    } else if (action === 'ensure') {
      const created = await ensure();
      if (created.length) console.log(`created topics: ${created.join(', ')}`);
    } else if (action === 'list') {
      await list();
    } else {
      console.error(`unknown action ${action}; use ping | wait [--timeout S] [--pid N] | ensure | list`);
      process.exit(2);
    }
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`kafka topics: ${e.message}`);
  process.exit(1);
});
