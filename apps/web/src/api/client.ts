import { createHttpClient, type BudgetClient } from '@budget/contracts/http';
import { csrfHeader } from './http';

export type { AnswerOf, BodyOf, QueryOf, RequestOf } from '@budget/contracts/http';

const lost = new Set<() => void>();

/** Called when a service answers 401: the session ended (expired, signed out in another tab). */
export function onSessionLost(listener: () => void): () => void {
  lost.add(listener);
  return () => lost.delete(listener);
}

/** The browser's fetch (looked up on each call, so tests can put their own in its place); a 401 tells onSessionLost. */
const sessionFetch: typeof fetch = async (input, init) => {
  const res = await globalThis.fetch(input, init);
  if (res.status === 401) for (const listener of lost) listener();
  return res;
};

/**
 * The one client of the three services: the typed client of @budget/contracts through the web
 * server (`/api/<service>`), with the session cookie and, on writes, the CSRF token. It carries no
 * schemas, so the browser loads no zod: the services' answers are checked against the contracts by
 * the end-to-end tests (test/support/api.ts), not by every browser.
 */
export const api: BudgetClient = createHttpClient({
  baseUrl: '/api',
  credentials: 'same-origin',
  headers: ({ method }) => csrfHeader(method),
  fetch: sessionFetch,
});
