import { clerk, ctx, deptReviewer, FUNDING, given, GOAL, INDICATORS, type IntakeScenario, otherUnitClerk, SHEET, UNIT } from '../../testing/intake-scenario';
import { buildTemplate, type TemplateSheet } from './template-layout';
import { UploadTemplateCommand } from './upload-template.command';
import { UploadTemplateHandler } from './upload-template.handler';

const INFO = { fiscalYear: 2025, unitId: UNIT, unitName: '组织部机关', departmentName: '组织部', downloadedAt: '2025-03-01T08:00:00.000Z' };
const AS_DOWNLOADED: TemplateSheet = { sheetId: SHEET, version: 1, projectName: '关爱党员专项经费', funding: FUNDING, goal: GOAL, indicators: INDICATORS };
const NEW_GOAL = '开展党内关爱扶助，帮扶对象不少于100人，满意度不低于90%。';

async function upload(scenario: IntakeScenario, actor: typeof clerk, sheet: TemplateSheet, unitId?: string) {
  const workbook = await buildTemplate(INFO, [sheet]);
  return new UploadTemplateHandler(scenario.sheets, scenario.directory).execute(new UploadTemplateCommand(ctx(actor), workbook, unitId));
}

describe('fill-template: uploading a filled template', () => {
  it('given a draft, when the clerk uploads it with a new goal, then the goal is changed against the downloaded version', async () => {
    const scenario = await given('draft');
    const result = await upload(scenario, clerk, { ...AS_DOWNLOADED, goal: NEW_GOAL });
    expect(result.counts).toEqual({ created: 0, updated: 1, unchanged: 0, conflicts: 0, rejected: 0 });
    expect(result.projects[0]).toMatchObject({ sheetId: SHEET, outcome: 'updated', downloadedVersion: 1, currentVersion: 1, version: 2 });
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated', 'DraftGoalChanged']);
  });

  it('the same content again is unchanged, whatever the version', async () => {
    const scenario = await given('draft');
    const result = await upload(scenario, clerk, AS_DOWNLOADED);
    expect(result.projects[0]).toMatchObject({ outcome: 'unchanged', version: 1 });
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated']);
  });

  it('a sheet changed since the download is a conflict, and nothing of the project is applied', async () => {
    const scenario = await given('draft');
    await upload(scenario, clerk, { ...AS_DOWNLOADED, goal: NEW_GOAL });
    const result = await upload(scenario, clerk, { ...AS_DOWNLOADED, projectName: '改过的名称' });
    expect(result.projects[0]).toMatchObject({ outcome: 'conflict', currentVersion: 2, version: null });
    expect(result.projects[0]?.message).toContain('下载模板后该项目已被修改');
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated', 'DraftGoalChanged']);
  });

  it('the sheet’s policy decides: a department reviewer’s change of the unit’s draft is rejected in its words', async () => {
    const scenario = await given('draft');
    const result = await upload(scenario, deptReviewer, { ...AS_DOWNLOADED, goal: NEW_GOAL }, UNIT);
    expect(result.projects[0]).toMatchObject({ outcome: 'rejected', message: '只有单位经办人可以修改。该项目未作修改' });
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated']);
  });

  it('refuses another unit’s template as a whole, and a clerk naming another unit', async () => {
    const scenario = await given('draft');
    await expect(upload(scenario, otherUnitClerk, AS_DOWNLOADED)).rejects.toMatchObject({ code: 'FORBIDDEN', message: '该模板不是本单位的填报模板，未作任何修改' });
    await expect(upload(scenario, clerk, AS_DOWNLOADED, 'unit-other')).rejects.toMatchObject({ code: 'FORBIDDEN', message: '填报人只能下载和上传本单位的填报模板' });
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated']);
  });
});
