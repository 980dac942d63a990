import { type DayKind, type LocalDayKind } from './working-days';

/** Why a day is or is not a working day, on the calendar screen and in explanations of a due date. */
export const DAY_KIND_LABELS: Readonly<Record<DayKind, string>> = {
  weekday: '工作日',
  weekend: '周末',
  holiday: '法定节假日',
  make_up_working_day: '调休上班',
  local_day_off: '本地放假',
  local_working_day: '本地上班',
};

/** What an admin sets in a region's own calendar. */
export const LOCAL_DAY_KIND_LABELS: Readonly<Record<LocalDayKind, string>> = {
  day_off: '本地放假',
  working_day: '本地上班',
};

export const CALENDAR_EVENT_LABELS = {
  LocalCalendarDaySet: '设置本地工作日安排',
  LocalCalendarDayCleared: '取消本地工作日安排',
} as const;

export const CALENDAR_MESSAGES = {
  unknownYear: (year: number) => `${year}年的法定节假日安排尚未收录，无法按工作日计算期限，请管理员更新节假日数据`,
  invalidDate: '日期格式应为“YYYY-MM-DD”',
  reasonRequired: '请说明理由',
  mayEditLocalCalendar: '只有系统管理员可以维护本地工作日安排',
  notSet: '该日期没有本地工作日安排',
  kindInvalid: '只能设置为本地放假或本地上班',
  reasonTooLong: (max: number) => `理由不能超过${max}个字`,
  durationInvalid: (max: number) => `办理时限须为1到${max}之间的整数个工作日`,
} as const;
