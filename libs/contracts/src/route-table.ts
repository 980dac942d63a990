export type ServiceName = 'intake' | 'review' | 'reporting';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Where each route answers and how it is called: the part of the contracts the client needs at
 * run time. It holds no schema, so a client built on it (the browser's) carries no zod; the
 * schemas, summaries and statuses are added in routes.ts, which spreads each entry of this table.
 */
export interface RouteAddress {
  readonly service: ServiceName;
  readonly method: HttpMethod;
  /** Express style: `/sheets/:sheetId`. */
  readonly path: string;
  /** If-Match carries the version the client saw, as an alternative to expectedVersion. */
  readonly ifMatch?: true;
  /** The body is text (the published table), not JSON. */
  readonly textBody?: true;
  /** The body is an Excel workbook (.xlsx bytes), not JSON. */
  readonly xlsxBody?: true;
  /** A file (the export), not JSON. */
  readonly file?: true;
}

export const ROUTE_TABLE = {
  intake: {
    health: { service: 'intake', method: 'GET', path: '/health' },
    live: { service: 'intake', method: 'GET', path: '/live' },
    ready: { service: 'intake', method: 'GET', path: '/ready' },
    openapi: { service: 'intake', method: 'GET', path: '/openapi.json' },
    deadLetters: { service: 'intake', method: 'GET', path: '/dead-letters' },
    replayDeadLetters: { service: 'intake', method: 'POST', path: '/dead-letters/replay' },
    listSheets: { service: 'intake', method: 'GET', path: '/sheets' },
    getSheet: { service: 'intake', method: 'GET', path: '/sheets/:sheetId' },
    sheetEvents: { service: 'intake', method: 'GET', path: '/sheets/:sheetId/events' },
    createSheet: { service: 'intake', method: 'POST', path: '/sheets' },
    editSheet: { service: 'intake', method: 'PATCH', path: '/sheets/:sheetId', ifMatch: true },
    addIndicator: { service: 'intake', method: 'POST', path: '/sheets/:sheetId/indicators', ifMatch: true },
    changeIndicator: { service: 'intake', method: 'PATCH', path: '/sheets/:sheetId/indicators/:indicatorId', ifMatch: true },
    removeIndicator: { service: 'intake', method: 'DELETE', path: '/sheets/:sheetId/indicators/:indicatorId', ifMatch: true },
    reorderIndicators: { service: 'intake', method: 'PUT', path: '/sheets/:sheetId/indicators/order', ifMatch: true },
    submitSheet: { service: 'intake', method: 'POST', path: '/sheets/:sheetId/submit', ifMatch: true },
    withdrawSheet: { service: 'intake', method: 'POST', path: '/sheets/:sheetId/withdraw', ifMatch: true },
    reopenSheet: { service: 'intake', method: 'POST', path: '/sheets/:sheetId/reopen', ifMatch: true },
    carryForwardSheet: { service: 'intake', method: 'POST', path: '/sheets/:sheetId/carry-forward' },
    carryForwardDepartment: { service: 'intake', method: 'POST', path: '/departments/:departmentId/carry-forward' },
    sendBatchReminder: { service: 'intake', method: 'POST', path: '/departments/:departmentId/batch-reminders' },
    importTable: { service: 'intake', method: 'POST', path: '/imports', textBody: true },
    downloadFillTemplate: { service: 'intake', method: 'GET', path: '/fill-template', file: true },
    uploadFillTemplate: { service: 'intake', method: 'POST', path: '/fill-template', xlsxBody: true },
    listDepartments: { service: 'intake', method: 'GET', path: '/departments' },
    getDepartment: { service: 'intake', method: 'GET', path: '/departments/:departmentId' },
    registerDepartment: { service: 'intake', method: 'POST', path: '/departments' },
    addUnit: { service: 'intake', method: 'POST', path: '/departments/:departmentId/units' },
  },
  review: {
    health: { service: 'review', method: 'GET', path: '/health' },
    live: { service: 'review', method: 'GET', path: '/live' },
    ready: { service: 'review', method: 'GET', path: '/ready' },
    openapi: { service: 'review', method: 'GET', path: '/openapi.json' },
    deadLetters: { service: 'review', method: 'GET', path: '/dead-letters' },
    replayDeadLetters: { service: 'review', method: 'POST', path: '/dead-letters/replay' },
    tasks: { service: 'review', method: 'GET', path: '/tasks' },
    listReviews: { service: 'review', method: 'GET', path: '/reviews' },
    getReview: { service: 'review', method: 'GET', path: '/reviews/:reviewId' },
    acknowledgeWarnings: { service: 'review', method: 'POST', path: '/reviews/:reviewId/acknowledge-warnings', ifMatch: true },
    decideWaiver: { service: 'review', method: 'POST', path: '/reviews/:reviewId/waivers', ifMatch: true },
    approve: { service: 'review', method: 'POST', path: '/reviews/:reviewId/approve', ifMatch: true },
    requestRevision: { service: 'review', method: 'POST', path: '/reviews/:reviewId/request-revision', ifMatch: true },
    grade: { service: 'review', method: 'POST', path: '/reviews/:reviewId/grade', ifMatch: true },
    getSignOffChain: { service: 'review', method: 'GET', path: '/departments/:departmentId/sign-off-chain' },
    setSignOffChain: { service: 'review', method: 'PUT', path: '/departments/:departmentId/sign-off-chain' },
    grantDelegation: { service: 'review', method: 'POST', path: '/delegations' },
    revokeDelegation: { service: 'review', method: 'POST', path: '/delegations/:delegationId/revoke' },
    listDelegations: { service: 'review', method: 'GET', path: '/delegations' },
    getLocalCalendar: { service: 'review', method: 'GET', path: '/calendar' },
    setLocalCalendarDay: { service: 'review', method: 'PUT', path: '/calendar/days/:date' },
    clearLocalCalendarDay: { service: 'review', method: 'POST', path: '/calendar/days/:date/clear' },
    sweepDeadlines: { service: 'review', method: 'POST', path: '/deadlines/sweep' },
    inbox: { service: 'review', method: 'GET', path: '/inbox' },
    markRead: { service: 'review', method: 'POST', path: '/inbox/read' },
    putContact: { service: 'review', method: 'PUT', path: '/contacts/:userId' },
    putWebhook: { service: 'review', method: 'PUT', path: '/webhooks/:id' },
    webhookDeadLetters: { service: 'review', method: 'GET', path: '/webhooks/dead-letters' },
    retryWebhookDeadLetter: { service: 'review', method: 'POST', path: '/webhooks/dead-letters/:id/retry' },
    deliveries: { service: 'review', method: 'GET', path: '/notifications' },
  },
  reporting: {
    health: { service: 'reporting', method: 'GET', path: '/health' },
    live: { service: 'reporting', method: 'GET', path: '/live' },
    ready: { service: 'reporting', method: 'GET', path: '/ready' },
    openapi: { service: 'reporting', method: 'GET', path: '/openapi.json' },
    deadLetters: { service: 'reporting', method: 'GET', path: '/dead-letters' },
    replayDeadLetters: { service: 'reporting', method: 'POST', path: '/dead-letters/replay' },
    departments: { service: 'reporting', method: 'GET', path: '/departments' },
    table: { service: 'reporting', method: 'GET', path: '/table' },
    export: { service: 'reporting', method: 'GET', path: '/export', file: true },
    diff: { service: 'reporting', method: 'GET', path: '/diff' },
    progress: { service: 'reporting', method: 'GET', path: '/progress' },
    history: { service: 'reporting', method: 'GET', path: '/sheets/:sheetId/history' },
    departmentHistory: { service: 'reporting', method: 'GET', path: '/departments/:departmentId/history' },
    verify: { service: 'reporting', method: 'GET', path: '/verify' },
    status: { service: 'reporting', method: 'GET', path: '/status' },
    events: { service: 'reporting', method: 'GET', path: '/events' },
    checkpoints: { service: 'reporting', method: 'GET', path: '/checkpoints' },
    signCheckpoints: { service: 'reporting', method: 'POST', path: '/checkpoints' },
    publicKey: { service: 'reporting', method: 'GET', path: '/checkpoints/public-key' },
    exportSignature: { service: 'reporting', method: 'GET', path: '/exports/:exportId/signature' },
    startRebuild: { service: 'reporting', method: 'POST', path: '/rebuild' },
    rebuildStatus: { service: 'reporting', method: 'GET', path: '/rebuild' },
    publish: { service: 'reporting', method: 'POST', path: '/departments/:departmentId/publications' },
    publications: { service: 'reporting', method: 'GET', path: '/departments/:departmentId/publications' },
    publishedDiff: { service: 'reporting', method: 'GET', path: '/departments/:departmentId/publications/diff' },
    publishedExport: { service: 'reporting', method: 'GET', path: '/departments/:departmentId/publications/:version/export', file: true },
    reopenPublished: { service: 'reporting', method: 'POST', path: '/departments/:departmentId/publications/sheets/:sheetId/reopen' },
  },
} as const satisfies Readonly<Record<ServiceName, Readonly<Record<string, RouteAddress>>>>;

export type RouteTable = typeof ROUTE_TABLE;
