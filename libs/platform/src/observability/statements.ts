import { AsyncLocalStorage } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
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
      if (tally) tallyStatement(args[0]);
      return query.apply(this, args);
    } as typeof Client.prototype.query;
  }
  listeners.push(listener);
  return () => {
    listeners = listeners.filter((l) => l !== listener);
  };
}

/**
 * BUDGET_STATEMENT_TALLY=<path prefix>: a debugging aid that counts statements by their text (its first
 * 160 characters, whitespace folded) and writes the tally to `<prefix>-<pid>.json` every 2 s. Off by default.
 */
const tallyPath = process.env.BUDGET_STATEMENT_TALLY;
const tally: Map<string, number> | undefined = tallyPath ? new Map() : undefined;

function tallyStatement(arg: unknown): void {
  const text = typeof arg === 'string' ? arg : ((arg as { text?: string } | null)?.text ?? String(arg));
  const key = text.replace(/\s+/g, ' ').slice(0, 160);
  tally!.set(key, (tally!.get(key) ?? 0) + 1);
}

if (tally && tallyPath) {
  setInterval(() => {
    const sorted = Object.fromEntries([...tally].sort((a, b) => b[1] - a[1]));
    writeFileSync(`${tallyPath}-${process.pid}.json`, JSON.stringify({ argv: process.argv.slice(1), statements: sorted }, null, 1));
  }, 2_000).unref();
}
