import { clerk, ctx, DEPT, deptReviewer, expectRefused, financeReviewer, givenLiveCopy, otherDeskFinance, YEAR, type PublicationScenario } from '../../testing/publication-scenario';
import { PublishTableCommand } from '../publish-table/publish-table.command';
import { PublishTableHandler } from '../publish-table/publish-table.handler';
import { ReopenPublishedSheetCommand } from './reopen-published-sheet.command';
import { ReopenPublishedSheetHandler } from './reopen-published-sheet.handler';
import { RecordSheetReopenedCommand, RecordSheetReopenedHandler } from './record-sheet-reopened.handler';
import { type RecordedEvent, type SheetReopened } from '@budget/domain';

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
    expect(scenario.intake.reopened).toEqual([{ sheetId: 's1', reason: '资金调整，需更正年度指标', publishedVersion: 1 }]);
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

  describe('the crash window: intake reopened the sheet, the publication did not record it', () => {
    /** Intake's SheetReopened as Kafka delivers it: it names the publication the sheet was reopened from. */
    const sheetReopened = (publishedVersion = 1): RecordedEvent<SheetReopened['data']> => ({
        eventId: 'evt-intake-reopen',
        type: 'SheetReopened',
        schemaVersion: 1,
        streamId: 'sheet-s1',
        streamVersion: 6,
        globalPosition: '130',
        occurredAt: '2026-04-01T02:00:00.000Z',
        recordedAt: '2026-04-01T02:00:00.000Z',
        actor: financeReviewer,
        correlationId: 'corr-1',
        causationId: null,
        data: { sheetId: 's1', submissionNo: 1, reviewId: 's1-1', reason: '资金调整，需更正年度指标', publication: { departmentId: DEPT, fiscalYear: YEAR, publishedVersion } },
        prevHash: '0'.repeat(64),
        hash: '1'.repeat(64),
      });

    const consume = (scenario: PublicationScenario, event = sheetReopened()) =>
      new RecordSheetReopenedHandler(scenario.publications).execute(new RecordSheetReopenedCommand(event, event.data, scenario.store.transaction()));

    it('given the handler died after intake’s reopen, when the consumer sees intake’s SheetReopened, then the publication records it once, as the person who asked', async () => {
      const scenario = await givenPublished();
      jest.spyOn(scenario.publications, 'execute').mockRejectedValueOnce(new Error('the process died'));
      await expect(new ReopenPublishedSheetHandler(scenario.publications, scenario.intakeSheets).execute(reopen())).rejects.toThrow('the process died');
      expect(scenario.intake.reopened).toHaveLength(1);
      expect(scenario.eventTypes()).toEqual(['TablePublished']);
      expect(await consume(scenario)).toBe(true);
      expect(scenario.eventTypes()).toEqual(['TablePublished', 'PublishedSheetReopened']);
      const recorded = scenario.store.all().at(-1)!;
      expect(recorded).toMatchObject({ actor: { id: financeReviewer.id }, causationId: 'evt-intake-reopen', data: { sheetId: 's1', publishedVersion: 1, reason: '资金调整，需更正年度指标', by: financeReviewer.id, at: '2026-04-01T02:00:00.000Z' } });
      // The message again (redelivered, replayed): nothing more.
      expect(await consume(scenario)).toBe(false);
      expect(scenario.eventTypes()).toEqual(['TablePublished', 'PublishedSheetReopened']);
    });

    it('when the handler recorded it, the consumer adds nothing; when the consumer came first, the handler answers with its record', async () => {
      const handled = await givenPublished();
      await new ReopenPublishedSheetHandler(handled.publications, handled.intakeSheets).execute(reopen());
      expect(await consume(handled)).toBe(false);
      expect(handled.eventTypes()).toEqual(['TablePublished', 'PublishedSheetReopened']);

      const raced = await givenPublished();
      const check = raced.publications.check.bind(raced.publications);
      // The consumer records it between the handler's check and its append.
      jest.spyOn(raced.publications, 'check').mockImplementationOnce(async (...args) => {
        const loaded = await check(...args);
        await consume(raced);
        return loaded;
      });
      const answer = await new ReopenPublishedSheetHandler(raced.publications, raced.intakeSheets).execute(reopen());
      expect(answer).toMatchObject({ publishedVersion: 1, reason: '资金调整，需更正年度指标' });
      expect(raced.eventTypes()).toEqual(['TablePublished', 'PublishedSheetReopened']);
    });

    it('ignores a reopening without a publication, and one of a version no longer the latest', async () => {
      const scenario = await givenPublished();
      const plain = sheetReopened();
      const { publication: _publication, ...withoutPublication } = plain.data;
      expect(await new RecordSheetReopenedHandler(scenario.publications).execute(new RecordSheetReopenedCommand(plain, withoutPublication, scenario.store.transaction()))).toBe(false);
      expect(await consume(scenario, sheetReopened(2))).toBe(false);
      expect(scenario.eventTypes()).toEqual(['TablePublished']);
    });
  });
});
