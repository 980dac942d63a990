import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Actor, PUBLICATION_KIND_LABELS, type PublishedVersion, publishedVersion } from '@budget/domain';
import { EXPORT_MEDIA, type ExportFormat, type ExportSource, exportSourceFor, writeExport } from '@budget/table-files';
import { randomUUID } from 'node:crypto';
import { CheckpointService } from '../../checkpoints/checkpoint.service';
import { type ExportFacts, ExportSigner } from '../../checkpoints/export-signer';
import { PublicationRepository } from '../../infrastructure/publications.repository';
import { ReportService } from '../../reports/report.service';
import { contentDisposition } from '../export-table/export-names';
import { type PublicationReader, PublicationScope, publishedInScope } from '../publication-scope';
import { ExportPublishedQuery, type PreparedPublishedExport } from './export-published.query';

/**
 * The export input of a published version, from the sealed event only: the table, its as-of
 * position, chain heads and the time of publication, so the same version writes the same bytes
 * whatever the live copy holds now.
 */
export function publishedSource(published: PublishedVersion): ExportSource {
  return exportSourceFor(published.table, { chainHeads: published.chainHeads, generatedAt: published.at });
}

/** 部门-年度项目支出绩效目标表-已发布第n版.ext, without characters a file name cannot hold. */
export function publishedFileName(departmentName: string, published: PublishedVersion, format: ExportFormat): string {
  const name = `${departmentName}-${published.fiscalYear}年度项目支出绩效目标表-${PUBLICATION_KIND_LABELS[published.kind]}第${published.version}版.${EXPORT_MEDIA[format].extension}`;
  return name.replace(/[\\/:*?"<>|\r\n\t]+/g, '_');
}

/** What the signature of a published version's file says about it: the sealed position and checksum, the reader's chain heads. */
function publishedFacts(exportId: string, fileName: string, format: ExportFormat, departmentName: string, published: PublishedVersion, reader: PublicationReader, checkpoint: ExportFacts['checkpoint'], actor: Actor): ExportFacts {
  return {
    exportId,
    fileName,
    format,
    departmentId: published.departmentId,
    departmentName,
    fiscalYear: published.fiscalYear,
    unitId: reader.unitId,
    generation: reader.generation,
    position: published.position.globalPosition,
    recordedAt: published.position.recordedAt,
    tableChecksum: published.checksum,
    chainHeads: published.chainHeads.map((h) => ({ streamId: h.streamId, streamVersion: h.streamVersion, hash: h.hash ?? '' })),
    checkpoint,
    exportedAt: new Date().toISOString(),
    exportedBy: { id: actor.id, role: actor.role },
  };
}

/**
 * A published version as a file, byte for byte as it was published (its rows are public), with
 * the chain heads the reader may see (a unit user: its own unit's), signed as `/export` is: the
 * `.sig` beside the file (`X-Report-Signature`), the file itself untouched.
 */
@QueryHandler(ExportPublishedQuery)
export class ExportPublishedHandler implements IQueryHandler<ExportPublishedQuery> {
  constructor(
    private readonly reports: ReportService,
    private readonly publications: PublicationRepository,
    private readonly scope: PublicationScope,
    private readonly checkpoints: CheckpointService,
    private readonly signer: ExportSigner,
  ) {}

  async execute({ actor, departmentId, fiscalYear, version, format }: ExportPublishedQuery): Promise<PreparedPublishedExport> {
    const department = await this.reports.readableDepartment(actor, departmentId);
    const { state } = await this.publications.load(department.departmentId, fiscalYear);
    const sealed = publishedVersion(state, version);
    const reader = await this.scope.of(actor, department.departmentId, fiscalYear);
    const published = publishedInScope(sealed, reader);
    const latest = await this.checkpoints.latestOf({ departmentId: department.departmentId, fiscalYear });
    const exportId = randomUUID();
    const fileName = publishedFileName(department.name, published, format);
    const facts = publishedFacts(exportId, fileName, format, department.name, published, reader, latest, actor);
    const headers = {
      'Content-Type': EXPORT_MEDIA[format].contentType,
      'Content-Disposition': contentDisposition(fileName, format, fiscalYear),
      'Cache-Control': 'no-store',
      'X-Report-Fiscal-Year': String(fiscalYear),
      'X-Report-Position': published.position.globalPosition,
      'X-Report-Checksum': published.checksum,
      'X-Publication-Version': String(published.version),
      'X-Report-Export-Id': exportId,
      'X-Report-Signature': `/exports/${exportId}/signature`,
      'X-Report-Checkpoint': latest?.id ?? 'none',
    };
    return {
      published,
      headers,
      write: (out) => writeExport(format, publishedSource(published), this.signer.sink(out, facts, actor), { metadata: format === 'xlsx' || format === 'html' }),
    };
  }
}
