import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor, DomainError, PUBLICATION_KIND_LABELS } from '@budget/domain';
import { reporting } from '@budget/contracts';
import { CurrentActor, readQuery } from '@budget/platform';
import { EXPORT_MEDIA, writeExport } from '@budget/table-files';
import type { Response } from 'express';
import { contentDisposition } from '../export-table/export-names';
import { publishedSource } from './export-published.handler';
import { ExportPublishedQuery } from './export-published.query';
import { queryErrors } from '../query-errors';

@Controller('departments/:departmentId/publications')
export class ExportPublishedController {
  constructor(private readonly queries: QueryBus) {}

  /** A published version as a file, byte for byte as it was published. */
  @Get(':version/export')
  async export(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string, @Param('version') versionText: string, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const { fiscalYear, format } = readQuery(reporting.publishedExportQuery, query, queryErrors);
    if (!/^\d{1,6}$/.test(versionText) || Number(versionText) < 1) throw new DomainError('VALIDATION_FAILED', `公开版本号必须是正整数，收到“${versionText}”`, { fieldErrors: [{ field: 'version', message: '公开版本号必须是正整数' }] });
    const { departmentName, published } = await this.queries.execute(new ExportPublishedQuery(actor, departmentId, fiscalYear, Number(versionText)));
    const media = EXPORT_MEDIA[format];
    const name = `${departmentName}-${fiscalYear}年度项目支出绩效目标表-${PUBLICATION_KIND_LABELS[published.kind]}第${published.version}版.${media.extension}`.replace(/[\\/:*?"<>|\r\n\t]+/g, '_');
    res.status(200);
    res.setHeader('Content-Type', media.contentType);
    res.setHeader('Content-Disposition', contentDisposition(name, format, fiscalYear));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Report-Fiscal-Year', String(fiscalYear));
    res.setHeader('X-Report-Position', published.position.globalPosition);
    res.setHeader('X-Report-Checksum', published.checksum);
    res.setHeader('X-Publication-Version', String(published.version));
    try {
      await writeExport(format, publishedSource(published), res, { metadata: format === 'xlsx' || format === 'html' });
    } catch (error) {
      if (!res.headersSent) throw error;
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
