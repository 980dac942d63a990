import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { reporting } from '@budget/contracts';
import { type Actor } from '@budget/domain';
import { CurrentActor, Public, readQuery, Roles } from '@budget/platform';
import { queryErrors } from '../query-errors';
import { ListCheckpointsQuery, ReadPublicKeyQuery } from './read-checkpoints.query';

@Controller()
export class ReadCheckpointsController {
  constructor(private readonly queries: QueryBus) {}

  /** Public on purpose: auditors check exports offline with it; it is also in the README. */
  @Get('checkpoints/public-key')
  @Public()
  publicKey() {
    return this.queries.execute(new ReadPublicKeyQuery());
  }

  @Get('checkpoints')
  @Roles('auditor', 'finance_reviewer', 'admin')
  list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const q = readQuery(reporting.checkpointsQuery, query, queryErrors);
    const filter = {
      limit: q.limit ?? 100,
      ...(q.departmentId !== undefined ? { departmentId: q.departmentId } : {}),
      ...(q.fiscalYear !== undefined ? { fiscalYear: q.fiscalYear } : {}),
    };
    return this.queries.execute(new ListCheckpointsQuery(actor, filter));
  }
}
