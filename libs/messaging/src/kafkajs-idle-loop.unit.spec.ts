import { PATCHED_KAFKAJS_VERSION, stopKafkajsIdleLoop } from './kafkajs-idle-loop';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the request queue is internal to kafkajs
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (opts: object) => Queue;

interface Queue {
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  inflight: Map<number, unknown>;
  push(request: { entry: { correlationId: number; apiName: string; apiKey: number; apiVersion: number; resolve: () => void; reject: () => void }; expectResponse: boolean; sendRequest: () => void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  maybeThrottle(ms: number): void;
  destroy(): void;
}

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function queue(): Queue {
  return new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'test', broker: 'b:9092', logger: silent });
}

function request(correlationId: number, sent: number[]): Parameters<Queue['push']>[0] {
  return { entry: { correlationId, apiName: 'Fetch', apiKey: 1, apiVersion: 11, resolve: () => undefined, reject: () => undefined }, expectResponse: true, sendRequest: () => sent.push(correlationId) };
}

describe('kafkajs request queue without its idle timer loop', () => {
  beforeAll(() => {
    expect(stopKafkajsIdleLoop()).toBe(true);
  });

  it('is written for the kafkajs version installed (upgrading kafkajs means looking at this again)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect((require('kafkajs/package.json') as { version: string }).version).toBe(PATCHED_KAFKAJS_VERSION);
  });

  it('given a response and nothing queued, then no timer is left armed (kafkajs 2.2.4 re-armed a 1-ms one forever)', () => {
    const q = queue();
    const sent: number[] = [];
    q.push(request(1, sent));
    q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1]);
    expect(q.throttleCheckTimeoutId).toBeNull();
    q.destroy();
  });

  it('given a request held back by the in-flight limit, then it is sent when the one in flight completes, and no timer stays armed', async () => {
    jest.useFakeTimers();
    try {
      const q = queue();
      const sent: number[] = [];
      q.push(request(1, sent));
      q.push(request(2, sent));
      expect(sent).toEqual([1]);
      q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
      expect(sent).toEqual([1, 2]);
      q.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });
      // The check armed while request 2 waited fires once, finds nothing queued, and is not armed again.
      await jest.advanceTimersByTimeAsync(100);
      expect(q.throttleCheckTimeoutId).toBeNull();
      expect(jest.getTimerCount()).toBe(0);
      q.destroy();
    } finally {
      jest.useRealTimers();
    }
  });

  it('given client-side throttling, then a queued request is sent when the throttle ends, and the timer is not re-armed', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const q = queue();
      const sent: number[] = [];
      q.maybeThrottle(500);
      q.push(request(1, sent));
      expect(sent).toEqual([]);
      expect(q.throttleCheckTimeoutId).not.toBeNull();
      await jest.advanceTimersByTimeAsync(499);
      expect(sent).toEqual([]);
      await jest.advanceTimersByTimeAsync(2);
      expect(sent).toEqual([1]);
      expect(q.throttleCheckTimeoutId).toBeNull();
      expect(jest.getTimerCount()).toBe(0);
      q.destroy();
    } finally {
      jest.useRealTimers();
    }
  });
});
