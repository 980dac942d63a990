import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { reporting } from '@budget/contracts';
import { type Actor } from '@budget/domain';
import { CurrentActor, readQuery } from '@budget/platform';
import { parseAsOf } from '../../reports/as-of';
import { queryErrors } from '../query-errors';
import { DiffTableQuery } from './diff-table.query';

@Controller()
export class DiffTableController {
  constructor(private readonly queries: QueryBus) {}

  /** What changed in the table between two moments (JSON). */
  @Get('diff')
  diff(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const q = readQuery(reporting.diffQuery, query, queryErrors);
    const request = { department: q.department, ...(q.fiscalYear !== undefined ? { fiscalYear: q.fiscalYear } : {}), from: parseAsOf(q.from, 'from'), to: parseAsOf(q.to, 'to') };
    return this.queries.execute(new DiffTableQuery(actor, request));
  }
}
