import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { EXPORT_MEDIA, type ExportFormat, exportSourceFor, writeExport } from '@budget/table-files';
import { randomUUID } from 'node:crypto';
import { type Writable } from 'node:stream';
import { CheckpointService } from '../../checkpoints/checkpoint.service';
import { ExportSigner } from '../../checkpoints/export-signer';
import { ReportService, type TableRequest } from '../../reports/report.service';
import { verificationText } from '../verify-chains/verification-text';
import { contentDisposition, exportFileName } from './export-names';

/** A file ready to stream: its headers, and the writer that signs what it writes. */
export interface PreparedExport {
  readonly headers: Readonly<Record<string, string>>;
  write(out: Writable): Promise<void>;
}

/**
 * The table as a file. txt is the reference layout (no metadata unless asked); xlsx and html carry
 * the as-of position, checksum, chain heads and chain check by default. Every export is signed.
 */
export class ExportTableQuery extends Query<PreparedExport> {
  constructor(
    readonly actor: Actor,
    readonly request: TableRequest,
    readonly format: ExportFormat,
    readonly metadata: boolean,
  ) {
    super();
  }
}

@QueryHandler(ExportTableQuery)
export class ExportTableHandler implements IQueryHandler<ExportTableQuery> {
  constructor(
    private readonly reports: ReportService,
    private readonly checkpoints: CheckpointService,
    private readonly signer: ExportSigner,
  ) {}

  async execute({ actor, request, format, metadata }: ExportTableQuery): Promise<PreparedExport> {
    const built = await this.reports.table(actor, { ...request, verify: metadata });
    const exportId = randomUUID();
    const generatedAt = new Date().toISOString();
    const latest = await this.checkpoints.latestOf({ departmentId: built.department.departmentId, fiscalYear: built.fiscalYear });
    const source = exportSourceFor(built.table, {
      chainHeads: built.chainHeads,
      generatedAt,
      verification: built.verification ? verificationText(built.verification) : null,
      generation: built.generation,
      signing: { exportId, checkpoint: latest ? { id: latest.id, position: latest.position, signedAt: latest.signedAt, signature: latest.signature } : null },
    });
    const name = exportFileName(built, format);
    const checksum = source.meta?.checksum ?? '';
    const headers = {
      'Content-Type': EXPORT_MEDIA[format].contentType,
      'Content-Disposition': contentDisposition(name, format, built.fiscalYear),
      'Cache-Control': 'no-store',
      'X-Report-Generation': String(built.generation),
      'X-Report-Position': built.table.asOf.globalPosition ?? '0',
      'X-Report-Fiscal-Year': String(built.fiscalYear),
      'X-Report-Checksum': checksum,
      'X-Report-Chains': built.verification ? (built.verification.ok ? 'ok' : 'broken') : 'unchecked',
      'X-Report-Export-Id': exportId,
      'X-Report-Signature': `/exports/${exportId}/signature`,
      'X-Report-Checkpoint': latest?.id ?? 'none',
    };
    const facts = {
      exportId,
      fileName: name,
      format,
      departmentId: built.department.departmentId,
      departmentName: built.department.name,
      fiscalYear: built.fiscalYear,
      unitId: built.restrictedToUnit,
      generation: built.generation,
      position: built.table.asOf.globalPosition,
      recordedAt: built.table.asOf.recordedAt,
      tableChecksum: checksum,
      chainHeads: built.chainHeads.map((h) => ({ streamId: h.streamId, streamVersion: h.streamVersion, hash: h.hash ?? '' })),
      checkpoint: latest,
      exportedAt: generatedAt,
      exportedBy: { id: actor.id, role: actor.role },
    };
    return { headers, write: (out) => writeExport(format, source, this.signer.sink(out, facts, actor), { metadata }) };
  }
}
