import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/** The share of the wall time a scheduled signing run may take: the consumer in the same process keeps the rest. */
export const SCHEDULED_SIGNING_SHARE = 0.25;

/** How long a run may hold the event loop before it lets the process's other work in. */
const PACER_SLICE_MS = 10;

/** The longest single pause, so a run after a slow query does not sleep for minutes. */
const MAX_PAUSE_MS = 5_000;

export interface PacerClock {
  now(): number;
  pause(ms: number): Promise<void>;
}

const REAL_CLOCK: PacerClock = {
  now: () => performance.now(),
  pause: (ms) => (ms > 0 ? sleep(ms) : nextTurn()).then(() => undefined),
};

/**
 * Keeps a long background run (a checkpoint signing over tens of thousands of events) from
 * starving the work that shares its process and database: the run calls `breathe()` between its
 * steps; once it has run for a slice (its own code and the queries it awaited), `breathe` lets the
 * event loop turn and pauses so that the run takes at most `share` of the wall time. With share 1
 * it only lets the loop turn (a signing someone asked for and waits on).
 */
export class Pacer {
  private sliceStart: number;

  constructor(
    private readonly share: number,
    private readonly clock: PacerClock = REAL_CLOCK,
    private readonly sliceMs = PACER_SLICE_MS,
  ) {
    if (!(share > 0 && share <= 1)) throw new Error(`a pacer's share is in (0, 1], got ${share}`);
    this.sliceStart = clock.now();
  }

  async breathe(): Promise<void> {
    const ran = this.clock.now() - this.sliceStart;
    if (ran < this.sliceMs) return;
    await this.clock.pause(Math.min(MAX_PAUSE_MS, (ran * (1 - this.share)) / this.share));
    this.sliceStart = this.clock.now();
  }
}

/** A signing someone asked for: it lets the loop turn between slices, without pausing. */
export const unpaced = (): Pacer => new Pacer(1);
