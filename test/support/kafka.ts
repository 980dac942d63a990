import type { RecordedEvent } from '@budget/domain';
import { createKafka, type KafkaConnection } from '@budget/messaging';
import { kafkaSecurityOf } from '@budget/platform';
import { stackSettings } from '@budget/platform/testing';

export interface TopicMessage {
  readonly key: string | null;
  readonly partition: number;
  readonly offset: string;
  readonly event: RecordedEvent;
}

/** A Kafka client of the harness: the stack's brokers, TLS and SASL as the services have them (loadConfig), quiet. */
function harnessKafka(clientId: string): KafkaConnection {
  const config = stackSettings();
  return createKafka({ brokers: config.kafka.brokers, clientId, logger: () => undefined, ...kafkaSecurityOf(config) });
}

/** Reads a topic from the beginning until `done` says enough, with a fresh consumer group. */
export async function readTopic(topic: string, done: (messages: TopicMessage[]) => boolean, timeoutMs = 60_000): Promise<TopicMessage[]> {
  const kafka = harnessKafka('e2e-reader');
  const consumer = kafka.consumer({ groupId: `e2e-reader-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  const messages: TopicMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${messages.length} messages of ${topic} in ${timeoutMs} ms, not enough`)), timeoutMs);
      void consumer
        .run({
          eachMessage: ({ message, partition }) => {
            messages.push({ key: message.key?.toString() ?? null, partition, offset: message.offset, event: JSON.parse(message.value!.toString()) as RecordedEvent });
            if (done(messages)) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Publishes a message as it is (a redelivery, or something malformed) to one topic. */
export async function produceRaw(topic: string, key: string | null, value: string): Promise<void> {
  const kafka = harnessKafka('e2e-producer');
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ key, value }] });
  } finally {
    await producer.disconnect();
  }
}
