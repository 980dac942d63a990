import { ensureTopics } from './topics';
import { deleteTopics, testKafka, uniqueName } from './testing/harness';

jest.setTimeout(60_000);

it('creates missing topics once, with retention forever, and leaves existing ones alone', async () => {
  const kafka = testKafka();
  const topics = [uniqueName('ensure.a'), uniqueName('ensure.b')];
  try {
    await ensureTopics(kafka, [{ topic: topics[0]!, numPartitions: 3 }]);
    await ensureTopics(kafka, [
      { topic: topics[0]!, numPartitions: 5 },
      { topic: topics[1]!, numPartitions: 2 },
    ]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      // The broker answers in no particular order.
      expect(Object.fromEntries(metadata.map((t) => [t.name, t.partitions.length]))).toEqual({ [topics[0]!]: 3, [topics[1]!]: 2 });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({ type: 2 /* ConfigResourceTypes.TOPIC */, name, configNames: ['retention.ms'] })),
      });
      expect(Object.fromEntries(configs.resources.map((r) => [r.resourceName, r.configEntries.find((e) => e.configName === 'retention.ms')?.configValue]))).toEqual({
        [topics[0]!]: '-1',
        [topics[1]!]: '-1',
      });
    } finally {
      await admin.disconnect();
    }
  } finally {
    await deleteTopics(kafka, topics);
  }
});
