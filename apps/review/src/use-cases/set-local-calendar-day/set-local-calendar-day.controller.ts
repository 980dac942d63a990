import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { CurrentRequest, readBody, type RequestContext, Roles } from '@budget/platform';
import { type CalendarYearView } from '../../deadlines/calendar-year-view';
import { SetLocalCalendarDayCommand } from './set-local-calendar-day.handler';

@Controller()
export class SetLocalCalendarDayController {
  constructor(private readonly commands: CommandBus) {}

  @Put('calendar/days/:date')
  @Roles('admin')
  setDay(@CurrentRequest() ctx: RequestContext, @Param('date') date: string, @Body() body: unknown): Promise<CalendarYearView> {
    const { kind, reason } = readBody(review.setLocalCalendarDayBody, body ?? {});
    return this.commands.execute(new SetLocalCalendarDayCommand(ctx, date, kind, reason));
  }
}
