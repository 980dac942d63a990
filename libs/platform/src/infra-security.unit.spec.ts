import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaSecurity, loadConfig, postgresSsl, redisAuth } from './config';
import { pgSslOption } from './database/postgres';
import { kafkaSecurityOf } from './messaging/messaging.module';
import { redisConnectionOptions } from './redis';

const dev = { NODE_ENV: 'test' };
const dir = mkdtempSync(join(tmpdir(), 'infra-security-'));
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secured infrastructure: nothing set', () => {
  it('adds no key at all: pools, Redis and Kafka clients get exactly the options they had', () => {
    const config = loadConfig(dev);
    expect('ssl' in config.postgres).toBe(false);
    expect(Object.keys(config.redis).sort()).toEqual(['host', 'port']);
    expect('ssl' in config.kafka || 'sasl' in config.kafka).toBe(false);
    expect(pgSslOption(config.postgres)).toEqual({});
    expect(kafkaSecurityOf(config)).toEqual({});
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ ...dev, PGSSLMODE: '', REDIS_PASSWORD: '', KAFKA_SSL: '', KAFKA_SASL_MECHANISM: '' });
    expect('ssl' in config.postgres).toBe(false);
    expect(Object.keys(config.redis).sort()).toEqual(['host', 'port']);
    expect(kafkaSecurityOf(config)).toEqual({});
  });
});

describe('PGSSLMODE and PGSSLROOTCERT', () => {
  it('maps libpq modes onto pg ssl options', () => {
    expect(postgresSsl({ PGSSLMODE: 'disable' })).toBe(false);
    expect(postgresSsl({ PGSSLMODE: 'require' })).toEqual({ rejectUnauthorized: false });
    expect(postgresSsl({ PGSSLMODE: 'verify-full' })).toEqual({ rejectUnauthorized: true });
    expect(postgresSsl({ PGSSLMODE: 'verify-full', PGSSLROOTCERT: caFile })).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE'), rejectUnauthorized: true });
    const verifyCa = postgresSsl({ PGSSLMODE: 'verify-ca', PGSSLROOTCERT: caFile });
    expect(verifyCa).toMatchObject({ ca: expect.stringContaining('BEGIN'), rejectUnauthorized: true });
    expect(verifyCa && verifyCa.checkServerIdentity?.()).toBeUndefined();
    // libpq: require with a root certificate behaves as verify-ca.
    expect(postgresSsl({ PGSSLMODE: 'require', PGSSLROOTCERT: caFile })).toMatchObject({ rejectUnauthorized: true, checkServerIdentity: expect.any(Function) });
  });

  it('refuses what it cannot honour, with the variable named', () => {
    expect(() => postgresSsl({ PGSSLMODE: 'prefer' })).toThrow('PGSSLMODE must be one of');
    expect(() => postgresSsl({ PGSSLMODE: 'verify-ca' })).toThrow('PGSSLMODE=verify-ca needs PGSSLROOTCERT');
    expect(() => postgresSsl({ PGSSLROOTCERT: caFile })).toThrow('PGSSLMODE is not');
    expect(() => postgresSsl({ PGSSLMODE: 'disable', PGSSLROOTCERT: caFile })).toThrow('PGSSLMODE=disable');
    expect(() => postgresSsl({ PGSSLMODE: 'verify-full', PGSSLROOTCERT: join(dir, 'missing.pem') })).toThrow('PGSSLROOTCERT: cannot read');
  });

  it('reaches every pool through pgSslOption (TypeORM, the read pool, withSchemaLock)', () => {
    const config = loadConfig({ ...dev, PGSSLMODE: 'require' });
    expect(config.postgres.ssl).toEqual({ rejectUnauthorized: false });
    expect(pgSslOption(config.postgres)).toEqual({ ssl: { rejectUnauthorized: false } });
    expect(pgSslOption(loadConfig({ ...dev, PGSSLMODE: 'disable' }).postgres)).toEqual({ ssl: false });
  });
});

describe('REDIS_PASSWORD, REDIS_USERNAME, REDIS_TLS', () => {
  it('passes what is set', () => {
    expect(redisAuth({ REDIS_PASSWORD: 'pw' })).toEqual({ password: 'pw' });
    expect(redisAuth({ REDIS_PASSWORD: 'pw', REDIS_USERNAME: 'budget', REDIS_TLS: 'true' })).toEqual({ password: 'pw', username: 'budget', tls: {} });
    expect(redisAuth({ REDIS_TLS: 'true', REDIS_TLS_CA_FILE: caFile })).toEqual({ tls: { ca: expect.stringContaining('BEGIN') } });
    expect(redisAuth({ REDIS_TLS: 'false' })).toEqual({});
    expect(loadConfig({ ...dev, REDIS_PASSWORD: 'pw' }).redis).toEqual({ host: '127.0.0.1', port: 6379, password: 'pw' });
  });

  it('refuses invalid combinations', () => {
    expect(() => redisAuth({ REDIS_USERNAME: 'budget' })).toThrow('REDIS_USERNAME is set without REDIS_PASSWORD');
    expect(() => redisAuth({ REDIS_TLS: 'yes' })).toThrow('REDIS_TLS must be true or false');
    expect(() => redisAuth({ REDIS_TLS_CA_FILE: caFile })).toThrow('REDIS_TLS is not true');
  });

  it('reaches ioredis through redisConnectionOptions (rate limits, the e2e harness, the web sessions), unchanged when unset', () => {
    expect(redisConnectionOptions(loadConfig(dev).redis)).toEqual({ host: '127.0.0.1', port: 6379 });
    expect(redisConnectionOptions(loadConfig({ ...dev, REDIS_PASSWORD: 'pw', REDIS_USERNAME: 'u', REDIS_TLS: 'true' }).redis)).toEqual({ host: '127.0.0.1', port: 6379, password: 'pw', username: 'u', tls: {} });
  });
});

describe('RATE_LIMIT_STORE and RATE_LIMIT_KEY_PREFIX', () => {
  it('counts in Redis by default, under a prefix of the deployment (KAFKA_TOPIC_PREFIX unless set)', () => {
    expect(loadConfig(dev).rateLimits).toMatchObject({ store: 'redis', keyPrefix: 'budget:rate-limit:' });
    expect(loadConfig({ ...dev, KAFKA_TOPIC_PREFIX: 'e2e-7.' }).rateLimits.keyPrefix).toBe('e2e-7.budget:rate-limit:');
    expect(loadConfig({ ...dev, RATE_LIMIT_KEY_PREFIX: 'czj-prod:rl:', RATE_LIMIT_STORE: 'memory' }).rateLimits).toMatchObject({ store: 'memory', keyPrefix: 'czj-prod:rl:' });
  });

  it('refuses an unknown store', () => {
    expect(() => loadConfig({ ...dev, RATE_LIMIT_STORE: 'postgres' })).toThrow('RATE_LIMIT_STORE must be redis or memory');
  });
});

describe('KAFKA_SSL and KAFKA_SASL_*', () => {
  const scram = { KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'budget', KAFKA_SASL_PASSWORD: 'pw' };

  it('passes TLS and SASL settings to createKafka', () => {
    expect(kafkaSecurity({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
    expect(kafkaSecurity({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: caFile })).toEqual({ ssl: { ca: expect.stringContaining('BEGIN') } });
    expect(kafkaSecurity(scram)).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'budget', password: 'pw' } });
    const config = loadConfig({ ...dev, ...scram, KAFKA_SSL: 'true' });
    expect(kafkaSecurityOf(config)).toEqual({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'budget', password: 'pw' } });
  });

  it('refuses a mechanism without credentials, credentials without a mechanism, unknown mechanisms', () => {
    expect(() => kafkaSecurity({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'budget' })).toThrow('needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
    expect(() => kafkaSecurity({ KAFKA_SASL_USERNAME: 'budget', KAFKA_SASL_PASSWORD: 'pw' })).toThrow('without KAFKA_SASL_MECHANISM');
    expect(() => kafkaSecurity({ ...scram, KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow('KAFKA_SASL_MECHANISM must be one of');
    expect(() => kafkaSecurity({ KAFKA_SSL_CA_FILE: caFile })).toThrow('KAFKA_SSL is not true');
  });

  it('refuses SASL PLAIN without TLS in production only', () => {
    const plain = { ...scram, KAFKA_SASL_MECHANISM: 'plain' };
    expect(() => kafkaSecurity({ ...plain, NODE_ENV: 'production' })).toThrow('PLAIN sends the password in clear text');
    expect(kafkaSecurity({ ...plain, NODE_ENV: 'production', KAFKA_SSL: 'true' }).sasl?.mechanism).toBe('plain');
    expect(kafkaSecurity({ ...plain, NODE_ENV: 'development' }).sasl?.mechanism).toBe('plain');
    expect(kafkaSecurity({ ...scram, NODE_ENV: 'production' }).sasl?.mechanism).toBe('scram-sha-512');
  });
});
