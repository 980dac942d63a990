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

/** The dispatcher's own backoff while Redis or PostgreSQL is away. */
export function nextBackoff(current: number, initial: number, max: number): number {
  return current === 0 ? initial : Math.min(current * 2, max);
}

/** A sleep that can be cut short (by NOTIFY or stop()). */
export class Sleeper {
  private wakeUp: (() => void) | null = null;
  private woken = false;

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  reset(): void {
    this.woken = false;
  }
}

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
