import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { localCalendarStreamId } from '@budget/domain';
import { commandMetadata, type RequestContext } from '@budget/platform';
import { calendarYearView, type CalendarYearView } from '../../deadlines/calendar-year-view';
import { RegionCalendar } from '../../deadlines/region-calendar';
import { LocalCalendarRepository } from '../../infrastructure/review.repository';

/** An admin takes a local arrangement back, with the reason: the statutory arrangement holds again for that day. */
export class ClearLocalCalendarDayCommand extends Command<CalendarYearView> {
  constructor(
    readonly ctx: RequestContext,
    readonly date: string,
    readonly reason: string,
  ) {
    super();
  }
}

@CommandHandler(ClearLocalCalendarDayCommand)
export class ClearLocalCalendarDayHandler implements ICommandHandler<ClearLocalCalendarDayCommand> {
  constructor(
    private readonly calendars: LocalCalendarRepository,
    private readonly region: RegionCalendar,
  ) {}

  async execute(c: ClearLocalCalendarDayCommand): Promise<CalendarYearView> {
    const regionId = this.region.regionId;
    const { state, version } = await this.calendars.execute(localCalendarStreamId(regionId), {
      type: 'ClearLocalCalendarDay',
      data: { regionId, date: c.date, reason: c.reason },
      metadata: commandMetadata(c.ctx),
    });
    return calendarYearView(regionId, Number(c.date.slice(0, 4)), state, version);
  }
}
