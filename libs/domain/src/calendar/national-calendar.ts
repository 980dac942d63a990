import publishedDays from 'chinese-days/dist/chinese-days.json';

/**
 * The statutory calendar of mainland China as the `chinese-days` package publishes it: the
 * holidays (放假) and the make-up working days (调休上班) of each year the State Council has
 * announced. Read from the package's data file rather than its functions, which parse dates in
 * the process's local time zone; here every date is a plain `YYYY-MM-DD` of Beijing time.
 */
export interface NationalCalendar {
  /** Date → holiday name (国庆节, 春节, …). */
  readonly holidays: ReadonlyMap<string, string>;
  /** Weekend dates that are working days, date → the holiday they make up for. */
  readonly makeUpWorkingDays: ReadonlyMap<string, string>;
  /** Ascending: the years whose arrangement the data holds. Any other year is unknown, never guessed. */
  readonly knownYears: readonly number[];
}

/** The package's entry text is `English name,中文名,天数`; the Chinese name is what people see. */
function chineseName(entry: string): string {
  const parts = entry.split(',');
  return parts[1] ?? parts[0] ?? entry;
}

/** Builds a calendar from data shaped like the package's (also what tests of an unknown year use). */
export function nationalCalendarFrom(data: {
  readonly holidays: Readonly<Record<string, string>>;
  readonly workdays: Readonly<Record<string, string>>;
}): NationalCalendar {
  const holidays = new Map(Object.entries(data.holidays).map(([date, entry]) => [date, chineseName(entry)]));
  const makeUpWorkingDays = new Map(Object.entries(data.workdays).map(([date, entry]) => [date, chineseName(entry)]));
  const years = new Set([...holidays.keys()].map((date) => Number(date.slice(0, 4))));
  return { holidays, makeUpWorkingDays, knownYears: [...years].sort((a, b) => a - b) };
}

/** chinese-days 1.5.7: 2004 to 2026. A newer package version adds the years it publishes. */
export const NATIONAL_CALENDAR: NationalCalendar = nationalCalendarFrom(publishedDays);
