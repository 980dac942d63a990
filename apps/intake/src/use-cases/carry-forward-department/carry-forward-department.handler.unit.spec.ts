import { mayCarryForwardDepartment } from '@budget/domain';
import type { SheetReadModel } from '../../infrastructure/sheet-read-model';
import { admin, clerk, ctx, DEPT, deptReviewer, expectRefused, given, type IntakeScenario, otherDeptReviewer, SHEET } from '../../testing/intake-scenario';
import { rolesAllowedBy, routeRoles } from '../../testing/route-roles';
import { carriedSheetId, CarryForwardSheetCommand } from '../carry-forward-sheet/carry-forward-sheet.command';
import { CarryForwardSheetHandler } from '../carry-forward-sheet/carry-forward-sheet.handler';
import { CarryForwardDepartmentCommand } from './carry-forward-department.command';
import { CarryForwardDepartmentController } from './carry-forward-department.controller';
import { CarryForwardDepartmentHandler } from './carry-forward-department.handler';

const NEXT = carriedSheetId(SHEET, 2026);

/** The read model as its query would answer: the scenario's sheet when it is approved. */
function readModelOf(scenario: IntakeScenario) {
  const idsOf = jest.fn(async (departmentId: string, fiscalYear: number, status: string) => {
    const { state } = await scenario.sheets.load(SHEET);
    return state.status === status && departmentId === DEPT && fiscalYear === 2025 ? [SHEET] : [];
  });
  return { idsOf, readModel: { idsOf } as unknown as SheetReadModel };
}

const handlerFor = (scenario: IntakeScenario) => new CarryForwardDepartmentHandler(scenario.sheets, readModelOf(scenario).readModel, scenario.directory);

describe('carry-forward-department', () => {
  it('the route admits the roles mayCarryForwardDepartment allows', () => {
    expect(routeRoles(CarryForwardDepartmentController, 'carryForward')).toEqual(rolesAllowedBy((actor) => mayCarryForwardDepartment(actor, DEPT)));
  });

  it('given an approved sheet of 2025, when the department’s reviewer carries the year forward, then it has a 2026 draft, and a second run changes nothing', async () => {
    const scenario = await given('approved');
    const handler = handlerFor(scenario);
    const summary = await handler.execute(new CarryForwardDepartmentCommand(ctx(deptReviewer), DEPT, 2025));
    expect(summary).toEqual({
      departmentId: DEPT,
      fromYear: 2025,
      toYear: 2026,
      counts: { carried: 1, alreadyCarried: 0 },
      sheets: [{ originId: SHEET, sheetId: NEXT, projectName: '关爱党员专项经费', outcome: 'carried' }],
    });
    expect((await scenario.sheets.load(NEXT)).state).toMatchObject({ status: 'draft', createdBy: deptReviewer.id, origin: { sheetId: SHEET, fiscalYear: 2025 } });
    const again = await handler.execute(new CarryForwardDepartmentCommand(ctx(admin), DEPT, 2025));
    expect(again).toMatchObject({ counts: { carried: 0, alreadyCarried: 1 }, sheets: [{ sheetId: NEXT, outcome: 'already-carried' }] });
    expect(await scenario.sheetEvents(NEXT)).toEqual(['DraftCreated']);
  });

  it('reports a sheet its clerk carried before as already carried', async () => {
    const scenario = await given('approved');
    await new CarryForwardSheetHandler(scenario.sheets).execute(new CarryForwardSheetCommand(ctx(clerk), SHEET));
    const summary = await handlerFor(scenario).execute(new CarryForwardDepartmentCommand(ctx(deptReviewer), DEPT, 2025));
    expect(summary.counts).toEqual({ carried: 0, alreadyCarried: 1 });
    expect((await scenario.sheets.load(NEXT)).state).toMatchObject({ createdBy: clerk.id });
  });

  it('carries nothing from a year without approved sheets', async () => {
    const scenario = await given('under_review');
    expect(await handlerFor(scenario).execute(new CarryForwardDepartmentCommand(ctx(deptReviewer), DEPT, 2025))).toMatchObject({ counts: { carried: 0, alreadyCarried: 0 }, sheets: [] });
    expect(await scenario.sheetEvents(NEXT)).toEqual([]);
  });

  it('refuses another department’s reviewer and a clerk before reading anything, and answers an unknown department 404', async () => {
    const scenario = await given('approved');
    const { idsOf, readModel } = readModelOf(scenario);
    const handler = new CarryForwardDepartmentHandler(scenario.sheets, readModel, scenario.directory);
    await expectRefused(scenario, handler.execute(new CarryForwardDepartmentCommand(ctx(otherDeptReviewer), DEPT, 2025)), 'FORBIDDEN', '只能结转本部门的绩效目标表');
    await expectRefused(scenario, handler.execute(new CarryForwardDepartmentCommand(ctx(clerk), DEPT, 2025)), 'FORBIDDEN', '只有主管部门审核人可以结转整个部门的绩效目标表');
    await expectRefused(scenario, handler.execute(new CarryForwardDepartmentCommand(ctx(admin), 'dept-x', 2025)), 'NOT_FOUND', '部门不存在');
    expect(idsOf).not.toHaveBeenCalled();
    expect(await scenario.sheetEvents(NEXT)).toEqual([]);
  });
});
