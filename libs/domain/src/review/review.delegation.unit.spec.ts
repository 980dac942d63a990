import { DEPT_DELEGATION, FINANCE_DELEGATION, UNIT_HEAD_DELEGATION, deptReviewer2, deskFinance, deskFinance2, unitHead2 } from '../delegation/testing/delegation-fixtures';
import { type Delegation } from '../delegation/delegation.types';
import { type SignOffLevel } from './review.types';
import { REVIEW_EVENT_SCHEMA_VERSIONS, upcastReviewEvent } from './review.upcasters';
import { cmd, deptReviewer, given, HISTORIES, NOW, openReview, play, READY_TO_GRADE, REF, unitHead, WARNING_KEYS, approve } from './testing/review-fixtures';
import { type Actor } from '../events/envelope';

const ACTING = { delegatorId: deptReviewer.id, delegationId: DEPT_DELEGATION.delegationId };

function actingApprove(level: SignOffLevel, actor: Actor, delegation: Delegation, now = NOW) {
  return cmd('ApproveLevel', { level, actingFor: delegation }, actor, now);
}
function actingAcknowledge(level: SignOffLevel, actor: Actor, delegation: Delegation) {
  return cmd('AcknowledgeWarnings', { level, findingKeys: WARNING_KEYS, actingFor: delegation }, actor);
}

describe('review: a delegate acts for the reviewer (代理审批)', () => {
  it('given the department task open and a delegation in force, when the delegate acknowledges and approves, then the events record for whom', () => {
    given(HISTORIES.department)
      .when(actingAcknowledge('department', deptReviewer2, DEPT_DELEGATION))
      .then([{ type: 'WarningsAcknowledged', data: { ...REF, level: 'department', findingKeys: WARNING_KEYS, by: deptReviewer2.id, at: NOW, actingFor: ACTING } }]);
  });

  it('given warnings acknowledged by the delegate, when the delegate approves, then LevelApproved and the task decision say "acting for"', () => {
    const acknowledged = [...HISTORIES.department, { type: 'WarningsAcknowledged' as const, data: { ...REF, level: 'department' as const, findingKeys: WARNING_KEYS, by: deptReviewer2.id, at: NOW, actingFor: ACTING } }];
    given(acknowledged)
      .when(actingApprove('department', deptReviewer2, DEPT_DELEGATION))
      .thenState((state, events) => {
        expect(events[0]).toEqual({ type: 'LevelApproved', data: { ...REF, level: 'department', comments: null, by: deptReviewer2.id, at: NOW, actingFor: ACTING } });
        const task = state.status === 'awaiting_level' ? state.tasks.find((t) => t.level === 'department') : undefined;
        expect(task?.decision).toMatchObject({ kind: 'approved', by: deptReviewer2.id, actingFor: ACTING });
        expect(task?.acknowledgements[0]).toMatchObject({ by: deptReviewer2.id, actingFor: ACTING });
      });
  });

  it('given the finance task ready, when the desk\'s delegate grades 优, then ReviewApproved and the outcome carry actingFor', () => {
    const ready = play(
      openReview({ findings: [] }),
      approve('unit_head'),
      approve('department'),
    );
    given(ready)
      .when(cmd('GradeReview', { level: 'finance', grade: '优', actingFor: FINANCE_DELEGATION }, deskFinance2))
      .thenState((state, events) => {
        expect(events[0]?.data).toMatchObject({ by: deskFinance2.id, actingFor: { delegatorId: deskFinance.id, delegationId: 'dlg-2' } });
        expect(state.status === 'approved' && state.outcome.actingFor).toEqual({ delegatorId: deskFinance.id, delegationId: 'dlg-2' });
      });
  });

  it('given a unit head away, when the deputy approves for them, then it is allowed at the unit level only', () => {
    given(play(openReview({ findings: [] }))).when(cmd('ApproveLevel', { level: 'unit_head', actingFor: UNIT_HEAD_DELEGATION }, unitHead2)).thenState((_s, events) =>
      expect(events[0]?.data).toMatchObject({ by: unitHead2.id, actingFor: { delegatorId: unitHead.id } }),
    );
  });

  describe('refusals', () => {
    it('refuses someone who is not the delegate, a delegation out of its range or revoked, and a delegation of another role', () => {
      given(HISTORIES.department).when(actingApprove('department', deptReviewer, DEPT_DELEGATION)).thenThrows('FORBIDDEN');
      given(HISTORIES.department).when(actingApprove('department', deptReviewer2, DEPT_DELEGATION, '2025-03-11T02:00:00.000Z')).thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('代理审批不在有效期内'));
      const revoked = { ...DEPT_DELEGATION, revoked: { by: deptReviewer.id, at: '2025-03-01T02:00:00.000Z', reason: '返岗' } };
      given(HISTORIES.department).when(actingApprove('department', deptReviewer2, revoked)).thenThrows('FORBIDDEN');
      given(HISTORIES.unit_head).when(actingApprove('unit_head', deptReviewer2, DEPT_DELEGATION)).thenThrows('FORBIDDEN');
    });

    it('refuses a delegate who created, last edited or submitted the sheet (four-eyes holds for the delegate)', () => {
      for (const author of ['createdBy', 'lastEditedBy', 'submittedBy'] as const) {
        const history = play(openReview({ findings: [], [author]: deptReviewer2.id }), approve('unit_head'));
        given(history).when(actingApprove('department', deptReviewer2, DEPT_DELEGATION)).thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('受托人不能审核本人创建、最后修改或报送的绩效目标表'));
      }
    });

    it('refuses a delegate acting on what the delegator created, edited or submitted (four-eyes of the delegator)', () => {
      const history = play(openReview({ findings: [], lastEditedBy: deptReviewer.id }), approve('unit_head'));
      given(history).when(actingApprove('department', deptReviewer2, DEPT_DELEGATION)).thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('不能审核本人创建、最后修改或报送的绩效目标表'));
    });

    it('refuses a delegate acting for a reviewer of another department', () => {
      const elsewhere: Delegation = {
        ...DEPT_DELEGATION,
        delegator: { ...DEPT_DELEGATION.delegator, departmentId: 'dept-other' },
        delegate: { ...DEPT_DELEGATION.delegate, departmentId: 'dept-other' },
      };
      given(HISTORIES.department).when(actingApprove('department', { ...deptReviewer2, departmentId: 'dept-other' }, elsewhere)).thenThrows('FORBIDDEN');
    });

    it('refuses a waiver by the delegate when the level may not waive, as for the delegator', () => {
      const history = play(openReview({ findings: [] }));
      given(history)
        .when(cmd('DecideWaiver', { level: 'unit_head', findingKeys: [], grant: true, reason: '同意', actingFor: UNIT_HEAD_DELEGATION }, unitHead2))
        .thenThrows('FORBIDDEN', (e) => expect(e.message).toContain('无权豁免'));
    });
  });

  it('writes acting events as v2 and reads them back with actingFor (JSON round trip); own-name events have no actingFor key', () => {
    const events = play(openReview({ findings: [] }), approve('unit_head'), actingApprove('department', deptReviewer2, DEPT_DELEGATION));
    const approved = events.find((e) => e.type === 'LevelApproved' && e.data.level === 'department')!;
    expect(REVIEW_EVENT_SCHEMA_VERSIONS[approved.type]).toBe(2);
    expect(upcastReviewEvent({ type: approved.type, schemaVersion: 2, data: JSON.parse(JSON.stringify(approved.data)) })).toEqual(approved);
    expect(READY_TO_GRADE.every((e) => !('actingFor' in e.data))).toBe(true);
  });
});
