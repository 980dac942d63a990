import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { type NewEvent } from '@budget/domain';
import { eventStoreSchemaSql } from '@budget/event-store';
import { messagingSchemaSql } from '../schema';
import { type KafkaConnection, createKafka } from '../kafka';
import { type LogLevel, type MessagingLogger, errorText } from '../logger';

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/budget';
/** The tests' own broker (scripts/lib.sh test_stack_up), never the development one on 9092. */
export const TEST_KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface TestDatabase {
  readonly pool: Pool;
  readonly schema: string;
  drop(): Promise<void>;
}

/** A fresh event-store schema plus an `effects` table where test handlers record what they did. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const schema = uniqueName(prefix);
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 10 });
  for (const statement of [...eventStoreSchemaSql(schema), ...messagingSchemaSql(schema)]) await pool.query(statement);
  await pool.query(`CREATE TABLE "${schema}".effects (
    seq bigserial PRIMARY KEY, consumer text NOT NULL, event_id uuid NOT NULL, stream_id text NOT NULL, stream_version integer NOT NULL)`);
  return {
    pool,
    schema,
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

export interface RecordingLogger {
  readonly log: MessagingLogger;
  readonly entries: { level: LogLevel; message: string; context?: Record<string, unknown> }[];
}

export function recordingLogger(): RecordingLogger {
  const entries: { level: LogLevel; message: string; context?: Record<string, unknown> }[] = [];
  return { entries, log: (level, message, context) => entries.push({ level, message, context }) };
}

export function testKafka(logger?: MessagingLogger): KafkaConnection {
  return createKafka({ brokers: TEST_KAFKA_BROKERS, clientId: uniqueName('messaging-test'), logger: logger ?? (() => undefined) });
}

/** Kafka 4 creates no topic on its own: every test file makes its own, with a unique name. */
export async function createTopic(kafka: KafkaConnection, prefix: string, numPartitions = 3): Promise<string> {
  const topic = `${prefix}.${randomBytes(6).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions }] });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export async function deleteTopics(kafka: KafkaConnection, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics, timeout: 10_000 });
  } catch {
    // Leftover test topics are harmless; a failed cleanup must not fail the suite.
  } finally {
    await admin.disconnect();
  }
}

/** Messages on a topic, summed over partitions. */
export async function messageCount(kafka: KafkaConnection, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Polls instead of sleeping; the bound is generous because a slow 2-core machine runs Kafka too. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${errorText(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function count(pool: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT (${sql})::int AS n`, params);
  return rows[0]!.n;
}

export function newEvent(type: string, data: unknown = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: { occurredAt: new Date().toISOString(), actor: { id: 'clerk-1', role: 'unit_clerk' }, correlationId: randomUUID(), causationId: null },
  };
}
