import { createHash, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/**
 * A name-based UUID (RFC 4122 version 5, SHA-1): the same names always give the same id,
 * which makes imports idempotent.
 */
export function uuidFromNames(namespace: string, ...names: string[]): string {
  const hash = createHash('sha1').update(namespace).update('\u0000').update(names.join('\u0000')).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
