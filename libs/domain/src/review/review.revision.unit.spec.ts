import { foldReview } from './review.decider';
import { type ReviewEvent } from './review.types';
import {
  acknowledge,
  admin,
  approve,
  B_GOAL,
  cmd,
  deptReviewer,
  financeReviewer,
  given,
  HISTORIES,
  KEY,
  NOW,
  openReview,
  play,
  REF,
  system,
  unitHead,
  WITH_WAIVERS,
} from './testing/review-fixtures';

describe('RequestRevision', () => {
  it('sends the sheet back from any level, with per-field and per-finding reasons ready for the sheet', () => {
    given(WITH_WAIVERS.department)
      .when(
        cmd(
          'RequestRevision',
          {
            level: 'department',
            comments: [
              { findingKey: KEY.goal, message: '请补充绩效目标' },
              { findingKey: KEY.value, field: 'indicators[1]', message: '请填写指标值' },
              { field: 'funding.otherFunds', message: '其他资金来源请说明' },
              { field: '', findingKey: '', message: '总体偏粗，请细化' },
            ],
          },
          deptReviewer,
        ),
      )
      .thenState((state, events) => {
        expect(events).toEqual([
          {
            type: 'ReviewRevisionRequested',
            data: {
              ...REF,
              level: 'department',
              automatic: false,
              grade: null,
              reasons: [
                { field: 'goal', ruleId: 'S01', findingKey: KEY.goal, message: '请补充绩效目标' },
                { field: 'indicators[1]', ruleId: 'V01', findingKey: KEY.value, message: '请填写指标值' },
                { field: 'funding.otherFunds', message: '其他资金来源请说明' },
                { message: '总体偏粗，请细化' },
              ],
              by: deptReviewer.id,
              at: NOW,
            },
          },
        ]);
        expect(state).toMatchObject({ status: 'revision_requested', currentLevel: null, dueAt: null });
        expect(state.status === 'revision_requested' && state.outcome).toMatchObject({ level: 'department', automatic: false, by: deptReviewer.id });
        expect(state.status !== 'none' && state.tasks.map((t) => t.decision?.kind ?? null)).toEqual(['approved', 'revision_requested']);
      });
  });

  it('is open to the unit head and to finance at their turn, warnings acknowledged or not', () => {
    given(HISTORIES.unit_head)
      .when(cmd('RequestRevision', { level: 'unit_head', comments: [{ message: '请先补充满意度指标' }] }, unitHead))
      .thenState((state) => expect(state).toMatchObject({ status: 'revision_requested', outcome: { level: 'unit_head' } }));
    given(HISTORIES.finance)
      .when(cmd('RequestRevision', { level: 'finance', comments: [{ message: '请压缩预算' }] }, financeReviewer))
      .thenState((state) => expect(state).toMatchObject({ status: 'revision_requested', outcome: { level: 'finance', grade: null } }));
  });

  it('needs at least one comment with a message, on findings that exist', () => {
    given(HISTORIES.department)
      .when(cmd('RequestRevision', { level: 'department', comments: [] }, deptReviewer))
      .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'comments', message: '退回修改必须说明理由' }]));
    given(HISTORIES.department)
      .when(cmd('RequestRevision', { level: 'department', comments: [{ findingKey: 'X01@goal', message: ' ' }] }, deptReviewer))
      .thenThrows('VALIDATION_FAILED', (e) =>
        expect(e.details.fieldErrors).toEqual([
          { field: 'comments[0].findingKey', message: '审核发现不存在' },
          { field: 'comments[0].message', message: '退回理由不能为空' },
        ]),
      );
  });

  it('closes the review after an automatic revision request: reviewers cannot act', () => {
    const automatic = play(openReview({ findings: [B_GOAL] }));
    const attempts = [
      acknowledge('unit_head'),
      approve('unit_head'),
      cmd('RequestRevision', { level: 'unit_head', comments: [{ message: '再退' }] }, unitHead),
    ];
    for (const command of attempts) {
      given(automatic)
        .when(command)
        .thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toMatch(/^审核当前状态为“已退回修改”，不能/));
    }
  });

  it('starts the next round as a new review of the resubmission', () => {
    const first = play(openReview({ findings: [B_GOAL] }));
    expect(foldReview(first)).toMatchObject({ status: 'revision_requested', round: 1 });
    const second = play(
      openReview({
        reviewId: 'review-2',
        submissionNo: 2,
        round: 2,
        findings: [],
        changesSincePrevious: { fields: ['goal'], indicatorsAdded: [], indicatorsRemoved: [], indicatorsChanged: [], indicatorsReordered: false },
      }),
    );
    expect(foldReview(second)).toMatchObject({ status: 'awaiting_level', reviewId: 'review-2', round: 2, submissionNo: 2 });
  });
});

describe('CancelReview', () => {
  it('cancels an open review with the reason; the open task stays undecided', () => {
    given(HISTORIES.department)
      .when(cmd('CancelReview', { reason: '单位已撤回报送' }, system))
      .thenState((state, events) => {
        expect(events).toEqual([{ type: 'ReviewCancelled', data: { ...REF, reason: '单位已撤回报送', by: system.id, at: NOW } }]);
        expect(state).toMatchObject({ status: 'cancelled', currentLevel: null, dueAt: null, outcome: { reason: '单位已撤回报送' } });
        expect(state.status !== 'none' && state.tasks.map((t) => t.decision?.kind ?? null)).toEqual(['approved', null]);
      });
  });

  it('is the review service’s command', () => {
    for (const actor of [admin, deptReviewer, financeReviewer]) {
      given(HISTORIES.unit_head)
        .when(cmd('CancelReview', { reason: '撤回' }, actor))
        .thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('只有审核服务可以取消审核'));
    }
  });

  it('needs a reason', () => {
    given(HISTORIES.unit_head)
      .when(cmd('CancelReview', { reason: '' }, system))
      .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'reason', message: '取消审核的理由不能为空' }]));
  });

  it('cannot cancel a closed review', () => {
    const closed: Record<string, readonly ReviewEvent[]> = {
      已退回修改: play(openReview({ findings: [B_GOAL] })),
      审核通过: play(
        openReview({ findings: [] }),
        approve('unit_head'),
        approve('department'),
        cmd('GradeReview', { level: 'finance', grade: '优' }, financeReviewer),
      ),
      已取消: play(openReview(), cmd('CancelReview', { reason: '撤回' }, system)),
    };
    for (const [name, history] of Object.entries(closed)) {
      given(history)
        .when(cmd('CancelReview', { reason: '撤回' }, system))
        .thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe(`审核当前状态为“${name}”，不能取消`));
    }
  });

  it('refuses every command on a review that was never opened', () => {
    given([])
      .when(cmd('CancelReview', { reason: '撤回' }, system))
      .thenThrows('NOT_FOUND', (e) => expect(e.message).toBe('审核不存在'));
    given([])
      .when(approve('unit_head'))
      .thenThrows('NOT_FOUND');
  });

  it('refuses a command for another review as a wiring bug', () => {
    expect(() =>
      given(HISTORIES.unit_head)
        .when({ ...approve('unit_head'), data: { reviewId: 'other', level: 'unit_head' } })
        .then([]),
    ).toThrow('command for review other decided on review');
  });
});
