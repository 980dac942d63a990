import { clerk, ctx, DEPT, deptReviewer, expectRefused, financeReviewer, givenLiveCopy, otherDeskFinance, YEAR, type PublicationScenario } from '../../testing/publication-scenario';
import { PublishTableCommand } from '../publish-table/publish-table.command';
import { PublishTableHandler } from '../publish-table/publish-table.handler';
import { ReopenPublishedSheetCommand } from './reopen-published-sheet.command';
import { ReopenPublishedSheetHandler } from './reopen-published-sheet.handler';

const reopen = (actor = financeReviewer, sheetId = 's1', reason = '资金调整，需更正年度指标') =>
  new ReopenPublishedSheetCommand({ ...ctx(actor), authorization: 'Bearer t' }, DEPT, YEAR, sheetId, reason);

async function givenPublished(): Promise<PublicationScenario> {
  const scenario = givenLiveCopy();
  await new PublishTableHandler(scenario.reportService, scenario.publications).execute(new PublishTableCommand(ctx(deptReviewer), DEPT, YEAR, [], undefined));
  return scenario;
}

describe('reopen-published-sheet', () => {
  it('given version 1, when finance reopens a sheet with a reason, then intake reopens it with that reason and the publication records it', async () => {
    const scenario = await givenPublished();
    const answer = await new ReopenPublishedSheetHandler(scenario.publications, scenario.intakeSheets).execute(reopen());
    expect(answer).toEqual({ departmentId: DEPT, fiscalYear: YEAR, sheetId: 's1', publishedVersion: 1, reason: '资金调整，需更正年度指标', sheetVersion: 6 });
    expect(scenario.intake.reopened).toEqual([{ sheetId: 's1', reason: '资金调整，需更正年度指标' }]);
    expect(scenario.eventTypes()).toEqual(['TablePublished', 'PublishedSheetReopened']);
  });

  it('refuses without a reason, a clerk, another desk, an unpublished sheet and a second reopening, and neither intake nor the publication changes', async () => {
    const scenario = await givenPublished();
    const handler = new ReopenPublishedSheetHandler(scenario.publications, scenario.intakeSheets);
    await expectRefused(scenario, handler.execute(reopen(financeReviewer, 's1', '  ')), 'VALIDATION_FAILED', '重新开放须说明理由');
    await expectRefused(scenario, handler.execute(reopen(clerk)), 'FORBIDDEN', '只有负责该部门的财政审核人可以重新开放已公开的绩效目标表');
    await expectRefused(scenario, handler.execute(reopen(otherDeskFinance)), 'FORBIDDEN');
    await expectRefused(scenario, handler.execute(reopen(financeReviewer, 's9')), 'ILLEGAL_STATE', '该绩效目标表不在第1版公开表中');
    expect(scenario.intake.reopened).toEqual([]);
    await handler.execute(reopen());
    await expectRefused(scenario, handler.execute(reopen()), 'ILLEGAL_STATE', '该绩效目标表已重新开放，尚未再次公开');
    expect(scenario.intake.reopened).toHaveLength(1);
  });

  it('when intake refuses (the sheet is no longer approved), then its message is the answer and the publication records nothing', async () => {
    const scenario = await givenPublished();
    scenario.intake.refuse = { code: 'ILLEGAL_STATE', message: '当前状态为“修改中”，不能重新开放' };
    await expectRefused(scenario, new ReopenPublishedSheetHandler(scenario.publications, scenario.intakeSheets).execute(reopen()), 'ILLEGAL_STATE', '当前状态为“修改中”，不能重新开放');
  });
});
