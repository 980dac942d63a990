import { DEV_JWT_SECRET, loadConfig } from './config';

const strong = 'a-deployment-secret-of-at-least-32-bytes';

describe('loadConfig: the JWT secret', () => {
  it('refuses an empty or short JWT_SECRET in every mode', () => {
    for (const NODE_ENV of ['production', 'development', 'test', undefined]) {
      expect(() => loadConfig({ NODE_ENV, JWT_SECRET: '' })).toThrow('at least 32 bytes');
      expect(() => loadConfig({ NODE_ENV, JWT_SECRET: 'x'.repeat(31) })).toThrow('at least 32 bytes');
    }
  });

  it('uses the development secret only when NODE_ENV is development or test', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).jwt.secret).toBe(DEV_JWT_SECRET);
    expect(loadConfig({ NODE_ENV: 'test' }).jwt.secret).toBe(DEV_JWT_SECRET);
    expect(() => loadConfig({})).toThrow('JWT_SECRET is not set');
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow('JWT_SECRET is not set');
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('JWT_SECRET is not set');
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET })).toThrow('committed development secret');
    expect(() => loadConfig({ JWT_SECRET: DEV_JWT_SECRET })).toThrow('committed development secret');
  });

  it('takes a long enough secret in any mode', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong }).jwt.secret).toBe(strong);
    expect(loadConfig({ JWT_SECRET: strong }).jwt.secret).toBe(strong);
  });

  it('caps token lifetime at 8 h and tolerates 60 s of skew unless configured', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).jwt).toMatchObject({ maxLifetimeSeconds: 8 * 3600, clockSkewSeconds: 60 });
    expect(loadConfig({ NODE_ENV: 'test', JWT_MAX_LIFETIME_SECONDS: '3600', JWT_CLOCK_SKEW_SECONDS: '0' }).jwt).toMatchObject({ maxLifetimeSeconds: 3600, clockSkewSeconds: 0 });
    expect(() => loadConfig({ NODE_ENV: 'test', JWT_MAX_LIFETIME_SECONDS: '0' })).toThrow('JWT_MAX_LIFETIME_SECONDS');
  });

  it('sets database timeouts unless configured otherwise (0 turns the statement limits off)', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).postgres).toMatchObject({ statementTimeoutMs: 120_000, idleInTransactionTimeoutMs: 60_000, connectionTimeoutMs: 10_000, readPoolSize: 4 });
    expect(loadConfig({ NODE_ENV: 'test', PG_STATEMENT_TIMEOUT_MS: '0', PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000', PG_READ_POOL_SIZE: '2' }).postgres).toMatchObject({
      statementTimeoutMs: 0,
      idleInTransactionTimeoutMs: 5000,
      readPoolSize: 2,
    });
  });

  it('reads the environment it is given, not only process.env', () => {
    expect(loadConfig({ NODE_ENV: 'test', PGPORT: '6543' }).postgres.port).toBe(6543);
  });
});
