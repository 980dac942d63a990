import { type KafkaConnection } from './kafka';

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
}

/**
 * Creates the topics that do not exist yet, keeping events forever (they are the integration log
 * a new consumer replays from offset 0). Existing topics are left alone: adding partitions would
 * move keys to other partitions and break the order of a stream.
 */
export async function ensureTopics(kafka: KafkaConnection, topics: readonly TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    // Resolves false when another instance created them first: fine either way.
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.topic,
        numPartitions: t.numPartitions,
        configEntries: [{ name: 'retention.ms', value: '-1' }],
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
