import { Inject, Injectable } from '@nestjs/common';
import { type LocalCalendarState, localCalendarStreamId, NATIONAL_CALENDAR, regionCalendar, type WorkingDayCalendar } from '@budget/domain';
import { type Sql } from '../infrastructure/database';
import { LocalCalendarRepository } from '../infrastructure/review.repository';
import { DEADLINES_CONFIG, type DeadlinesConfig } from './deadlines.config';

/**
 * The working-day calendar of this deployment's region: the statutory calendar with the region's
 * own days (stream local-calendar-<regionId>) on top. Read afresh for each decision, so a day an
 * admin sets applies to the next task opened.
 */
@Injectable()
export class RegionCalendar {
  constructor(
    private readonly calendars: LocalCalendarRepository,
    @Inject(DEADLINES_CONFIG) private readonly config: Pick<DeadlinesConfig, 'regionId'>,
  ) {}

  get regionId(): string {
    return this.config.regionId;
  }

  async state(tx?: Sql): Promise<{ state: LocalCalendarState; version: number }> {
    return this.calendars.load(localCalendarStreamId(this.config.regionId), tx);
  }

  async calendar(tx?: Sql): Promise<WorkingDayCalendar> {
    return regionCalendar(NATIONAL_CALENDAR, (await this.state(tx)).state);
  }
}
