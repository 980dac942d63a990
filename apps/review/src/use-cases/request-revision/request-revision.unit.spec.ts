import { cancelledKeys, ctx, expectRefused, f, givenReview, requestedKinds } from '../../testing/review-scenario';
import { RequestRevisionCommand, RequestRevisionHandler } from './request-revision.handler';

const comments = [{ message: '绩效目标不够具体', field: 'goal' }, { message: '请补充满意度指标', findingKey: f.KEY.satisfaction }, { message: '整体再核实一遍' }];

describe('request-revision', () => {
  it('sends the sheet back with the comments, ends the level’s task and tells the unit', async () => {
    const s = await givenReview(f.HISTORIES.department);
    const view = await new RequestRevisionHandler(s.reviews).execute(new RequestRevisionCommand(ctx(f.deptReviewer), f.REVIEW_ID, s.version, comments));
    const events = await s.newEvents();
    expect(events.map((e) => e.type)).toEqual(['ReviewRevisionRequested']);
    expect(events[0]!.data).toMatchObject({ level: 'department', automatic: false });
    expect(JSON.stringify(events[0]!.data)).toContain('绩效目标不够具体');
    expect(view).toMatchObject({ status: 'revision_requested', currentLevel: null });
    expect(requestedKinds(s)).toEqual(['revision_requested']);
    // Nothing was scheduled when the task opened, so nothing is left to cancel when it closes.
    expect(cancelledKeys(s)).toEqual([]);
  });

  it('refuses a reviewer of another department', async () => {
    const s = await givenReview(f.HISTORIES.department);
    await expectRefused(s, new RequestRevisionHandler(s.reviews).execute(new RequestRevisionCommand(ctx(f.otherDeptReviewer), f.REVIEW_ID, undefined, comments)), 'FORBIDDEN', '只能审核本部门的绩效目标表');
  });

  it('refuses the unit head once the review has moved past the unit', async () => {
    const s = await givenReview(f.HISTORIES.department);
    await expectRefused(s, new RequestRevisionHandler(s.reviews).execute(new RequestRevisionCommand(ctx(f.unitHead), f.REVIEW_ID, undefined, comments)), 'FORBIDDEN');
  });

  it('refuses a reviewer who last edited the sheet (four eyes)', async () => {
    const s = await givenReview(f.play(f.openReview({ lastEditedBy: f.deptReviewer.id }), f.acknowledge('unit_head'), f.approve('unit_head')));
    await expectRefused(s, new RequestRevisionHandler(s.reviews).execute(new RequestRevisionCommand(ctx(f.deptReviewer), f.REVIEW_ID, undefined, comments)), 'FORBIDDEN', /不能审核本人/);
  });
});
