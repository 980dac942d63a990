import { type CommandMetadata, REVIEW_EVENT_SCHEMA_VERSIONS, type ReviewEvent, type ReviewEventType, type ReviewRef } from '@budget/domain';
import { SHEET_DECISION_EVENT_TYPES, sheetCommandFor } from './record-review-decision.handler';

const ref: ReviewRef = {
  reviewId: 'r-1',
  sheetId: 's-1',
  submissionNo: 2,
  round: 2,
  fiscalYear: 2024,
  departmentId: 'd-1',
  unitId: 'u-1',
  projectName: '干部工作经费',
};
const metadata: CommandMetadata = { now: '2024-03-01T08:00:00.000Z', actor: { id: 'fin-1', role: 'finance_reviewer' }, correlationId: 'c-1', causationId: 'e-1' };
const signed = { by: 'fin-1', at: '2024-03-01T08:00:00.000Z' };

describe('a review decision becomes a command on the sheet', () => {
  it('ReviewOpened starts the review of that submission', () => {
    const event = { type: 'ReviewOpened', data: { ...ref } } as unknown as ReviewEvent;
    expect(sheetCommandFor(event, metadata)).toEqual({ type: 'StartReview', data: { sheetId: 's-1', reviewId: 'r-1', submissionNo: 2 }, metadata });
  });

  it('a revision request carries round and reasons (field and rule when there are)', () => {
    const event: ReviewEvent = {
      type: 'ReviewRevisionRequested',
      data: {
        ...ref,
        ...signed,
        level: null,
        automatic: true,
        grade: null,
        reasons: [
          { ruleId: 'S01', field: 'goal', findingKey: 'S01@goal', message: '请填写绩效目标' },
          { message: '请补充满意度指标' },
        ],
      },
    };
    expect(sheetCommandFor(event, metadata)).toEqual({
      type: 'RequestRevision',
      data: {
        sheetId: 's-1',
        reviewId: 'r-1',
        round: 2,
        reasons: [{ ruleId: 'S01', field: 'goal', message: '请填写绩效目标' }, { message: '请补充满意度指标' }],
      },
      metadata,
    });
  });

  it('approval and rejection carry the grade', () => {
    const approved: ReviewEvent = { type: 'ReviewApproved', data: { ...ref, ...signed, level: 'finance', grade: '良', conditions: '按季度报送进度', comments: null } };
    expect(sheetCommandFor(approved, metadata)).toEqual({
      type: 'ApproveSheet',
      data: { sheetId: 's-1', reviewId: 'r-1', grade: '良', conditions: '按季度报送进度' },
      metadata,
    });
    const rejected: ReviewEvent = { type: 'ReviewRejected', data: { ...ref, ...signed, level: 'finance', grade: '差', reason: '目标与项目无关' } };
    expect(sheetCommandFor(rejected, metadata)).toEqual({ type: 'RejectSheet', data: { sheetId: 's-1', reviewId: 'r-1', grade: '差', reason: '目标与项目无关' }, metadata });
  });

  it('steps inside the review leave the sheet alone', () => {
    const approvedLevel: ReviewEvent = { type: 'LevelApproved', data: { ...ref, ...signed, level: 'unit_head', comments: null } };
    expect(sheetCommandFor(approvedLevel, metadata)).toBeNull();
    const cancelled: ReviewEvent = { type: 'ReviewCancelled', data: { ...ref, ...signed, reason: '撤回' } };
    expect(sheetCommandFor(cancelled, metadata)).toBeNull();
  });

  it('the consumer passes over exactly the review events that leave the sheet alone', () => {
    const data = { ...ref, ...signed, level: 'finance', grade: '良', reason: '原因', reasons: [], automatic: false, conditions: null, comments: null };
    for (const type of Object.keys(REVIEW_EVENT_SCHEMA_VERSIONS) as ReviewEventType[]) {
      const asksTheSheet = sheetCommandFor({ type, data } as unknown as ReviewEvent, metadata) !== null;
      expect([type, asksTheSheet]).toEqual([type, (SHEET_DECISION_EVENT_TYPES as readonly string[]).includes(type)]);
    }
  });
});
