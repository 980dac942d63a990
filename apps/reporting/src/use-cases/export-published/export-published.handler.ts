import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type PublishedVersion, publishedVersion } from '@budget/domain';
import { type ExportSource, exportSourceFor } from '@budget/table-files';
import { PublicationRepository } from '../../infrastructure/publications.repository';
import { ReportService } from '../../reports/report.service';
import { ExportPublishedQuery } from './export-published.query';

/**
 * The export input of a published version, from the sealed event only: the table, its as-of
 * position, chain heads and the time of publication, so the same version writes the same bytes
 * whatever the live copy holds now.
 */
export function publishedSource(published: PublishedVersion): ExportSource {
  return exportSourceFor(published.table, { chainHeads: published.chainHeads, generatedAt: published.at });
}

@QueryHandler(ExportPublishedQuery)
export class ExportPublishedHandler implements IQueryHandler<ExportPublishedQuery> {
  constructor(
    private readonly reports: ReportService,
    private readonly publications: PublicationRepository,
  ) {}

  async execute({ actor, departmentId, fiscalYear, version }: ExportPublishedQuery) {
    const department = await this.reports.readableDepartment(actor, departmentId);
    const { state } = await this.publications.load(department.departmentId, fiscalYear);
    return { departmentName: department.name, published: publishedVersion(state, version) };
  }
}
