import { type PublishableSheet } from '@budget/domain';
import { auditor, clerk, ctx, DEPT, deptReviewer, expectRefused, givenLiveCopy, otherDeptReviewer, project, YEAR } from '../../testing/publication-scenario';
import { PublishTableCommand } from '../publish-table/publish-table.command';
import { PublishTableHandler } from '../publish-table/publish-table.handler';
import { DiffPublicationsHandler, ListPublicationsHandler } from './read-publications.handlers';
import { DiffPublicationsQuery, ListPublicationsQuery } from './read-publications.queries';

async function givenTwoVersions() {
  const scenario = givenLiveCopy();
  const publish = new PublishTableHandler(scenario.reportService, scenario.publications);
  await publish.execute(new PublishTableCommand(ctx(deptReviewer), DEPT, YEAR, [], undefined));
  scenario.reports.live.projects[1] = project('s2', '党建指导员', 70_000_00, 'u2');
  scenario.reports.live.position = 200;
  await publish.execute(new PublishTableCommand(ctx(deptReviewer), DEPT, YEAR, [], '更正党建指导员经费'));
  return scenario;
}

describe('read-publications', () => {
  it('given two versions, when listed, then 已发布 and 更正 with who, when and checksum', async () => {
    const scenario = await givenTwoVersions();
    const list = await new ListPublicationsHandler(scenario.reportService, scenario.publications, scenario.scope).execute(new ListPublicationsQuery(auditor, DEPT, YEAR));
    expect(list.items.map((i) => [i.version, i.label, i.by, i.reason])).toEqual([
      [1, '已发布（第1版）', 'dept-1', null],
      [2, '更正（第2版）', 'dept-1', '更正党建指导员经费'],
    ]);
    expect(list.items[0]!.checksum).not.toBe(list.items[1]!.checksum);
  });

  it('given nothing published, when listed, then an empty list', async () => {
    const scenario = givenLiveCopy();
    expect((await new ListPublicationsHandler(scenario.reportService, scenario.publications, scenario.scope).execute(new ListPublicationsQuery(clerk, DEPT, YEAR))).items).toEqual([]);
  });

  it('given two versions, when diffed 1 → 2, then the changed field of the changed project', async () => {
    const scenario = await givenTwoVersions();
    const diff = await new DiffPublicationsHandler(scenario.reportService, scenario.publications, scenario.scope).execute(new DiffPublicationsQuery(deptReviewer, DEPT, YEAR, 1, 2));
    expect(diff).toMatchObject({ departmentId: DEPT, fromVersion: 1, toVersion: 2, identical: false, projectsAdded: [], projectsRemoved: [] });
    expect(diff.projectsChanged.map((p) => [p.sheetId, p.changes.map((c) => c.field)])).toEqual([['s2', expect.arrayContaining(['total', 'funding.fiscalAppropriation'])]]);
  });

  it('refuses another department and a version never published', async () => {
    const scenario = await givenTwoVersions();
    await expectRefused(scenario, new ListPublicationsHandler(scenario.reportService, scenario.publications, scenario.scope).execute(new ListPublicationsQuery(otherDeptReviewer, DEPT, YEAR)), 'FORBIDDEN');
    await expectRefused(scenario, new DiffPublicationsHandler(scenario.reportService, scenario.publications, scenario.scope).execute(new DiffPublicationsQuery(deptReviewer, DEPT, YEAR, 1, 3)), 'NOT_FOUND', '没有第3版公开表');
  });

  it('given a sheet of each unit left out and two versions, when a clerk of u1 lists and diffs them, then it counts only its own unit’s exclusions and learns no other unit’s ids', async () => {
    const draft = (sheetId: string, unitId: string): PublishableSheet => ({ sheetId, unitId, projectName: `草稿${sheetId}`, status: 'draft', submissionNo: 0, reviewId: null });
    const scenario = givenLiveCopy({ others: [draft('d1', 'u1'), draft('d2', 'u2'), draft('d3', 'u2')] });
    const exclusions = ['d1', 'd2', 'd3'].map((sheetId) => ({ sheetId, reason: '尚未批复' }));
    const publish = new PublishTableHandler(scenario.reportService, scenario.publications);
    await publish.execute(new PublishTableCommand(ctx(deptReviewer), DEPT, YEAR, exclusions, undefined));
    scenario.reports.live.projects[1] = project('s2', '党建指导员', 70_000_00, 'u2');
    scenario.reports.live.position = 200;
    await publish.execute(new PublishTableCommand(ctx(deptReviewer), DEPT, YEAR, exclusions, '更正党建指导员经费'));
    const list = new ListPublicationsHandler(scenario.reportService, scenario.publications, scenario.scope);
    expect((await list.execute(new ListPublicationsQuery(auditor, DEPT, YEAR))).items.map((i) => i.excluded)).toEqual([3, 3]);
    expect((await list.execute(new ListPublicationsQuery(clerk, DEPT, YEAR))).items.map((i) => i.excluded)).toEqual([1, 1]);
    const diffs = new DiffPublicationsHandler(scenario.reportService, scenario.publications, scenario.scope);
    const whole = await diffs.execute(new DiffPublicationsQuery(auditor, DEPT, YEAR, 1, 2));
    expect(JSON.stringify(whole)).toContain('"s2"');
    const own = await diffs.execute(new DiffPublicationsQuery(clerk, DEPT, YEAR, 1, 2));
    expect(own.projectsChanged.map((p) => [p.sheetId, p.name, p.changes.map((c) => c.field)])).toEqual([[null, '党建指导员', expect.arrayContaining(['total'])]]);
    expect(JSON.stringify(own)).not.toMatch(/"s2"|"u2"/);
  });
});
