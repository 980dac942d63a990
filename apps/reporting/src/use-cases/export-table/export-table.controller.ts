import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { reporting } from '@budget/contracts';
import { type Actor } from '@budget/domain';
import { CurrentActor, readQuery } from '@budget/platform';
import type { Response } from 'express';
import { parseAsOf } from '../../reports/as-of';
import { queryErrors } from '../query-errors';
import { ExportTableQuery } from './export-table.query';

@Controller()
export class ExportTableController {
  constructor(private readonly queries: QueryBus) {}

  /** The table as a file, streamed. */
  @Get('export')
  async export(@CurrentActor() actor: Actor, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const q = readQuery(reporting.exportQuery, query, queryErrors);
    const asOf = parseAsOf(q.asOf, 'asOf');
    const request = { department: q.department, ...(q.fiscalYear !== undefined ? { fiscalYear: q.fiscalYear } : {}), ...(asOf ? { asOf } : {}) };
    const prepared = await this.queries.execute(new ExportTableQuery(actor, request, q.format, q.metadata ?? (q.format === 'xlsx' || q.format === 'html')));
    res.status(200);
    for (const [name, value] of Object.entries(prepared.headers)) res.setHeader(name, value);
    try {
      await prepared.write(res);
    } catch (error) {
      // Once bytes are out, a status can no longer say it: cut the response so the client sees a broken download.
      if (!res.headersSent) throw error;
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
