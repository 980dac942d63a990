import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { reporting } from '@budget/contracts';
import { type Actor } from '@budget/domain';
import { CurrentActor, readQuery, Roles } from '@budget/platform';
import { queryErrors } from '../query-errors';
import { ReadCopiedEventsQuery, ReadCopyStatusQuery } from './read-copy.query';

@Controller()
export class ReadCopyController {
  constructor(private readonly queries: QueryBus) {}

  /** The copy: its generation, last position, event count and time span; the dead letters waiting. */
  @Get('status')
  @Roles('auditor', 'finance_reviewer', 'admin')
  status() {
    return this.queries.execute(new ReadCopyStatusQuery());
  }

  /** The copy itself, page by page in its own order: every event as received, with its position. */
  @Get('events')
  @Roles('auditor', 'finance_reviewer', 'admin')
  events(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { after, streamId, subject, limit } = readQuery(reporting.eventsQuery, query, queryErrors);
    return this.queries.execute(
      new ReadCopiedEventsQuery(actor, { after: after ?? '0', limit: limit ?? 100, ...(streamId !== undefined ? { streamId } : {}), ...(subject !== undefined ? { subject } : {}) }),
    );
  }
}
