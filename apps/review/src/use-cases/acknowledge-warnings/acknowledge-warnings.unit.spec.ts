import { ctx, expectRefused, f, givenReview } from '../../testing/review-scenario';
import { AcknowledgeWarningsCommand, AcknowledgeWarningsHandler } from './acknowledge-warnings.handler';

describe('acknowledge-warnings', () => {
  it('acknowledges, without a list, every warning not yet acknowledged at the current level', async () => {
    const s = await givenReview(f.HISTORIES.department);
    const view = await new AcknowledgeWarningsHandler(s.reviews).execute(new AcknowledgeWarningsCommand(ctx(f.deptReviewer), f.REVIEW_ID, undefined, undefined));
    const events = await s.newEvents();
    expect(events.map((e) => e.type)).toEqual(['WarningsAcknowledged']);
    expect(events[0]!.data).toMatchObject({ level: 'department', findingKeys: f.WARNING_KEYS });
    expect(view.open.unacknowledgedWarnings).toEqual([]);
  });

  it('acknowledges only the named ones when given a list', async () => {
    const s = await givenReview(f.HISTORIES.department);
    const view = await new AcknowledgeWarningsHandler(s.reviews).execute(new AcknowledgeWarningsCommand(ctx(f.deptReviewer), f.REVIEW_ID, s.version, [f.KEY.satisfaction]));
    expect(view.open.unacknowledgedWarnings).toEqual([f.KEY.vocabulary]);
  });

  it('refuses a reviewer of another department, and a stranger with a stale version too (403 before 409)', async () => {
    const s = await givenReview(f.HISTORIES.department);
    const handler = new AcknowledgeWarningsHandler(s.reviews);
    await expectRefused(s, handler.execute(new AcknowledgeWarningsCommand(ctx(f.otherDeptReviewer), f.REVIEW_ID, undefined, undefined)), 'FORBIDDEN');
    await expectRefused(s, handler.execute(new AcknowledgeWarningsCommand(ctx(f.otherDeptReviewer), f.REVIEW_ID, 1, undefined)), 'FORBIDDEN');
    await expectRefused(s, handler.execute(new AcknowledgeWarningsCommand(ctx(f.deptReviewer), f.REVIEW_ID, 1, undefined)), 'VERSION_CONFLICT');
  });
});
