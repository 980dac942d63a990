import { readFileSync } from 'node:fs';
import { type KeyObject } from 'node:crypto';
import { ed25519PrivateKey, ed25519PublicKey, keyIdOf, publicKeyPem } from '@budget/event-store';
import { isDevelopmentMode } from '@budget/platform';

/**
 * Committed, so known to everyone, like the development JWT secret: accepted only when NODE_ENV
 * says development or test. Its public key is in the README as the development key.
 */
export const DEV_CHECKPOINT_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIDQR8tjuDqAGP7Ghzmdl+/9V6mgEqMEXwk3UxuYPtITj
-----END PRIVATE KEY-----
`;

export const DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 300;

export interface CheckpointConfig {
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly keyId: string;
  /** Public keys of earlier signing keys by key id, so checkpoints signed before a rotation still verify. */
  readonly previousKeys: ReadonlyMap<string, KeyObject>;
  /** Seconds between two automatic signings; 0 signs only on demand. */
  readonly intervalSeconds: number;
}

export const CHECKPOINT_CONFIG = Symbol('CHECKPOINT_CONFIG');

/**
 * CHECKPOINT_PRIVATE_KEY (PEM) or CHECKPOINT_PRIVATE_KEY_FILE (a path to it); without either, the
 * committed development key, and only in development and tests. CHECKPOINT_PREVIOUS_PUBLIC_KEYS_FILE
 * names a file of earlier public keys (PEM blocks one after the other) after a rotation.
 */
export function loadCheckpointConfig(env: NodeJS.ProcessEnv = process.env): CheckpointConfig {
  const file = env.CHECKPOINT_PRIVATE_KEY_FILE;
  const pem = env.CHECKPOINT_PRIVATE_KEY ?? (file ? readFileSync(file, 'utf8') : isDevelopmentMode(env) ? DEV_CHECKPOINT_PRIVATE_KEY : undefined);
  if (pem === undefined || pem.trim() === '') {
    throw new Error('CHECKPOINT_PRIVATE_KEY (or CHECKPOINT_PRIVATE_KEY_FILE) is not set: give reporting an Ed25519 signing key, or set NODE_ENV=development to use the development key');
  }
  const privateKey = ed25519PrivateKey(pem);
  const keyId = keyIdOf(privateKey);
  if (keyId === keyIdOf(ed25519PrivateKey(DEV_CHECKPOINT_PRIVATE_KEY)) && !isDevelopmentMode(env)) {
    throw new Error('the checkpoint signing key is the committed development key: it is accepted only with NODE_ENV=development or test');
  }
  const previousKeys = new Map<string, KeyObject>();
  const previousFile = env.CHECKPOINT_PREVIOUS_PUBLIC_KEYS_FILE;
  if (previousFile) {
    for (const block of readFileSync(previousFile, 'utf8').match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []) {
      const key = ed25519PublicKey(block);
      previousKeys.set(keyIdOf(key), key);
    }
  }
  const rawInterval = env.CHECKPOINT_INTERVAL_SECONDS;
  const intervalSeconds = rawInterval === undefined || rawInterval === '' ? DEFAULT_CHECKPOINT_INTERVAL_SECONDS : Number(rawInterval);
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 0) throw new Error(`CHECKPOINT_INTERVAL_SECONDS must be a whole number of seconds ≥ 0, got "${rawInterval}"`);
  return { privateKey, publicKeyPem: publicKeyPem(privateKey), keyId, previousKeys, intervalSeconds };
}

/** The public key that verifies a signature of `keyId`, or null for a key this service does not know. */
export function verifyingKey(config: CheckpointConfig, keyId: string): KeyObject | null {
  if (keyId === config.keyId) return ed25519PublicKey(config.publicKeyPem);
  return config.previousKeys.get(keyId) ?? null;
}
