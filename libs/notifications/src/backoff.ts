/**
 * The waits between BullMQ's attempts with `{ type: 'exponential', delay }`: after failure k
 * (1-based) it waits round(2^(k-1) × delay), so `attempts` tries have attempts − 1 waits.
 */
export function retryDelays(attempts: number, delayMs: number): number[] {
  const delays: number[] = [];
  for (let k = 1; k < attempts; k += 1) delays.push(Math.round(2 ** (k - 1) * delayMs));
  return delays;
}

/** How long a delivery may keep failing before it is dead-lettered (the sum of the waits). */
export function totalRetryWindowMs(attempts: number, delayMs: number): number {
  return retryDelays(attempts, delayMs).reduce((sum, d) => sum + d, 0);
}

/** Is this run of the processor the job's last chance? (`attemptsMade` counts earlier failures.) */
export function isFinalAttempt(attemptsMade: number, attempts: number | undefined): boolean {
  return attemptsMade + 1 >= (attempts ?? 1);
}

// The dispatcher's backoff and cut-short sleep are the messaging lib's (one implementation).
export { nextBackoff, Sleeper } from '@budget/messaging';

/** Rejects when `promise` has not settled within `ms`; the promise itself runs on. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}
