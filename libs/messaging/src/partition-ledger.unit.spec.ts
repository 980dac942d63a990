/**
 * The relay's check that Kafka acknowledged every partition of a batch, against kafkajs' own send
 * path (its sendMessages, the code behind producer.sendBatch) driven with a cluster of two brokers
 * where the leader of one partition dies mid-send and its leadership moves to the other broker, which
 * has already answered for its own partition. kafkajs' retry then resolves the send without the moved
 * partition's messages; the ledger names the partition, so the relay keeps the rows and sends again.
 */
import { KafkaJSConnectionError, type RecordMetadata, type RetryOptions } from 'kafkajs';
import { PartitionLedger } from './partition-ledger';

// kafkajs' internals (CommonJS, no types): the very modules producer.sendBatch runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const createSendMessages = require('kafkajs/src/producer/sendMessages') as (deps: unknown) => (req: unknown) => Promise<RecordMetadata[]>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const createRetry = require('kafkajs/src/retry') as (opts: RetryOptions) => unknown;


const TOPIC = 'budget.reviews';

/** Partition 0 led by broker 1, partition 1 by broker 2; broker 2 dies on its first request and partition 1 moves to broker 1. */
function twoBrokersOneDying() {
  const leaders: Record<number, number> = { 0: 1, 1: 2 };
  const written: { broker: number; partition: number; values: string[] }[] = [];
  const broker = (nodeId: number) => ({
    nodeId,
    produce: jest.fn(({ topicData }: { topicData: { topic: string; partitions: { partition: number; messages: { value: string }[] }[] }[] }) => {
      if (nodeId === 2) {
        leaders[1] = 1;
        return Promise.reject(new KafkaJSConnectionError('Connection error: read ECONNRESET', { broker: '127.0.0.1:21402' }));
      }
      const partitions = topicData.flatMap((t) => t.partitions);
      for (const p of partitions) written.push({ broker: nodeId, partition: p.partition, values: p.messages.map((m) => m.value) });
      return Promise.resolve({ topics: [{ topicName: TOPIC, partitions: partitions.map((p) => ({ partition: p.partition, errorCode: 0, baseOffset: '0' })) }] });
    }),
  });
  const brokers = new Map([1, 2].map((id) => [id, broker(id)]));
  const cluster = {
    refreshMetadataIfNecessary: () => Promise.resolve(),
    refreshMetadata: () => Promise.resolve(),
    addMultipleTargetTopics: () => Promise.resolve(),
    isConnected: () => true,
    removeBroker: () => undefined,
    findTopicPartitionMetadata: () => [0, 1].map((partitionId) => ({ partitionId, leader: leaders[partitionId] })),
    findLeaderForPartitions: (_topic: string, partitions: string[]) => {
      const byLeader: Record<number, number[]> = {};
      for (const p of partitions.map(Number)) (byLeader[leaders[p]!] ??= []).push(p);
      return byLeader;
    },
    findBroker: ({ nodeId }: { nodeId: number }) => Promise.resolve(brokers.get(Number(nodeId))),
  };
  const eosManager = {
    acquireBrokerLock: () => Promise.resolve(),
    releaseBrokerLock: () => Promise.resolve(),
    isTransactional: () => false,
    getSequence: () => 0,
    updateSequence: () => undefined,
    getProducerId: () => -1,
    getProducerEpoch: () => 0,
    getTransactionalId: () => undefined,
  };
  const ledger = new PartitionLedger();
  // Each message's key names its partition, as the stream's key does through murmur2.
  const partitioner = ledger.noting(() => ({ message }) => Number(message.key))();
  const send = (retry: RetryOptions) =>
    createSendMessages({
      logger: { debug: () => undefined, error: () => undefined, info: () => undefined, warn: () => undefined },
      cluster,
      partitioner,
      eosManager,
      retrier: createRetry({ ...retry, initialRetryTime: 1, maxRetryTime: 5 }),
    })({
      acks: -1,
      timeout: 30_000,
      compression: 0,
      topicMessages: [{ topic: TOPIC, messages: [{ key: '0', value: 'event-a' }, { key: '1', value: 'event-b' }] }],
    });
  return { send, written, ledger };
}

it('given a broker dying mid-send and its partition moving to a broker that answered, kafkajs resolves the send without that partition, and the ledger names it', async () => {
  const { send, written, ledger } = twoBrokersOneDying();
  ledger.begin();
  const acknowledged = await send({ retries: 2 });
  expect(acknowledged.map((p) => p.partition)).toEqual([0]);
  expect(written.flatMap((w) => w.values)).toEqual(['event-a']); // event-b is on no broker, yet the send resolved
  expect(ledger.missing(acknowledged)).toEqual([`${TOPIC}#1`]);
});

it('given a send every broker acknowledged, nothing is missing; begin() forgets the partitions of the send before', () => {
  const ledger = new PartitionLedger();
  const choose = ledger.noting(() => ({ message }) => Number(message.key))();
  const args = (key: string) => ({ topic: TOPIC, partitionMetadata: [], message: { key, value: 'v' } });
  choose(args('0'));
  choose(args('1'));
  expect(ledger.missing([{ topicName: TOPIC, partition: 0, errorCode: 0 }, { topicName: TOPIC, partition: 1, errorCode: 0 }])).toEqual([]);
  ledger.begin();
  choose(args('1'));
  expect(ledger.missing([{ topicName: TOPIC, partition: 1, errorCode: 0 }])).toEqual([]);
});
