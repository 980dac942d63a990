import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type LocalDayKind, localCalendarStreamId } from '@budget/domain';
import { commandMetadata, type RequestContext } from '@budget/platform';
import { calendarYearView, type CalendarYearView } from '../../deadlines/calendar-year-view';
import { RegionCalendar } from '../../deadlines/region-calendar';
import { LocalCalendarRepository } from '../../infrastructure/review.repository';

/**
 * An admin sets one day of the region as a local day off or working day, with the reason: an event
 * on local-calendar-<regionId>, for tasks opened from now on (a task keeps its due date).
 */
export class SetLocalCalendarDayCommand extends Command<CalendarYearView> {
  constructor(
    readonly ctx: RequestContext,
    readonly date: string,
    readonly kind: LocalDayKind,
    readonly reason: string,
  ) {
    super();
  }
}

@CommandHandler(SetLocalCalendarDayCommand)
export class SetLocalCalendarDayHandler implements ICommandHandler<SetLocalCalendarDayCommand> {
  constructor(
    private readonly calendars: LocalCalendarRepository,
    private readonly region: RegionCalendar,
  ) {}

  async execute(c: SetLocalCalendarDayCommand): Promise<CalendarYearView> {
    const regionId = this.region.regionId;
    const { state, version } = await this.calendars.execute(localCalendarStreamId(regionId), {
      type: 'SetLocalCalendarDay',
      data: { regionId, date: c.date, kind: c.kind, reason: c.reason },
      metadata: commandMetadata(c.ctx),
    });
    return calendarYearView(regionId, Number(c.date.slice(0, 4)), state, version);
  }
}
