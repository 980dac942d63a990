/**
 * kafkajs 2.2.4 keeps a 1-ms timer loop running on every broker connection, busy or idle: its
 * request queue's `scheduleCheckPendingRequests` arms a timer even when no request is pending, and
 * with no client-side throttle the delay is negative, so the timer fires at once, checks an empty
 * queue and arms itself again (tulios/kafkajs#1556, #1604, #1704; fix proposed in #1667, not
 * released). Measured here: ≈ 1,700 event-loop wake-ups a second and 35–60 ms of CPU a second per
 * idle service, and the same timers competing with the work under load.
 *
 * The replacement arms the timer only for a request that waits in the queue: a request held back
 * by client-side throttling is checked when the throttle ends, one held back by the in-flight limit
 * is sent when an in-flight one completes (kafkajs calls checkPendingRequests then), as before.
 */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own delay for a queued request while nothing throttles (CHECK_PENDING_REQUESTS_INTERVAL). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The version whose request queue this replaces; another version is left alone (and a unit test says so). */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';

function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

/** Installs the replacement once; true when kafkajs is the version it was written for. */
export function stopKafkajsIdleLoop(): boolean {
  /* eslint-disable @typescript-eslint/no-require-imports -- kafkajs exposes neither its version nor its request queue through its types */
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_KAFKAJS_VERSION) return false;
  const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };
  /* eslint-enable @typescript-eslint/no-require-imports */
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return true;
}
