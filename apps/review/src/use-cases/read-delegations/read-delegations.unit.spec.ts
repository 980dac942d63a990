import { type Actor } from '@budget/domain';
import { InMemoryEventStore } from '@budget/event-store/testing';
import { DelegationParties } from '../../delegations/delegation-parties';
import { DelegationsReadModel } from '../../delegations/delegations.read-model';
import { DelegationRepository } from '../../infrastructure/review.repository';
import { beijingDay, delegationTable, peopleDirectory, recipientOf } from '../../testing/delegation-scenario';
import { ctx, f } from '../../testing/review-scenario';
import { GrantDelegationCommand, GrantDelegationHandler } from '../grant-delegation/grant-delegation.handler';
import { ListDelegationsHandler, ListDelegationsQuery } from './read-delegations.handler';

const dept2: Actor = { id: 'dept-2', role: 'department_reviewer', departmentId: f.DEPT };
const other2: Actor = { id: 'dept-o2', role: 'department_reviewer', departmentId: f.otherDeptReviewer.departmentId! };
const admin: Actor = { id: 'admin-1', role: 'admin' };
const auditor: Actor = { id: 'audit-1', role: 'auditor' };

/** Given: two delegations in force, one in the fixture department (deptReviewer → dept2), one in another (otherDeptReviewer → other2). */
async function given() {
  const table = delegationTable();
  const store = new InMemoryEventStore({ respond: table.respond });
  const readModel = new DelegationsReadModel(store.transaction());
  const parties = new DelegationParties(peopleDirectory([recipientOf(dept2, '李四'), recipientOf(other2, '钱七')]));
  const grant = new GrantDelegationHandler(new DelegationRepository(store), parties, readModel);
  const home = await grant.execute(new GrantDelegationCommand(ctx(f.deptReviewer), { delegateId: dept2.id, from: beijingDay(), to: beijingDay(3), reason: '出差' }));
  const away = await grant.execute(new GrantDelegationCommand(ctx(f.otherDeptReviewer), { delegateId: other2.id, from: beijingDay(1), to: beijingDay(2), reason: '培训' }));
  const list = async (actor: Actor, departmentId?: string) =>
    (await new ListDelegationsHandler(readModel).execute(new ListDelegationsQuery(actor, departmentId))).items.map((d) => d.delegationId);
  return { home: home.delegationId, away: away.delegationId, list, readModel };
}

describe('read-delegations (代理审批)', () => {
  it('given delegations in two departments, when the delegator and the delegate list theirs, then each sees only the one they are party to', async () => {
    const g = await given();
    expect(await g.list(f.deptReviewer)).toEqual([g.home]);
    expect(await g.list(dept2)).toEqual([g.home]);
    expect(await g.list(other2)).toEqual([g.away]);
  });

  it('keeps a reviewer to their own delegations even when they name a department', async () => {
    const g = await given();
    expect(await g.list(f.deptReviewer, f.otherDeptReviewer.departmentId)).toEqual([g.home]);
    expect(await g.list(f.financeReviewer, f.DEPT)).toEqual([]);
  });

  it('shows an admin or the auditor every department’s delegations, or one department’s when named', async () => {
    const g = await given();
    for (const actor of [admin, auditor]) {
      expect((await g.list(actor)).sort()).toEqual([g.home, g.away].sort());
      expect(await g.list(actor, f.DEPT)).toEqual([g.home]);
    }
  });

  it('answers each delegation with where it stands now, in Chinese', async () => {
    const g = await given();
    const { items } = await new ListDelegationsHandler(g.readModel).execute(new ListDelegationsQuery(dept2, undefined));
    expect(items).toEqual([expect.objectContaining({ delegationId: g.home, status: 'in_force', statusLabel: '代理中', version: 1 })]);
  });
});
