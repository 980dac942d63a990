import { type Actor, DELEGATION_MESSAGES, delegationStreamId, upcastDelegationEvent } from '@budget/domain';
import { InMemoryEventStore } from '@budget/event-store/testing';
import { DelegationParties } from '../../delegations/delegation-parties';
import { DelegationsReadModel } from '../../delegations/delegations.read-model';
import { DelegationRepository } from '../../infrastructure/review.repository';
import { beijingDay, delegationTable, peopleDirectory, recipientOf } from '../../testing/delegation-scenario';
import { ctx, f } from '../../testing/review-scenario';
import { ListDelegationsHandler, ListDelegationsQuery } from '../read-delegations/read-delegations.handler';
import { GrantDelegationCommand, GrantDelegationHandler, type GrantRequest } from './grant-delegation.handler';

const dept2: Actor = { id: 'dept-2', role: 'department_reviewer', departmentId: f.DEPT, name: '李四' };
const admin: Actor = { id: 'admin-1', role: 'admin' };
const auditor: Actor = { id: 'audit-1', role: 'auditor' };
const me: Actor = { ...f.deptReviewer, name: '张三' };
const PEOPLE = [
  recipientOf(me, '张三'),
  recipientOf(dept2, '李四'),
  recipientOf(f.otherDeptReviewer, '王五'),
  recipientOf(f.unitHead, '赵六'),
];

function setUp() {
  const table = delegationTable();
  const store = new InMemoryEventStore({ respond: table.respond });
  const readModel = new DelegationsReadModel(store.transaction());
  const handler = new GrantDelegationHandler(new DelegationRepository(store), new DelegationParties(peopleDirectory(PEOPLE)), readModel);
  const list = (actor: Actor, departmentId?: string) => new ListDelegationsHandler(readModel).execute(new ListDelegationsQuery(actor, departmentId));
  const grant = (actor: Actor, request: Partial<GrantRequest> = {}) =>
    handler.execute(new GrantDelegationCommand(ctx(actor), { delegateId: dept2.id, from: beijingDay(), to: beijingDay(6), reason: '出差', ...request }));
  const events = async (delegatorId = me.id) => (await store.readStream(delegationStreamId(delegatorId))).map(upcastDelegationEvent);
  return { store, table, grant, list, events };
}

describe('grant-delegation (代理审批)', () => {
  it('given a department reviewer, when they delegate to a colleague of the directory, then DelegationGranted records both as they stand, and both see it', async () => {
    const s = setUp();
    const view = await s.grant(me);

    const events = await s.events();
    expect(events.map((e) => e.type)).toEqual(['DelegationGranted']);
    expect(events[0]!.data).toMatchObject({
      delegationId: view.delegationId,
      delegator: { id: me.id, role: 'department_reviewer', departmentId: f.DEPT, name: '张三' },
      delegate: { id: dept2.id, role: 'department_reviewer', departmentId: f.DEPT, name: '李四' },
      from: beijingDay(),
      to: beijingDay(6),
      reason: '出差',
      grantedBy: me.id,
    });
    expect(view).toMatchObject({ status: 'in_force', statusLabel: '代理中', revoked: null, version: 1 });
    expect((await s.list(me)).items.map((d) => d.delegationId)).toEqual([view.delegationId]);
    expect((await s.list(dept2)).items.map((d) => d.delegationId)).toEqual([view.delegationId]);
    expect((await s.list(f.otherDeptReviewer)).items).toEqual([]);
  });

  it('lets an admin grant for a reviewer named from the directory; an auditor lists a department’s delegations', async () => {
    const s = setUp();
    const view = await s.grant(admin, { delegatorId: me.id });
    expect(view).toMatchObject({ delegator: { id: me.id, name: '张三' }, grantedBy: admin.id });
    expect((await s.list(auditor, f.DEPT)).items.map((d) => d.delegationId)).toEqual([view.delegationId]);
    expect((await s.list(auditor, 'dept-other')).items).toEqual([]);
  });

  describe('refusals, in Chinese, with nothing recorded', () => {
    const refusals: readonly [string, Actor, Partial<GrantRequest>, string, string | RegExp][] = [
      ['a delegate of another organisation', me, { delegateId: f.otherDeptReviewer.id }, 'FORBIDDEN', DELEGATION_MESSAGES.sameOrganisation],
      ['a delegate of another role', me, { delegateId: f.unitHead.id }, 'FORBIDDEN', DELEGATION_MESSAGES.sameRole],
      ['oneself', me, { delegateId: me.id }, 'FORBIDDEN', DELEGATION_MESSAGES.notSelf],
      ['a start in the past', me, { from: beijingDay(-1) }, 'VALIDATION_FAILED', /输入有误|开始日期不能早于今天/],
      ['more than 92 days', me, { to: beijingDay(92) }, 'VALIDATION_FAILED', /输入有误|代理期限不能超过92天/],
      ['no reason', me, { reason: ' ' }, 'VALIDATION_FAILED', /输入有误|请说明委托理由/],
      ['someone the directory does not know', me, { delegateId: 'nobody' }, 'VALIDATION_FAILED', DELEGATION_MESSAGES.delegateUnknown],
      ['a reviewer granting in another’s name', dept2, { delegatorId: me.id, delegateId: me.id }, 'FORBIDDEN', DELEGATION_MESSAGES.mayGrant],
      ['an admin without a delegator', admin, {}, 'VALIDATION_FAILED', DELEGATION_MESSAGES.delegatorRequired],
    ];
    it.each(refusals)('refuses %s', async (_what, actor, request, code, message) => {
      const s = setUp();
      await expect(s.grant(actor, request)).rejects.toMatchObject({ code, message: expect.stringMatching(message) as unknown });
      expect(await s.events()).toEqual([]);
      expect(s.table.rows.size).toBe(0);
    });

    it('refuses a range overlapping an unrevoked delegation of the same delegator', async () => {
      const s = setUp();
      await s.grant(me, { from: beijingDay(1), to: beijingDay(5) });
      await expect(s.grant(me, { from: beijingDay(5), to: beijingDay(8) })).rejects.toMatchObject({
        code: 'ILLEGAL_STATE',
        message: DELEGATION_MESSAGES.overlaps(beijingDay(1), beijingDay(5)),
      });
      expect(await s.events()).toHaveLength(1);
    });
  });
});
