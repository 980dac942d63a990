import { NATIONAL_CALENDAR, nationalCalendarFrom } from './national-calendar';
import {
  addWorkingDays,
  calendarDay,
  calendarValue,
  calendarWith,
  chinaDateOf,
  endOfChinaDay,
  isWorkingDay,
  knownYears,
  levelDueDate,
  workingDaysBetween,
  type CalendarAnswer,
} from './working-days';
import { DomainError } from '../errors';

const national = calendarWith(NATIONAL_CALENDAR);

function value<T>(answer: CalendarAnswer<T>): T {
  if (!answer.known) throw new Error(`unexpectedly unknown: ${answer.message}`);
  return answer.value;
}

describe('working days on the statutory calendar (chinese-days)', () => {
  describe('National Day week 2025 (10-01 to 10-08 off; Sunday 09-28 and Saturday 10-11 worked)', () => {
    it('given the make-up Sunday, when asked, then it is a working day named after the holiday', () => {
      expect(value(calendarDay(national, '2025-09-28'))).toEqual({ date: '2025-09-28', working: true, kind: 'make_up_working_day', name: '国庆节' });
      expect(value(isWorkingDay(national, '2025-10-11'))).toBe(true);
    });

    it('given the holiday week, when asked, then none of its eight days is a working day, weekday or not', () => {
      for (const day of ['01', '02', '03', '04', '05', '06', '07', '08']) expect(value(isWorkingDay(national, `2025-10-${day}`))).toBe(false);
      expect(value(calendarDay(national, '2025-10-06')).name).toBe('中秋');
      expect(value(calendarDay(national, '2025-10-12')).kind).toBe('weekend');
    });

    it('given the last day before the holiday, when adding working days, then the week is skipped and the make-up Saturday counts', () => {
      expect(value(addWorkingDays(national, '2025-09-30', 1))).toBe('2025-10-09');
      expect(value(addWorkingDays(national, '2025-09-30', 2))).toBe('2025-10-10');
      expect(value(addWorkingDays(national, '2025-09-30', 3))).toBe('2025-10-11');
      expect(value(addWorkingDays(national, '2025-09-30', 4))).toBe('2025-10-13');
    });

    it('given a Friday before the make-up Sunday, when adding one working day, then the Sunday is the next working day', () => {
      expect(value(addWorkingDays(national, '2025-09-26', 1))).toBe('2025-09-28');
    });

    it('given a date after the holiday, when subtracting working days, then the count goes back across it', () => {
      expect(value(addWorkingDays(national, '2025-10-09', -1))).toBe('2025-09-30');
      expect(value(addWorkingDays(national, '2025-10-09', 0))).toBe('2025-10-09');
    });

    it('given two dates around the holiday, when counting, then only working days in (from, to] count, negative backwards', () => {
      expect(value(workingDaysBetween(national, '2025-09-30', '2025-10-13'))).toBe(4);
      expect(value(workingDaysBetween(national, '2025-10-13', '2025-09-30'))).toBe(-4);
      expect(value(workingDaysBetween(national, '2025-10-01', '2025-10-08'))).toBe(0);
    });

    it('given a level of 3 working days opened on 09-30 in Beijing, when its due date is computed, then it ends with the make-up Saturday', () => {
      expect(value(levelDueDate(national, '2025-09-30T02:00:00.000Z', 3))).toEqual({
        dueDate: '2025-10-11',
        dueAt: '2025-10-11T16:00:00.000Z',
        workingDays: 3,
      });
    });

    it('given a task opened at 01:00 on 10-01 Beijing time (still 09-30 in UTC), when its due date is computed, then the Beijing date counts', () => {
      expect(chinaDateOf('2025-09-30T17:00:00.000Z')).toBe('2025-10-01');
      expect(value(levelDueDate(national, '2025-09-30T17:00:00.000Z', 1)).dueDate).toBe('2025-10-09');
    });
  });

  describe('Spring Festival weeks with their make-up Saturdays and Sundays', () => {
    it('given 2026 (02-15 to 02-23 off; Saturdays 02-14 and 02-28 worked), when adding and counting, then the make-up days count', () => {
      expect(value(calendarDay(national, '2026-02-14'))).toMatchObject({ working: true, kind: 'make_up_working_day', name: '春节' });
      expect(value(isWorkingDay(national, '2026-02-23'))).toBe(false);
      expect(value(addWorkingDays(national, '2026-02-13', 1))).toBe('2026-02-14');
      expect(value(addWorkingDays(national, '2026-02-13', 2))).toBe('2026-02-24');
      expect(value(workingDaysBetween(national, '2026-02-13', '2026-02-28'))).toBe(6);
    });

    it('given 2025 (01-28 to 02-04 off; Sunday 01-26 and Saturday 02-08 worked), when adding, then the holiday is skipped', () => {
      expect(value(isWorkingDay(national, '2025-01-26'))).toBe(true);
      expect(value(addWorkingDays(national, '2025-01-27', 1))).toBe('2025-02-05');
      expect(value(addWorkingDays(national, '2025-02-07', 1))).toBe('2025-02-08');
      expect(value(levelDueDate(national, '2025-01-24T09:00:00.000Z', 5))).toMatchObject({ dueDate: '2025-02-07' }); // 01-26, 01-27, 02-05, 02-06, 02-07
    });
  });

  describe('local overrides', () => {
    it('given a local day off after National Day, when adding working days, then it is skipped like a holiday', () => {
      const calendar = calendarWith(NATIONAL_CALENDAR, [{ date: '2025-10-13', kind: 'day_off', reason: '区运动会' }]);
      expect(value(calendarDay(calendar, '2025-10-13'))).toEqual({ date: '2025-10-13', working: false, kind: 'local_day_off', name: '区运动会' });
      expect(value(addWorkingDays(calendar, '2025-09-30', 4))).toBe('2025-10-14');
    });

    it('given a local working Sunday, when counting, then it counts', () => {
      const calendar = calendarWith(NATIONAL_CALENDAR, [{ date: '2025-10-12', kind: 'working_day', reason: '集中办理预算批复' }]);
      expect(value(workingDaysBetween(calendar, '2025-09-30', '2025-10-13'))).toBe(5);
    });
  });

  describe('years the package has not published', () => {
    it('lists the known years: 2025 and 2026 are there, 2027 is not', () => {
      expect(knownYears(national)).toEqual(expect.arrayContaining([2025, 2026]));
      expect(knownYears(national)).not.toContain(2027);
    });

    it('given a date of an unknown year, when asked, then the answer is flagged with the year, not guessed from the weekday', () => {
      const answer = isWorkingDay(national, '2027-01-04');
      expect(answer).toEqual({ known: false, unknownYear: 2027, message: expect.stringContaining('2027年') });
    });

    it('given arithmetic that runs into an unknown year, when computed, then it stops at the border with the flag', () => {
      expect(addWorkingDays(national, '2026-12-30', 5)).toMatchObject({ known: false, unknownYear: 2027 });
      expect(workingDaysBetween(national, '2026-12-20', '2027-01-10')).toMatchObject({ known: false, unknownYear: 2027 });
      expect(levelDueDate(national, '2026-12-30T02:00:00.000Z', 1)).toMatchObject({ known: true, value: { dueDate: '2026-12-31' } });
      expect(levelDueDate(national, '2026-12-30T02:00:00.000Z', 2)).toMatchObject({ known: false, unknownYear: 2027 });
    });

    it('given a calendar published up to 2025 only, when 2026 is asked, then 2026 is unknown', () => {
      const only2025 = calendarWith(nationalCalendarFrom({ holidays: { '2025-10-01': 'National Day,国庆节,3' }, workdays: {} }));
      expect(isWorkingDay(only2025, '2026-03-02')).toMatchObject({ known: false, unknownYear: 2026 });
      expect(value(isWorkingDay(only2025, '2025-03-03'))).toBe(true);
    });

    it('given a flagged answer, when a caller insists on a value, then it is refused with the Chinese message', () => {
      expect(() => calendarValue(addWorkingDays(national, '2026-12-30', 5))).toThrow(DomainError);
      expect(() => calendarValue(addWorkingDays(national, '2026-12-30', 5))).toThrow('2027年的法定节假日安排尚未收录');
      expect(calendarValue(addWorkingDays(national, '2026-12-30', 1))).toBe('2026-12-31');
    });
  });

  describe('input', () => {
    it('refuses a date that is not YYYY-MM-DD, and durations outside 1–60 working days', () => {
      expect(() => isWorkingDay(national, '2025-02-30')).toThrow(DomainError);
      expect(() => levelDueDate(national, '2025-03-03T02:00:00.000Z', 0)).toThrow(DomainError);
      expect(() => levelDueDate(national, '2025-03-03T02:00:00.000Z', 61)).toThrow(DomainError);
    });

    it('ends a Beijing day at 16:00 UTC', () => {
      expect(endOfChinaDay('2025-10-09')).toBe('2025-10-09T16:00:00.000Z');
    });
  });
});
