import type { Actor } from '@budget/domain';
// The platform's entry point without Nest: Playwright's compiler cannot read Nest's parameter decorators.
import { issueToken, loadConfig } from '@budget/platform/tokens';
import { e2eEnv } from '../support/e2e-env';
import type { ServiceName } from '../support/stack';

export const ADMIN: Actor = { id: 'browser-admin', role: 'admin', name: '测试管理员' };

/** A request straight to a service of the stack, for set-up and for checking that nothing changed. */
export async function api<T = any>(service: ServiceName, method: string, path: string, opts: { actor?: Actor; json?: unknown; text?: string } = {}): Promise<{ status: number; body: T }> {
  const { jwt } = loadConfig();
  const headers: Record<string, string> = { authorization: `Bearer ${issueToken(jwt.secret!, jwt.issuer, opts.actor ?? ADMIN, 600)}` };
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.text !== undefined) {
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = opts.text;
  }
  const res = await fetch(`http://127.0.0.1:${e2eEnv().ports[service]}${path}`, { method, headers, body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
