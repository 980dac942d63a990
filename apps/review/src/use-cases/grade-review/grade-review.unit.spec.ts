import { ctx, expectRefused, f, givenReview, requestedKinds } from '../../testing/review-scenario';
import { GradeReviewCommand, GradeReviewHandler } from './grade-review.handler';

describe('grade-review', () => {
  it('grades at the last level: 优 approves the sheet and tells the unit', async () => {
    const s = await givenReview(f.READY_TO_GRADE);
    const view = await new GradeReviewHandler(s.reviews).execute(
      new GradeReviewCommand(ctx(f.financeReviewer), f.REVIEW_ID, s.version, { grade: '优', comments: '目标明确，指标合理' }),
    );
    const events = await s.newEvents();
    expect(events.map((e) => e.type)).toEqual(['ReviewApproved']);
    expect(events[0]!.data).toMatchObject({ level: 'finance', grade: '优', comments: '目标明确，指标合理', conditions: null, by: f.financeReviewer.id });
    expect(view).toMatchObject({ status: 'approved', currentLevel: null, version: s.version + 1 });
    expect(requestedKinds(s)).toContain('final_decision');
  });

  it('差 rejects it', async () => {
    const s = await givenReview(f.READY_TO_GRADE);
    await new GradeReviewHandler(s.reviews).execute(new GradeReviewCommand(ctx(f.financeReviewer), f.REVIEW_ID, undefined, { grade: '差', comments: '目标不明确' }));
    expect((await s.newEvents()).map((e) => e.type)).toEqual(['ReviewRejected']);
  });

  it('is not for a level below the last one', async () => {
    const s = await givenReview(f.HISTORIES.department);
    await expectRefused(s, new GradeReviewHandler(s.reviews).execute(new GradeReviewCommand(ctx(f.deptReviewer), f.REVIEW_ID, undefined, { grade: '优' })), 'ILLEGAL_STATE');
  });

  it('refuses a department reviewer at finance’s level', async () => {
    const s = await givenReview(f.READY_TO_GRADE);
    await expectRefused(s, new GradeReviewHandler(s.reviews).execute(new GradeReviewCommand(ctx(f.deptReviewer), f.REVIEW_ID, undefined, { grade: '优' })), 'FORBIDDEN', /环节须由/);
  });

  it('refuses a finance reviewer whose desk does not cover the department', async () => {
    const s = await givenReview(f.READY_TO_GRADE);
    const elsewhere = { ...f.financeReviewer, departmentIds: ['dept-other'] };
    await expectRefused(s, new GradeReviewHandler(s.reviews).execute(new GradeReviewCommand(ctx(elsewhere), f.REVIEW_ID, undefined, { grade: '优' })), 'FORBIDDEN', '只能审核所负责部门的绩效目标表');
  });

  it('refuses a stale version with the conflict', async () => {
    const s = await givenReview(f.READY_TO_GRADE);
    await expectRefused(s, new GradeReviewHandler(s.reviews).execute(new GradeReviewCommand(ctx(f.financeReviewer), f.REVIEW_ID, s.version - 1, { grade: '优' })), 'VERSION_CONFLICT');
  });

  it('has nothing left to do on a review that ended', async () => {
    const ended = f.play(...[f.openReview(), f.acknowledge('unit_head'), f.approve('unit_head'), f.acknowledge('department'), f.approve('department'), f.acknowledge('finance')], f.cmd('GradeReview', { level: 'finance', grade: '良' }, f.financeReviewer));
    const s = await givenReview(ended);
    await expectRefused(s, new GradeReviewHandler(s.reviews).execute(new GradeReviewCommand(ctx(f.financeReviewer), f.REVIEW_ID, undefined, { grade: '优' })), 'ILLEGAL_STATE', '该审核已结束，没有待办环节');
  });
});
