import { calendarWith, type ExistingReview, foldReview, NATIONAL_CALENDAR, nationalCalendarFrom } from '@budget/domain';
import { reviewFixtures as f } from '@budget/domain/testing';
import { taskDeadlineView } from './task-deadline';

// Given: the department's task opened Sunday 2025-03-02, due at the end of Wednesday 2025-03-05 (Beijing).
const atDepartment = foldReview(f.HISTORIES.department) as ExistingReview;
const calendar = calendarWith(NATIONAL_CALENDAR);

describe('task deadline (待办)', () => {
  it('is 未到期 until the reminder lead, 即将到期 within it, 已逾期 from the due instant', () => {
    expect(taskDeadlineView(atDepartment, '2025-03-03T02:00:00.000Z', calendar, 1)).toEqual({ dueAt: f.DUE, dueDate: '2025-03-05', status: 'on_time', statusName: '未到期' });
    expect(taskDeadlineView(atDepartment, '2025-03-04T02:00:00.000Z', calendar, 1)).toMatchObject({ status: 'due_soon', statusName: '即将到期' });
    expect(taskDeadlineView(atDepartment, f.DUE, calendar, 1)).toMatchObject({ status: 'overdue', statusName: '已逾期' });
  });

  it('says 期限待定 when the calendar has not published the year, and nothing for a review without an open task', () => {
    const without2025 = calendarWith(nationalCalendarFrom({ holidays: { '2024-10-01': 'National Day,国庆节,1' }, workdays: {} }));
    expect(taskDeadlineView(atDepartment, '2025-03-03T02:00:00.000Z', without2025, 1)).toMatchObject({ status: 'unknown_calendar', statusName: '期限待定（节假日安排未收录）' });
    const approved = foldReview(f.play(f.openReview(), f.acknowledge('unit_head'), f.approve('unit_head'), f.acknowledge('department'), f.approve('department'), f.acknowledge('finance'), f.cmd('GradeReview', { level: 'finance', grade: '优' }, f.financeReviewer))) as ExistingReview;
    expect(taskDeadlineView(approved, '2025-03-03T02:00:00.000Z', calendar, 1)).toBeNull();
  });
});
