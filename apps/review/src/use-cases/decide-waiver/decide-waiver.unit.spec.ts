import { ctx, expectRefused, f, givenReview } from '../../testing/review-scenario';
import { DecideWaiverCommand, DecideWaiverHandler } from './decide-waiver.handler';

const BOTH = [f.KEY.goal, f.KEY.value];
const grant = { findingKeys: BOTH, grant: true, reason: '按市委文件执行，同意豁免' };

describe('decide-waiver', () => {
  it('grants the waivers the unit asked for at the level that may waive', async () => {
    const s = await givenReview(f.WITH_WAIVERS.department);
    const view = await new DecideWaiverHandler(s.reviews).execute(new DecideWaiverCommand(ctx(f.deptReviewer), f.REVIEW_ID, s.version, grant));
    const events = await s.newEvents();
    expect(events.map((e) => e.type)).toEqual(['WaiverDecided']);
    expect(events[0]!.data).toMatchObject({ level: 'department', findingKeys: BOTH, granted: true });
    expect(view.open.unwaivedBlockingFindings).toEqual([]);
  });

  it('refuses a level not configured to waive', async () => {
    const atUnit = f.play(f.openReview(f.BLOCKING_WITH_REQUESTS));
    const s = await givenReview(atUnit);
    await expectRefused(s, new DecideWaiverHandler(s.reviews).execute(new DecideWaiverCommand(ctx(f.unitHead), f.REVIEW_ID, undefined, grant)), 'FORBIDDEN', '“单位负责人”环节无权豁免阻断性问题');
  });

  it('refuses a reviewer of another department', async () => {
    const s = await givenReview(f.WITH_WAIVERS.department);
    await expectRefused(s, new DecideWaiverHandler(s.reviews).execute(new DecideWaiverCommand(ctx(f.otherDeptReviewer), f.REVIEW_ID, undefined, grant)), 'FORBIDDEN', '只能审核本部门的绩效目标表');
  });

  it('refuses to waive a finding that is only a warning', async () => {
    const s = await givenReview(f.WITH_WAIVERS.department);
    const stray = { findingKeys: [f.KEY.satisfaction], grant: true, reason: '同意' };
    await expectRefused(s, new DecideWaiverHandler(s.reviews).execute(new DecideWaiverCommand(ctx(f.deptReviewer), f.REVIEW_ID, undefined, stray)), 'VALIDATION_FAILED');
  });
});
