import type { z } from 'zod';
import type { ApiErrorBody } from './errors';
import { ROUTES, type RouteContract, type Routes, type ServiceName } from './routes';

/** A 4xx/5xx answer (or an unreachable service: status 0), with the service's Chinese message and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly service?: ServiceName,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.body.code;
  }
  get fieldErrors(): readonly { field: string; message: string }[] {
    return this.body.fieldErrors ?? [];
  }
}

/** A file from /export, with what the service says about it. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly contentType: string;
  /** From Content-Disposition (the UTF-8 name). */
  readonly fileName: string | null;
  readonly headers: Headers;
}

type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | PathParamNames<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;
type Params<R extends RouteContract> = { [K in PathParamNames<R['path']>]: string };
type QueryArg<R extends RouteContract> = R['query'] extends z.ZodType ? { query?: z.input<R['query']> } : unknown;
type BodyArg<R extends RouteContract> = R['textBody'] extends true ? { body: string } : R['xlsxBody'] extends true ? { body: Blob | ArrayBuffer | Uint8Array } : R['body'] extends z.ZodType ? { body: z.input<R['body']> } : unknown;
type Extra = { ifMatch?: string | number; signal?: AbortSignal };
export type RequestOf<R extends RouteContract> = Params<R> & QueryArg<R> & BodyArg<R> & Extra;
export type ResponseOf<R extends RouteContract> = R['file'] extends true ? DownloadedFile : R['response'] extends z.ZodType ? z.output<R['response']> : unknown;

type Call<R extends RouteContract> = keyof (Params<R> & QueryArg<R> & BodyArg<R>) extends never
  ? (request?: RequestOf<R>) => Promise<ResponseOf<R>>
  : Record<never, never> extends Params<R> & BodyArg<R>
    ? (request?: RequestOf<R>) => Promise<ResponseOf<R>>
    : (request: RequestOf<R>) => Promise<ResponseOf<R>>;

export interface ClientOptions {
  /** Where each service answers: `{ intake: '/api/intake', … }`, or one prefix (`/api` → `/api/intake`, `/api/review`, `/api/reporting`). */
  readonly baseUrl: string | Readonly<Record<ServiceName, string>>;
  readonly fetch?: typeof fetch;
  /** Sent with every request (Authorization for the CLI, X-CSRF-Token for the browser); a function is asked each time. */
  readonly headers?: Record<string, string> | (() => Record<string, string>);
  /** `include` or `same-origin` for cookies; default `same-origin`. */
  readonly credentials?: 'include' | 'same-origin' | 'omit';
  /** Parse every JSON answer with its schema (a drift between contract and service throws). Default: on unless NODE_ENV is production. */
  readonly validate?: boolean;
}

function defaultValidate(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.NODE_ENV !== 'production';
}

function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) return decodeURIComponent(star[1]);
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? null;
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** One request of one route; exported for callers that need a route the grouped client does not name. */
export async function callRoute(route: RouteContract, request: Record<string, unknown>, options: ClientOptions): Promise<unknown> {
  const base = typeof options.baseUrl === 'string' ? `${options.baseUrl.replace(/\/$/, '')}/${route.service}` : options.baseUrl[route.service];
  const path = route.path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = request[name];
    if (typeof value !== 'string' || value === '') throw new TypeError(`${route.method} ${route.path}: ${name} is missing`);
    return encodeURIComponent(value);
  });
  const headers: Record<string, string> = { accept: route.file ? '*/*' : 'application/json', ...(typeof options.headers === 'function' ? options.headers() : options.headers) };
  let body: RequestInit['body'] | undefined;
  if (route.xlsxBody) {
    headers['content-type'] = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    body = request.body as RequestInit['body'];
  } else if (route.textBody) {
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = request.body as string;
  } else if (route.body) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body ?? {});
  }
  if (typeof request.ifMatch === 'string' || typeof request.ifMatch === 'number') headers['if-match'] = `"${request.ifMatch}"`;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let res: Response;
  try {
    res = await doFetch(`${base}${path}${queryString(request.query as Record<string, unknown> | undefined)}`, {
      method: route.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      credentials: options.credentials ?? 'same-origin',
      ...(request.signal ? { signal: request.signal as AbortSignal } : {}),
    });
  } catch (error) {
    throw new ApiError(0, { statusCode: 0, code: 'UNREACHABLE', message: `无法连接 ${route.service} 服务（${base}）：${(error as Error).message}` }, route.service);
  }
  if (!res.ok) {
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const errorBody = typeof parsed === 'object' && parsed !== null && typeof (parsed as ApiErrorBody).message === 'string' ? (parsed as ApiErrorBody) : { statusCode: res.status, code: 'HTTP_ERROR', message: text || res.statusText };
    throw new ApiError(res.status, errorBody, route.service);
  }
  if (route.file) {
    return { blob: await res.blob(), contentType: res.headers.get('content-type') ?? '', fileName: fileNameOf(res.headers.get('content-disposition')), headers: res.headers } satisfies DownloadedFile;
  }
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (route.response && (options.validate ?? defaultValidate())) {
    const checked = route.response.safeParse(json);
    if (!checked.success) {
      throw new TypeError(`${route.service} ${route.method} ${route.path}: the answer does not fit its contract: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return checked.data;
  }
  return json;
}

type Bind<S extends ServiceName> = { [K in keyof Routes[S]]: Routes[S][K] extends RouteContract ? Call<Routes[S][K]> : never };

/**
 * The typed client of the three services, grouped by what a screen works with. Every function
 * takes one object: path parameters by name, `query`, `body`, optionally `ifMatch`.
 */
export function createClient(options: ClientOptions) {
  const bind = <S extends ServiceName>(service: S): Bind<S> =>
    Object.fromEntries(Object.entries(ROUTES[service]).map(([name, route]) => [name, (request: Record<string, unknown> = {}) => callRoute(route as RouteContract, request, options)])) as Bind<S>;
  const intake = bind('intake');
  const review = bind('review');
  const reporting = bind('reporting');
  return {
    intake,
    review,
    reporting,
    sheets: {
      list: intake.listSheets,
      get: intake.getSheet,
      events: intake.sheetEvents,
      create: intake.createSheet,
      edit: intake.editSheet,
      addIndicator: intake.addIndicator,
      changeIndicator: intake.changeIndicator,
      removeIndicator: intake.removeIndicator,
      reorderIndicators: intake.reorderIndicators,
      submit: intake.submitSheet,
      withdraw: intake.withdrawSheet,
      reopen: intake.reopenSheet,
      history: reporting.history,
    },
    departments: { list: intake.listDepartments, get: intake.getDepartment, register: intake.registerDepartment, addUnit: intake.addUnit, signOffChain: review.getSignOffChain, setSignOffChain: review.setSignOffChain },
    imports: { create: intake.importTable },
    fillTemplate: { download: intake.downloadFillTemplate, upload: intake.uploadFillTemplate },
    tasks: { list: review.tasks },
    reviews: {
      list: review.listReviews,
      get: review.getReview,
      acknowledgeWarnings: review.acknowledgeWarnings,
      decideWaiver: review.decideWaiver,
      approve: review.approve,
      requestRevision: review.requestRevision,
      grade: review.grade,
    },
    inbox: { list: review.inbox, markRead: review.markRead },
    admin: {
      putContact: review.putContact,
      putWebhook: review.putWebhook,
      webhookDeadLetters: review.webhookDeadLetters,
      retryWebhookDeadLetter: review.retryWebhookDeadLetter,
      deliveries: review.deliveries,
      startRebuild: reporting.startRebuild,
      rebuildStatus: reporting.rebuildStatus,
    },
    report: {
      departments: reporting.departments,
      table: reporting.table,
      export: reporting.export,
      diff: reporting.diff,
      progress: reporting.progress,
      history: reporting.history,
      verify: reporting.verify,
      status: reporting.status,
      events: reporting.events,
      deadLetters: reporting.deadLetters,
    },
  };
}
export type BudgetClient = ReturnType<typeof createClient>;
