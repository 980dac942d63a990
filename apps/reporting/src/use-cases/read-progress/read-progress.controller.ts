import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { reporting } from '@budget/contracts';
import { type Actor } from '@budget/domain';
import { CurrentActor, readQuery } from '@budget/platform';
import { queryErrors } from '../query-errors';
import { ReadProgressQuery } from './read-progress.query';

@Controller()
export class ReadProgressController {
  constructor(private readonly queries: QueryBus) {}

  /** Every sheet with its status and where it waits. */
  @Get('progress')
  progress(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { departmentId, unitId, fiscalYear } = readQuery(reporting.progressQuery, query, queryErrors);
    const filter = {
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(unitId !== undefined ? { unitId } : {}),
      ...(fiscalYear !== undefined ? { fiscalYear } : {}),
    };
    return this.queries.execute(new ReadProgressQuery(actor, filter));
  }
}
