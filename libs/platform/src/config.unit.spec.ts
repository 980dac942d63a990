import { DEV_JWT_SECRET, loadConfig, parseRoleMap } from './config';

const strong = 'a-deployment-secret-of-at-least-32-bytes';
const provider = { OIDC_ISSUER: 'https://sso.example.gov.cn/realms/czj', OIDC_AUDIENCE: 'budget-api' };

describe('loadConfig: the JWT secret', () => {
  it('refuses an empty or short JWT_SECRET in every mode', () => {
    for (const NODE_ENV of ['staging', 'development', 'test', undefined]) {
      expect(() => loadConfig({ NODE_ENV, JWT_SECRET: '' })).toThrow('at least 32 bytes');
      expect(() => loadConfig({ NODE_ENV, JWT_SECRET: 'x'.repeat(31) })).toThrow('at least 32 bytes');
    }
  });

  it('uses the development secret only when NODE_ENV is development or test', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).jwt.secret).toBe(DEV_JWT_SECRET);
    expect(loadConfig({ NODE_ENV: 'test' }).jwt.secret).toBe(DEV_JWT_SECRET);
    expect(() => loadConfig({})).toThrow('OIDC_ISSUER is not set: outside development and tests (NODE_ENV=(unset)) HS256 tokens are refused');
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow('OIDC_ISSUER is not set: outside development and tests (NODE_ENV=staging) HS256 tokens are refused');
    expect(() => loadConfig({ NODE_ENV: 'production', ...provider })).not.toThrow();
    expect(() => loadConfig({ NODE_ENV: 'production', ...provider, JWT_SECRET: DEV_JWT_SECRET })).toThrow('JWT_SECRET is set');
    expect(() => loadConfig({ JWT_SECRET: DEV_JWT_SECRET })).toThrow('committed development secret');
  });

  it('takes a long enough secret in development and tests only: HS256 is refused in staging or without NODE_ENV', () => {
    expect(loadConfig({ NODE_ENV: 'development', JWT_SECRET: strong }).jwt.secret).toBe(strong);
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: strong }).jwt.secret).toBe(strong);
    for (const NODE_ENV of ['staging', 'preview', undefined]) {
      expect(() => loadConfig({ NODE_ENV, JWT_SECRET: strong })).toThrow('HS256 tokens are accepted only with NODE_ENV=development or test');
      expect(() => loadConfig({ NODE_ENV, JWT_SECRET: strong, ...provider })).toThrow('HS256 tokens are accepted only with NODE_ENV=development or test');
      const staging = loadConfig({ NODE_ENV, ...provider });
      expect(staging.jwt.secret).toBeUndefined();
      expect(staging.oidc?.issuer).toBe(provider.OIDC_ISSUER);
    }
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

  it('keeps statements prepared on the connections unless PG_PREPARED_STATEMENTS is false (a pooler in transaction mode)', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).postgres.preparedStatements).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', PG_PREPARED_STATEMENTS: 'false' }).postgres.preparedStatements).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'test', PG_PREPARED_STATEMENTS: 'off' })).toThrow('PG_PREPARED_STATEMENTS must be true or false');
  });

  it('reads the environment it is given, not only process.env', () => {
    expect(loadConfig({ NODE_ENV: 'test', PGPORT: '6543' }).postgres.port).toBe(6543);
  });
});

describe('loadConfig: Kafka partitions and consumer sessions', () => {
  it('gives topics 12 partitions and a crashed consumer 30 s unless configured', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).kafka).toMatchObject({ partitions: 12, sessionTimeoutMs: 30_000 });
    expect(loadConfig({ NODE_ENV: 'test', KAFKA_PARTITIONS: '24', KAFKA_SESSION_TIMEOUT_MS: '10000' }).kafka).toMatchObject({ partitions: 24, sessionTimeoutMs: 10_000 });
  });

  it('refuses no partitions, and a session shorter than the broker accepts (6 s)', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', KAFKA_PARTITIONS: '0' })).toThrow('KAFKA_PARTITIONS must be an integer ≥ 1');
    expect(() => loadConfig({ NODE_ENV: 'test', KAFKA_SESSION_TIMEOUT_MS: '1000' })).toThrow('KAFKA_SESSION_TIMEOUT_MS must be an integer ≥ 6000');
  });
});

describe('loadConfig: the OpenID Connect provider', () => {
  it('is required in production, where HS256 is refused (no secret, and JWT_SECRET is an error)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('OIDC_ISSUER is not set');
    expect(() => loadConfig({ NODE_ENV: 'production', OIDC_ISSUER: provider.OIDC_ISSUER })).toThrow('OIDC_AUDIENCE is not set');
    const production = loadConfig({ NODE_ENV: 'production', ...provider });
    expect(production.jwt.secret).toBeUndefined();
    expect(production.oidc).toMatchObject({ issuer: provider.OIDC_ISSUER, audience: 'budget-api', algorithms: ['RS256', 'ES256'], jwksUri: undefined, jwksCooldownSeconds: 30, jwksMaxAgeSeconds: 600 });
    expect(() => loadConfig({ NODE_ENV: 'production', ...provider, JWT_SECRET: strong })).toThrow('JWT_SECRET is set');
  });

  it('is optional elsewhere, and then beside HS256', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).oidc).toBeUndefined();
    const both = loadConfig({ NODE_ENV: 'test', ...provider });
    expect(both.jwt.secret).toBe(DEV_JWT_SECRET);
    expect(both.oidc?.issuer).toBe(provider.OIDC_ISSUER);
  });

  it('wants https, except on this machine’s loopback; refuses symmetric algorithms', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...provider, OIDC_ISSUER: 'http://sso.example.gov.cn' })).toThrow('must use https');
    expect(loadConfig({ NODE_ENV: 'production', ...provider, OIDC_ISSUER: 'http://127.0.0.1:4700' }).oidc?.issuer).toBe('http://127.0.0.1:4700');
    expect(() => loadConfig({ NODE_ENV: 'test', ...provider, OIDC_JWKS_URI: 'http://keys.example.cn/jwks' })).toThrow('must use https');
    expect(() => loadConfig({ NODE_ENV: 'test', ...provider, OIDC_ALGORITHMS: 'RS256,HS256' })).toThrow('"HS256" is not one of');
    expect(() => loadConfig({ NODE_ENV: 'test', ...provider, OIDC_ALGORITHMS: 'none' })).toThrow('"none" is not one of');
  });

  it('reads claim names and the role map', () => {
    const oidc = loadConfig({
      NODE_ENV: 'test',
      ...provider,
      OIDC_CLAIM_ROLE: 'realm_access.roles',
      OIDC_CLAIM_DEPARTMENT: 'dept',
      OIDC_ROLE_MAP: 'DWJBR=unit_clerk, CZSH:finance_reviewer',
      OIDC_JWKS_URI: 'https://sso.example.gov.cn/keys',
    }).oidc!;
    expect(oidc.claims).toEqual({ role: 'realm_access.roles', department: 'dept', unit: 'unitId', financeDepartments: 'departmentIds', name: 'name', subject: 'sub' });
    expect(oidc.roleMap).toEqual({ DWJBR: 'unit_clerk', CZSH: 'finance_reviewer' });
    expect(oidc.jwksUri).toBe('https://sso.example.gov.cn/keys');
  });

  it('maps our own role names by default and refuses a map to an unknown role or to system', () => {
    expect(parseRoleMap(undefined)).toMatchObject({ admin: 'admin', unit_clerk: 'unit_clerk' });
    expect(parseRoleMap(undefined).system).toBeUndefined();
    expect(() => parseRoleMap('ROOT=system')).toThrow('OIDC_ROLE_MAP');
    expect(() => parseRoleMap('ROOT=superuser')).toThrow('OIDC_ROLE_MAP');
    expect(() => parseRoleMap('A=admin,A=auditor')).toThrow('mapped twice');
    expect(parseRoleMap('urn:gov:role:admin=admin')).toEqual({ 'urn:gov:role:admin': 'admin' });
  });
});
