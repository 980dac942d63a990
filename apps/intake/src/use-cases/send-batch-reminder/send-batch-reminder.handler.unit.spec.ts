import { batchReminderStreamId, mayBatchRemind, type OpenDraft } from '@budget/domain';
import { BatchReminderRepository } from '../../infrastructure/repositories';
import type { SheetReadModel } from '../../infrastructure/sheet-read-model';
import { admin, clerk, ctx, DEPT, deptReviewer, expectRefused, financeReviewer, given, type IntakeScenario, otherDeptReviewer, SHEET, UNIT } from '../../testing/intake-scenario';
import { rolesAllowedBy, routeRoles } from '../../testing/route-roles';
import { SendBatchReminderCommand } from './send-batch-reminder.command';
import { SendBatchReminderController } from './send-batch-reminder.controller';
import { SendBatchReminderHandler } from './send-batch-reminder.handler';

const DEADLINE = '2099-03-13';

/** The read model as its query would answer: the scenario's sheet while it is a draft or sent back. */
function readModelOf(scenario: IntakeScenario) {
  const draftsOf = jest.fn(async (departmentId: string, fiscalYear: number, statuses: readonly string[]): Promise<OpenDraft[]> => {
    const { state } = await scenario.sheets.load(SHEET);
    if (state.status === 'empty' || departmentId !== DEPT || fiscalYear !== 2025 || !statuses.includes(state.status)) return [];
    return [{ sheetId: SHEET, unitId: state.content.unitId, projectName: state.content.projectName }];
  });
  return { draftsOf, readModel: { draftsOf } as unknown as SheetReadModel };
}

function setUp(scenario: IntakeScenario) {
  const { draftsOf, readModel } = readModelOf(scenario);
  const handler = new SendBatchReminderHandler(new BatchReminderRepository(scenario.store), readModel, scenario.directory);
  const remindersOf = async () => (await scenario.store.readStream(batchReminderStreamId(DEPT, 2025))).map((e) => ({ type: e.type, data: e.data }));
  return { handler, draftsOf, remindersOf };
}

const send = (actor = deptReviewer, request: Partial<SendBatchReminderCommand['request']> = {}, departmentId = DEPT) =>
  new SendBatchReminderCommand(ctx(actor), departmentId, { fiscalYear: 2025, deadline: DEADLINE, batchId: 'batch-1', ...request });

describe('send-batch-reminder', () => {
  it('the route admits the roles mayBatchRemind allows', () => {
    expect(routeRoles(SendBatchReminderController, 'send')).toEqual(rolesAllowedBy((actor) => mayBatchRemind(actor, DEPT)));
  });

  it.each(['draft', 'revision_requested'] as const)('given a %s in one unit, when the department reviewer sends 催办, then that unit is reminded of it, once per batch', async (history) => {
    const { handler, remindersOf } = setUp(await given(history));
    expect(await handler.execute(send())).toEqual({
      batchId: 'batch-1',
      departmentId: DEPT,
      fiscalYear: 2025,
      deadline: DEADLINE,
      outcome: 'sent',
      counts: { units: 1, drafts: 1 },
      units: [{ unitId: UNIT, unitName: '组织部机关', drafts: 1 }],
    });
    const recorded = await remindersOf();
    expect(recorded).toEqual([
      {
        type: 'BatchReminderSent',
        data: expect.objectContaining({ batchId: 'batch-1', departmentId: DEPT, fiscalYear: 2025, deadline: DEADLINE, units: [expect.objectContaining({ unitId: UNIT, sheetIds: [SHEET] })] }),
      },
    ]);
    expect(await handler.execute(send())).toMatchObject({ outcome: 'already-sent', counts: { units: 0, drafts: 0 }, units: [] });
    expect(await remindersOf()).toHaveLength(1);
    expect(await handler.execute(send(deptReviewer, { batchId: 'batch-2' }))).toMatchObject({ outcome: 'sent' });
    expect(await remindersOf()).toHaveLength(2);
  });

  it('without a batch id, the request’s correlation id names the batch', async () => {
    const { handler } = setUp(await given('draft'));
    expect(await handler.execute(send(deptReviewer, { batchId: undefined }))).toMatchObject({ batchId: 'corr-1', outcome: 'sent' });
  });

  it('refuses other departments and other roles before reading anything, and an unknown department 404', async () => {
    const scenario = await given('draft');
    const { handler, draftsOf, remindersOf } = setUp(scenario);
    await expectRefused(scenario, handler.execute(send(otherDeptReviewer)), 'FORBIDDEN', '只有本部门的部门审核人可以催办');
    for (const actor of [clerk, financeReviewer, admin]) await expectRefused(scenario, handler.execute(send(actor)), 'FORBIDDEN', '只有本部门的部门审核人可以催办');
    await expectRefused(scenario, handler.execute(send({ ...deptReviewer, departmentId: 'dept-x' }, {}, 'dept-x')), 'NOT_FOUND', '部门不存在');
    expect(draftsOf).not.toHaveBeenCalled();
    expect(await remindersOf()).toEqual([]);
  });

  it('refuses a deadline in the past, a date that is no date, and a year with nothing open', async () => {
    const { handler, remindersOf } = setUp(await given('draft'));
    const submitted = await given('submitted');
    await expectRefused(submitted, setUp(submitted).handler.execute(send()), 'ILLEGAL_STATE', '没有尚未报送的单位，无需催办');
    await expect(handler.execute(send(deptReviewer, { deadline: '2020-01-01' }))).rejects.toMatchObject({ code: 'ILLEGAL_STATE', message: '催办截止日期已过' });
    await expect(handler.execute(send(deptReviewer, { deadline: '2099/03/13' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(handler.execute(send(deptReviewer, { fiscalYear: 2026 }))).rejects.toMatchObject({ code: 'ILLEGAL_STATE' });
    expect(await remindersOf()).toEqual([]);
  });
});
