import { type ExistingSheet, mayWithdrawSubmission } from '@budget/domain';
import { clerk, ctx, expectRefused, given, otherUnitClerk, SHEET } from '../../testing/intake-scenario';
import { rolesAllowedBy, routeRoles } from '../../testing/route-roles';
import { WithdrawSheetCommand } from './withdraw-sheet.command';
import { WithdrawSheetController } from './withdraw-sheet.controller';
import { WithdrawSheetHandler } from './withdraw-sheet.handler';

describe('withdraw-sheet', () => {
  it('the route admits the roles mayWithdrawSubmission allows', async () => {
    const { state } = await (await given('submitted')).sheets.load(SHEET);
    expect(routeRoles(WithdrawSheetController, 'withdraw')).toEqual(rolesAllowedBy((actor) => mayWithdrawSubmission(actor, state as ExistingSheet)));
  });

  it('given a submission not yet under review, when the clerk withdraws it with a reason, then it is a draft again', async () => {
    const scenario = await given('submitted');
    const view = await new WithdrawSheetHandler(scenario.sheets).execute(new WithdrawSheetCommand(ctx(clerk), SHEET, 2, '金额填写有误'));
    expect(view).toMatchObject({ status: 'draft', version: 3 });
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated', 'SheetSubmitted', 'SheetWithdrawn']);
    expect((await scenario.store.readStream(`sheet-${SHEET}`, 3))[0]?.data).toMatchObject({ reason: '金额填写有误' });
  });

  it('refuses once the review has started, and a draft that was never submitted', async () => {
    const underReview = await given('under_review');
    await expectRefused(underReview, new WithdrawSheetHandler(underReview.sheets).execute(new WithdrawSheetCommand(ctx(clerk), SHEET, 3)), 'ILLEGAL_STATE');
    const draft = await given('draft');
    await expectRefused(draft, new WithdrawSheetHandler(draft.sheets).execute(new WithdrawSheetCommand(ctx(clerk), SHEET, 1)), 'ILLEGAL_STATE');
  });

  it('refuses a clerk of another unit before comparing versions', async () => {
    const scenario = await given('submitted');
    await expectRefused(scenario, new WithdrawSheetHandler(scenario.sheets).execute(new WithdrawSheetCommand(ctx(otherUnitClerk), SHEET, 9)), 'FORBIDDEN', '只能撤回本单位的绩效目标表');
  });
});
