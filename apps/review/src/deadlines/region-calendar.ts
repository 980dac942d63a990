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
  private cached: { readonly version: number; readonly calendar: WorkingDayCalendar } | null = null;

  constructor(
    private readonly calendars: LocalCalendarRepository,
    @Inject(DEADLINES_CONFIG) private readonly config: Pick<DeadlinesConfig, 'regionId'>,
  ) {}

  get regionId(): string {
    return this.config.regionId;
  }

  async state(tx?: Sql): Promise<{ state: LocalCalendarState; version: number }> {
    return this.calendars.load(this.streamId, tx);
  }

  /**
   * The calendar of the moment. With `atVersion` (the local-calendar stream's version the caller has
   * just read), the calendar last built at that version is reused instead of reading the stream
   * again: a stream's committed state at a version never changes, whatever replica appended it (so
   * never pass a transaction that itself appends to the calendar: only set/clear-local-calendar-day do,
   * through the repository, not through here).
   */
  async calendar(tx?: Sql, atVersion?: number): Promise<WorkingDayCalendar> {
    if (atVersion !== undefined && this.cached?.version === atVersion) return this.cached.calendar;
    const { state, version } = await this.state(tx);
    const calendar = regionCalendar(NATIONAL_CALENDAR, state);
    if (atVersion === version) this.cached = { version, calendar };
    return calendar;
  }

  get streamId(): string {
    return localCalendarStreamId(this.config.regionId);
  }
}
