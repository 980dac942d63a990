import { NATIONAL_CALENDAR } from '../calendar/national-calendar';
import { calendarWith, levelDueDate } from '../calendar/working-days';
import { upcastDeadlineEvent } from './deadlines.upcasters';
import { deadlineNoticesDue, noticeId, noticeKeyOf, openLevelTaskOf, taskDeadlineStatus, type DeadlineCheck } from './deadlines.policy';
import { foldReview } from '../review/review.decider';
import { DUE, HISTORIES, NOW, REF, READY_TO_GRADE } from '../review/testing/review-fixtures';
import { type DeadlineNoticeEvent, type OpenLevelTask } from './deadlines.types';

const calendar = calendarWith(NATIONAL_CALENDAR);
const OPENED = '2025-09-26T02:00:00.000Z'; // Friday 10:00 in Beijing, before National Day
const due = levelDueDate(calendar, OPENED, 3);
const DUE_AT = due.known ? due.value.dueAt : '';

/** Department level, 3 working days: Sunday 09-28 (make-up), 09-29, 09-30 → due at the end of 09-30. */
const task: OpenLevelTask = {
  reviewId: 'sheet-1-1',
  sheetId: 'sheet-1',
  round: 1,
  fiscalYear: 2026,
  departmentId: 'dept-zzb',
  unitId: 'unit-zzb',
  projectName: '党员教育培训',
  level: 'department',
  role: 'department_reviewer',
  openedAt: OPENED,
  dueAt: DUE_AT,
};

const { role: _role, openedAt: _openedAt, ...taskData } = task;

function check(now: string, overrides: Partial<DeadlineCheck> = {}): DeadlineCheck {
  return { now, tasks: [task], calendar, reminderLeadWorkingDays: 1, recorded: [], ...overrides };
}

/** Runs the scheduler repeatedly, each run seeing what the earlier ones recorded (as after a restart). */
function runs(...nows: string[]): DeadlineNoticeEvent[] {
  const recorded: DeadlineNoticeEvent[] = [];
  for (const now of nows) recorded.push(...deadlineNoticesDue(check(now, { recorded: recorded.map(noticeKeyOf) })).events);
  return recorded;
}

describe('reminders and escalation (policy)', () => {
  it('given the due date, then it is the end of the third working day, the make-up Sunday counted', () => {
    expect(DUE_AT).toBe('2025-09-30T16:00:00.000Z');
  });

  it('given a task due in more than the lead, when checked on the make-up Sunday, then nothing is sent', () => {
    expect(deadlineNoticesDue(check('2025-09-28T02:00:00.000Z'))).toEqual({ events: [], flagged: [] });
  });

  it('given the lead is reached, when checked, then the person whose level it is gets one reminder', () => {
    expect(deadlineNoticesDue(check('2025-09-29T02:00:00.000Z')).events).toEqual([
      {
        type: 'LevelTaskReminded',
        data: {
          ...taskData,
          dueDate: '2025-09-30',
          leadWorkingDays: 1,
          workingDaysLeft: 1,
          recipient: { role: 'department_reviewer', departmentId: 'dept-zzb', unitId: null },
          text: '绩效目标表“党员教育培训”待主管部门审核，办理期限为2025-09-30，还剩1个工作日，请及时办理。',
          at: '2025-09-29T02:00:00.000Z',
        },
      },
    ]);
  });

  it('given the task overdue through the holiday, when checked, then its supervisor is notified once with the working days overdue', () => {
    const [escalation] = deadlineNoticesDue(check('2025-10-09T02:00:00.000Z')).events;
    expect(escalation).toMatchObject({
      type: 'LevelTaskEscalated',
      data: { level: 'department', dueDate: '2025-09-30', overdueWorkingDays: 1, supervisor: { post: 'department_head', departmentId: 'dept-zzb' } },
    });
    expect(escalation?.data.text).toBe('绩效目标表“党员教育培训”的主管部门审核已于2025-09-30到期，已逾期1个工作日，请督促办理。');
  });

  it('given runs every few hours across the deadline and a restart, when replayed, then exactly one reminder and one escalation exist', () => {
    const events = runs('2025-09-29T02:00:00.000Z', '2025-09-29T06:00:00.000Z', '2025-09-30T02:00:00.000Z', '2025-10-01T02:00:00.000Z', '2025-10-09T02:00:00.000Z', '2025-10-10T02:00:00.000Z');
    expect(events.map((e) => e.type)).toEqual(['LevelTaskReminded', 'LevelTaskEscalated']);
  });

  it('given the scheduler was down until after the due date, when it runs, then it escalates without a late reminder', () => {
    expect(runs('2025-10-09T02:00:00.000Z').map((e) => e.type)).toEqual(['LevelTaskEscalated']);
  });

  it('given the finance level overdue, when checked, then the finance section chief is the supervisor', () => {
    const finance: OpenLevelTask = { ...task, level: 'finance', role: 'finance_reviewer' };
    expect(deadlineNoticesDue(check('2025-10-09T02:00:00.000Z', { tasks: [finance] })).events[0]?.data).toMatchObject({
      supervisor: { post: 'finance_section_chief' },
    });
  });

  it('given a unit-head level, when reminded, then the reminder is addressed to the unit', () => {
    const unitLevel: OpenLevelTask = { ...task, level: 'unit_head', role: 'unit_head' };
    expect(deadlineNoticesDue(check('2025-09-29T02:00:00.000Z', { tasks: [unitLevel] })).events[0]?.data).toMatchObject({
      recipient: { role: 'unit_head', unitId: 'unit-zzb' },
    });
  });

  it('given the same task listed twice, when checked, then one notice; a new round of the same level is a new task', () => {
    expect(deadlineNoticesDue(check('2025-09-29T02:00:00.000Z', { tasks: [task, task] })).events).toHaveLength(1);
    const recorded = [{ reviewId: task.reviewId, round: 1, level: task.level, kind: 'reminder' as const }];
    expect(deadlineNoticesDue(check('2025-09-29T02:00:00.000Z', { tasks: [{ ...task, round: 2 }], recorded })).events).toHaveLength(1);
  });

  it('given a lead of 0, when the task nears its due date, then no reminder is sent', () => {
    expect(deadlineNoticesDue(check('2025-09-30T02:00:00.000Z', { reminderLeadWorkingDays: 0 })).events).toEqual([]);
  });

  it('refuses a lead outside 0–20 working days', () => {
    expect(() => deadlineNoticesDue(check('2025-09-30T02:00:00.000Z', { reminderLeadWorkingDays: 21 }))).toThrow('提前提醒的工作日数');
  });

  it('given a task due in a year not yet published, when checked, then it is flagged and no reminder is guessed', () => {
    const late: OpenLevelTask = { ...task, dueAt: '2027-01-05T16:00:00.000Z' };
    expect(deadlineNoticesDue(check('2026-12-31T02:00:00.000Z', { tasks: [late] }))).toEqual({
      events: [],
      flagged: [{ reviewId: 'sheet-1-1', level: 'department', unknownYear: 2027, message: expect.stringContaining('2027年') }],
    });
    expect(taskDeadlineStatus(late, '2026-12-31T02:00:00.000Z', calendar, 1)).toBe('unknown_calendar');
  });

  it('gives 待办 its status: on time, due soon, overdue', () => {
    expect(taskDeadlineStatus(task, '2025-09-26T03:00:00.000Z', calendar, 1)).toBe('on_time');
    expect(taskDeadlineStatus(task, '2025-09-29T03:00:00.000Z', calendar, 1)).toBe('due_soon');
    expect(taskDeadlineStatus(task, '2025-09-30T16:00:00.000Z', calendar, 1)).toBe('overdue');
  });

  it('gives each notice a deterministic id, and reads its events back (JSON round trip)', () => {
    const [event] = runs('2025-09-29T02:00:00.000Z');
    expect(noticeId(noticeKeyOf(event!))).toBe('deadline:sheet-1-1:1:department:reminder');
    expect(upcastDeadlineEvent({ type: event!.type, schemaVersion: 1, data: JSON.parse(JSON.stringify(event!.data)) })).toEqual(event);
  });

  it('lists the open task of a folded review for the scheduler, and none once no level waits', () => {
    const { submissionNo: _submissionNo, ...ref } = REF;
    expect(openLevelTaskOf(foldReview(HISTORIES.department))).toEqual({ ...ref, level: 'department', role: 'department_reviewer', openedAt: NOW, dueAt: DUE });
    expect(openLevelTaskOf(foldReview(READY_TO_GRADE))).toMatchObject({ level: 'finance' });
    expect(openLevelTaskOf(foldReview([]))).toBeNull();
  });
});
