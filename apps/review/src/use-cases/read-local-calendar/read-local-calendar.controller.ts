import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { type Actor } from '@budget/domain';
import { CurrentActor, readQuery, Roles } from '@budget/platform';
import { type CalendarYearView } from '../../deadlines/calendar-year-view';
import { ReadLocalCalendarQuery } from './read-local-calendar.handler';

@Controller()
export class ReadLocalCalendarController {
  constructor(private readonly queries: QueryBus) {}

  @Get('calendar')
  @Roles('admin')
  year(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<CalendarYearView> {
    const { year } = readQuery(review.localCalendarQuery, query, (errors) => (errors.length === 1 ? errors[0]!.message : '查询条件有误'));
    return this.queries.execute(new ReadLocalCalendarQuery(actor, year));
  }
}
