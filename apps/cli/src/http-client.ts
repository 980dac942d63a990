import { ApiError, type BudgetClient, createClient } from '@budget/contracts';
import { DEV_JWT_SECRET, issueToken, loadConfig } from '@budget/platform';
import type { Actor } from '@budget/domain';

export const SERVICES = {
  intake: process.env.INTAKE_URL ?? `http://127.0.0.1:${loadConfig().ports.intake}`,
  review: process.env.REVIEW_URL ?? `http://127.0.0.1:${loadConfig().ports.review}`,
  reporting: process.env.REPORTING_URL ?? `http://127.0.0.1:${loadConfig().ports.reporting}`,
} as const;
export type ServiceName = keyof typeof SERVICES;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * The CLI is a client like any other: it sends a bearer token. BUDGET_TOKEN wins; otherwise,
 * on a development machine, it signs a token for the given actor with the configured secret.
 */
export function tokenFor(actor: Actor): string {
  const given = process.env.BUDGET_TOKEN;
  if (given) return given;
  const config = loadConfig();
  if (config.jwt.secret === undefined || (process.env.NODE_ENV === 'production' && config.jwt.secret === DEV_JWT_SECRET)) {
    throw new CliError('Set BUDGET_TOKEN (an access token of the organisation\'s OpenID Connect provider): development tokens are not issued in production.');
  }
  return issueToken(config.jwt.secret, config.jwt.issuer, actor, 3600);
}

export const CLI_ADMIN: Actor = { id: 'cli-admin', role: 'admin', name: '系统管理员 (CLI)' };

export interface HttpResult<T> {
  readonly status: number;
  readonly body: T;
}

export async function request<T = unknown>(
  service: ServiceName,
  method: string,
  path: string,
  opts: { actor?: Actor; json?: unknown; text?: string; bytes?: { data: Uint8Array; contentType: string }; timeoutMs?: number } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.actor) headers.authorization = `Bearer ${tokenFor(opts.actor)}`;
  let body: string | Uint8Array | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.text !== undefined) {
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = opts.text;
  } else if (opts.bytes !== undefined) {
    headers['content-type'] = opts.bytes.contentType;
    body = opts.bytes.data;
  }
  let res: Response;
  try {
    res = await fetch(`${SERVICES[service]}${path}`, { method, headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
  } catch (e) {
    throw new CliError(`${service} is not reachable at ${SERVICES[service]} (${(e as Error).message}). Is it running? Try: npm start`);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T };
}

export function failOnError(service: ServiceName, result: HttpResult<unknown>): void {
  if (result.status >= 400) {
    const b = result.body as { message?: string; code?: string; fieldErrors?: { field: string; message: string }[] } | string;
    const detail =
      typeof b === 'object' && b !== null
        ? `${b.code ?? ''} ${b.message ?? ''}${b.fieldErrors ? '\n' + b.fieldErrors.map((f) => `  ${f.field}: ${f.message}`).join('\n') : ''}`
        : String(b);
    throw new CliError(`${service} answered ${result.status}: ${detail.trim()}`);
  }
}

/** The typed client of the services, signed in as `actor` (none: public routes only). */
export function clientAs(actor: Actor | null, opts: { timeoutMs?: number } = {}): BudgetClient {
  return createClient({
    baseUrl: SERVICES,
    headers: (): Record<string, string> => (actor ? { authorization: `Bearer ${tokenFor(actor)}` } : {}),
    fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(opts.timeoutMs ?? 30_000) }),
  });
}

/** Awaits a client call; a refusal or an unreachable service becomes a CliError in the words failOnError uses. */
export async function orFail<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const service = error.service ?? 'service';
    if (error.status === 0) throw new CliError(`${service} is not reachable at ${SERVICES[error.service ?? 'intake']} (${error.message}). Is it running? Try: npm start`);
    const fields = error.fieldErrors.length > 0 ? '\n' + error.fieldErrors.map((f) => `  ${f.field}: ${f.message}`).join('\n') : '';
    throw new CliError(`${service} answered ${error.status}: ${`${error.code} ${error.message}${fields}`.trim()}`);
  }
}
