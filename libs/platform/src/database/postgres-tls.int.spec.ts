import { join, resolve } from 'node:path';
import type { Pool } from 'pg';
import { OPENSSL_MISSING } from '../testing/certificates';
import { securedInfraAvailable } from '../testing/secured-infra';
import { postgresBinDir, type PostgresWithTls, startPostgresWithTls } from '../testing/postgres-with-tls';
import { loadConfig } from '../config';
import { createReadPool, withSchemaLock } from './postgres';

// PostgreSQL over TLS (PGSSLMODE, PGSSLROOTCERT), live: a cluster of this test's own (initdb under
// .local/, port 21310 or PG_TLS_TEST_PORT) that takes TCP connections over TLS only, with a server
// certificate for `localhost` signed by a CA made here with openssl. Every connection below is made the
// services' way: variables → loadConfig → the pools' options.
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../../../..');
const PORT = Number(process.env.PG_TLS_TEST_PORT ?? 21310);
const binDir = postgresBinDir();
const reason = binDir === undefined ? 'initdb is not installed (no /usr/lib/postgresql/*/bin/initdb, none on PATH)' : OPENSSL_MISSING ? 'openssl is not on PATH' : undefined;
// Skipped where initdb or openssl are missing, except in CI and with REQUIRE_SECURED_INFRA=1 (scripts/test.sh): there it fails.
const live = securedInfraAvailable('postgres-tls.int.spec (the live TLS checks)', reason) ? describe : describe.skip;

const base = { NODE_ENV: 'test', PGUSER: 'postgres', PGDATABASE: 'postgres', PGPORT: String(PORT) };

describe('PostgreSQL TLS options (PGSSLMODE)', () => {
  it('gives the read pool the ssl option PGSSLMODE asks for, and none when unset', async () => {
    const secured = createReadPool(loadConfig({ ...base, PGSSLMODE: 'require' }).postgres, 'public');
    const plain = createReadPool(loadConfig(base).postgres, 'public');
    try {
      expect((secured as unknown as { options: { ssl?: unknown } }).options.ssl).toEqual({ rejectUnauthorized: false });
      expect('ssl' in (plain as unknown as { options: object }).options).toBe(false);
    } finally {
      await Promise.all([secured.end(), plain.end()]);
    }
  });
});

live('PostgreSQL over TLS, live (a cluster of its own with ssl=on)', () => {
  let server: PostgresWithTls;

  /** One statement on a read pool configured from `vars`; the pool is closed afterwards. */
  async function sessionOf(vars: Record<string, string>): Promise<{ ssl: boolean; version: string | null }> {
    const pool: Pool = createReadPool(loadConfig({ ...base, ...vars }).postgres, 'public');
    try {
      const { rows } = await pool.query<{ ssl: boolean; version: string | null }>('SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      return rows[0]!;
    } finally {
      await pool.end();
    }
  }

  beforeAll(() => {
    server = startPostgresWithTls(binDir!, join(process.env.BUDGET_LOCAL_DIR ?? join(ROOT, '.local'), 'postgres-tls'), PORT);
  });
  afterAll(() => server?.stop());

  it('PGSSLMODE=verify-full with PGSSLROOTCERT: the session is encrypted and the certificate checked', async () => {
    const session = await sessionOf({ PGHOST: server.hostName, PGSSLMODE: 'verify-full', PGSSLROOTCERT: server.ca.certFile });
    expect(session.ssl).toBe(true);
    expect(session.version).toMatch(/^TLSv1\.[23]$/);
    // The schema set-up's own client (withSchemaLock, which creates the schema and runs the migrations) goes the same way.
    await expect(withSchemaLock(loadConfig({ ...base, PGHOST: server.hostName, PGSSLMODE: 'verify-full', PGSSLROOTCERT: server.ca.certFile }).postgres, 'tls_check', () => Promise.resolve('migrated'))).resolves.toBe('migrated');
  });

  it('the server takes no plaintext connection (so the sessions above were TLS because they had to be)', async () => {
    await expect(sessionOf({ PGHOST: server.hostName, PGSSLMODE: 'disable' })).rejects.toThrow(/no encryption|pg_hba\.conf rejects/);
  });

  it('verify-full refuses a server certificate signed by another CA', async () => {
    await expect(sessionOf({ PGHOST: server.hostName, PGSSLMODE: 'verify-full', PGSSLROOTCERT: server.otherCa.certFile })).rejects.toThrow(
      /self[- ]signed certificate in certificate chain|unable to verify|unable to get local issuer/,
    );
  });

  it('verify-full refuses a host name the certificate is not for; verify-ca (chain only) accepts it', async () => {
    const other = { PGHOST: '127.0.0.1', PGSSLROOTCERT: server.ca.certFile };
    await expect(sessionOf({ ...other, PGSSLMODE: 'verify-full' })).rejects.toThrow(/Hostname\/IP does not match certificate's altnames/);
    expect((await sessionOf({ ...other, PGSSLMODE: 'verify-ca' })).ssl).toBe(true);
  });

  it('require encrypts without checking the certificate, as libpq does', async () => {
    expect((await sessionOf({ PGHOST: '127.0.0.1', PGSSLMODE: 'require' })).ssl).toBe(true);
  });
});
