import { FOUR_EYES_MESSAGE, levelDueDate } from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { cancelledKeys, ctx, expectRefused, f, givenReview, regionCalendarOf, requestedKinds } from '../../testing/review-scenario';
import { ApproveLevelCommand, ApproveLevelHandler } from './approve-level.handler';

/** The department's task open, its warnings acknowledged: ready to approve. */
const READY_AT_DEPARTMENT = f.play(f.openReview(), f.acknowledge('unit_head'), f.approve('unit_head'), f.acknowledge('department'));

describe('approve-level', () => {
  it('approves the current level and opens the next one, writing the read model and notifying its reviewers', async () => {
    const s = await givenReview(READY_AT_DEPARTMENT);
    const view = await new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(f.deptReviewer), f.REVIEW_ID, undefined, '同意'));

    const events = await s.newEvents();
    expect(events.map((e) => e.type)).toEqual(['LevelApproved', 'LevelTaskOpened']);
    expect(events[0]!.data).toMatchObject({ reviewId: f.REVIEW_ID, level: 'department', comments: '同意' });
    expect(events[1]!.data).toMatchObject({ level: 'finance', role: 'finance_reviewer' });
    expect(view).toMatchObject({ reviewId: f.REVIEW_ID, currentLevel: 'finance', currentLevelName: '财政部门', version: s.version + 2 });
    const [row] = s.statementsOn('INSERT INTO reviews');
    expect(row!.params.slice(0, 3)).toEqual([f.REVIEW_ID, `review-${f.REVIEW_ID}`, s.version + 2]);
    // Reminders and escalations are the deadline sweep's: opening a task schedules none.
    expect(requestedKinds(s)).toEqual(['task_waiting']);
    // Nothing was scheduled when the task opened, so nothing is left to cancel when it closes.
    expect(cancelledKeys(s)).toEqual([]);
  });

  it('opens the next level due in working days on the region’s calendar of the moment (the default chain: finance has 5)', async () => {
    const s = await givenReview(READY_AT_DEPARTMENT);
    const calendars = regionCalendarOf(s);
    await new ApproveLevelHandler(s.reviews, calendars).execute(new ApproveLevelCommand(ctx(f.deptReviewer), f.REVIEW_ID, undefined, undefined));

    const opened = (await s.newEvents()).find((e) => e.type === 'LevelTaskOpened')!;
    if (opened.type !== 'LevelTaskOpened') throw new Error('no task opened');
    // Opened by the real clock: the expected due date is the calendar's answer for that moment.
    const due = levelDueDate(await calendars.calendar(), opened.data.openedAt, 5);
    expect(opened.data).toMatchObject(due.known ? { dueWorkingDays: 5, dueDate: due.value.dueDate, dueAt: due.value.dueAt } : { unknownCalendarYear: due.unknownYear });
  });

  it('is decided at the version the client saw: a stale one is a conflict', async () => {
    const s = await givenReview(READY_AT_DEPARTMENT);
    const error = await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(f.deptReviewer), f.REVIEW_ID, 1, undefined)), 'VERSION_CONFLICT');
    expect(error).toBeInstanceOf(StreamVersionConflictError);
  });

  it('tells a stranger with a stale version FORBIDDEN, not the conflict (403 before 409)', async () => {
    const s = await givenReview(READY_AT_DEPARTMENT);
    await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(f.otherDeptReviewer), f.REVIEW_ID, 1, undefined)), 'FORBIDDEN', '只能审核本部门的绩效目标表');
  });

  it('refuses a reviewer of another department', async () => {
    const s = await givenReview(READY_AT_DEPARTMENT);
    await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(f.otherDeptReviewer), f.REVIEW_ID, undefined, undefined)), 'FORBIDDEN', '只能审核本部门的绩效目标表');
  });

  it('refuses a reviewer who is not of the current level', async () => {
    const s = await givenReview(READY_AT_DEPARTMENT);
    await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(f.unitHead), f.REVIEW_ID, undefined, undefined)), 'FORBIDDEN', /环节须由/);
  });

  it('refuses the sheet’s own author (four eyes)', async () => {
    const s = await givenReview(READY_AT_DEPARTMENT);
    const author = { ...f.deptReviewer, id: 'clerk-1' };
    await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(author), f.REVIEW_ID, undefined, undefined)), 'FORBIDDEN', FOUR_EYES_MESSAGE);
  });

  it('refuses a level whose warnings are not acknowledged yet', async () => {
    const s = await givenReview(f.HISTORIES.department);
    await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(f.deptReviewer), f.REVIEW_ID, undefined, undefined)), 'ILLEGAL_STATE');
  });

  it('knows no review that was never opened', async () => {
    const s = await givenReview([]);
    await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(f.deptReviewer), f.REVIEW_ID, undefined, undefined)), 'NOT_FOUND', '审核记录不存在');
  });
});
