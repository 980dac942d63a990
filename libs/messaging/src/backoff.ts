/** A sleep that can be cut short, so stop() never waits out a backoff. */
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

  /** Ends the current sleep, or the next one if nobody sleeps right now. */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /** Forgets a wake-up that arrived while nobody slept (e.g. before a backoff that must be waited out). */
  reset(): void {
    this.woken = false;
  }
}

export function nextBackoff(current: number, initial: number, max: number): number {
  return current === 0 ? initial : Math.min(current * 2, max);
}
