import { type RouteContract, routesOf } from '@budget/contracts';
import type { Actor } from '@budget/domain';
import { hs256Secret, issueToken, loadConfig } from '@budget/platform';
import { e2eEnv } from './e2e-env';
import type { ServiceName } from './stack';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export function token(actor: Actor): string {
  const { jwt } = loadConfig();
  return issueToken(hs256Secret(jwt), jwt.issuer, actor);
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
  const send = () => fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body, signal: AbortSignal.timeout(60_000) });
  let res: Response;
  try {
    res = await send();
  } catch (error) {
    // A pooled keep-alive socket the service closed after its idle timeout (5 s) fails the first
    // request of a spec that started long after the global setup's health checks; once more on a new socket.
    if (!/other side closed/.test(String((error as { cause?: unknown }).cause))) throw error;
    res = await send();
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // keep text
  }
  if (res.ok) checkContract(service, method, path, parsed);
  return { status: res.status, body: parsed as T, headers: res.headers };
}

const patterns = new Map<string, { route: RouteContract; pattern: RegExp }[]>();

/** Every successful JSON answer of the e2e tests must fit the response schema of its route in @budget/contracts. */
function checkContract(service: ServiceName, method: string, path: string, body: unknown): void {
  if (!patterns.has(service)) {
    patterns.set(
      service,
      routesOf(service).map((route) => ({ route, pattern: new RegExp(`^${route.path.replace(/:\w+/g, '[^/]+')}$`) })),
    );
  }
  const bare = path.split('?')[0]!;
  // A literal segment wins over a parameter (PUT /sheets/:id/indicators/order).
  const matches = patterns.get(service)!.filter((p) => p.route.method === method.toUpperCase() && p.pattern.test(bare));
  const found = matches.find((p) => !p.route.path.includes(':')) ?? matches.sort((a, b) => b.route.path.split(':').length - a.route.path.split(':').length).reverse()[0];
  if (!found?.route.response) return;
  const checked = found.route.response.safeParse(body);
  if (!checked.success) {
    throw new Error(`${service} ${method} ${path}: the answer does not fit its contract: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
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
