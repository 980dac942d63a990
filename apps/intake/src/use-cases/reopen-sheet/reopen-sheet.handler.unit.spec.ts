import { type ExistingSheet, mayReopenSheet, sheetStreamId } from '@budget/domain';
import { clerk, ctx, DEPT, expectRefused, financeReviewer, given, otherDeskFinance, SHEET } from '../../testing/intake-scenario';
import { rolesAllowedBy, routeRoles } from '../../testing/route-roles';
import { ReopenSheetCommand } from './reopen-sheet.command';
import { ReopenSheetController } from './reopen-sheet.controller';
import { ReopenSheetHandler } from './reopen-sheet.handler';

describe('reopen-sheet', () => {
  it('the route admits the roles mayReopenSheet allows', async () => {
    const { state } = await (await given('approved')).sheets.load(SHEET);
    expect(routeRoles(ReopenSheetController, 'reopen')).toEqual(rolesAllowedBy((actor) => mayReopenSheet(actor, state as ExistingSheet)));
  });

  it('given an approved sheet, when finance reopens it with a reason, then the unit can revise it', async () => {
    const scenario = await given('approved');
    const view = await new ReopenSheetHandler(scenario.sheets).execute(new ReopenSheetCommand(ctx(financeReviewer), SHEET, 4, '预算调整'));
    expect(view).toMatchObject({ version: 5 });
    expect(view.status).not.toBe('approved');
    expect((await scenario.sheetEvents()).at(-1)).toBe('SheetReopened');
  });

  it('after publication, the reopening names the published version (reporting records it from the event)', async () => {
    const scenario = await given('approved');
    await new ReopenSheetHandler(scenario.sheets).execute(new ReopenSheetCommand(ctx(financeReviewer), SHEET, 4, '预算调整', 1));
    const last = (await scenario.store.readStream(sheetStreamId(SHEET))).at(-1)!;
    expect(last).toMatchObject({ type: 'SheetReopened', data: { reason: '预算调整', publication: { departmentId: DEPT, fiscalYear: 2025, publishedVersion: 1 } } });
  });

  it('refuses the clerk, a finance desk of other departments, and a sheet that is not approved', async () => {
    const approved = await given('approved');
    const handler = new ReopenSheetHandler(approved.sheets);
    await expectRefused(approved, handler.execute(new ReopenSheetCommand(ctx(clerk), SHEET, 4, '预算调整')), 'FORBIDDEN', '只有财政审核人可以重新开放已批复的绩效目标表');
    await expectRefused(approved, handler.execute(new ReopenSheetCommand(ctx(otherDeskFinance), SHEET, 4, '预算调整')), 'FORBIDDEN', '只能重新开放所负责部门的绩效目标表');
    const draft = await given('draft');
    await expectRefused(draft, new ReopenSheetHandler(draft.sheets).execute(new ReopenSheetCommand(ctx(financeReviewer), SHEET, 1, '预算调整')), 'ILLEGAL_STATE');
  });

  it('answers a stale version with the conflict', async () => {
    const scenario = await given('approved');
    await expectRefused(scenario, new ReopenSheetHandler(scenario.sheets).execute(new ReopenSheetCommand(ctx(financeReviewer), SHEET, 3, '预算调整')), 'VERSION_CONFLICT');
  });
});
