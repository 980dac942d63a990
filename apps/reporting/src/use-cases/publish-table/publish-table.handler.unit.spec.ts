import { canonicalTable } from '@budget/domain';
import { createHash } from 'node:crypto';
import { clerk, ctx, deptReviewer, expectRefused, givenLiveCopy, otherDeptReviewer, project, DEPT, YEAR } from '../../testing/publication-scenario';
import { PublishTableCommand } from './publish-table.command';
import { PublishTableHandler } from './publish-table.handler';

const publish = (actor = deptReviewer, opts: { exclusions?: { sheetId: string; reason: string }[]; reason?: string } = {}) =>
  new PublishTableCommand(ctx(actor), DEPT, YEAR, opts.exclusions ?? [], opts.reason);

describe('publish-table', () => {
  it('given an approved year, when the department reviewer publishes, then version 1 seals the table, its checksum, heads and position', async () => {
    const scenario = givenLiveCopy();
    const answer = await new PublishTableHandler(scenario.reportService, scenario.publications).execute(publish());
    const { state } = await scenario.publications.load(DEPT, YEAR);
    if (state.status !== 'published') throw new Error('not published');
    const sealed = state.versions[0]!;
    expect(answer).toEqual({ departmentId: DEPT, fiscalYear: YEAR, version: 1, kind: 'published', label: '已发布（第1版）', checksum: sealed.checksum, globalPosition: '120' });
    expect(sealed.checksum).toBe(createHash('sha256').update(canonicalTable(sealed.table), 'utf8').digest('hex'));
    expect(sealed.chainHeads.map((h) => h.streamId)).toEqual(['sheet-s1', 'sheet-s2']);
    expect(sealed.contains.map((c) => c.sheetId)).toEqual(['s1', 's2']);
    expect(scenario.eventTypes()).toEqual(['TablePublished']);
  });

  it('given version 1 and a changed sheet, when published again with a reason, then version 2 is a correction with its diff', async () => {
    const scenario = givenLiveCopy();
    const handler = new PublishTableHandler(scenario.reportService, scenario.publications);
    await handler.execute(publish());
    scenario.reports.live.projects[0] = project('s1', '党员教育培训', 280_000_00);
    scenario.reports.live.position = 180;
    await expectRefused(scenario, handler.execute(publish()), 'VALIDATION_FAILED', '更正公开须说明更正理由');
    const answer = await handler.execute(publish(deptReviewer, { reason: '财政调减培训经费' }));
    expect(answer).toMatchObject({ version: 2, kind: 'correction', label: '更正（第2版）' });
    const { state } = await scenario.publications.load(DEPT, YEAR);
    if (state.status !== 'published') throw new Error('not published');
    expect(state.versions[1]!.diff?.projectsChanged.map((p) => p.sheetId)).toEqual(['s1']);
  });

  it('refuses a unit clerk and another department\'s reviewer before reading anything, and appends nothing', async () => {
    const scenario = givenLiveCopy();
    const handler = new PublishTableHandler(scenario.reportService, scenario.publications);
    await expectRefused(scenario, handler.execute(publish(clerk)), 'FORBIDDEN', '只有本部门的部门审核人可以公开绩效目标表');
    await expectRefused(scenario, handler.execute(publish(otherDeptReviewer)), 'FORBIDDEN');
  });

  it('refuses a sheet neither approved nor excluded with the Chinese message, and publishes it excluded with a reason', async () => {
    const scenario = givenLiveCopy({ others: [{ sheetId: 's3', unitId: 'u1', projectName: '基层党建', status: 'under_review', submissionNo: 1, reviewId: null }] });
    const handler = new PublishTableHandler(scenario.reportService, scenario.publications);
    await expectRefused(scenario, handler.execute(publish()), 'VALIDATION_FAILED', '“基层党建”尚未批复，须列入不公开名单并说明理由');
    const answer = await handler.execute(publish(deptReviewer, { exclusions: [{ sheetId: 's3', reason: '尚在财政审核中' }] }));
    expect(answer.version).toBe(1);
    const { state } = await scenario.publications.load(DEPT, YEAR);
    expect(state.status === 'published' && state.versions[0]!.excluded.map((e) => e.reason)).toEqual(['尚在财政审核中']);
  });
});
