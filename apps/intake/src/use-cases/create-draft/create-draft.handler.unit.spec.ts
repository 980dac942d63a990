import { mayCreateDraft } from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { admin, clerk, ctx, DEPT, deptReviewer, expectRefused, financeReviewer, FUNDING, given, GOAL, INDICATORS, otherDeptReviewer, OTHER_UNIT, UNIT } from '../../testing/intake-scenario';
import { rolesAllowedBy, routeRoles } from '../../testing/route-roles';
import { CreateDraftCommand, type DraftInput } from './create-draft.command';
import { CreateDraftController } from './create-draft.controller';
import { CreateDraftHandler } from './create-draft.handler';

const NEW = 'sheet-new';
const draft: DraftInput = { fiscalYear: 2025, projectName: '干部教育培训经费', funding: FUNDING, goal: GOAL, indicators: INDICATORS };

describe('create-draft', () => {
  it('the route admits the roles mayCreateDraft allows', () => {
    expect(routeRoles(CreateDraftController, 'create')).toEqual(rolesAllowedBy((actor) => mayCreateDraft(actor, { departmentId: DEPT, unitId: UNIT })));
  });

  it('given nothing, when a clerk creates a draft without naming a unit, then it is their unit’s, in its department', async () => {
    const scenario = await given();
    const view = await new CreateDraftHandler(scenario.sheets, scenario.directory).execute(new CreateDraftCommand(ctx(clerk), NEW, draft));
    expect(view).toMatchObject({ sheetId: NEW, version: 1, status: 'draft', unitId: UNIT, departmentId: DEPT, createdBy: clerk.id, funding: { total: '30.00' } });
    expect(await scenario.sheetEvents(NEW)).toEqual(['DraftCreated']);
  });

  it('a department reviewer creates one for a unit of the department they name', async () => {
    const scenario = await given();
    const view = await new CreateDraftHandler(scenario.sheets, scenario.directory).execute(new CreateDraftCommand(ctx(deptReviewer), NEW, { ...draft, unitId: OTHER_UNIT }));
    expect(view).toMatchObject({ unitId: OTHER_UNIT, departmentId: DEPT });
  });

  it('asks anyone but a clerk to name the unit, and refuses an unknown one', async () => {
    const scenario = await given();
    const handler = new CreateDraftHandler(scenario.sheets, scenario.directory);
    const missing = await expectRefused(scenario, handler.execute(new CreateDraftCommand(ctx(admin), NEW, draft)), 'VALIDATION_FAILED', '输入有误，请按提示修改');
    expect(missing.details.fieldErrors).toEqual([{ field: 'unitId', message: '请填写资金使用单位' }]);
    const unknown = await expectRefused(scenario, handler.execute(new CreateDraftCommand(ctx(admin), NEW, { ...draft, unitId: 'unit-x' })), 'VALIDATION_FAILED');
    expect(unknown.details.fieldErrors).toEqual([{ field: 'unitId', message: '未知的资金使用单位' }]);
    expect(await scenario.sheetEvents(NEW)).toEqual([]);
  });

  it.each([
    ['a clerk, for another unit', clerk, OTHER_UNIT, '只能为本单位创建绩效目标表'],
    ['a reviewer of another department', otherDeptReviewer, UNIT, '只能为本部门的单位创建绩效目标表'],
    ['finance', financeReviewer, UNIT, '无权创建绩效目标表'],
  ])('refuses %s', async (_, actor, unitId, message) => {
    const scenario = await given();
    await expectRefused(scenario, new CreateDraftHandler(scenario.sheets, scenario.directory).execute(new CreateDraftCommand(ctx(actor), NEW, { ...draft, unitId })), 'FORBIDDEN', message);
    expect(await scenario.sheetEvents(NEW)).toEqual([]);
  });

  it('an id already taken is a conflict, and the existing sheet stays as it was', async () => {
    const scenario = await given('draft');
    const handler = new CreateDraftHandler(scenario.sheets, scenario.directory);
    await expect(handler.execute(new CreateDraftCommand(ctx(clerk), 'sheet-2025-gadm', draft))).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated']);
  });
});
