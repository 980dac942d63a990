import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from 'pg';

/** What one HTTP request has cost so far. */
export interface RequestCost {
  statements: number;
}

const requestCost = new AsyncLocalStorage<RequestCost>();

/** Runs `work` counting the SQL statements it sends (through any pool: TypeORM's, the event store's, the read pool). */
export function countingStatements<T>(cost: RequestCost, work: () => T): T {
  return requestCost.run(cost, work);
}

type Listener = (inRequest: boolean) => void;
let listeners: Listener[] = [];
let installed = false;

/**
 * Counts every statement this process sends to PostgreSQL, attributed to the HTTP request in hand
 * when there is one. pg's Client.query is the one door every pool and every transaction goes
 * through (TypeORM's driver, the event store, the consumers), so it is wrapped once, in place, as
 * OpenTelemetry's pg instrumentation does; `onStatement` listeners see each call.
 */
export function onStatement(listener: Listener): () => void {
  if (!installed) {
    installed = true;
    const query = (Object.getOwnPropertyDescriptor(Client.prototype, 'query') as { value: (...args: unknown[]) => unknown }).value;
    Client.prototype.query = function countedQuery(this: Client, ...args: unknown[]) {
      const cost = requestCost.getStore();
      if (cost) cost.statements += 1;
      for (const l of listeners) l(cost !== undefined);
      return query.apply(this, args);
    } as typeof Client.prototype.query;
  }
  listeners.push(listener);
  return () => {
    listeners = listeners.filter((l) => l !== listener);
  };
}
