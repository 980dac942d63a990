import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { CurrentRequest, readBody, type RequestContext, Roles } from '@budget/platform';
import { type CalendarYearView } from '../../deadlines/calendar-year-view';
import { ClearLocalCalendarDayCommand } from './clear-local-calendar-day.handler';

@Controller()
export class ClearLocalCalendarDayController {
  constructor(private readonly commands: CommandBus) {}

  @Post('calendar/days/:date/clear')
  @HttpCode(200)
  @Roles('admin')
  clearDay(@CurrentRequest() ctx: RequestContext, @Param('date') date: string, @Body() body: unknown): Promise<CalendarYearView> {
    const { reason } = readBody(review.clearLocalCalendarDayBody, body ?? {});
    return this.commands.execute(new ClearLocalCalendarDayCommand(ctx, date, reason));
  }
}
