import { type ICustomPartitioner, type RecordMetadata } from 'kafkajs';

/**
 * Notes the partitions kafkajs puts a batch's messages in (it asks the partitioner for each message),
 * so the relay can check that Kafka's acknowledgement covers every one of them before it deletes the
 * batch from the outbox.
 *
 * Why: kafkajs 2.2.4 retries a batch that spans brokers by sending again only to the brokers that
 * have not answered yet. When a partition's leader dies and its leadership moves to a broker that has
 * already answered for its own partitions, that partition's messages are never sent again, and
 * sendBatch still resolves (seen in test:cluster when a broker was killed: two review events deleted
 * from the outbox and never on Kafka; reproduced with kafkajs' own send path in
 * partition-ledger.unit.spec.ts). A send whose acknowledgement misses a partition is a failed send.
 */
export class PartitionLedger {
  private readonly noted = new Set<string>();

  /** The partitioner kafkajs is given: the same choice as `partitioner`, noted. */
  noting(partitioner: ICustomPartitioner): ICustomPartitioner {
    return () => {
      const choose = partitioner();
      return (args) => {
        const partition = choose(args);
        this.noted.add(key(args.topic, partition));
        return partition;
      };
    };
  }

  /** Forgets what an earlier send noted; call before each send (sends are one at a time). */
  begin(): void {
    this.noted.clear();
  }

  /** The partitions noted since begin() that the acknowledgement does not name (`topic#partition`). */
  missing(acknowledged: readonly RecordMetadata[]): string[] {
    const answered = new Set(acknowledged.map((m) => key(m.topicName, m.partition)));
    return [...this.noted].filter((p) => !answered.has(p)).sort();
  }
}

/** A send that Kafka acknowledged only in part: the relay keeps the rows and sends the batch again. */
export class UnacknowledgedPartitionsError extends Error {
  override readonly name = 'UnacknowledgedPartitionsError';

  constructor(readonly partitions: readonly string[]) {
    super(`Kafka acknowledged the batch without partition(s) ${partitions.join(', ')}; the batch is sent again`);
  }
}

function key(topic: string, partition: number): string {
  return `${topic}#${partition}`;
}
