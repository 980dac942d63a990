import { type ExistingSheet, mayEditSheet } from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { admin, clerk, ctx, deptReviewer, expectRefused, given, type IntakeScenario, otherUnitClerk, SHEET } from '../../testing/intake-scenario';
import { rolesAllowedBy, routeRoles } from '../../testing/route-roles';
import { AddIndicatorCommand, ChangeIndicatorCommand, EditSheetCommand, RemoveIndicatorCommand, ReorderIndicatorsCommand } from './edit-sheet.commands';
import { EditSheetController } from './edit-sheet.controller';
import { AddIndicatorHandler, ChangeIndicatorHandler, EditSheetHandler, RemoveIndicatorHandler, ReorderIndicatorsHandler } from './edit-sheet.handlers';

const NEW_INDICATOR = { indicatorId: 'ind-5', level1: '1-产出指标', level2: '13-时效指标', name: '经费按时下达', periodTarget: '≤30天', annualTarget: '≤30天' };

describe('edit-sheet: who may edit is the sheet policy’s, and the route agrees', () => {
  it('the routes admit exactly the roles mayEditSheet allows (the unit’s clerk)', async () => {
    const { state } = await (await given('draft')).sheets.load(SHEET);
    const allowed = rolesAllowedBy((actor) => mayEditSheet(actor, state as ExistingSheet));
    expect(allowed).toEqual(['unit_clerk']);
    for (const handler of ['edit', 'addIndicator', 'changeIndicator', 'removeIndicator', 'reorder']) expect(routeRoles(EditSheetController, handler)).toEqual(allowed);
  });

  it.each([
    ['a department reviewer', deptReviewer],
    ['an administrator', admin],
  ])('refuses %s the domain’s way, whatever reaches the handler', async (_, actor) => {
    const scenario = await given('draft');
    await expectRefused(
      scenario,
      new EditSheetHandler(scenario.sheets).execute(new EditSheetCommand(ctx(actor), SHEET, 1, { goal: '由审核人改写的绩效目标内容' })),
      'FORBIDDEN',
      '只有单位经办人可以修改',
    );
  });
});

describe('edit-sheet: project name, goal and funding', () => {
  let scenario: IntakeScenario;
  let handler: EditSheetHandler;
  beforeEach(async () => {
    scenario = await given('draft');
    handler = new EditSheetHandler(scenario.sheets);
  });

  it('given a draft, when the clerk renames it and changes its funding in one step, then both are recorded in one append', async () => {
    const view = await handler.execute(
      new EditSheetCommand(ctx(clerk), SHEET, 1, { projectName: '党员关爱专项经费', funding: { fiscalAppropriation: 25_000_000, specialAccountAppropriation: 0, otherFunds: 500_000 } }),
    );
    expect(view).toMatchObject({ version: 3, projectName: '党员关爱专项经费', funding: { total: '25.50' }, lastEditedBy: clerk.id });
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated', 'DraftProjectRenamed', 'DraftFundingChanged']);
  });

  it('refuses a request that changes nothing', async () => {
    await expectRefused(scenario, handler.execute(new EditSheetCommand(ctx(clerk), SHEET, 1, {})), 'VALIDATION_FAILED', '没有要修改的内容');
  });

  it('refuses a clerk of another unit, even with a stale version: no 409 naming the current one', async () => {
    const error = await expectRefused(scenario, handler.execute(new EditSheetCommand(ctx(otherUnitClerk), SHEET, 7, { goal: '别人的项目' })), 'FORBIDDEN');
    expect(error).not.toBeInstanceOf(StreamVersionConflictError);
  });

  it('answers the owner’s stale version with the conflict and the current version', async () => {
    await handler.execute(new EditSheetCommand(ctx(clerk), SHEET, 1, { goal: '完成干部人事档案数字化，提高档案管理水平和利用效率。' }));
    const error = await expectRefused(scenario, handler.execute(new EditSheetCommand(ctx(clerk), SHEET, 1, { projectName: '改名' })), 'VERSION_CONFLICT');
    expect(error).toBeInstanceOf(StreamVersionConflictError);
    expect((error as StreamVersionConflictError).actualVersion).toBe(2);
  });

  it('refuses to edit a submitted sheet', async () => {
    const submitted = await given('submitted');
    await expectRefused(
      submitted,
      new EditSheetHandler(submitted.sheets).execute(new EditSheetCommand(ctx(clerk), SHEET, 2, { goal: '提交后修改的绩效目标内容' })),
      'ILLEGAL_STATE',
      '绩效目标表当前状态为“已提交”，不能修改',
    );
  });

  it('a sheet that does not exist is not found', async () => {
    await expect(handler.execute(new EditSheetCommand(ctx(clerk), 'no-such-sheet', undefined, { goal: '不存在的表' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('edit-sheet: indicators', () => {
  it('adds an indicator at a position, changes it, reorders and removes it, each against the version before', async () => {
    const scenario = await given('draft');
    const add = await new AddIndicatorHandler(scenario.sheets).execute(new AddIndicatorCommand(ctx(clerk), SHEET, 1, NEW_INDICATOR, 0));
    expect(add.indicators.map((i) => i.indicatorId)).toEqual(['ind-5', 'ind-1', 'ind-2', 'ind-3', 'ind-4']);
    const change = await new ChangeIndicatorHandler(scenario.sheets).execute(new ChangeIndicatorCommand(ctx(clerk), SHEET, 2, 'ind-5', { annualTarget: '≤20天' }));
    expect(change.indicators[0]).toMatchObject({ indicatorId: 'ind-5', annualTarget: { text: '≤20天' } });
    const order = ['ind-1', 'ind-2', 'ind-3', 'ind-4', 'ind-5'];
    const reordered = await new ReorderIndicatorsHandler(scenario.sheets).execute(new ReorderIndicatorsCommand(ctx(clerk), SHEET, 3, order));
    expect(reordered.indicators.map((i) => i.indicatorId)).toEqual(order);
    const removed = await new RemoveIndicatorHandler(scenario.sheets).execute(new RemoveIndicatorCommand(ctx(clerk), SHEET, 4, 'ind-5'));
    expect(removed).toMatchObject({ version: 5 });
    expect(removed.indicators.map((i) => i.indicatorId)).toEqual(['ind-1', 'ind-2', 'ind-3', 'ind-4']);
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated', 'DraftIndicatorAdded', 'DraftIndicatorChanged', 'DraftIndicatorsReordered', 'DraftIndicatorRemoved']);
  });

  it('an unknown indicator is not found, and nothing changes', async () => {
    const scenario = await given('draft');
    await expectRefused(scenario, new RemoveIndicatorHandler(scenario.sheets).execute(new RemoveIndicatorCommand(ctx(clerk), SHEET, 1, 'ind-x')), 'NOT_FOUND', '指标不存在');
  });

  it('refuses another unit’s clerk and a sheet under review', async () => {
    const draft = await given('draft');
    await expectRefused(draft, new AddIndicatorHandler(draft.sheets).execute(new AddIndicatorCommand(ctx(otherUnitClerk), SHEET, 1, NEW_INDICATOR)), 'FORBIDDEN', '只能修改本单位的绩效目标表');
    const underReview = await given('under_review');
    await expectRefused(underReview, new AddIndicatorHandler(underReview.sheets).execute(new AddIndicatorCommand(ctx(clerk), SHEET, 3, NEW_INDICATOR)), 'ILLEGAL_STATE');
  });
});
