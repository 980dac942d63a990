import { type ExistingSheet, maySubmitSheet } from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { clerk, colleague, ctx, deptReviewer, expectRefused, given, otherUnitClerk, SHEET } from '../../testing/intake-scenario';
import { rolesAllowedBy, routeRoles } from '../../testing/route-roles';
import { SubmitSheetCommand } from './submit-sheet.command';
import { SubmitSheetController } from './submit-sheet.controller';
import { SubmitSheetHandler } from './submit-sheet.handler';

describe('submit-sheet', () => {
  it('the route admits the roles maySubmitSheet allows', async () => {
    const { state } = await (await given('draft')).sheets.load(SHEET);
    expect(routeRoles(SubmitSheetController, 'submit')).toEqual(rolesAllowedBy((actor) => maySubmitSheet(actor, state as ExistingSheet)));
  });

  it('given a draft, when a clerk of the unit submits it with a waiver request, then it is submitted with the request', async () => {
    const scenario = await given('draft');
    const view = await new SubmitSheetHandler(scenario.sheets).execute(new SubmitSheetCommand(ctx(colleague), SHEET, 1, [{ ruleId: 'S01', reason: '该项目为延续性项目' }]));
    expect(view).toMatchObject({ status: 'submitted', version: 2, submissionNo: 1, waiverRequests: [{ ruleId: 'S01', reason: '该项目为延续性项目' }] });
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated', 'SheetSubmitted']);
  });

  it('a sheet sent back for revision is submitted again as the next submission', async () => {
    const scenario = await given('revision_requested');
    const view = await new SubmitSheetHandler(scenario.sheets).execute(new SubmitSheetCommand(ctx(clerk), SHEET, 4));
    expect(view).toMatchObject({ status: 'submitted', submissionNo: 2 });
  });

  it.each([
    ['a clerk of another unit', otherUnitClerk, '只能提交本单位的绩效目标表'],
    ['the department reviewer', deptReviewer, '只有单位经办人可以提交'],
  ])('refuses %s', async (_, actor, message) => {
    const scenario = await given('draft');
    await expectRefused(scenario, new SubmitSheetHandler(scenario.sheets).execute(new SubmitSheetCommand(ctx(actor), SHEET, 1)), 'FORBIDDEN', message);
  });

  it('refuses a sheet already submitted, and a stale version', async () => {
    const scenario = await given('submitted');
    const handler = new SubmitSheetHandler(scenario.sheets);
    await expectRefused(scenario, handler.execute(new SubmitSheetCommand(ctx(clerk), SHEET, 2)), 'ILLEGAL_STATE', '绩效目标表当前状态为“已提交”，不能提交');
    const conflict = await expectRefused(scenario, handler.execute(new SubmitSheetCommand(ctx(clerk), SHEET, 1)), 'VERSION_CONFLICT');
    expect(conflict).toBeInstanceOf(StreamVersionConflictError);
  });
});
