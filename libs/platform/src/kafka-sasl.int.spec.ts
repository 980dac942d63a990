import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKafka, type KafkaConnection } from '@budget/messaging';
import { loadConfig } from './config';
import { kafkaSecurityOf } from './messaging/messaging.module';

// A broker of its own whose client listener requires SASL/SCRAM-SHA-512 (deploy/kafka/sasl-broker.sh),
// on ports 5291-5293 (KAFKA_SASL_TEST_PORT moves them), started here and stopped in afterAll.
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../../..');
const SCRIPT = join(ROOT, 'deploy/kafka/sasl-broker.sh');
const LIBS = process.env.KAFKA_LIBS ?? join(process.env.BUDGET_LOCAL_DIR ?? join(ROOT, '.local'), 'kafka/libs');
const PORT = Number(process.env.KAFKA_SASL_TEST_PORT ?? 5291);
const USERNAME = 'budget-int';
const PASSWORD = 'scram-int-password-1';
const silent = (): void => undefined;

function skipReason(): string | undefined {
  if (spawnSync('java', ['-version']).status !== 0) return 'java is not on PATH';
  if (!existsSync(LIBS) || !readdirSync(LIBS).some((f) => /^kafka_2\.13-.*\.jar$/.test(f))) return `no Kafka jars in ${LIBS} (bash deploy/infra.sh up kafka fetches them; or set KAFKA_LIBS)`;
  return undefined;
}
const reason = skipReason();
if (reason) console.warn(`kafka-sasl.int.spec: skipped: ${reason}`);
const maybe = reason ? describe.skip : describe;

const dir = mkdtempSync(join(tmpdir(), 'kafka-sasl-'));
const brokerEnv = {
  ...process.env,
  KAFKA_LIBS: LIBS,
  KAFKA_SASL_DIR: dir,
  KAFKA_SASL_PORT: String(PORT),
  KAFKA_SASL_INTERNAL_PORT: String(PORT + 1),
  KAFKA_SASL_CONTROLLER_PORT: String(PORT + 2),
  KAFKA_SASL_USERNAME: USERNAME,
  KAFKA_SASL_PASSWORD: PASSWORD,
};

/** The services' way: variables → loadConfig → createKafka. */
function kafkaFromEnv(password: string): KafkaConnection {
  const config = loadConfig({
    NODE_ENV: 'test',
    KAFKA_BROKERS: `127.0.0.1:${PORT}`,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: USERNAME,
    KAFKA_SASL_PASSWORD: password,
  });
  return createKafka({ brokers: config.kafka.brokers, clientId: `sasl-int-${Date.now()}`, logger: silent, ...kafkaSecurityOf(config) });
}

maybe('Kafka with SASL/SCRAM-SHA-512 (KAFKA_SASL_*)', () => {
  beforeAll(async () => {
    const started = spawnSync('bash', [SCRIPT, 'start'], { env: brokerEnv, encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`sasl-broker.sh start failed: ${started.stderr}`);
    // Up when an authenticated metadata call answers (~10-20 s here).
    const deadline = Date.now() + 90_000;
    for (;;) {
      const admin = kafkaFromEnv(PASSWORD).admin();
      try {
        await admin.connect();
        await admin.listTopics();
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 1_000));
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
  });

  afterAll(() => {
    spawnSync('bash', [SCRIPT, 'stop'], { env: brokerEnv, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('produces and consumes through createKafka with the configured SCRAM credentials', async () => {
    const kafka = kafkaFromEnv(PASSWORD);
    const topic = `sasl-int-${Date.now()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: '预算 over SCRAM' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('no message within 30 s')), 30_000);
      void consumer.run({
        eachMessage: ({ message }) => {
          clearTimeout(timer);
          done(message.value?.toString() ?? '');
          return Promise.resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(received).toBe('预算 over SCRAM');
  });

  it('refuses a wrong password', async () => {
    const producer = kafkaFromEnv('not-the-password').producer();
    await expect(producer.connect()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed|authentication/i);
    await producer.disconnect().catch(() => undefined);
  });
});
