import { type Command } from '../core/decider';
import { type DomainEvent } from '../events/envelope';
import { type TableDiff } from '../report/report.diff';
import { type ReportTable, type StreamHead } from '../report/report.types';
import { type SheetStatus } from '../sheet/sheet.types';

/** One sheet of the department's year as the publisher sees it when publishing. */
export interface PublishableSheet {
  readonly sheetId: string;
  readonly unitId: string;
  readonly projectName: string;
  readonly status: SheetStatus;
  /** The submission (version of the sheet) that is approved, when it is. */
  readonly submissionNo: number;
  readonly reviewId: string | null;
}

/** A sheet left out of a publication: not approved, listed with the publisher's reason. */
export interface ExcludedSheet {
  readonly sheetId: string;
  readonly unitId: string;
  readonly projectName: string;
  readonly status: SheetStatus;
  readonly reason: string;
}

/** Which version of a sheet a publication contains: the history of a sheet lists these. */
export interface PublishedSheetVersion {
  readonly sheetId: string;
  readonly submissionNo: number;
  readonly reviewId: string | null;
}

export type PublicationKind = 'published' | 'correction';

/**
 * By a department reviewer. The service reads the consolidated table (reportTableFor) and the
 * sheets of the year at one log position, computes the SHA-256 of canonicalTable(table) (Node
 * crypto stays out of the domain) and the chain heads; the decider checks they agree.
 */
export type PublishTable = Command<
  'PublishTable',
  {
    readonly departmentId: string;
    readonly fiscalYear: number;
    readonly table: ReportTable;
    readonly sheets: readonly PublishableSheet[];
    /** Every sheet neither approved nor rejected must be here, with a reason. */
    readonly exclusions: readonly { readonly sheetId: string; readonly reason: string }[];
    readonly checksum: string;
    readonly chainHeads: readonly StreamHead[];
    readonly position: { readonly globalPosition: string; readonly recordedAt: string };
    /** Required from version 2 on: what the correction corrects (更正说明). */
    readonly reason?: string;
  }
>;

/** By finance, for a sheet of the latest publication: it goes through sign-off again (the sheet's ReopenSheet follows). */
export type ReopenAfterPublication = Command<
  'ReopenAfterPublication',
  { readonly departmentId: string; readonly fiscalYear: number; readonly sheetId: string; readonly reason: string }
>;

export type PublicationCommand = PublishTable | ReopenAfterPublication;

/**
 * A published version, sealed: the table exactly as published (an export of version N reads it
 * from here, whatever happened after), its checksum, the chain heads and the log position it was
 * read at, and, from version 2 on, the diff against the version before.
 */
export type TablePublished = DomainEvent<
  'TablePublished',
  {
    readonly departmentId: string;
    readonly fiscalYear: number;
    readonly version: number;
    readonly kind: PublicationKind;
    readonly table: ReportTable;
    readonly checksum: string;
    readonly canonicalVersion: string;
    readonly chainHeads: readonly StreamHead[];
    readonly position: { readonly globalPosition: string; readonly recordedAt: string };
    readonly contains: readonly PublishedSheetVersion[];
    readonly excluded: readonly ExcludedSheet[];
    /** Rejected for the year (差): never in a table, listed so the publication accounts for every sheet. */
    readonly rejected: readonly PublishedSheetVersion[];
    readonly diff: TableDiff | null;
    readonly reason: string | null;
    readonly by: string;
    readonly at: string;
  }
>;

export type PublishedSheetReopened = DomainEvent<
  'PublishedSheetReopened',
  {
    readonly departmentId: string;
    readonly fiscalYear: number;
    readonly sheetId: string;
    readonly projectName: string;
    readonly publishedVersion: number;
    readonly reason: string;
    readonly by: string;
    readonly at: string;
  }
>;

export type PublicationEvent = TablePublished | PublishedSheetReopened;

export type PublishedVersion = TablePublished['data'];

export type PublicationState =
  | { readonly status: 'unpublished' }
  | {
      readonly status: 'published';
      readonly departmentId: string;
      readonly fiscalYear: number;
      readonly versions: readonly PublishedVersion[];
      /** Sheets reopened since the latest version: a new version corrects them. */
      readonly reopened: readonly PublishedSheetReopened['data'][];
    };
