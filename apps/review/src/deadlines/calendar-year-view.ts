import {
  addCalendarDays,
  calendarDay,
  type CalendarDay,
  DAY_KIND_LABELS,
  isKnownYear,
  knownYears,
  type LocalCalendarState,
  type LocalDayOverride,
  NATIONAL_CALENDAR,
  CALENDAR_MESSAGES,
  regionCalendar,
} from '@budget/domain';

export interface CalendarYearView {
  readonly regionId: string;
  readonly year: number;
  /** False: the statutory arrangement of that year is not published yet; no day is guessed. */
  readonly known: boolean;
  readonly message: string | null;
  readonly knownYears: readonly number[];
  readonly days: readonly (CalendarDay & { readonly kindName: string })[];
  /** Every local override of the region, all years, by date. */
  readonly overrides: readonly LocalDayOverride[];
  readonly version: number;
}

/** A year of the region's calendar as the admin screen shows it: each day, why it is (not) a working day. */
export function calendarYearView(regionId: string, year: number, state: LocalCalendarState, version: number): CalendarYearView {
  const calendar = regionCalendar(NATIONAL_CALENDAR, state);
  const overrides = [...state.days.values()].sort((a, b) => a.date.localeCompare(b.date));
  const base = { regionId, year, knownYears: knownYears(calendar), overrides, version };
  if (!isKnownYear(calendar, year)) return { ...base, known: false, message: CALENDAR_MESSAGES.unknownYear(year), days: [] };
  const days: (CalendarDay & { kindName: string })[] = [];
  for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addCalendarDays(date, 1)) {
    const day = calendarDay(calendar, date);
    if (day.known) days.push({ ...day.value, kindName: DAY_KIND_LABELS[day.value.kind] });
  }
  return { ...base, known: true, message: null, days };
}
