import type { Pool } from 'pg';

/**
 * A PostgreSQL advisory lock's key: a name (hashed with hashtext, the checkpoint signer's) or a
 * bigint written in decimal (the rebuild's). Every process that shares the lock must spell its key the same way.
 */
export type AdvisoryLockKey = { readonly name: string } | { readonly id: string };

/** A session advisory lock held by a connection of its own, until released (or the session ends). */
export interface HeldLock {
  release(): Promise<void>;
}

function keySql(key: AdvisoryLockKey): { readonly arg: string; readonly value: string } {
  return 'name' in key ? { arg: 'hashtext($1)', value: key.name } : { arg: '$1::bigint', value: key.id };
}

/**
 * Holds a session advisory lock, on a connection taken from `pool` for as long as it is held. The
 * connection's end while held is heard (not left to crash the process); a connection whose
 * unlock failed is destroyed rather than given back to the pool still holding the lock.
 */
async function hold(pool: Pool, key: AdvisoryLockKey, wait: boolean): Promise<HeldLock | null> {
  const client = await pool.connect();
  const { arg, value } = keySql(key);
  let broken: boolean | Error = false;
  const ended = (error: Error): void => {
    broken = error;
  };
  client.on('error', ended);
  let taken = false;
  try {
    if (wait) {
      await client.query(`SELECT pg_advisory_lock(${arg})`, [value]);
      taken = true;
    } else {
      const { rows } = await client.query<{ taken: boolean }>(`SELECT pg_try_advisory_lock(${arg}) AS taken`, [value]);
      taken = rows[0]?.taken === true;
    }
  } finally {
    if (!taken) {
      client.off('error', ended);
      client.release(broken);
    }
  }
  if (!taken) return null;
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await client.query(`SELECT pg_advisory_unlock(${arg})`, [value]).catch(() => {
        broken = true;
      });
      client.off('error', ended);
      client.release(broken);
    },
  };
}

/** Runs `work` while holding the session advisory lock `key`, waiting for it while another session holds it. */
export async function withAdvisoryLock<T>(pool: Pool, key: AdvisoryLockKey, work: () => Promise<T>): Promise<T> {
  const lock = await hold(pool, key, true);
  if (!lock) throw new Error('pg_advisory_lock returned without the lock');
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

/** Takes the session advisory lock `key` if no other session holds it (null if one does); the caller releases it. */
export function tryAdvisoryLock(pool: Pool, key: AdvisoryLockKey): Promise<HeldLock | null> {
  return hold(pool, key, false);
}
