import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, authorize, chinaDateOf, mayEditLocalCalendar } from '@budget/domain';
import { calendarYearView, type CalendarYearView } from '../../deadlines/calendar-year-view';
import { RegionCalendar } from '../../deadlines/region-calendar';

/** A year of this deployment's region calendar, for the admin who keeps it (this year when none is given). */
export class ReadLocalCalendarQuery extends Query<CalendarYearView> {
  constructor(
    readonly actor: Actor,
    readonly year: number | undefined,
  ) {
    super();
  }
}

@QueryHandler(ReadLocalCalendarQuery)
export class ReadLocalCalendarHandler implements IQueryHandler<ReadLocalCalendarQuery> {
  constructor(private readonly calendars: RegionCalendar) {}

  async execute(q: ReadLocalCalendarQuery): Promise<CalendarYearView> {
    authorize(mayEditLocalCalendar(q.actor));
    const year = q.year ?? Number(chinaDateOf(new Date().toISOString()).slice(0, 4));
    const { state, version } = await this.calendars.state();
    return calendarYearView(this.calendars.regionId, year, state, version);
  }
}
