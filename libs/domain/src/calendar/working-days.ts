import { DomainError } from '../errors';
import { CALENDAR_MESSAGES } from './calendar.labels';
import { type NationalCalendar } from './national-calendar';

/** A calendar date of Beijing time, `YYYY-MM-DD`. Instants (ISO-8601 with offset) are converted with chinaDateOf. */
export type CalendarDate = string;

export const LOCAL_DAY_KINDS = ['day_off', 'working_day'] as const;
export type LocalDayKind = (typeof LOCAL_DAY_KINDS)[number];

/** A region's own arrangement for one date, set by an admin (see local-calendar.ts). */
export interface LocalDayOverride {
  readonly date: CalendarDate;
  readonly kind: LocalDayKind;
  readonly reason: string;
}

/** The national calendar with one region's overrides on top. */
export interface WorkingDayCalendar {
  readonly national: NationalCalendar;
  readonly overrides: ReadonlyMap<CalendarDate, LocalDayOverride>;
}

export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'make_up_working_day' | 'local_day_off' | 'local_working_day';

export interface CalendarDay {
  readonly date: CalendarDate;
  readonly working: boolean;
  readonly kind: DayKind;
  /** The holiday's name, or the local override's reason. */
  readonly name: string | null;
}

/**
 * Every answer that depends on the statutory arrangement says whether it could be given: a year
 * the package has not published is flagged with the year and a message, never guessed from
 * weekends alone (the State Council announces each year's 调休 in the November before).
 */
export type CalendarAnswer<T> =
  | { readonly known: true; readonly value: T }
  | { readonly known: false; readonly unknownYear: number; readonly message: string };

/** Beijing has no daylight saving: UTC+8 all year. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function calendarWith(national: NationalCalendar, overrides: readonly LocalDayOverride[] = []): WorkingDayCalendar {
  return { national, overrides: new Map(overrides.map((o) => [o.date, o])) };
}

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === value;
}

function utcMs(date: CalendarDate): number {
  if (!isCalendarDate(date)) throw new DomainError('VALIDATION_FAILED', CALENDAR_MESSAGES.invalidDate, { date });
  return Date.parse(`${date}T00:00:00.000Z`);
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(utcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Beijing date of an instant. */
export function chinaDateOf(instant: string): CalendarDate {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`not an ISO instant: ${instant}`);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last moment of a Beijing date, as the instant at which the next day begins (exclusive end). */
export function endOfChinaDay(date: CalendarDate): string {
  return new Date(utcMs(date) + DAY_MS - CHINA_OFFSET_MS).toISOString();
}

export function knownYears(calendar: WorkingDayCalendar): readonly number[] {
  return calendar.national.knownYears;
}

export function isKnownYear(calendar: WorkingDayCalendar, year: number): boolean {
  return calendar.national.knownYears.includes(year);
}

function unknown<T>(year: number): CalendarAnswer<T> {
  return { known: false, unknownYear: year, message: CALENDAR_MESSAGES.unknownYear(year) };
}

function known<T>(value: T): CalendarAnswer<T> {
  return { known: true, value };
}

/** What a day is: a local override wins over the statutory arrangement, which wins over the weekday. */
export function calendarDay(calendar: WorkingDayCalendar, date: CalendarDate): CalendarAnswer<CalendarDay> {
  const year = new Date(utcMs(date)).getUTCFullYear();
  if (!isKnownYear(calendar, year)) return unknown(year);
  const local = calendar.overrides.get(date);
  if (local) {
    return known({ date, working: local.kind === 'working_day', kind: local.kind === 'working_day' ? 'local_working_day' : 'local_day_off', name: local.reason });
  }
  const holiday = calendar.national.holidays.get(date);
  if (holiday !== undefined) return known({ date, working: false, kind: 'holiday', name: holiday });
  const makeUp = calendar.national.makeUpWorkingDays.get(date);
  if (makeUp !== undefined) return known({ date, working: true, kind: 'make_up_working_day', name: makeUp });
  const weekday = new Date(utcMs(date)).getUTCDay();
  return weekday === 0 || weekday === 6 ? known({ date, working: false, kind: 'weekend', name: null }) : known({ date, working: true, kind: 'weekday', name: null });
}

export function isWorkingDay(calendar: WorkingDayCalendar, date: CalendarDate): CalendarAnswer<boolean> {
  const day = calendarDay(calendar, date);
  return day.known ? known(day.value.working) : day;
}

/**
 * The date `n` working days after `date` (before it for negative n): walks day by day and counts
 * only working days, so `date` itself never counts. n = 0 gives `date` unchanged.
 */
export function addWorkingDays(calendar: WorkingDayCalendar, date: CalendarDate, n: number): CalendarAnswer<CalendarDate> {
  if (!Number.isInteger(n)) throw new Error(`working days must be a whole number: ${n}`);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let current = date;
  utcMs(date);
  while (remaining > 0) {
    current = addCalendarDays(current, step);
    const working = isWorkingDay(calendar, current);
    if (!working.known) return working;
    if (working.value) remaining--;
  }
  return known(current);
}

/**
 * Working days in (from, to]: how many working days pass from the end of `from` to the end of
 * `to`; negative when `to` is before `from`. So addWorkingDays(from, workingDaysBetween(from, to))
 * is `to` whenever `to` is a working day.
 */
export function workingDaysBetween(calendar: WorkingDayCalendar, from: CalendarDate, to: CalendarDate): CalendarAnswer<number> {
  const sign = utcMs(to) < utcMs(from) ? -1 : 1;
  const [start, end] = sign > 0 ? [from, to] : [to, from];
  let count = 0;
  for (let day = addCalendarDays(start, 1); utcMs(day) <= utcMs(end); day = addCalendarDays(day, 1)) {
    const working = isWorkingDay(calendar, day);
    if (!working.known) return working;
    if (working.value) count++;
  }
  return known(sign * count);
}

/** Longest duration a level may be given: a quarter of a working year; a longer one is a typo, not a policy. */
export const MAX_DUE_WORKING_DAYS = 60;

export interface LevelDueDate {
  /** The last working day of the level (Beijing date). */
  readonly dueDate: CalendarDate;
  /** The end of that day: the task is overdue from this instant on. */
  readonly dueAt: string;
  readonly workingDays: number;
}

/**
 * A level opened at `openedAt` with `workingDays` to decide is due at the end of the
 * `workingDays`-th working day after the day it opened (the opening day does not count, whether
 * or not it is a working day).
 */
export function levelDueDate(calendar: WorkingDayCalendar, openedAt: string, workingDays: number): CalendarAnswer<LevelDueDate> {
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > MAX_DUE_WORKING_DAYS) {
    throw new DomainError('VALIDATION_FAILED', CALENDAR_MESSAGES.durationInvalid(MAX_DUE_WORKING_DAYS), {
      fieldErrors: [{ field: 'dueWorkingDays', message: CALENDAR_MESSAGES.durationInvalid(MAX_DUE_WORKING_DAYS) }],
    });
  }
  const due = addWorkingDays(calendar, chinaDateOf(openedAt), workingDays);
  return due.known ? known({ dueDate: due.value, dueAt: endOfChinaDay(due.value), workingDays }) : due;
}

/** For a caller that must refuse rather than go on: an unknown year becomes ILLEGAL_STATE with the Chinese message. */
export function calendarValue<T>(answer: CalendarAnswer<T>): T {
  if (answer.known) return answer.value;
  throw new DomainError('ILLEGAL_STATE', answer.message, { unknownYear: answer.unknownYear });
}
