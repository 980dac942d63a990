/** A service's error as the API states it: a code, a message for people, and field errors. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

/** Set once the session is known; sent back on every state-changing request. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export type Service = 'intake' | 'review' | 'reporting';

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly query?: Record<string, string | number | boolean | undefined | null>;
  readonly json?: unknown;
  readonly text?: string;
  /** A file as the body (an .xlsx upload), with its content type. */
  readonly file?: { readonly data: Blob; readonly contentType: string };
  readonly signal?: AbortSignal;
}

export function apiUrl(service: Service, path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/${service}${path}${qs ? `?${qs}` : ''}`;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON: a proxy or a crash; the status says enough
  }
  const message = typeof body.message === 'string' ? body.message : res.status >= 500 ? '服务暂时不可用，请稍后重试' : `请求失败（${res.status}）`;
  const fieldErrors = Array.isArray(body.fieldErrors) ? (body.fieldErrors as FieldError[]) : [];
  return new ApiError(res.status, typeof body.code === 'string' ? body.code : `HTTP_${res.status}`, message, fieldErrors, body);
}

/** One call to a service through the web server; JSON in and out, errors as ApiError. */
export async function request<T>(service: Service, path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: string | Blob | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = options.text;
  } else if (options.file !== undefined) {
    headers['content-type'] = options.file.contentType;
    body = options.file.data;
  }
  const res = await fetch(apiUrl(service, path, options.query), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** The web server's own routes (/auth/...). */
export async function authRequest<T>(path: string, options: { method?: 'GET' | 'POST'; json?: unknown } = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/auth${path}`, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json), credentials: 'same-origin' });
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
