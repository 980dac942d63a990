import { ApiError, apiErrorOf } from '@budget/contracts/http';

/** A service's (or the web server's) refusal: status, code, the Chinese message and field errors. */
export { ApiError };
export type { FieldError } from '@budget/contracts/http';

let csrfToken: string | undefined;

/** Set once the session is known; sent back on every state-changing request. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The header a state-changing request carries (none on reads, none before sign-in). */
export function csrfHeader(method: string): Record<string, string> {
  return method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** The web server's own routes (/auth/...). */
export async function authRequest<T>(path: string, options: { method?: 'GET' | 'POST'; json?: unknown } = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...csrfHeader(method) };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/auth${path}`, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json), credentials: 'same-origin' });
  if (!res.ok) throw await apiErrorOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
