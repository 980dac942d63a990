import type { z } from 'zod';
import type { ApiErrorBody } from './errors';
import { type HttpMethod, ROUTE_TABLE, type RouteAddress, type ServiceName } from './route-table';
import type { RouteContract, Routes } from './routes';

export type { HttpMethod, RouteAddress, ServiceName } from './route-table';
export type { RouteContract, Routes } from './routes';
export type { ApiErrorBody, FieldError } from './errors';

/*
 * The typed client without the schemas: what a route takes and answers comes from the contracts as
 * types only, and at run time it needs nothing but ROUTE_TABLE (service, method, path). The browser
 * imports this module (`@budget/contracts/http`) and so carries no zod; `createClient` of
 * client.ts binds the same calls to ROUTES and can check every answer against its schema.
 */

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
/** What a route answers, by service and name: `AnswerOf<'intake', 'getSheet'>` is the sheet as GET /sheets/:sheetId gives it. */
export type AnswerOf<S extends ServiceName, K extends keyof Routes[S]> = Routes[S][K] extends RouteContract ? ResponseOf<Routes[S][K]> : never;
/** The query a route takes, as sent (texts): `QueryOf<Routes['intake']['listSheets']>`. */
export type QueryOf<R extends RouteContract> = R['query'] extends z.ZodType ? z.input<R['query']> : never;
/** The body a route takes, as sent. */
export type BodyOf<R extends RouteContract> = R['textBody'] extends true ? string : R['xlsxBody'] extends true ? Blob | ArrayBuffer | Uint8Array : R['body'] extends z.ZodType ? z.input<R['body']> : never;

type Invoke<R extends RouteContract> = keyof (Params<R> & QueryArg<R> & BodyArg<R>) extends never
  ? (request?: RequestOf<R>) => Promise<ResponseOf<R>>
  : Record<never, never> extends Params<R> & BodyArg<R>
    ? (request?: RequestOf<R>) => Promise<ResponseOf<R>>
    : (request: RequestOf<R>) => Promise<ResponseOf<R>>;
/** A route as a function; its `url` is the address a link (a download) would open. */
export type Call<R extends RouteContract> = Invoke<R> & { readonly url: (request?: Partial<RequestOf<R>>) => string };

/** What a headers function is told about the request it is asked for. */
export interface OutgoingRequest {
  readonly service: ServiceName;
  readonly method: HttpMethod;
  /** The route's path (`/sheets/:sheetId`), not the filled-in one. */
  readonly path: string;
}

export interface ClientOptions {
  /** Where each service answers: `{ intake: '/api/intake', … }`, or one prefix (`/api` → `/api/intake`, `/api/review`, `/api/reporting`). */
  readonly baseUrl: string | Readonly<Record<ServiceName, string>>;
  readonly fetch?: typeof fetch;
  /**
   * Sent with every request (Authorization for the CLI, X-CSRF-Token for the browser); a function
   * is asked each time, with the request's service, method and route (the browser sends its CSRF
   * token only on writes).
   */
  readonly headers?: Record<string, string> | ((request: OutgoingRequest) => Record<string, string>);
  /** `include` or `same-origin` for cookies; default `same-origin`. */
  readonly credentials?: 'include' | 'same-origin' | 'omit';
  /** Parse every JSON answer with its schema, where the route has one (a drift between contract and service throws). Default: on unless NODE_ENV is production. */
  readonly validate?: boolean;
}

/** A route as the client calls it: its address, and its response schema where the caller has the schemas. */
export type CallableRoute = RouteAddress & { readonly body?: z.ZodType; readonly response?: z.ZodType };

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

function baseOf(route: RouteAddress, options: ClientOptions): string {
  return typeof options.baseUrl === 'string' ? `${options.baseUrl.replace(/\/$/, '')}/${route.service}` : options.baseUrl[route.service];
}

/** The address of one request of one route: base, path with its parameters, query string. */
export function routeUrl(route: RouteAddress, request: Record<string, unknown>, options: Pick<ClientOptions, 'baseUrl'>): string {
  const path = route.path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = request[name];
    if (typeof value !== 'string' || value === '') throw new TypeError(`${route.method} ${route.path}: ${name} is missing`);
    return encodeURIComponent(value);
  });
  return `${baseOf(route, options)}${path}${queryString(request.query as Record<string, unknown> | undefined)}`;
}

/** A failed answer's message: the service's own (JSON), else words by status, not a proxy's HTML page. */
function errorBodyOf(status: number, statusText: string, text: string): ApiErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && typeof (parsed as ApiErrorBody).message === 'string') return parsed as ApiErrorBody;
  const plain = text.trim();
  const readable = plain !== '' && plain.length <= 300 && !plain.startsWith('<');
  const message = readable ? plain : status >= 500 ? '服务暂时不可用，请稍后重试' : `请求失败（${status}${statusText ? ` ${statusText}` : ''}）`;
  return { statusCode: status, code: 'HTTP_ERROR', message, ...(readable || plain === '' ? {} : { text: plain.slice(0, 2000) }) };
}

/** A failed answer as an ApiError (for callers that fetch a route of their own, like the web server's /auth). */
export async function apiErrorOf(res: Response, service?: ServiceName): Promise<ApiError> {
  return new ApiError(res.status, errorBodyOf(res.status, res.statusText, await res.text()), service);
}

/** One request of one route; exported for callers that need a route the grouped client does not name. */
export async function callRoute(route: CallableRoute, request: Record<string, unknown>, options: ClientOptions): Promise<unknown> {
  const url = routeUrl(route, request, options);
  const headers: Record<string, string> = {
    accept: route.file ? '*/*' : 'application/json',
    ...(typeof options.headers === 'function' ? options.headers({ service: route.service, method: route.method, path: route.path }) : options.headers),
  };
  let body: RequestInit['body'] | undefined;
  if (route.xlsxBody) {
    headers['content-type'] = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    body = request.body as RequestInit['body'];
  } else if (route.textBody) {
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = request.body as string;
  } else if (route.body !== undefined || (route.method !== 'GET' && request.body !== undefined)) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body ?? {});
  }
  if (typeof request.ifMatch === 'string' || typeof request.ifMatch === 'number') headers['if-match'] = `"${request.ifMatch}"`;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let res: Response;
  try {
    res = await doFetch(url, {
      method: route.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      credentials: options.credentials ?? 'same-origin',
      ...(request.signal ? { signal: request.signal as AbortSignal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { statusCode: 0, code: 'UNREACHABLE', message: `无法连接 ${route.service} 服务（${baseOf(route, options)}）：${(error as Error).message}` }, route.service);
  }
  if (!res.ok) throw await apiErrorOf(res, route.service);
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
/** The routes a client is bound to: ROUTES (with schemas) or ROUTE_TABLE (addresses only); the same names. */
export type RouteSet = { readonly [S in ServiceName]: { readonly [K in keyof Routes[S]]: CallableRoute } };

/** The client over one set of routes, grouped by what a screen works with. */
export function bindClient(routes: RouteSet, options: ClientOptions) {
  const bind = <S extends ServiceName>(service: S): Bind<S> =>
    Object.fromEntries(
      Object.entries(routes[service] as Record<string, CallableRoute>).map(([name, route]) => {
        const call = (request: Record<string, unknown> = {}) => callRoute(route, request, options);
        return [name, Object.assign(call, { url: (request: Record<string, unknown> = {}) => routeUrl(route, request, options) })];
      }),
    ) as Bind<S>;
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
      carryForward: intake.carryForwardSheet,
      history: reporting.history,
    },
    departments: { carryForward: intake.carryForwardDepartment, batchReminder: intake.sendBatchReminder, list: intake.listDepartments, get: intake.getDepartment, register: intake.registerDepartment, addUnit: intake.addUnit, signOffChain: review.getSignOffChain, setSignOffChain: review.setSignOffChain },
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
    delegations: { list: review.listDelegations, grant: review.grantDelegation, revoke: review.revokeDelegation },
    inbox: { list: review.inbox, markRead: review.markRead },
    admin: {
      putContact: review.putContact,
      putWebhook: review.putWebhook,
      webhookDeadLetters: review.webhookDeadLetters,
      retryWebhookDeadLetter: review.retryWebhookDeadLetter,
      calendar: review.getLocalCalendar,
      setCalendarDay: review.setLocalCalendarDay,
      clearCalendarDay: review.clearLocalCalendarDay,
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
      departmentHistory: reporting.departmentHistory,
      verify: reporting.verify,
      status: reporting.status,
      events: reporting.events,
      deadLetters: reporting.deadLetters,
      checkpoints: reporting.checkpoints,
      signCheckpoints: reporting.signCheckpoints,
      publicKey: reporting.publicKey,
      exportSignature: reporting.exportSignature,
    },
    publications: {
      publish: reporting.publish,
      list: reporting.publications,
      export: reporting.publishedExport,
      diff: reporting.publishedDiff,
      reopen: reporting.reopenPublished,
    },
  };
}
export type BudgetClient = ReturnType<typeof bindClient>;

/** The typed client over the addresses alone: no schema, so no zod and no answer checks (the browser's). */
export function createHttpClient(options: ClientOptions): BudgetClient {
  return bindClient(ROUTE_TABLE, options);
}
