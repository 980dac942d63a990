export * from './errors';
export * from './common';
export * as wire from './wire';
export * as intake from './intake';
export * as review from './review';
export * as reporting from './reporting';
export * as deadLetters from './dead-letters';
export * from './routes';
export { ROUTE_TABLE, type RouteTable } from './route-table';
export * from './openapi';
export * from './client';

import type { z } from 'zod';
import type * as intakeContracts from './intake';
import type * as reportingContracts from './reporting';
import type * as reviewContracts from './review';

/** What the screens show, as the services answer it. */
export type Sheet = z.output<typeof intakeContracts.sheetView>;
export type Department = z.output<typeof intakeContracts.departmentView>;
export type ImportSummary = z.output<typeof intakeContracts.importSummary>;
export type Review = z.output<typeof reviewContracts.reviewView>;
export type ReviewSummary = z.output<typeof reviewContracts.reviewSummary>;
export type InboxItem = z.output<typeof reviewContracts.inboxItem>;
export type ReportTable = z.output<typeof reportingContracts.reportTable>;
export type TableDiff = z.output<typeof reportingContracts.tableDiff>;
export type SheetHistory = z.output<typeof reportingContracts.sheetHistory>;
/** What a form sends: amounts as 万元 text. */
export type CreateSheetInput = z.input<typeof intakeContracts.createSheetBody>;
export type EditSheetInput = z.input<typeof intakeContracts.editSheetBody>;
