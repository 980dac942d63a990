import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKafka, type KafkaConnection } from '@budget/messaging';
import { loadConfig } from './config';
import { kafkaSecurityOf } from './messaging/messaging.module';
import { createPkcs12Keystore, createServerCertificate, createTestCa, OPENSSL_MISSING, type TestCa } from './testing/certificates';
import { securedInfraAvailable } from './testing/secured-infra';

// A broker of its own (deploy/sasl-broker.sh) with four client listeners: SASL_PLAINTEXT (SCRAM-SHA-512)
// on KAFKA_SASL_TEST_PORT (default 5291), SSL on +3 and SASL_SSL (TLS + SCRAM-SHA-512) on +4, with a
// certificate for 127.0.0.1 signed by a CA made here with openssl (a PKCS12 keystore for the broker);
// +1 and +2 are its inter-broker and controller listeners. Started here, stopped in afterAll.
jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../../..');
const SCRIPT = join(ROOT, 'deploy/kafka/sasl-broker.sh');
const LIBS = process.env.KAFKA_LIBS ?? join(process.env.BUDGET_LOCAL_DIR ?? join(ROOT, '.local'), 'kafka/libs');
const PORT = Number(process.env.KAFKA_SASL_TEST_PORT ?? 5291);
const TLS_PORT = PORT + 3;
const SASL_TLS_PORT = PORT + 4;
const USERNAME = 'budget-int';
const PASSWORD = 'scram-int-password-1';
const KEYSTORE_PASSWORD = 'keystore-int-password';
const silent = (): void => undefined;

function skipReason(): string | undefined {
  if (spawnSync('java', ['-version']).status !== 0) return 'java is not on PATH';
  if (!existsSync(LIBS) || !readdirSync(LIBS).some((f) => /^kafka_2\.13-.*\.jar$/.test(f))) return `no Kafka jars in ${LIBS} (bash deploy/infra.sh up kafka fetches them; or set KAFKA_LIBS)`;
  if (OPENSSL_MISSING) return 'openssl is not on PATH';
  return undefined;
}
// Skipped where java, the jars or openssl are missing, except in CI and with REQUIRE_SECURED_INFRA=1 (scripts/test.sh): there it fails.
const maybe = securedInfraAvailable('kafka-sasl.int.spec', skipReason()) ? describe : describe.skip;

const dir = mkdtempSync(join(tmpdir(), 'kafka-sasl-'));
let ca: TestCa;
let otherCa: TestCa;

/** The services' way: variables → loadConfig → createKafka. */
function kafkaFromEnv(vars: Record<string, string>): KafkaConnection {
  const config = loadConfig({ NODE_ENV: 'test', ...vars });
  return createKafka({ brokers: config.kafka.brokers, clientId: `sasl-int-${Date.now()}`, logger: silent, ...kafkaSecurityOf(config) });
}
const scram = (password: string) => ({ KAFKA_BROKERS: `127.0.0.1:${PORT}`, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: USERNAME, KAFKA_SASL_PASSWORD: password });
const tls = (caFile: string) => ({ KAFKA_BROKERS: `127.0.0.1:${TLS_PORT}`, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: caFile });
const scramOverTls = (caFile: string) => ({ ...scram(PASSWORD), KAFKA_BROKERS: `127.0.0.1:${SASL_TLS_PORT}`, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: caFile });

/** Creates a topic, produces one message and consumes it back: what arrived. */
async function roundTrip(kafka: KafkaConnection, text: string): Promise<string> {
  const topic = `sasl-int-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'k', value: text }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `${topic}-group` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    return await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('no message within 30 s')), 30_000);
      void consumer.run({
        eachMessage: ({ message }) => {
          clearTimeout(timer);
          done(message.value?.toString() ?? '');
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

maybe('Kafka with SASL/SCRAM-SHA-512 and TLS (KAFKA_SASL_*, KAFKA_SSL, KAFKA_SSL_CA_FILE)', () => {
  beforeAll(async () => {
    ca = createTestCa(dir, 'kafka');
    otherCa = createTestCa(dir, 'other');
    const keystore = createPkcs12Keystore(dir, 'broker', createServerCertificate(dir, 'broker', ca, ['127.0.0.1', 'localhost']), ca, KEYSTORE_PASSWORD);
    const brokerEnv = {
      ...process.env,
      KAFKA_LIBS: LIBS,
      KAFKA_SASL_DIR: join(dir, 'broker'),
      KAFKA_SASL_PORT: String(PORT),
      KAFKA_SASL_INTERNAL_PORT: String(PORT + 1),
      KAFKA_SASL_CONTROLLER_PORT: String(PORT + 2),
      KAFKA_TLS_PORT: String(TLS_PORT),
      KAFKA_SASL_TLS_PORT: String(SASL_TLS_PORT),
      KAFKA_SASL_USERNAME: USERNAME,
      KAFKA_SASL_PASSWORD: PASSWORD,
      KAFKA_TLS_KEYSTORE: keystore,
      KAFKA_TLS_KEYSTORE_PASSWORD: KEYSTORE_PASSWORD,
    };
    const started = spawnSync('bash', [SCRIPT, 'start'], { env: brokerEnv, encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`sasl-broker.sh start failed: ${started.stderr}`);
    // Up when an authenticated metadata call over TLS answers (~10-20 s here).
    const deadline = Date.now() + 120_000;
    for (;;) {
      const admin = kafkaFromEnv(scramOverTls(ca.certFile)).admin();
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
    spawnSync('bash', [SCRIPT, 'stop'], { env: { ...process.env, KAFKA_SASL_DIR: join(dir, 'broker') }, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('produces and consumes through createKafka with the configured SCRAM credentials', async () => {
    expect(await roundTrip(kafkaFromEnv(scram(PASSWORD)), '预算 over SCRAM')).toBe('预算 over SCRAM');
  });

  it('refuses a wrong password', async () => {
    const producer = kafkaFromEnv(scram('not-the-password')).producer();
    await expect(producer.connect()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed|authentication/i);
    await producer.disconnect().catch(() => undefined);
  });

  it('produces and consumes over TLS with KAFKA_SSL=true and the CA of KAFKA_SSL_CA_FILE', async () => {
    expect(await roundTrip(kafkaFromEnv(tls(ca.certFile)), '预算 over TLS')).toBe('预算 over TLS');
  });

  it('produces and consumes over TLS with SCRAM-SHA-512 (SASL_SSL)', async () => {
    expect(await roundTrip(kafkaFromEnv(scramOverTls(ca.certFile)), '预算 over SASL_SSL')).toBe('预算 over SASL_SSL');
  });

  it('refuses a broker whose certificate another CA signed, on either TLS listener', async () => {
    for (const vars of [tls(otherCa.certFile), scramOverTls(otherCa.certFile)]) {
      const producer = kafkaFromEnv(vars).producer();
      await expect(producer.connect()).rejects.toThrow(/self[- ]signed certificate in certificate chain|unable to verify|unable to get local issuer/);
      await producer.disconnect().catch(() => undefined);
    }
  });

  it('refuses plaintext on the TLS listener: a client without KAFKA_SSL gets no answer it can read', async () => {
    const producer = kafkaFromEnv({ KAFKA_BROKERS: `127.0.0.1:${TLS_PORT}` }).producer();
    await expect(producer.connect()).rejects.toThrow();
    await producer.disconnect().catch(() => undefined);
  });
});
