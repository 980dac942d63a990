import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { reporting } from '@budget/contracts';
import { CurrentActor, readQuery } from '@budget/platform';
import { DiffPublicationsQuery, ListPublicationsQuery } from './read-publications.queries';
import { queryErrors } from '../query-errors';

@Controller('departments/:departmentId/publications')
export class ReadPublicationsController {
  constructor(private readonly queries: QueryBus) {}

  /** The published versions of the year (已发布 / 更正). */
  @Get()
  list(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string, @Query() query: unknown) {
    const { fiscalYear } = readQuery(reporting.publicationsQuery, query, queryErrors);
    return this.queries.execute(new ListPublicationsQuery(actor, departmentId, fiscalYear));
  }

  /** Two published versions compared. */
  @Get('diff')
  diff(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string, @Query() query: unknown) {
    const { fiscalYear, from, to } = readQuery(reporting.publishedDiffQuery, query, queryErrors);
    return this.queries.execute(new DiffPublicationsQuery(actor, departmentId, fiscalYear, from, to));
  }
}
