import { ensureTopics } from './topics';
import { deleteTopics, recordingLogger, testKafka, uniqueName } from './testing/harness';

jest.setTimeout(60_000);

it('creates missing topics once, with retention forever, replicated as one broker allows, and grows those with fewer partitions', async () => {
  const kafka = testKafka();
  const topics = [uniqueName('ensure.a'), uniqueName('ensure.b')];
  const logger = recordingLogger();
  try {
    const first = await ensureTopics(kafka, [{ topic: topics[0]!, numPartitions: 3 }], logger.log);
    expect(first).toEqual({ created: [topics[0]], grown: [], replication: { replicationFactor: 1, minInsyncReplicas: 1 } });
    const second = await ensureTopics(
      kafka,
      [
        { topic: topics[0]!, numPartitions: 5 },
        { topic: topics[1]!, numPartitions: 2 },
      ],
      logger.log,
    );
    expect(second.created).toEqual([topics[1]]);
    expect(second.grown).toEqual([{ topic: topics[0], from: 3, to: 5 }]);
    // Growing moves keys to other partitions: said, once per topic.
    expect(logger.entries.filter((e) => e.level === 'warn').map((e) => e.message)).toEqual([expect.stringContaining(`${topics[0]} grown from 3 to 5 partitions`)]);
    // Asking for fewer than a topic has changes nothing (partitions are never taken away).
    expect((await ensureTopics(kafka, [{ topic: topics[0]!, numPartitions: 4 }], logger.log)).grown).toEqual([]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      // The broker answers in no particular order.
      expect(Object.fromEntries(metadata.map((t) => [t.name, t.partitions.length]))).toEqual({ [topics[0]!]: 5, [topics[1]!]: 2 });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({ type: 2 /* ConfigResourceTypes.TOPIC */, name, configNames: ['retention.ms', 'min.insync.replicas'] })),
      });
      const value = (name: string) => Object.fromEntries(configs.resources.map((r) => [r.resourceName, r.configEntries.find((e) => e.configName === name)?.configValue]));
      expect(value('retention.ms')).toEqual({ [topics[0]!]: '-1', [topics[1]!]: '-1' });
      expect(value('min.insync.replicas')).toEqual({ [topics[0]!]: '1', [topics[1]!]: '1' });
    } finally {
      await admin.disconnect();
    }
  } finally {
    await deleteTopics(kafka, topics);
  }
});
