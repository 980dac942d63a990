import { type KafkaConnection } from './kafka';
import { type MessagingLogger, consoleLogger } from './logger';

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
}

/** How a new topic is replicated on a cluster of `brokers` brokers. */
export interface Replication {
  readonly replicationFactor: number;
  /** With acks=all a write needs this many in-sync copies: one broker may be down, none lost. */
  readonly minInsyncReplicas: number;
}

/** Three copies, two of them needed for a write, on a cluster of three or more brokers; one copy otherwise. */
export function replicationFor(brokers: number): Replication {
  return brokers >= 3 ? { replicationFactor: 3, minInsyncReplicas: 2 } : { replicationFactor: 1, minInsyncReplicas: 1 };
}

export interface EnsureTopicsResult {
  readonly created: readonly string[];
  readonly grown: readonly { readonly topic: string; readonly from: number; readonly to: number }[];
  readonly replication: Replication;
}

/**
 * Creates the topics that do not exist yet, keeping events forever (they are the integration log
 * a new consumer replays from offset 0), replicated as the cluster allows (replicationFor, from the
 * number of brokers in the cluster's metadata). A topic with fewer partitions than asked is grown.
 *
 * Growing moves keys: a stream's next events may go to another partition than its earlier ones.
 * Consumers keep a stream's order only if they had read everything of the old partitions before the
 * first event in the new layout; a consumer that lagged may meet a stream's newer event before its
 * older one (reporting dead-letters it as a gap; replaying the dead letters applies it). So grow
 * before any keyed data, or with the producers stopped and the consumer groups caught up (what
 * `deploy/infra.sh up` does before the services start). Replication of an existing topic is not
 * changed (that is a partition reassignment, an operator's job).
 */
export async function ensureTopics(
  kafka: KafkaConnection,
  topics: readonly TopicSpec[],
  logger: MessagingLogger = consoleLogger,
): Promise<EnsureTopicsResult> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    const replication = replicationFor(brokers.length);
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({
            topic: t.topic,
            numPartitions: t.numPartitions,
            replicationFactor: replication.replicationFactor,
            configEntries: [
              { name: 'retention.ms', value: '-1' },
              { name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) },
            ],
          })),
        });
      } catch (error) {
        // Another replica created them at the same moment: fine.
        const errors = (error as { errors?: { type?: string }[] }).errors ?? [error as { type?: string }];
        if (!errors.every((e) => e.type === 'TOPIC_ALREADY_EXISTS')) throw error;
      }
    }
    const present = topics.filter((t) => existing.has(t.topic));
    const grown: { topic: string; from: number; to: number }[] = [];
    if (present.length > 0) {
      const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => t.topic) });
      for (const t of metadata.topics) {
        const wanted = present.find((p) => p.topic === t.name)!.numPartitions;
        if (t.partitions.length < wanted) grown.push({ topic: t.name, from: t.partitions.length, to: wanted });
      }
      if (grown.length > 0) {
        try {
          await admin.createPartitions({ topicPartitions: grown.map((g) => ({ topic: g.topic, count: g.to })) });
        } catch (error) {
          // Another instance grew them at the same moment: fine when they have the partitions now.
          const again = await admin.fetchTopicMetadata({ topics: grown.map((g) => g.topic) });
          if (again.topics.some((t) => t.partitions.length < grown.find((g) => g.topic === t.name)!.to)) throw error;
        }
        for (const g of grown) {
          logger('warn', `topic ${g.topic} grown from ${g.from} to ${g.to} partitions: streams with unconsumed events in the old layout may be read out of order once`);
        }
      }
    }
    return { created: missing.map((t) => t.topic), grown, replication };
  } finally {
    await admin.disconnect();
  }
}
