import { mayCreateDraft } from '@budget/domain';
import { admin, clerk, ctx, DEPT, deptReviewer, expectRefused, financeReviewer, given, INDICATORS, otherDeptReviewer, otherUnitClerk, SHEET, UNIT } from '../../testing/intake-scenario';
import { rolesAllowedBy, routeRoles } from '../../testing/route-roles';
import { carriedSheetId, CarryForwardSheetCommand } from './carry-forward-sheet.command';
import { CarryForwardSheetController } from './carry-forward-sheet.controller';
import { CarryForwardSheetHandler } from './carry-forward-sheet.handler';

const NEXT = carriedSheetId(SHEET, 2026);

describe('carry-forward-sheet', () => {
  it('the route admits the roles mayCreateDraft allows', () => {
    expect(routeRoles(CarryForwardSheetController, 'carryForward')).toEqual(rolesAllowedBy((actor) => mayCreateDraft(actor, { departmentId: DEPT, unitId: UNIT })));
  });

  it('names next year\'s sheet after its origin and year, and nothing else', () => {
    expect(carriedSheetId(SHEET, 2026)).toBe(NEXT);
    expect(carriedSheetId(SHEET, 2027)).not.toBe(NEXT);
    expect(carriedSheetId('sheet-other', 2026)).not.toBe(NEXT);
  });

  it('given an approved sheet of 2025, when the unit\'s clerk carries it forward, then a 2026 draft has its content and its origin', async () => {
    const scenario = await given('approved');
    const origin = await scenario.sheets.load(SHEET);
    const view = await new CarryForwardSheetHandler(scenario.sheets).execute(new CarryForwardSheetCommand(ctx(clerk), SHEET));
    expect(view).toMatchObject({
      sheetId: NEXT,
      version: 1,
      status: 'draft',
      fiscalYear: 2026,
      departmentId: DEPT,
      unitId: UNIT,
      projectName: '关爱党员专项经费',
      funding: { total: '30.00' },
      submissionNo: 0,
      createdBy: clerk.id,
      review: null,
      source: null,
      origin: { sheetId: SHEET, fiscalYear: 2025, submissionNo: 1, reviewId: 'review-1' },
    });
    expect(view.indicators.map((i) => i.name)).toEqual(INDICATORS.map((i) => i.name));
    const next = await scenario.sheets.load(NEXT);
    if (origin.state.status === 'empty' || next.state.status === 'empty') throw new Error('both sheets exist');
    const { sheetId: _origin, fiscalYear: _2025, ...copied } = origin.state.content;
    const { sheetId: _next, fiscalYear: _2026, ...carried } = next.state.content;
    expect(carried).toEqual(copied);
    expect(await scenario.sheetEvents(NEXT)).toEqual(['DraftCreated']);
    expect((await scenario.sheets.load(SHEET)).version).toBe(origin.version);
  });

  it('lets the department reviewer and the admin carry it too', async () => {
    for (const actor of [deptReviewer, admin]) {
      const scenario = await given('approved');
      expect(await new CarryForwardSheetHandler(scenario.sheets).execute(new CarryForwardSheetCommand(ctx(actor), SHEET))).toMatchObject({ sheetId: NEXT, createdBy: actor.id });
    }
  });

  it('a second time answers 已结转 with the existing sheet\'s id, and creates nothing', async () => {
    const scenario = await given('approved');
    const handler = new CarryForwardSheetHandler(scenario.sheets);
    await handler.execute(new CarryForwardSheetCommand(ctx(clerk), SHEET));
    const before = await scenario.sheetEvents(NEXT);
    const again = await expectRefused(scenario, handler.execute(new CarryForwardSheetCommand(ctx(clerk), SHEET)), 'ALREADY_EXISTS', '已结转：该项目2026年度的绩效目标表已经存在，请勿重复结转');
    expect(again.details).toEqual({ sheetId: NEXT });
    expect(await scenario.sheetEvents(NEXT)).toEqual(before);
  });

  it.each([
    ['another unit\'s clerk', otherUnitClerk, '只能为本单位创建绩效目标表'],
    ['a reviewer of another department', otherDeptReviewer, '只能为本部门的单位创建绩效目标表'],
    ['finance', financeReviewer, '无权创建绩效目标表'],
  ])('refuses %s, before and after the sheet was carried, and changes nothing', async (_, actor, message) => {
    const scenario = await given('approved');
    const handler = new CarryForwardSheetHandler(scenario.sheets);
    await expectRefused(scenario, handler.execute(new CarryForwardSheetCommand(ctx(actor), SHEET)), 'FORBIDDEN', message);
    expect(await scenario.sheetEvents(NEXT)).toEqual([]);
    await handler.execute(new CarryForwardSheetCommand(ctx(clerk), SHEET));
    await expectRefused(scenario, handler.execute(new CarryForwardSheetCommand(ctx(actor), SHEET)), 'FORBIDDEN', message);
  });

  it.each(['draft', 'submitted', 'under_review', 'revision_requested'] as const)('refuses a sheet that is %s: only an approved one is carried', async (history) => {
    const scenario = await given(history);
    await expectRefused(scenario, new CarryForwardSheetHandler(scenario.sheets).execute(new CarryForwardSheetCommand(ctx(clerk), SHEET)), 'ILLEGAL_STATE', '只有已批复的绩效目标表可以结转到下一年度');
    expect(await scenario.sheetEvents(NEXT)).toEqual([]);
  });

  it('refuses a sheet that does not exist', async () => {
    const scenario = await given();
    await expectRefused(scenario, new CarryForwardSheetHandler(scenario.sheets).execute(new CarryForwardSheetCommand(ctx(clerk), 'sheet-x')), 'NOT_FOUND', '原绩效目标表不存在');
  });
});
