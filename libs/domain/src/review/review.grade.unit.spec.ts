import { signOffLevel } from './review.chain';
import { foldReview } from './review.decider';
import {
  acknowledge,
  approve,
  BLOCKING_WITH_REQUESTS,
  cmd,
  decideWaiver,
  deptReviewer,
  financeReviewer,
  given,
  HISTORIES,
  KEY,
  NOW,
  openReview,
  play,
  READY_TO_GRADE,
  REF,
  WARNING_KEYS,
} from './testing/review-fixtures';

const grade = (data: { grade: '优' | '良' | '中' | '差'; comments?: string; conditions?: string }, level: 'finance' | 'department' = 'finance') =>
  cmd('GradeReview', { level, ...data }, level === 'finance' ? financeReviewer : deptReviewer);

describe('grading at the last level', () => {
  it('优 approves the target', () => {
    given(READY_TO_GRADE)
      .when(grade({ grade: '优', comments: '目标明确，指标合理' }))
      .thenState((state, events) => {
        expect(events).toEqual([
          {
            type: 'ReviewApproved',
            data: { ...REF, level: 'finance', grade: '优', conditions: null, comments: '目标明确，指标合理', by: financeReviewer.id, at: NOW },
          },
        ]);
        expect(state).toMatchObject({
          status: 'approved',
          currentLevel: null,
          dueAt: null,
          outcome: { level: 'finance', grade: '优', conditions: null, comments: '目标明确，指标合理', by: financeReviewer.id, at: NOW },
        });
        expect(state.status !== 'none' && state.tasks.at(-1)?.decision).toEqual({
          kind: 'approved',
          grade: '优',
          conditions: null,
          comments: '目标明确，指标合理',
          by: financeReviewer.id,
          at: NOW,
        });
      });
  });

  it('良 approves, with conditions if any, and needs no comments', () => {
    given(READY_TO_GRADE)
      .when(grade({ grade: '良', conditions: '年中报送满意度调查结果' }))
      .then([
        {
          type: 'ReviewApproved',
          data: { ...REF, level: 'finance', grade: '良', conditions: '年中报送满意度调查结果', comments: null, by: financeReviewer.id, at: NOW },
        },
      ]);
  });

  it('中 sends the sheet back with the comments as the reason', () => {
    given(READY_TO_GRADE)
      .when(grade({ grade: '中', comments: '效益指标不够具体，请细化' }))
      .thenState((state, events) => {
        expect(events).toEqual([
          {
            type: 'ReviewRevisionRequested',
            data: {
              ...REF,
              level: 'finance',
              automatic: false,
              grade: '中',
              reasons: [{ message: '效益指标不够具体，请细化' }],
              by: financeReviewer.id,
              at: NOW,
            },
          },
        ]);
        expect(state).toMatchObject({ status: 'revision_requested', outcome: { grade: '中', level: 'finance' } });
        expect(state.status !== 'none' && state.tasks.at(-1)?.decision).toMatchObject({ kind: 'revision_requested', grade: '中' });
      });
  });

  it('差 rejects the project for the year', () => {
    given(READY_TO_GRADE)
      .when(grade({ grade: '差', comments: '项目不具备实施条件' }))
      .thenState((state, events) => {
        expect(events).toEqual([
          {
            type: 'ReviewRejected',
            data: { ...REF, level: 'finance', grade: '差', reason: '项目不具备实施条件', by: financeReviewer.id, at: NOW },
          },
        ]);
        expect(state).toMatchObject({ status: 'rejected', outcome: { grade: '差', reason: '项目不具备实施条件' } });
        expect(state.status !== 'none' && state.tasks.at(-1)?.decision).toMatchObject({ kind: 'rejected', grade: '差' });
      });
  });

  it('needs comments for 中 and 差, allows conditions with 良 only, and knows four grades', () => {
    given(READY_TO_GRADE)
      .when(grade({ grade: '中' }))
      .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'comments', message: '评级为“中”时须说明修改意见' }]));
    given(READY_TO_GRADE)
      .when(grade({ grade: '差', comments: ' ' }))
      .thenThrows('VALIDATION_FAILED', (e) =>
        expect(e.details.fieldErrors).toEqual([{ field: 'comments', message: '评级为“差”时须说明不予通过的理由' }]),
      );
    for (const g of ['优', '中', '差'] as const) {
      given(READY_TO_GRADE)
        .when(grade({ grade: g, comments: '意见', conditions: '条件' }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'conditions', message: '只有评级为“良”时可以附加条件' }]),
        );
    }
    given(READY_TO_GRADE)
      .when(grade({ grade: '甲' as '优' }))
      .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'grade', message: '评级只能是“优”“良”“中”或“差”' }]));
  });

  it('优 and 良 need the warnings acknowledged at finance; 中 and 差 do not', () => {
    for (const g of ['优', '良'] as const) {
      given(HISTORIES.finance)
        .when(grade({ grade: g }))
        .thenThrows('ILLEGAL_STATE', (e) => expect(e.details).toEqual({ findingKeys: WARNING_KEYS }));
    }
    given(HISTORIES.finance)
      .when(grade({ grade: '中', comments: '请修改' }))
      .thenState((state) => expect(state.status).toBe('revision_requested'));
    given(HISTORIES.finance)
      .when(grade({ grade: '差', comments: '不予安排' }))
      .thenState((state) => expect(state.status).toBe('rejected'));
  });

  it('优 and 良 need every blocking finding waived; 中 and 差 are open even then', () => {
    const chain = [signOffLevel('unit_head'), signOffLevel('finance')];
    const refused = play(
      openReview({ ...BLOCKING_WITH_REQUESTS, chain }),
      acknowledge('unit_head', [KEY.satisfaction]),
      approve('unit_head'),
      acknowledge('finance', [KEY.satisfaction]),
      decideWaiver('finance', [KEY.goal], false),
    );
    given(refused)
      .when(grade({ grade: '良' }))
      .thenThrows('ILLEGAL_STATE', (e) => expect(e.details).toEqual({ findingKeys: [KEY.goal, KEY.value] }));
    given(refused)
      .when(grade({ grade: '差', comments: '不同意豁免，项目不予安排' }))
      .thenState((state) => expect(state).toMatchObject({ status: 'rejected' }));
  });

  it('is for the last level only', () => {
    given(HISTORIES.department)
      .when(cmd('GradeReview', { level: 'department', grade: '优' }, deptReviewer))
      .thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe('只有最后一级审核评定等级，“主管部门”环节请通过本级审核或退回修改'));
  });

  it('is done by the department when a chain ends there (ReviewApproved always carries a grade)', () => {
    const chain = [signOffLevel('unit_head'), signOffLevel('department')];
    const atDepartment = play(openReview({ chain, findings: [] }), approve('unit_head'));
    given(atDepartment)
      .when(approve('department'))
      .thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe('“主管部门”是最后一级审核，须评定等级（优、良、中、差）'));
    given(atDepartment)
      .when(grade({ grade: '良' }, 'department'))
      .thenState((state) => expect(state).toMatchObject({ status: 'approved', outcome: { level: 'department', grade: '良' } }));
  });

  it('closes the review: no further action', () => {
    const approved = play(openReview({ findings: [] }), approve('unit_head'), approve('department'), grade({ grade: '优' }));
    expect(foldReview(approved).status).toBe('approved');
    const attempts = [
      grade({ grade: '差', comments: '改判' }),
      acknowledge('finance'),
      cmd('RequestRevision', { level: 'finance', comments: [{ message: '再改' }] }, financeReviewer),
    ];
    for (const command of attempts) {
      given(approved)
        .when(command)
        .thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toMatch(/^审核当前状态为“审核通过”，不能/));
    }
  });
});
