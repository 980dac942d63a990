import { type Actor } from '../events/envelope';
import { foldSheet } from './sheet.decider';
import { type SheetCommand, type SheetEvent } from './sheet.types';
import {
  admin,
  approved,
  auditor,
  clerk,
  cmd,
  colleague,
  CONTENT,
  createDraft,
  deptReviewer,
  draftCreated,
  financeReviewer,
  given,
  HISTORIES,
  HISTORY_NAMES,
  type HistoryName,
  IND_3,
  indicator,
  otherUnitClerk,
  rejected,
  reopened,
  reviewStarted,
  revisionRequested,
  SHEET_ID,
  submitted,
  system,
  unitHead,
  withdrawn,
} from './testing/sheet-fixtures';

describe('sheet lifecycle', () => {
  describe('SubmitSheet', () => {
    it('submits a draft with a full snapshot, the authors and no diff the first time', () => {
      given([draftCreated()])
        .when(cmd('SubmitSheet', {}))
        .then([submitted()]);
    });

    it('numbers a resubmission and lists what changed since the previous one', () => {
      given([
        ...HISTORIES.revision_requested,
        {
          type: 'DraftGoalChanged',
          data: { sheetId: SHEET_ID, before: CONTENT.goal, after: '新的绩效目标，说明资金用途和预期效果。', editedBy: colleague.id },
        },
        { type: 'DraftIndicatorRemoved', data: { sheetId: SHEET_ID, indicator: indicator(IND_3), position: 2, editedBy: colleague.id } },
      ])
        .when(cmd('SubmitSheet', {}, colleague))
        .then([
          submitted({
            submissionNo: 2,
            content: { ...CONTENT, goal: '新的绩效目标，说明资金用途和预期效果。', indicators: CONTENT.indicators.slice(0, 2) },
            lastEditedBy: colleague.id,
            submittedBy: colleague.id,
            changesSincePrevious: {
              fields: ['goal'],
              indicatorsAdded: [],
              indicatorsRemoved: ['ind-3'],
              indicatorsChanged: [],
              indicatorsReordered: false,
            },
          }),
        ]);
    });

    it('resubmits unchanged content after a revision request: the rules run again', () => {
      given(HISTORIES.revision_requested)
        .when(cmd('SubmitSheet', {}))
        .thenState((state, events) => {
          expect(state.status).toBe('submitted');
          expect(events[0]?.type === 'SheetSubmitted' && events[0].data.changesSincePrevious).toEqual({
            fields: [],
            indicatorsAdded: [],
            indicatorsRemoved: [],
            indicatorsChanged: [],
            indicatorsReordered: false,
          });
        });
    });

    it('carries waiver requests, dropping an empty field path', () => {
      given([draftCreated({ goal: '' })])
        .when(
          cmd('SubmitSheet', {
            waiverRequests: [
              { ruleId: 'S01', field: 'goal', reason: '人才补贴项目按文件执行，无单独绩效目标' },
              { ruleId: 'S11', field: '', reason: '项目名称沿用文件简称' },
            ],
          }),
        )
        .thenState((state, events) => {
          expect(events[0]?.type === 'SheetSubmitted' && events[0].data.waiverRequests).toEqual([
            { ruleId: 'S01', field: 'goal', reason: '人才补贴项目按文件执行，无单独绩效目标' },
            { ruleId: 'S11', reason: '项目名称沿用文件简称' },
          ]);
          expect(state.status === 'submitted' && state.waiverRequests).toHaveLength(2);
        });
    });

    it('refuses a waiver request without a reason', () => {
      given([draftCreated()])
        .when(cmd('SubmitSheet', { waiverRequests: [{ ruleId: 'S01', reason: ' ' }] }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'waiverRequests[0].reason', message: '豁免理由不能为空' }]),
        );
    });

    it('keeps the submitted content as the last submitted one', () => {
      const state = foldSheet([draftCreated(), submitted()]);
      expect(state.status === 'submitted' && state.lastSubmitted).toEqual(CONTENT);
      expect(state.status === 'submitted' && state.submissionNo).toBe(1);
    });
  });

  describe('WithdrawSubmission', () => {
    it('returns a submitted sheet to draft, keeping the submission count', () => {
      given(HISTORIES.submitted)
        .when(cmd('WithdrawSubmission', { reason: '发现金额填错' }))
        .thenState((state, events) => {
          expect(events).toEqual([{ type: 'SheetWithdrawn', data: { sheetId: SHEET_ID, submissionNo: 1, reason: '发现金额填错' } }]);
          expect(state.status).toBe('draft');
          expect(state.status === 'draft' && state.submissionNo).toBe(1);
        });
    });

    it('records a blank reason as none', () => {
      given(HISTORIES.submitted).when(cmd('WithdrawSubmission', { reason: '  ' })).then([withdrawn()]);
    });

    it('is refused once the review has started', () => {
      given(HISTORIES.under_review)
        .when(cmd('WithdrawSubmission', {}))
        .thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe('绩效目标表当前状态为“审核中”，不能撤回'));
    });

    it('numbers the next submission after the withdrawn one', () => {
      given(HISTORIES.withdrawn)
        .when(cmd('SubmitSheet', {}))
        .thenState((_, events) => expect(events[0]?.type === 'SheetSubmitted' && events[0].data.submissionNo).toBe(2));
    });
  });

  describe('StartReview', () => {
    it('moves a submitted sheet under review', () => {
      given(HISTORIES.submitted)
        .when(cmd('StartReview', { reviewId: 'review-1', submissionNo: 1 }, system))
        .thenState((state, events) => {
          expect(events).toEqual([reviewStarted()]);
          expect(state).toMatchObject({ status: 'under_review', reviewId: 'review-1', waiverRequests: [] });
        });
    });

    it('keeps the waiver requests of the submission', () => {
      const waiverRequests = [{ ruleId: 'S01', reason: '按文件执行' }];
      given([draftCreated(), submitted({ waiverRequests })])
        .when(cmd('StartReview', { reviewId: 'review-1', submissionNo: 1 }, system))
        .thenState((state) => expect(state.status === 'under_review' && state.waiverRequests).toEqual(waiverRequests));
    });

    it('refuses a review opened for a withdrawn submission', () => {
      given([...HISTORIES.withdrawn, submitted({ submissionNo: 2, changesSincePrevious: null })])
        .when(cmd('StartReview', { reviewId: 'review-1', submissionNo: 1 }, system))
        .thenThrows('ILLEGAL_STATE', (e) => expect(e.details).toMatchObject({ submissionNo: 2, requested: 1 }));
    });

    it('refuses a second start', () => {
      given(HISTORIES.under_review)
        .when(cmd('StartReview', { reviewId: 'review-2', submissionNo: 1 }, system))
        .thenThrows('ILLEGAL_STATE');
    });
  });

  describe('RequestRevision', () => {
    it('sends the sheet back with per-field reasons', () => {
      given(HISTORIES.under_review)
        .when(
          cmd(
            'RequestRevision',
            {
              reviewId: 'review-1',
              round: 1,
              reasons: [{ field: 'goal', ruleId: 'S10', message: '绩效目标过于简单' }],
              comments: '',
            },
            deptReviewer,
          ),
        )
        .thenState((state, events) => {
          expect(events).toEqual([revisionRequested()]);
          expect(state).toMatchObject({ status: 'revision_requested', round: 1, comments: null });
        });
    });

    it('keeps comments and drops empty optional reason fields', () => {
      given(HISTORIES.under_review)
        .when(
          cmd(
            'RequestRevision',
            { reviewId: 'review-1', round: 2, reasons: [{ field: '', ruleId: '', message: '请补充满意度指标' }], comments: '见附件' },
            deptReviewer,
          ),
        )
        .then([
          {
            type: 'SheetRevisionRequested',
            data: {
              sheetId: SHEET_ID,
              submissionNo: 1,
              reviewId: 'review-1',
              round: 2,
              reasons: [{ message: '请补充满意度指标' }],
              comments: '见附件',
            },
          },
        ]);
    });

    it('needs at least one reason', () => {
      given(HISTORIES.under_review)
        .when(cmd('RequestRevision', { reviewId: 'review-1', round: 1, reasons: [] }, deptReviewer))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'reasons', message: '退回修改必须说明理由' }]),
        );
    });

    it('refuses a decision of another review', () => {
      given(HISTORIES.under_review)
        .when(cmd('RequestRevision', { reviewId: 'review-old', round: 1, reasons: [{ message: '请修改' }] }, deptReviewer))
        .thenThrows('ILLEGAL_STATE', (e) => expect(e.details).toMatchObject({ reviewId: 'review-1', requested: 'review-old' }));
    });
  });

  describe('ApproveSheet', () => {
    it('approves with 优', () => {
      given(HISTORIES.under_review)
        .when(cmd('ApproveSheet', { reviewId: 'review-1', grade: '优' }, financeReviewer))
        .thenState((state, events) => {
          expect(events).toEqual([approved()]);
          expect(state).toMatchObject({ status: 'approved', grade: '优', conditions: null });
        });
    });

    it('approves with 良 and conditions', () => {
      given(HISTORIES.under_review)
        .when(cmd('ApproveSheet', { reviewId: 'review-1', grade: '良', conditions: '年中报告满意度调查结果' }, financeReviewer))
        .then([
          {
            type: 'SheetApproved',
            data: { sheetId: SHEET_ID, submissionNo: 1, reviewId: 'review-1', grade: '良', conditions: '年中报告满意度调查结果' },
          },
        ]);
    });

    it('refuses conditions on 优 and any grade but 优 or 良', () => {
      given(HISTORIES.under_review)
        .when(cmd('ApproveSheet', { reviewId: 'review-1', grade: '优', conditions: '补充说明' }, financeReviewer))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'conditions', message: '评级为“优”时不能附加条件' }]));
      given(HISTORIES.under_review)
        .when(cmd('ApproveSheet', { reviewId: 'review-1', grade: '中' as '良' }, financeReviewer))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'grade', message: '审核通过的评级只能是“优”或“良”' }]));
    });

    it('freezes the sheet: no edit, no submit, no withdraw', () => {
      given(HISTORIES.approved).when(cmd('RenameProject', { projectName: '新名称' })).thenThrows('ILLEGAL_STATE', (e) =>
        expect(e.message).toBe('绩效目标表当前状态为“已批复”，不能修改'),
      );
      given(HISTORIES.approved).when(cmd('SubmitSheet', {})).thenThrows('ILLEGAL_STATE');
      given(HISTORIES.approved).when(cmd('WithdrawSubmission', {})).thenThrows('ILLEGAL_STATE');
    });
  });

  describe('RejectSheet', () => {
    it('rejects with 差 for the year', () => {
      given(HISTORIES.under_review)
        .when(cmd('RejectSheet', { reviewId: 'review-1', grade: '差', reason: '项目不具备实施条件' }, financeReviewer))
        .thenState((state, events) => {
          expect(events).toEqual([rejected()]);
          expect(state).toMatchObject({ status: 'rejected', grade: '差', reason: '项目不具备实施条件' });
        });
    });

    it('rejects without a grade below finance', () => {
      given(HISTORIES.under_review)
        .when(cmd('RejectSheet', { reviewId: 'review-1', grade: null, reason: '不属于本部门职责' }, deptReviewer))
        .thenState((state) => expect(state).toMatchObject({ status: 'rejected', grade: null }));
    });

    it('needs a reason', () => {
      given(HISTORIES.under_review)
        .when(cmd('RejectSheet', { reviewId: 'review-1', grade: '差', reason: '' }, financeReviewer))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'reason', message: '不予通过的理由不能为空' }]));
    });

    it('is final: even finance cannot reopen', () => {
      given(HISTORIES.rejected).when(cmd('ReopenSheet', { reason: '重新考虑' }, financeReviewer)).thenThrows('ILLEGAL_STATE');
      given(HISTORIES.rejected).when(createDraft()).thenThrows('ALREADY_EXISTS');
    });
  });

  describe('ReopenSheet', () => {
    it('returns an approved sheet to draft with the reason recorded', () => {
      given(HISTORIES.approved)
        .when(cmd('ReopenSheet', { reason: '预算调整' }, financeReviewer))
        .thenState((state, events) => {
          expect(events).toEqual([reopened()]);
          expect(state).toMatchObject({ status: 'draft', submissionNo: 1, lastSubmitted: CONTENT });
        });
    });

    it('after publication, names the published version with the sheet’s department and year, for reporting to record', () => {
      given(HISTORIES.approved)
        .when(cmd('ReopenSheet', { reason: '预算调整', publishedVersion: 2 }, financeReviewer))
        .thenState((_state, events) => {
          expect(events).toEqual([{ ...reopened(), data: { ...reopened().data, publication: { departmentId: CONTENT.departmentId, fiscalYear: CONTENT.fiscalYear, publishedVersion: 2 } } }]);
        });
      given(HISTORIES.approved)
        .when(cmd('ReopenSheet', { reason: '预算调整', publishedVersion: 0 }, financeReviewer))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'publishedVersion', message: '公开版本号必须是正整数' }]));
    });

    it('needs a reason', () => {
      given(HISTORIES.approved)
        .when(cmd('ReopenSheet', { reason: ' ' }, financeReviewer))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'reason', message: '重新开放的理由不能为空' }]));
    });

    it('is for finance reviewers only', () => {
      for (const actor of [clerk, deptReviewer, unitHead, admin, system]) {
        given(HISTORIES.approved).when(cmd('ReopenSheet', { reason: '预算调整' }, actor)).thenThrows('FORBIDDEN');
      }
    });

    it('lets the unit edit and submit again as submission 2', () => {
      given([...HISTORIES.reopened])
        .when(cmd('SubmitSheet', {}))
        .thenState((state) => expect(state).toMatchObject({ status: 'submitted', submissionNo: 2 }));
    });
  });

  describe('a sheet that does not exist', () => {
    it('answers every command but CreateDraft with NOT_FOUND', () => {
      for (const command of Object.values(allowedCommands())) {
        given([]).when(command.command).thenThrows('NOT_FOUND');
      }
    });
  });

  describe('which command is legal in which state', () => {
    const matrix = allowedCommands();
    for (const [type, { command, allowedIn }] of Object.entries(matrix)) {
      for (const history of HISTORY_NAMES) {
        if (allowedIn.includes(history)) {
          it(`${type} is accepted in ${history}`, () => {
            given(HISTORIES[history])
              .when(command)
              .thenState((_, events) => expect(events.length).toBeGreaterThan(0));
          });
        } else {
          it(`${type} is refused in ${history}`, () => {
            given(HISTORIES[history]).when(command).thenThrows('ILLEGAL_STATE');
          });
        }
      }
    }
  });

  describe('review decisions', () => {
    const decisions: readonly SheetCommand[] = [
      cmd('RequestRevision', { reviewId: 'review-1', round: 1, reasons: [{ message: '请修改' }] }, deptReviewer),
      cmd('ApproveSheet', { reviewId: 'review-1', grade: '良' }, deptReviewer),
      cmd('RejectSheet', { reviewId: 'review-1', grade: null, reason: '不予支持' }, deptReviewer),
    ];

    it.each([system, unitHead, deptReviewer, financeReviewer])('are accepted from $role $id', (actor: Actor) => {
      for (const decision of decisions) {
        given(HISTORIES.under_review)
          .when({ ...decision, metadata: { ...decision.metadata, actor } })
          .thenState((_, events) => expect(events).toHaveLength(1));
      }
      given(HISTORIES.submitted)
        .when(cmd('StartReview', { reviewId: 'review-1', submissionNo: 1 }, actor))
        .thenState((_, events) => expect(events).toEqual([reviewStarted()]));
    });

    it.each([clerk, otherUnitClerk, admin, auditor])('are refused from $role $id', (actor: Actor) => {
      for (const decision of decisions) {
        given(HISTORIES.under_review)
          .when({ ...decision, metadata: { ...decision.metadata, actor } })
          .thenThrows('FORBIDDEN');
      }
      given(HISTORIES.submitted).when(cmd('StartReview', { reviewId: 'review-1', submissionNo: 1 }, actor)).thenThrows('FORBIDDEN');
    });

    it('are refused from whoever created or last edited the sheet (four eyes)', () => {
      const createdByReviewer: SheetEvent[] = [
        draftCreated({ createdBy: deptReviewer.id }),
        submitted({ createdBy: deptReviewer.id }),
        reviewStarted(),
      ];
      given(createdByReviewer)
        .when(cmd('ApproveSheet', { reviewId: 'review-1', grade: '优' }, deptReviewer))
        .thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('不能审核本人创建或最后修改的绩效目标表'));
      given(createdByReviewer)
        .when(cmd('ApproveSheet', { reviewId: 'review-1', grade: '优' }, financeReviewer))
        .thenState((state) => expect(state.status).toBe('approved'));
    });
  });

  it('tells a whole story by folding', () => {
    const state = foldSheet([...HISTORIES.reopened, submitted({ submissionNo: 2 }), reviewStarted(2, 'review-2'), approved(2, 'review-2')]);
    expect(state).toEqual({
      status: 'approved',
      content: CONTENT,
      source: null,
      createdBy: clerk.id,
      lastEditedBy: clerk.id,
      submissionNo: 2,
      lastSubmitted: CONTENT,
      reviewId: 'review-2',
      grade: '优',
      conditions: null,
    });
  });
});

/** One command of each type (except the two that start a stream, CreateDraft and CarryForwardSheet), by an actor allowed to give it, and the histories it is legal after. */
function allowedCommands(): Record<Exclude<SheetCommand['type'], 'CreateDraft' | 'CarryForwardSheet'>, { command: SheetCommand; allowedIn: readonly HistoryName[] }> {
  const editing: readonly HistoryName[] = ['draft', 'revision_requested', 'withdrawn', 'reopened'];
  return {
    RenameProject: { command: cmd('RenameProject', { projectName: '党内关爱经费' }), allowedIn: editing },
    ChangeFunding: { command: cmd('ChangeFunding', { funding: { fiscalAppropriation: 1, specialAccountAppropriation: 2, otherFunds: 3 } }), allowedIn: editing },
    ChangeGoal: { command: cmd('ChangeGoal', { goal: '新目标' }), allowedIn: editing },
    AddIndicator: {
      command: cmd('AddIndicator', { indicatorId: 'ind-9', level1: '3-满意度指标', level2: '31-服务对象满意度', name: '党员满意度', periodTarget: '≥90%', annualTarget: '≥90%' }),
      allowedIn: editing,
    },
    ChangeIndicator: { command: cmd('ChangeIndicator', { indicatorId: 'ind-1', changes: { annualTarget: '≥120人' } }), allowedIn: editing },
    RemoveIndicator: { command: cmd('RemoveIndicator', { indicatorId: 'ind-2' }), allowedIn: editing },
    ReorderIndicators: { command: cmd('ReorderIndicators', { indicatorIds: ['ind-3', 'ind-1', 'ind-2'] }), allowedIn: editing },
    SubmitSheet: { command: cmd('SubmitSheet', {}), allowedIn: editing },
    WithdrawSubmission: { command: cmd('WithdrawSubmission', {}), allowedIn: ['submitted'] },
    StartReview: { command: cmd('StartReview', { reviewId: 'review-1', submissionNo: 1 }, system), allowedIn: ['submitted'] },
    RequestRevision: {
      command: cmd('RequestRevision', { reviewId: 'review-1', round: 1, reasons: [{ message: '请修改' }] }, deptReviewer),
      allowedIn: ['under_review'],
    },
    ApproveSheet: { command: cmd('ApproveSheet', { reviewId: 'review-1', grade: '优' }, financeReviewer), allowedIn: ['under_review'] },
    RejectSheet: { command: cmd('RejectSheet', { reviewId: 'review-1', grade: '差', reason: '不予支持' }, financeReviewer), allowedIn: ['under_review'] },
    ReopenSheet: { command: cmd('ReopenSheet', { reason: '预算调整' }, financeReviewer), allowedIn: ['approved'] },
  };
}

describe('the written 总计 of an imported draft (A01)', () => {
  const imported = (writtenTotal: number) => draftCreated({ source: { kind: 'import', importId: '00000000-0000-4000-8000-0000000000aa', line: 9, writtenTotal } });

  it('given an imported draft whose 总计 was written as 31.00, when submitted, then the submission carries it for the review', () => {
    given([imported(31_000_000)])
      .when(cmd('SubmitSheet', {}))
      .then([submitted({ writtenTotal: 31_000_000 })]);
  });

  it('given the clerk changed the funding since the import, when submitted, then the written 总计 no longer applies', () => {
    given([
      imported(31_000_000),
      {
        type: 'DraftFundingChanged',
        data: { sheetId: SHEET_ID, before: CONTENT.funding, after: { ...CONTENT.funding, otherFunds: 1_000_000 }, editedBy: clerk.id },
      },
    ])
      .when(cmd('SubmitSheet', {}))
      .then([
        submitted({
          content: { ...CONTENT, funding: { ...CONTENT.funding, otherFunds: 1_000_000 } },
          changesSincePrevious: null,
        }),
      ]);
  });

  it('given a draft imported before the written 总计 was carried, when submitted, then nothing is added', () => {
    given([draftCreated({ source: { kind: 'import', importId: '00000000-0000-4000-8000-0000000000aa', line: 9 } })])
      .when(cmd('SubmitSheet', {}))
      .then([submitted()]);
  });
});
