import { type Admin } from 'kafkajs';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Messages on the partition after the group's committed offset. */
  readonly lag: number;
}

/**
 * A consumer group's lag per partition: the high watermark minus the committed offset. A partition
 * the group has never committed on counts from the log's start (all of it is still to be read).
 */
export async function consumerLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const lags: PartitionLag[] = [];
  for (const { topic, partitions } of committed) {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
    for (const { partition, offset } of partitions) {
      const end = ends.get(partition);
      if (!end) continue;
      const from = Number(offset) >= 0 ? Number(offset) : Number(end.low);
      lags.push({ topic, partition, lag: Math.max(0, Number(end.high) - from) });
    }
  }
  return lags;
}
