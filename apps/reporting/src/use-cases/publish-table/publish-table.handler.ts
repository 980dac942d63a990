import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authorize, mayPublish, PUBLICATION_KIND_LABELS } from '@budget/domain';
import { tableChecksum } from '@budget/table-files';
import { PublicationRepository } from '../../infrastructure/publications.repository';
import { ReportService } from '../../reports/report.service';
import { publicationMetadata, withFieldHeadline } from '../publication-context';
import { type PublishedAnswer, PublishTableCommand } from './publish-table.command';

/**
 * Reads the department's table of the year and its sheets in one snapshot of the live copy, as the
 * export does, seals its checksum, chain heads and log position, and appends TablePublished.
 */
@CommandHandler(PublishTableCommand)
export class PublishTableHandler implements ICommandHandler<PublishTableCommand> {
  constructor(
    private readonly reports: ReportService,
    private readonly publications: PublicationRepository,
  ) {}

  async execute({ ctx, departmentId, fiscalYear, exclusions, reason }: PublishTableCommand): Promise<PublishedAnswer> {
    // Refused before anything is read: no table of the department reaches someone who may not publish it.
    authorize(mayPublish(ctx.actor, departmentId));
    const { built, sheets } = await this.reports.publishable(ctx.actor, departmentId, fiscalYear);
    const { table } = built;
    const position = { globalPosition: table.asOf.globalPosition ?? '0', recordedAt: table.asOf.recordedAt ?? '' };
    const { events } = await withFieldHeadline(this.publications.execute(built.department.departmentId, fiscalYear, {
      type: 'PublishTable',
      data: {
        departmentId: built.department.departmentId,
        fiscalYear,
        table,
        sheets,
        exclusions,
        checksum: tableChecksum(table),
        chainHeads: built.chainHeads,
        position,
        ...(reason !== undefined ? { reason } : {}),
      },
      metadata: publicationMetadata(ctx),
    }));
    const published = events.find((e) => e.type === 'TablePublished');
    if (!published || published.type !== 'TablePublished') throw new Error('PublishTable decided no TablePublished');
    const { version, kind, checksum } = published.data;
    return { departmentId: built.department.departmentId, fiscalYear, version, kind, label: `${PUBLICATION_KIND_LABELS[kind]}（第${version}版）`, checksum, globalPosition: position.globalPosition };
  }
}
