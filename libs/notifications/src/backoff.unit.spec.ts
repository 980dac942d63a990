import { Sleeper, TimeoutError, isFinalAttempt, nextBackoff, retryDelays, totalRetryWindowMs, withTimeout } from './backoff';
import { DEFAULT_NOTIFICATIONS_CONFIG } from './config';

describe('retry schedule (BullMQ exponential backoff)', () => {
  it('doubles from the base delay, one wait fewer than attempts', () => {
    expect(retryDelays(4, 100)).toEqual([100, 200, 400]);
    expect(retryDelays(1, 100)).toEqual([]);
  });

  it('gives the default webhook policy about ten minutes before dead-lettering', () => {
    const { attempts, backoffMs } = DEFAULT_NOTIFICATIONS_CONFIG.webhook;
    expect(retryDelays(attempts, backoffMs)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000]);
    expect(totalRetryWindowMs(attempts, backoffMs)).toBe(635_000);
  });

  it('knows the last attempt from the earlier failures', () => {
    expect(isFinalAttempt(0, 3)).toBe(false);
    expect(isFinalAttempt(1, 3)).toBe(false);
    expect(isFinalAttempt(2, 3)).toBe(true);
    expect(isFinalAttempt(0, undefined)).toBe(true);
  });

  it('the dispatcher backs off from the initial delay to its ceiling', () => {
    const seen: number[] = [];
    let b = 0;
    for (let i = 0; i < 6; i += 1) seen.push((b = nextBackoff(b, 200, 2_000)));
    expect(seen).toEqual([200, 400, 800, 1_600, 2_000, 2_000]);
  });
});

describe('Sleeper and withTimeout', () => {
  it('a wake cuts a sleep short, and a wake with nobody sleeping skips the next sleep', async () => {
    const sleeper = new Sleeper();
    const started = Date.now();
    const sleeping = sleeper.sleep(10_000);
    sleeper.wake();
    await sleeping;
    sleeper.wake();
    await sleeper.sleep(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects with a TimeoutError when the promise is late, passes the value when not', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'a call')).rejects.toBeInstanceOf(TimeoutError);
    await expect(withTimeout(Promise.resolve(7), 1_000, 'a call')).resolves.toBe(7);
  });
});
