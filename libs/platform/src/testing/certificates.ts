import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate authority of a test's own: its certificate (PEM, what clients are given as CA) and key. */
export interface TestCa {
  readonly certFile: string;
  readonly keyFile: string;
}

/** A server certificate signed by a TestCa, for the names in `hostNames` only. */
export interface TestServerCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

/** Whether `openssl` can be run here (it is on every machine the stack runs on; the Debian package `openssl`). */
export const OPENSSL_MISSING = spawnSync('openssl', ['version']).error !== undefined;

export function openssl(args: readonly string[], what: string): void {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  if (run.error) throw new Error(`openssl (${what}): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`openssl (${what}) failed: ${run.stderr}`);
}

// P-256 keys: accepted by Node, Java (Kafka) and PostgreSQL alike, and generated in milliseconds.
const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A self-signed CA valid for two days, under `dir/<name>-ca.{pem,key}`. */
export function createTestCa(dir: string, name: string): TestCa {
  mkdirSync(dir, { recursive: true });
  const certFile = join(dir, `${name}-ca.pem`);
  const keyFile = join(dir, `${name}-ca.key`);
  openssl(
    ['req', '-x509', ...KEY, '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${name} test CA`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    `CA ${name}`,
  );
  return { certFile, keyFile };
}

/**
 * A server certificate for exactly `hostNames` (DNS names; an IP address is written as one), signed by
 * `ca`, under `dir/<name>.{pem,key}`: a client checking host names accepts it for these names only.
 */
export function createServerCertificate(dir: string, name: string, ca: TestCa, hostNames: readonly string[]): TestServerCertificate {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  const san = hostNames.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  writeFileSync(ext, `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`);
  openssl(['req', '-new', ...KEY, '-keyout', keyFile, '-out', csr, '-subj', `/CN=${hostNames[0] ?? name}`], `key of ${name}`);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-days', '2', '-out', certFile, '-extfile', ext], `certificate of ${name}`);
  return { certFile, keyFile };
}

/** `cert` with its key and the CA's certificate as a PKCS12 keystore (what a Java server such as Kafka reads), under `dir/<name>.p12`. */
export function createPkcs12Keystore(dir: string, name: string, cert: TestServerCertificate, ca: TestCa, password: string): string {
  const file = join(dir, `${name}.p12`);
  openssl(['pkcs12', '-export', '-in', cert.certFile, '-inkey', cert.keyFile, '-certfile', ca.certFile, '-name', name, '-out', file, '-passout', `pass:${password}`], `keystore ${name}`);
  return file;
}
