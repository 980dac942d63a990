import { ApiError } from '../http';

/** One request the application made through its client, as the service would read it. */
export interface ApiCall {
  readonly method: string;
  readonly url: string;
  /** intake, review or reporting (from /api/<service>/…). */
  readonly service: string;
  /** The path within the service: `/sheets/s1/indicators`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body read back (text bodies as they are); undefined without one. */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

function response(status: number, body: unknown): Response {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  // jsdom has no fetch API classes: what the client reads of an answer, and no more.
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    headers: { get: () => null },
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(JSON.parse(text) as unknown),
  } as unknown as Response;
}

function bodyOf(init: RequestInit): unknown {
  if (typeof init.body !== 'string') return undefined;
  try {
    return JSON.parse(init.body) as unknown;
  } catch {
    return init.body;
  }
}

/**
 * The services, faked at the browser's fetch: every call of the application's typed client goes
 * to `answer`, which returns the answer's body, or throws an ApiError to answer with its status
 * and body (a 409, a 403). Returns the calls in order; `writes()` are those other than GET.
 */
export function fakeApi(answer: (call: ApiCall) => unknown) {
  const calls: ApiCall[] = [];
  const fetch = jest.fn(async (input: string, init: RequestInit = {}): Promise<Response> => {
    const url = input;
    const parsed = new URL(url, 'http://127.0.0.1');
    const [, , service = '', ...rest] = parsed.pathname.split('/');
    const call: ApiCall = {
      method: init.method ?? 'GET',
      url,
      service,
      path: `/${rest.map(decodeURIComponent).join('/')}`,
      query: Object.fromEntries(parsed.searchParams),
      body: bodyOf(init),
      headers: { ...(init.headers as Record<string, string> | undefined) },
    };
    calls.push(call);
    try {
      return response(200, await answer(call));
    } catch (error) {
      if (error instanceof ApiError) return response(error.status, error.body);
      throw error;
    }
  });
  globalThis.fetch = fetch as unknown as typeof globalThis.fetch;
  return { calls, writes: () => calls.filter((c) => c.method !== 'GET'), fetch };
}

/** A refusal as a service words it. */
export function refusal(status: number, code: string, message: string): ApiError {
  return new ApiError(status, { statusCode: status, code, message });
}
