import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyIdOf } from '@budget/event-store';
import { DEFAULT_CHECKPOINT_INTERVAL_SECONDS, DEV_CHECKPOINT_PRIVATE_KEY, loadCheckpointConfig, verifyingKey } from './checkpoint-keys';

const pem = (): string => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('checkpoint signing key', () => {
  it('uses the committed development key in development and tests only', () => {
    expect(loadCheckpointConfig({ NODE_ENV: 'test' }).intervalSeconds).toBe(DEFAULT_CHECKPOINT_INTERVAL_SECONDS);
    expect(loadCheckpointConfig({ NODE_ENV: 'development' }).publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
    expect(() => loadCheckpointConfig({ NODE_ENV: 'production' })).toThrow(/CHECKPOINT_PRIVATE_KEY/);
    expect(() => loadCheckpointConfig({})).toThrow(/CHECKPOINT_PRIVATE_KEY/);
    // Given explicitly, it is refused all the same outside development.
    expect(() => loadCheckpointConfig({ NODE_ENV: 'production', CHECKPOINT_PRIVATE_KEY: DEV_CHECKPOINT_PRIVATE_KEY })).toThrow(/development key/);
  });

  it('reads a key from the environment or a file, refuses other kinds of key and a bad interval', () => {
    const key = pem();
    const fromEnv = loadCheckpointConfig({ NODE_ENV: 'production', CHECKPOINT_PRIVATE_KEY: key, CHECKPOINT_INTERVAL_SECONDS: '0' });
    expect(fromEnv.intervalSeconds).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-key-'));
    writeFileSync(join(dir, 'key.pem'), key);
    expect(loadCheckpointConfig({ NODE_ENV: 'production', CHECKPOINT_PRIVATE_KEY_FILE: join(dir, 'key.pem') }).keyId).toBe(fromEnv.keyId);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadCheckpointConfig({ CHECKPOINT_PRIVATE_KEY: rsa })).toThrow(/Ed25519/);
    expect(() => loadCheckpointConfig({ NODE_ENV: 'test', CHECKPOINT_INTERVAL_SECONDS: 'soon' })).toThrow(/CHECKPOINT_INTERVAL_SECONDS/);
  });

  it('verifies with earlier keys after a rotation', () => {
    const old = generateKeyPairSync('ed25519');
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-keys-'));
    writeFileSync(join(dir, 'previous.pem'), old.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const config = loadCheckpointConfig({ NODE_ENV: 'production', CHECKPOINT_PRIVATE_KEY: pem(), CHECKPOINT_PREVIOUS_PUBLIC_KEYS_FILE: join(dir, 'previous.pem') });
    expect(verifyingKey(config, keyIdOf(old.publicKey))).not.toBeNull();
    expect(verifyingKey(config, config.keyId)).not.toBeNull();
    expect(verifyingKey(config, '0000000000000000')).toBeNull();
  });
});
