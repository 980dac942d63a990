import { type Actor, DELEGATION_MESSAGES, FOUR_EYES_MESSAGE, type ReviewEvent } from '@budget/domain';
import type { InMemoryEventStore } from '@budget/event-store/testing';
import { DelegationRepository } from '../infrastructure/review.repository';
import { beijingDay, delegationTable, peopleDirectory, recipientOf } from '../testing/delegation-scenario';
import { ctx, expectRefused, f, givenReview, regionCalendarOf } from '../testing/review-scenario';
import { AcknowledgeWarningsCommand, AcknowledgeWarningsHandler } from '../use-cases/acknowledge-warnings/acknowledge-warnings.handler';
import { ApproveLevelCommand, ApproveLevelHandler } from '../use-cases/approve-level/approve-level.handler';
import { GradeReviewCommand, GradeReviewHandler } from '../use-cases/grade-review/grade-review.handler';
import { GrantDelegationCommand, GrantDelegationHandler } from '../use-cases/grant-delegation/grant-delegation.handler';
import { RequestRevisionCommand, RequestRevisionHandler } from '../use-cases/request-revision/request-revision.handler';
import { RevokeDelegationCommand, RevokeDelegationHandler } from '../use-cases/revoke-delegation/revoke-delegation.handler';
import { DelegationParties } from './delegation-parties';
import { DelegationsReadModel } from './delegations.read-model';

const delegator: Actor = { ...f.deptReviewer, name: '张三' };
const delegate: Actor = { id: 'dept-2', role: 'department_reviewer', departmentId: f.DEPT, name: '李四' };
const finDelegator: Actor = { id: 'fin-3', role: 'finance_reviewer', departmentIds: [f.DEPT], name: '钱七' };
const finDelegate: Actor = { id: 'fin-4', role: 'finance_reviewer', departmentIds: [f.DEPT], name: '孙八' };
const PEOPLE = [recipientOf(delegator, '张三'), recipientOf(delegate, '李四'), { userId: finDelegate.id, role: 'finance_reviewer' as const, departmentId: f.DEPT, name: '孙八' }];

/** The department's task open, its warnings acknowledged: ready to approve. */
const READY_AT_DEPARTMENT = f.play(f.openReview(), f.acknowledge('unit_head'), f.approve('unit_head'), f.acknowledge('department'));

/**
 * Given: the review's history, and `grantor` has delegated their level to `to` from today for a
 * week (through the grant route's handler, on the same in-memory store as the review).
 */
async function given(history: readonly ReviewEvent[], grantor: Actor = delegator, to: Actor = delegate) {
  const table = delegationTable();
  const s = await givenReview(history, { respond: table.respond });
  const store: InMemoryEventStore = s.store;
  const repository = new DelegationRepository(store);
  const readModel = new DelegationsReadModel(store.transaction());
  const granted = await new GrantDelegationHandler(repository, new DelegationParties(peopleDirectory(PEOPLE)), readModel).execute(
    new GrantDelegationCommand(ctx(grantor), { delegateId: to.id, from: beijingDay(), to: beijingDay(6), reason: '出差' }),
  );
  store.forgetStatements();
  const revoke = () => new RevokeDelegationHandler(repository, readModel).execute(new RevokeDelegationCommand(ctx(grantor), granted.delegationId, '返岗'));
  return { ...s, granted, revoke };
}

describe('level actions by a delegate (代理审批)', () => {
  it('given a delegation in force, when the delegate approves for the delegator, then LevelApproved says for whom and the view names the delegator', async () => {
    const s = await given(READY_AT_DEPARTMENT);
    const view = await new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(delegate), f.REVIEW_ID, undefined, '同意', delegator.id));

    const [approved] = await s.newEvents();
    expect(approved).toMatchObject({ type: 'LevelApproved', data: { level: 'department', by: delegate.id, actingFor: { delegatorId: delegator.id, delegationId: s.granted.delegationId } } });
    expect(view.people).toMatchObject({ [delegator.id]: '张三', [delegate.id]: '李四' });
    expect(view.tasks.find((t) => t.level === 'department')?.decision).toMatchObject({ by: delegate.id, actingFor: { delegatorId: delegator.id } });
  });

  it('acts in one’s own name when one may and names nobody: no actingFor', async () => {
    const s = await given(READY_AT_DEPARTMENT);
    await new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(delegate), f.REVIEW_ID, undefined, undefined));
    const [approved] = await s.newEvents();
    expect(approved!.data).not.toHaveProperty('actingFor');
  });

  it('finds the delegation in force by itself when the caller may not act in their own name (a token without the organisation)', async () => {
    const s = await given(f.HISTORIES.department);
    const withoutOrganisation: Actor = { id: delegate.id, role: 'department_reviewer' };
    await new AcknowledgeWarningsHandler(s.reviews).execute(new AcknowledgeWarningsCommand(ctx(withoutOrganisation), f.REVIEW_ID, undefined, undefined));
    const [acknowledged] = await s.newEvents();
    expect(acknowledged).toMatchObject({ type: 'WarningsAcknowledged', data: { by: delegate.id, actingFor: { delegatorId: delegator.id } } });
  });

  it('lets a finance desk’s delegate grade and send back for the delegator', async () => {
    const graded = await given(f.READY_TO_GRADE, finDelegator, finDelegate);
    await new GradeReviewHandler(graded.reviews).execute(new GradeReviewCommand(ctx(finDelegate), f.REVIEW_ID, undefined, { grade: '优' }, finDelegator.id));
    expect((await graded.newEvents())[0]).toMatchObject({ type: 'ReviewApproved', data: { by: finDelegate.id, actingFor: { delegatorId: finDelegator.id } } });

    const sentBack = await given(f.HISTORIES.finance, finDelegator, finDelegate);
    await new RequestRevisionHandler(sentBack.reviews).execute(new RequestRevisionCommand(ctx(finDelegate), f.REVIEW_ID, undefined, [{ message: '请补充成本指标' }], finDelegator.id));
    expect((await sentBack.newEvents())[0]).toMatchObject({ type: 'ReviewRevisionRequested', data: { by: finDelegate.id, actingFor: { delegatorId: finDelegator.id } } });
  });

  describe('four-eyes holds for the delegate and for the delegator', () => {
    it('refuses a delegate who submitted, created or last edited the sheet', async () => {
      for (const author of ['createdBy', 'lastEditedBy', 'submittedBy'] as const) {
        const s = await given(f.play(f.openReview({ findings: [], [author]: delegate.id }), f.approve('unit_head')));
        await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(delegate), f.REVIEW_ID, undefined, undefined, delegator.id)), 'FORBIDDEN', DELEGATION_MESSAGES.fourEyesDelegate);
      }
    });

    it('refuses a delegate acting on what the delegator last edited', async () => {
      const s = await given(f.play(f.openReview({ findings: [], lastEditedBy: delegator.id }), f.approve('unit_head')));
      await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(delegate), f.REVIEW_ID, undefined, undefined, delegator.id)), 'FORBIDDEN', FOUR_EYES_MESSAGE);
    });
  });

  describe('refusals', () => {
    it('refuses acting for someone who gave the caller no delegation', async () => {
      const s = await given(READY_AT_DEPARTMENT);
      await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(delegate), f.REVIEW_ID, undefined, undefined, 'dept-7')), 'FORBIDDEN', DELEGATION_MESSAGES.notDelegate);
      await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(f.otherDeptReviewer), f.REVIEW_ID, undefined, undefined, delegator.id)), 'FORBIDDEN', DELEGATION_MESSAGES.notDelegate);
    });

    it('given the delegation revoked, when the delegate acts for the delegator, then it is refused: out of force', async () => {
      const s = await given(READY_AT_DEPARTMENT);
      await s.revoke();
      s.store.forgetStatements();
      await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(delegate), f.REVIEW_ID, undefined, undefined, delegator.id)), 'FORBIDDEN', DELEGATION_MESSAGES.notInForce);
    });

    it('refuses a delegation of another level’s role', async () => {
      const s = await given(f.HISTORIES.unit_head);
      await expectRefused(s, new ApproveLevelHandler(s.reviews, regionCalendarOf(s)).execute(new ApproveLevelCommand(ctx(delegate), f.REVIEW_ID, undefined, undefined, delegator.id)), 'FORBIDDEN');
    });
  });
});
