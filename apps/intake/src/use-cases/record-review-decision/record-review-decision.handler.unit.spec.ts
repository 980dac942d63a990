import { type ReviewEvent, type ReviewRef, signOffChainStreamId } from '@budget/domain';
import { clerk, DEPT, deptReviewer, financeReviewer, given, type IntakeScenario, NOW, SHEET, system, UNIT } from '../../testing/intake-scenario';
import { RecordReviewDecisionCommand } from './record-review-decision.command';
import { RecordReviewDecisionHandler } from './record-review-decision.handler';

const ref: ReviewRef = { reviewId: 'review-1', sheetId: SHEET, submissionNo: 1, round: 1, fiscalYear: 2025, departmentId: DEPT, unitId: UNIT, projectName: '关爱党员专项经费' };
const approved = (by: string): ReviewEvent => ({ type: 'ReviewApproved', data: { ...ref, by, at: NOW, level: 'finance', grade: '良', conditions: '按季度报送进度', comments: null } });

async function deliver(scenario: IntakeScenario, event: ReviewEvent, actor: Parameters<IntakeScenario['reviewEvent']>[1]): Promise<void> {
  const recorded = await scenario.reviewEvent(event, actor);
  await new RecordReviewDecisionHandler(scenario.sheets).execute(new RecordReviewDecisionCommand(recorded, scenario.store.transaction()));
}

describe('record-review-decision: the review service’s decisions on the sheet’s own stream', () => {
  it('given a submission, when the review opens, then the sheet is under that review, caused by the review’s event', async () => {
    const scenario = await given('submitted');
    const opened = { type: 'ReviewOpened', data: { ...ref, content: {}, createdBy: clerk.id } } as unknown as ReviewEvent;
    const recorded = await scenario.reviewEvent(opened, system);
    await new RecordReviewDecisionHandler(scenario.sheets).execute(new RecordReviewDecisionCommand(recorded, scenario.store.transaction()));
    const [started] = await scenario.store.readStream(`sheet-${SHEET}`, 3);
    expect(started).toMatchObject({ type: 'SheetReviewStarted', causationId: recorded.eventId, correlationId: recorded.correlationId, actor: system });
  });

  it('given a sheet under review, when finance approves, then the sheet is approved with grade and conditions', async () => {
    const scenario = await given('under_review');
    await deliver(scenario, approved(financeReviewer.id), financeReviewer);
    const { state } = await scenario.sheets.load(SHEET);
    expect(state).toMatchObject({ status: 'approved', grade: '良', conditions: '按季度报送进度' });
  });

  it('four-eyes: an approval by the sheet’s own author is refused (and goes to the dead letters)', async () => {
    const scenario = await given('under_review');
    const author = { ...deptReviewer, id: clerk.id };
    await expect(deliver(scenario, approved(clerk.id), author)).rejects.toMatchObject({ code: 'FORBIDDEN', message: '不能审核本人创建或最后修改的绩效目标表' });
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated', 'SheetSubmitted', 'SheetReviewStarted']);
  });

  it('a review opened for a submission withdrawn meanwhile is ignored; a decision in the wrong state is refused', async () => {
    const withdrawn = await given('withdrawn');
    const opened = { type: 'ReviewOpened', data: { ...ref, content: {}, createdBy: clerk.id } } as unknown as ReviewEvent;
    await deliver(withdrawn, opened, system);
    expect(await withdrawn.sheetEvents()).toEqual(['DraftCreated', 'SheetSubmitted', 'SheetWithdrawn']);
    const draft = await given('draft');
    await expect(deliver(draft, approved(financeReviewer.id), financeReviewer)).rejects.toMatchObject({ code: 'ILLEGAL_STATE' });
  });

  it('steps inside the review and the sign-off chain streams leave the sheet alone', async () => {
    const scenario = await given('under_review');
    await deliver(scenario, { type: 'LevelApproved', data: { ...ref, by: deptReviewer.id, at: NOW, level: 'department', comments: null } }, deptReviewer);
    const handler = new RecordReviewDecisionHandler(scenario.sheets);
    const { recorded } = await scenario.store.append(signOffChainStreamId(DEPT), [{ eventId: '00000000-0000-4000-8000-000000000001', type: 'SignOffChainSet', schemaVersion: 1, data: {}, metadata: { occurredAt: NOW, actor: deptReviewer, correlationId: 'c', causationId: null } }], 0);
    await handler.execute(new RecordReviewDecisionCommand(recorded[0]!, scenario.store.transaction()));
    expect(await scenario.sheetEvents()).toEqual(['DraftCreated', 'SheetSubmitted', 'SheetReviewStarted']);
  });
});
