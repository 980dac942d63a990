import type { Actor } from '@budget/domain';
import { issueToken, loadConfig } from '@budget/platform';
import { e2eEnv } from './e2e-env';
import type { ServiceName } from './stack';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export function token(actor: Actor): string {
  const { jwt } = loadConfig();
  return issueToken(jwt.secret, jwt.issuer, actor);
}

export const ADMIN: Actor = { id: 'e2e-admin', role: 'admin', name: '测试管理员' };

/** A request to one of the e2e services, as `actor` (or unauthenticated with actor null). */
export async function api<T = any>(
  service: ServiceName,
  method: string,
  path: string,
  opts: { actor?: Actor | null; json?: unknown; text?: string; rawBody?: string | Uint8Array; contentType?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const port = e2eEnv().ports[service];
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const actor = opts.actor === undefined ? ADMIN : opts.actor;
  if (actor) headers.authorization = `Bearer ${token(actor)}`;
  let body: string | Uint8Array | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.text !== undefined) {
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = opts.text;
  } else if (opts.rawBody !== undefined) {
    headers['content-type'] = opts.contentType ?? 'application/json';
    body = opts.rawBody;
  }
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // keep text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
  throw new Error(`timed out waiting for ${opts.what ?? 'a condition'}${lastError ? `: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}` : ''}`);
}
