import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor, DomainError } from '@budget/domain';
import { reporting } from '@budget/contracts';
import { CurrentActor, readQuery } from '@budget/platform';
import type { Response } from 'express';
import { ExportPublishedQuery } from './export-published.query';
import { queryErrors } from '../query-errors';

@Controller('departments/:departmentId/publications')
export class ExportPublishedController {
  constructor(private readonly queries: QueryBus) {}

  /** A published version as a file, byte for byte as it was published, signed (its `.sig` at X-Report-Signature). */
  @Get(':version/export')
  async export(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string, @Param('version') versionText: string, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const { fiscalYear, format } = readQuery(reporting.publishedExportQuery, query, queryErrors);
    if (!/^\d{1,6}$/.test(versionText) || Number(versionText) < 1) throw new DomainError('VALIDATION_FAILED', `公开版本号必须是正整数，收到“${versionText}”`, { fieldErrors: [{ field: 'version', message: '公开版本号必须是正整数' }] });
    const prepared = await this.queries.execute(new ExportPublishedQuery(actor, departmentId, fiscalYear, Number(versionText), format));
    res.status(200);
    for (const [name, value] of Object.entries(prepared.headers)) res.setHeader(name, value);
    try {
      await prepared.write(res);
    } catch (error) {
      if (!res.headersSent) throw error;
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
