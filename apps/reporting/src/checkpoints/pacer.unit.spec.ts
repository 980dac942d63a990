import { Pacer, type PacerClock } from './pacer';

/** A clock the test moves: `work(ms)` is the run's own time, pauses move it by what was asked. */
function fakeClock(): PacerClock & { work(ms: number): void; pauses: number[] } {
  let t = 0;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => t,
    work: (ms) => {
      t += ms;
    },
    pause: (ms) => {
      pauses.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

/** A pacer with a 10-ms slice on a fake clock. */
function paced(share: number): { clock: ReturnType<typeof fakeClock>; pacer: Pacer } {
  const clock = fakeClock();
  return { clock, pacer: new Pacer(share, clock, 10) };
}

describe('Pacer', () => {
  it('given a run within its slice, when it breathes, then it goes on without pausing', async () => {
    const { clock, pacer } = paced(0.25);
    clock.work(4);
    await pacer.breathe();
    clock.work(5);
    await pacer.breathe();
    expect(clock.pauses).toEqual([]);
  });

  it('given a run that used its slice, when it breathes, then it pauses three times as long at a quarter share', async () => {
    const { clock, pacer } = paced(0.25);
    clock.work(12);
    await pacer.breathe();
    expect(clock.pauses).toEqual([36]);
    // The next slice counts from the end of the pause.
    clock.work(9);
    await pacer.breathe();
    expect(clock.pauses).toEqual([36]);
  });

  it('given many slices, then the run takes its share of the wall time', async () => {
    const { clock, pacer } = paced(0.25);
    for (let i = 0; i < 1_000; i++) {
      clock.work(1.5);
      await pacer.breathe();
    }
    const ran = 1_500;
    expect(ran / clock.now()).toBeCloseTo(0.25, 2);
  });

  it('given share 1, when it breathes after a slice, then it only lets the loop turn', async () => {
    const { clock, pacer } = paced(1);
    clock.work(30);
    await pacer.breathe();
    expect(clock.pauses).toEqual([0]);
  });

  it('given a slow query in the slice, then the pause is capped at 5 s', async () => {
    const { clock, pacer } = paced(0.25);
    clock.work(60_000);
    await pacer.breathe();
    expect(clock.pauses).toEqual([5_000]);
  });

  it('refuses a share outside (0, 1]', () => {
    expect(() => new Pacer(0)).toThrow(/share/);
    expect(() => new Pacer(1.5)).toThrow(/share/);
  });
});
