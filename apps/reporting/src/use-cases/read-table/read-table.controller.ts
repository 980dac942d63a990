import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { reporting } from '@budget/contracts';
import { type Actor } from '@budget/domain';
import { CurrentActor, readQuery } from '@budget/platform';
import { parseAsOf } from '../../reports/as-of';
import { queryErrors } from '../query-errors';
import { ReadTableQuery } from './read-table.query';

@Controller()
export class ReadTableController {
  constructor(private readonly queries: QueryBus) {}

  /** The consolidated table as JSON, now or as of a moment. */
  @Get('table')
  table(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const q = readQuery(reporting.tableQuery, query, queryErrors);
    const asOf = parseAsOf(q.asOf, 'asOf');
    return this.queries.execute(
      new ReadTableQuery(actor, { department: q.department, ...(q.fiscalYear !== undefined ? { fiscalYear: q.fiscalYear } : {}), ...(asOf ? { asOf } : {}), verify: q.verify ?? false }),
    );
  }
}
