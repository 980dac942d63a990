import { Sleeper, nextBackoff } from './backoff';

describe('Sleeper', () => {
  it('is cut short by wake()', async () => {
    const sleeper = new Sleeper();
    const started = Date.now();
    const sleeping = sleeper.sleep(10_000);
    sleeper.wake();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('remembers a wake-up that came while nobody slept, unless reset', async () => {
    const sleeper = new Sleeper();
    sleeper.wake();
    const started = Date.now();
    await sleeper.sleep(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    sleeper.wake();
    sleeper.reset();
    const timed = Date.now();
    await sleeper.sleep(50);
    expect(Date.now() - timed).toBeGreaterThanOrEqual(40);
  });
});

describe('nextBackoff', () => {
  it('starts at the initial value, doubles, and stops at the ceiling', () => {
    const seen: number[] = [];
    let b = 0;
    for (let i = 0; i < 6; i += 1) seen.push((b = nextBackoff(b, 200, 1_000)));
    expect(seen).toEqual([200, 400, 800, 1_000, 1_000, 1_000]);
  });
});
