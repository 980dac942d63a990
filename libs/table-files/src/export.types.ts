import { type PublishedTable, type StreamHead } from '@budget/domain';

export const EXPORT_FORMATS = ['txt', 'csv', 'xlsx', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** For the HTTP response and the file name. */
export const EXPORT_MEDIA: Readonly<Record<ExportFormat, { readonly contentType: string; readonly extension: string }>> = {
  txt: { contentType: 'text/plain; charset=utf-8', extension: 'txt' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html' },
};

/** What an export can carry so it can be reproduced and checked later; every field is optional. */
export interface ExportMetadata {
  readonly fiscalYear?: number | null;
  /** The log position (and the recordedAt of that event) the table was built from. */
  readonly asOf?: { readonly globalPosition: string | null; readonly recordedAt: string | null } | null;
  readonly chainHeads?: readonly Pick<StreamHead, 'streamId' | 'streamVersion' | 'hash'>[];
  /** SHA-256 of canonicalTable(), see tableChecksum(). */
  readonly checksum?: string | null;
  /** Passed in, never read from a clock here, so the same input gives the same file. */
  readonly generatedAt?: string | null;
  /** The check of the hash chains the table was built from, as a line of text (e.g. 通过：12 条事件流、57 个事件). */
  readonly verification?: string | null;
  /** The copy generation the positions belong to (a rebuild renumbers them). */
  readonly generation?: number | null;
  /**
   * The export's id (its signature: GET /exports/:exportId/signature, a `.sig` to check offline)
   * and the latest signed checkpoint of the table's scope when it was made.
   */
  readonly signing?: {
    readonly exportId: string;
    readonly checkpoint: { readonly id: string; readonly position: string; readonly signedAt: string; readonly signature: string } | null;
  } | null;
}

/** The table to export: the published model (department name, units, projects, exact 分) and its metadata. */
export interface ExportSource {
  readonly table: PublishedTable;
  readonly meta?: ExportMetadata;
}

export interface ExportOptions {
  /**
   * Add the metadata block. Defaults: txt false (extra lines would break the reference layout),
   * csv false (a footer gets in the way of analysis), xlsx true (a sheet of its own), html true (a footer).
   */
  readonly metadata?: boolean;
  /** txt only: repeat the header every this many rows, as writePublishedTable does. */
  readonly pageBreakEvery?: number;
  /**
   * csv only, default true: a text cell starting with = + - @ or a tab/CR gets a leading `'`,
   * so a spreadsheet does not run it as a formula (CSV injection). Amount cells are never touched.
   */
  readonly guardFormulas?: boolean;
}
