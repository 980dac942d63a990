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
    const list = await new ListPublicationsHandler(scenario.reportService, scenario.publications).execute(new ListPublicationsQuery(auditor, DEPT, YEAR));
    expect(list.items.map((i) => [i.version, i.label, i.by, i.reason])).toEqual([
      [1, '已发布（第1版）', 'dept-1', null],
      [2, '更正（第2版）', 'dept-1', '更正党建指导员经费'],
    ]);
    expect(list.items[0]!.checksum).not.toBe(list.items[1]!.checksum);
  });

  it('given nothing published, when listed, then an empty list', async () => {
    const scenario = givenLiveCopy();
    expect((await new ListPublicationsHandler(scenario.reportService, scenario.publications).execute(new ListPublicationsQuery(clerk, DEPT, YEAR))).items).toEqual([]);
  });

  it('given two versions, when diffed 1 → 2, then the changed field of the changed project', async () => {
    const scenario = await givenTwoVersions();
    const diff = await new DiffPublicationsHandler(scenario.reportService, scenario.publications).execute(new DiffPublicationsQuery(deptReviewer, DEPT, YEAR, 1, 2));
    expect(diff).toMatchObject({ departmentId: DEPT, fromVersion: 1, toVersion: 2, identical: false, projectsAdded: [], projectsRemoved: [] });
    expect(diff.projectsChanged.map((p) => [p.sheetId, p.changes.map((c) => c.field)])).toEqual([['s2', expect.arrayContaining(['total', 'funding.fiscalAppropriation'])]]);
  });

  it('refuses another department and a version never published', async () => {
    const scenario = await givenTwoVersions();
    await expectRefused(scenario, new ListPublicationsHandler(scenario.reportService, scenario.publications).execute(new ListPublicationsQuery(otherDeptReviewer, DEPT, YEAR)), 'FORBIDDEN');
    await expectRefused(scenario, new DiffPublicationsHandler(scenario.reportService, scenario.publications).execute(new DiffPublicationsQuery(deptReviewer, DEPT, YEAR, 1, 3)), 'NOT_FOUND', '没有第3版公开表');
  });
});
