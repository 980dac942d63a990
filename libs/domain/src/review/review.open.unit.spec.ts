import { DEFAULT_SIGN_OFF_CHAIN, signOffLevel } from './review.chain';
import { foldReview } from './review.decider';
import { FOUR_EYES_MESSAGE } from './review.policy';
import { type ReviewEvent } from './review.types';
import {
  admin,
  B_GOAL,
  B_VALUE,
  BLOCKING_WITH_REQUESTS,
  clerk,
  CONTENT,
  DUE,
  financeReviewer,
  given,
  HISTORIES,
  I_PUNCTUATION,
  KEY,
  NOW,
  openReview,
  play,
  REF,
  REVIEW_ID,
  RULE_SET,
  SUBMITTED_AT,
  system,
  taskOpened,
  W_SATISFACTION,
  WARNINGS,
} from './testing/review-fixtures';

const CHANGES = {
  fields: ['goal' as const],
  indicatorsAdded: [],
  indicatorsRemoved: ['ind-3'],
  indicatorsChanged: [],
  indicatorsReordered: false,
};

describe('OpenReview', () => {
  it('records the submission and its findings, then opens the first level with its due time', () => {
    given([])
      .when(openReview())
      .then([
        {
          type: 'ReviewOpened',
          data: {
            ...REF,
            content: CONTENT,
            createdBy: 'clerk-1',
            lastEditedBy: 'clerk-1',
            submittedBy: 'clerk-1',
            submittedAt: SUBMITTED_AT,
            waiverRequests: [],
            changesSincePrevious: null,
            chain: DEFAULT_SIGN_OFF_CHAIN,
            openedAt: NOW,
          },
        },
        { type: 'FindingsRecorded', data: { ...REF, ruleSetVersion: RULE_SET, findings: WARNINGS } },
        taskOpened('unit_head', NOW, DUE),
      ]);
  });

  it('records an empty finding list with the rule-set version', () => {
    given([])
      .when(openReview({ findings: [] }))
      .thenState((state, events) => {
        expect(events[1]).toEqual({ type: 'FindingsRecorded', data: { ...REF, ruleSetVersion: RULE_SET, findings: [] } });
        expect(state).toMatchObject({ status: 'awaiting_level', currentLevel: 'unit_head', ruleSetVersion: RULE_SET, findings: [] });
      });
  });

  it('exposes the state the review API needs', () => {
    const state = foldReview(HISTORIES.unit_head);
    expect(state).toMatchObject({
      status: 'awaiting_level',
      currentLevel: 'unit_head',
      dueAt: DUE,
      reviewId: REVIEW_ID,
      round: 1,
      unitId: REF.unitId,
      changesSincePrevious: null,
      tasks: [
        {
          level: 'unit_head',
          role: 'unit_head',
          mayWaive: false,
          openedAt: NOW,
          dueAt: DUE,
          acknowledgements: [],
          waiverDecisions: [],
          decision: null,
        },
      ],
    });
    expect(state.status !== 'none' && state.findings).toEqual([
      { ...W_SATISFACTION, key: KEY.satisfaction, waiver: null, acknowledgements: [] },
      { ...WARNINGS[1], key: KEY.vocabulary, waiver: null, acknowledgements: [] },
      { ...I_PUNCTUATION, key: KEY.punctuation, waiver: null, acknowledgements: [] },
    ]);
  });

  it('computes the due time from the command clock and the level’s hours', () => {
    const chain = [signOffLevel('unit_head', { dueHours: 5 }), signOffLevel('finance')];
    given([])
      .when(openReview({ chain }, system, '2025-12-31T20:30:00.000Z'))
      .thenState((state) => expect(state).toMatchObject({ currentLevel: 'unit_head', dueAt: '2026-01-01T01:30:00.000Z' }));
  });

  describe('blocking findings', () => {
    it('sends the submission back at once when a blocking finding has no waiver request', () => {
      given([])
        .when(openReview({ findings: [B_GOAL, W_SATISFACTION, B_VALUE] }))
        .thenState((state, events) => {
          expect(events.map((e) => e.type)).toEqual(['ReviewOpened', 'FindingsRecorded', 'ReviewRevisionRequested']);
          expect(events[2]).toEqual({
            type: 'ReviewRevisionRequested',
            data: {
              ...REF,
              level: null,
              automatic: true,
              grade: null,
              reasons: [
                { field: 'goal', ruleId: 'S01', findingKey: KEY.goal, message: '项目缺少绩效目标' },
                { field: 'indicators[1].annualTarget', ruleId: 'V01', findingKey: KEY.value, message: '年度指标值不能是占位符' },
              ],
              by: system.id,
              at: NOW,
            },
          });
          expect(state).toMatchObject({ status: 'revision_requested', currentLevel: null, dueAt: null, tasks: [] });
          expect(state.status === 'revision_requested' && state.outcome.automatic).toBe(true);
        });
    });

    it('lists only the blocking findings nobody asked to waive', () => {
      given([])
        .when(openReview({ findings: [B_GOAL, B_VALUE], waiverRequests: [{ ruleId: 'S01', field: 'goal', reason: '按文件执行' }] }))
        .thenState((state, events) => {
          const last = events.at(-1);
          expect(last?.type === 'ReviewRevisionRequested' && last.data.reasons.map((r) => r.findingKey)).toEqual([KEY.value]);
          expect(state.status).toBe('revision_requested');
        });
    });

    it('opens the first level when waiver requests cover every blocking finding (one by field, one for the whole rule)', () => {
      given([])
        .when(openReview(BLOCKING_WITH_REQUESTS))
        .thenState((state, events) => {
          expect(events.at(-1)).toEqual(taskOpened('unit_head'));
          expect(state.status !== 'none' && state.findings.map((f) => [f.key, f.waiver])).toEqual([
            [KEY.goal, { status: 'requested', request: BLOCKING_WITH_REQUESTS.waiverRequests[0] }],
            [KEY.value, { status: 'requested', request: BLOCKING_WITH_REQUESTS.waiverRequests[1] }],
            [KEY.satisfaction, null],
          ]);
        });
    });

    it('does not let a request for another field cover a finding', () => {
      given([])
        .when(openReview({ findings: [B_GOAL], waiverRequests: [{ ruleId: 'S01', field: 'projectName', reason: '沿用' }] }))
        .thenState((state) => expect(state.status).toBe('revision_requested'));
    });

    it('sends back requested waivers too when no level of the chain may waive', () => {
      const chain = DEFAULT_SIGN_OFF_CHAIN.map((l) => ({ ...l, mayWaive: false }));
      given([])
        .when(openReview({ ...BLOCKING_WITH_REQUESTS, chain }))
        .thenState((state, events) => {
          const last = events.at(-1);
          expect(last?.type === 'ReviewRevisionRequested' && last.data.reasons.map((r) => r.findingKey)).toEqual([KEY.goal, KEY.value]);
          expect(state.status).toBe('revision_requested');
        });
    });

    it('ignores warnings and infos for the automatic decision', () => {
      given([])
        .when(openReview({ findings: WARNINGS }))
        .thenState((state) => expect(state.status).toBe('awaiting_level'));
    });
  });

  describe('rounds', () => {
    it('carries the round and the changes of a resubmission in every event', () => {
      given([])
        .when(openReview({ reviewId: 'r-3', submissionNo: 3, round: 2, changesSincePrevious: CHANGES }))
        .thenState((state, events) => {
          for (const event of events) expect(event.data).toMatchObject({ reviewId: 'r-3', submissionNo: 3, round: 2 });
          expect(state).toMatchObject({ round: 2, submissionNo: 3, changesSincePrevious: CHANGES });
        });
    });

    it('carries the round into an automatic revision request', () => {
      given([])
        .when(openReview({ submissionNo: 2, round: 2, changesSincePrevious: CHANGES, findings: [B_GOAL] }))
        .thenState((_, events) => expect(events.at(-1)).toMatchObject({ type: 'ReviewRevisionRequested', data: { round: 2, submissionNo: 2 } }));
    });

    it('allows round 1 after a withdrawn submission (a diff, no revision yet)', () => {
      given([])
        .when(openReview({ submissionNo: 2, round: 1, changesSincePrevious: CHANGES }))
        .thenState((state) => expect(state).toMatchObject({ status: 'awaiting_level', round: 1, submissionNo: 2 }));
    });

    it('refuses a round beyond the submissions, and a later round without the changes', () => {
      given([])
        .when(openReview({ submissionNo: 1, round: 2, changesSincePrevious: CHANGES }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'round', message: '审核轮次不能大于报送次数' }]),
        );
      given([])
        .when(openReview({ submissionNo: 2, round: 2 }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'changesSincePrevious', message: '修改后重新报送须列明与上次报送的差异' }]),
        );
      given([])
        .when(openReview({ round: 0 }))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'round', message: '审核轮次必须是正整数' }]));
    });
  });

  describe('guards', () => {
    it('is the review service’s own command', () => {
      for (const actor of [clerk, financeReviewer, admin]) {
        given([])
          .when(openReview({}, actor))
          .thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('只有审核服务可以开启审核'));
      }
    });

    it('opens a review once', () => {
      given(HISTORIES.unit_head)
        .when(openReview())
        .thenThrows('ALREADY_EXISTS', (e) => expect(e.message).toBe('该次报送的审核已存在'));
      given(play(openReview({ findings: [B_GOAL] })))
        .when(openReview())
        .thenThrows('ALREADY_EXISTS');
    });

    it('refuses a chain that is not valid', () => {
      given([])
        .when(openReview({ chain: [] }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'chain', message: '审核链至少需要一个审核环节' }]),
        );
    });

    it('refuses findings it cannot record', () => {
      const bad = { ...B_GOAL, severity: 'X', message: ' ' } as unknown as typeof B_GOAL;
      given([])
        .when(openReview({ findings: [W_SATISFACTION, bad] }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([
            { field: 'findings[1].severity', message: '严重程度只能是B、W或I' },
            { field: 'findings[1].message', message: '问题说明不能为空' },
          ]),
        );
    });

    it('refuses content of another sheet, missing authors and waiver requests without a reason', () => {
      given([])
        .when(
          openReview({
            content: { ...CONTENT, sheetId: 'another' },
            createdBy: '',
            waiverRequests: [{ ruleId: 'S01', reason: '' }],
            submittedAt: 'yesterday',
            ruleSetVersion: '',
          }),
        )
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([
            { field: 'content.sheetId', message: '报送内容不属于该绩效目标表' },
            { field: 'createdBy', message: '创建人不能为空' },
            { field: 'submittedAt', message: '报送时间无效' },
            { field: 'waiverRequests[0].reason', message: '豁免理由不能为空' },
            { field: 'ruleSetVersion', message: '规则集版本不能为空' },
          ]),
        );
    });

    it('records the authors that the four-eyes rule keeps away', () => {
      const events: ReviewEvent[] = play(openReview({ createdBy: 'a', lastEditedBy: 'b', submittedBy: 'c' }));
      expect(foldReview(events)).toMatchObject({ createdBy: 'a', lastEditedBy: 'b', submittedBy: 'c' });
      expect(FOUR_EYES_MESSAGE).toBe('不能审核本人创建、最后修改或报送的绩效目标表');
    });
  });
});
