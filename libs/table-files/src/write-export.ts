import { type Writable } from 'node:stream';
import { toPublishedTable, type ReportTable, type StreamHead } from '@budget/domain';
import { tableChecksum } from './checksum';
import { writeCsv } from './csv.writer';
import { type ExportFormat, type ExportMetadata, type ExportOptions, type ExportSource } from './export.types';
import { writeHtml } from './html.writer';
import { writeTxt } from './txt.writer';
import { writeXlsx } from './xlsx.writer';

const WRITERS: Readonly<Record<ExportFormat, (source: ExportSource, out: Writable, options?: ExportOptions) => Promise<void>>> = {
  txt: writeTxt,
  csv: writeCsv,
  xlsx: writeXlsx,
  html: writeHtml,
};

/** Writes the table in the format to `out`, then ends `out`; resolves when everything has been handed on. */
export function writeExport(format: ExportFormat, source: ExportSource, out: Writable, options: ExportOptions = {}): Promise<void> {
  return WRITERS[format](source, out, options);
}

/** The export input for a report table: its published form plus fiscal year, as-of position, checksum and chain heads. */
export function exportSourceFor(
  report: ReportTable,
  extra: {
    readonly chainHeads?: readonly StreamHead[];
    readonly generatedAt?: string | null;
    readonly verification?: string | null;
    readonly generation?: number | null;
    readonly signing?: ExportMetadata['signing'];
  } = {},
): ExportSource {
  return {
    table: toPublishedTable(report),
    meta: {
      fiscalYear: report.fiscalYear,
      asOf: report.asOf,
      checksum: tableChecksum(report),
      chainHeads: (extra.chainHeads ?? []).map((h) => ({ streamId: h.streamId, streamVersion: h.streamVersion, hash: h.hash })),
      generatedAt: extra.generatedAt ?? null,
      ...(extra.verification ? { verification: extra.verification } : {}),
      ...(extra.generation !== undefined && extra.generation !== null ? { generation: extra.generation } : {}),
      ...(extra.signing ? { signing: extra.signing } : {}),
    },
  };
}
