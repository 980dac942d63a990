import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServerCertificate, createTestCa, type TestCa } from './certificates';

/**
 * The PostgreSQL binaries to start a cluster of a test's own: version 15's if installed (what CI and
 * deploy/infra.sh install), else the newest under /usr/lib/postgresql, else initdb on PATH; undefined
 * when there is no initdb at all.
 */
export function postgresBinDir(): string | undefined {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'initdb'))) : [];
  const preferred = versions.includes('15') ? '15' : versions.sort((a, b) => Number(b) - Number(a))[0];
  if (preferred !== undefined) return join(debian, preferred, 'bin');
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const initdb = which.status === 0 ? which.stdout.trim() : '';
  return initdb ? join(initdb, '..') : undefined;
}

const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: then initdb and the server run as the `postgres` OS user. */
function asPostgres(command: string, args: readonly string[], what: string): string {
  const run = isRoot ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8', cwd: '/' }) : spawnSync(command, args, { encoding: 'utf8' });
  if (run.error) throw new Error(`${what}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${what} failed (exit ${run.status}): ${run.stderr || run.stdout}`);
  return run.stdout;
}

/** A directory the server's OS user can use: `preferred` when it can reach it, else one under the system's tmp. */
function clusterDir(preferred: string): string {
  mkdirSync(preferred, { recursive: true });
  const dir = mkdtempSync(join(preferred, 'pg-tls-'));
  if (!isRoot) return dir;
  const reachable = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', preferred]).status === 0;
  if (reachable) {
    spawnSync('chown', ['postgres:postgres', dir]);
    return dir;
  }
  // e.g. a checkout under /root: the postgres user cannot enter it.
  rmSync(dir, { recursive: true, force: true });
  const fallback = mkdtempSync(join(tmpdir(), 'pg-tls-'));
  spawnSync('chown', ['postgres:postgres', fallback]);
  return fallback;
}

export interface PostgresWithTls {
  /** The CA that signed the server's certificate (what PGSSLROOTCERT names). */
  readonly ca: TestCa;
  /** A CA of its own that signed nothing the server has (a wrong PGSSLROOTCERT). */
  readonly otherCa: TestCa;
  /** The one host name the certificate is for (`localhost`); 127.0.0.1 reaches the same server under a name it does not carry. */
  readonly hostName: string;
  readonly port: number;
  stop(): void;
}

/**
 * A throwaway PostgreSQL cluster on `port` (loopback only, user `postgres`, trust) that accepts TCP
 * connections over TLS only (`hostnossl … reject`), with a server certificate for `localhost` signed by a
 * CA made here. Data under `baseDir` (removed by stop()).
 */
export function startPostgresWithTls(binDir: string, baseDir: string, port: number): PostgresWithTls {
  const dir = clusterDir(baseDir);
  const data = join(dir, 'data');
  const tlsDir = join(dir, 'tls');
  const ca = createTestCa(tlsDir, 'postgres');
  const otherCa = createTestCa(tlsDir, 'other');
  const server = createServerCertificate(tlsDir, 'server', ca, ['localhost']);
  chmodSync(server.keyFile, 0o600);
  if (isRoot) spawnSync('chown', ['-R', 'postgres:postgres', tlsDir]);
  asPostgres(join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], 'initdb');
  const conf = [
    '',
    '# postgres-with-tls.ts: a throwaway cluster of one test.',
    `port = ${port}`,
    "listen_addresses = 'localhost'",
    `unix_socket_directories = '${data}'`,
    'ssl = on',
    `ssl_cert_file = '${server.certFile}'`,
    `ssl_key_file = '${server.keyFile}'`,
    'fsync = off',
    'max_connections = 20',
    'shared_buffers = 16MB',
    '',
  ].join('\n');
  const hba = ['local all all trust', 'hostssl all all 127.0.0.1/32 trust', 'hostssl all all ::1/128 trust', 'hostnossl all all all reject', ''].join('\n');
  if (isRoot) {
    asPostgres('sh', ['-c', `cat >> '${join(data, 'postgresql.conf')}' <<'EOF'\n${conf}EOF\ncat > '${join(data, 'pg_hba.conf')}' <<'EOF'\n${hba}EOF`], 'configure');
  } else {
    appendFileSync(join(data, 'postgresql.conf'), conf);
    writeFileSync(join(data, 'pg_hba.conf'), hba);
  }
  const pgCtl = join(binDir, 'pg_ctl');
  asPostgres(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'], `pg_ctl start (log: ${join(dir, 'server.log')})`);
  return {
    ca,
    otherCa,
    hostName: 'localhost',
    port,
    stop() {
      try {
        asPostgres(pgCtl, ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'], 'pg_ctl stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
