import { type Actor, DELEGATION_MESSAGES, delegationStreamId, upcastDelegationEvent } from '@budget/domain';
import { InMemoryEventStore } from '@budget/event-store/testing';
import { DelegationParties } from '../../delegations/delegation-parties';
import { DelegationsReadModel } from '../../delegations/delegations.read-model';
import { DelegationRepository } from '../../infrastructure/review.repository';
import { beijingDay, delegationTable, peopleDirectory, recipientOf } from '../../testing/delegation-scenario';
import { ctx, f } from '../../testing/review-scenario';
import { GrantDelegationCommand, GrantDelegationHandler } from '../grant-delegation/grant-delegation.handler';
import { RevokeDelegationCommand, RevokeDelegationHandler } from './revoke-delegation.handler';

const dept2: Actor = { id: 'dept-2', role: 'department_reviewer', departmentId: f.DEPT };

async function givenDelegation() {
  const table = delegationTable();
  const store = new InMemoryEventStore({ respond: table.respond });
  const repository = new DelegationRepository(store);
  const readModel = new DelegationsReadModel(store.transaction());
  const parties = new DelegationParties(peopleDirectory([recipientOf(dept2, '李四')]));
  const granted = await new GrantDelegationHandler(repository, parties, readModel).execute(
    new GrantDelegationCommand(ctx(f.deptReviewer), { delegateId: dept2.id, from: beijingDay(), to: beijingDay(3), reason: '请假' }),
  );
  const revoke = (actor: Actor, delegationId = granted.delegationId, reason = '提前返岗') =>
    new RevokeDelegationHandler(repository, readModel).execute(new RevokeDelegationCommand(ctx(actor), delegationId, reason));
  const events = async () => (await store.readStream(delegationStreamId(f.deptReviewer.id))).map(upcastDelegationEvent);
  return { granted, revoke, events, table };
}

describe('revoke-delegation', () => {
  it('given a delegation in force, when the delegator revokes it with a reason, then DelegationRevoked, and it is no longer a candidate for acting', async () => {
    const s = await givenDelegation();
    const view = await s.revoke(f.deptReviewer);
    const events = await s.events();
    expect(events.map((e) => e.type)).toEqual(['DelegationGranted', 'DelegationRevoked']);
    expect(events[1]!.data).toMatchObject({ delegationId: s.granted.delegationId, delegatorId: f.deptReviewer.id, delegateId: dept2.id, reason: '提前返岗', by: f.deptReviewer.id });
    expect(view).toMatchObject({ status: 'revoked', statusLabel: '已撤销', revoked: { by: f.deptReviewer.id, reason: '提前返岗' }, version: 2 });
    expect(s.table.rows.get(s.granted.delegationId)?.revokedAt).not.toBeNull();
  });

  it('lets an admin revoke it too', async () => {
    const s = await givenDelegation();
    await expect(s.revoke({ id: 'admin-1', role: 'admin' })).resolves.toMatchObject({ status: 'revoked' });
  });

  it('refuses the delegate or any other stranger, an unknown delegation, a second revocation and a missing reason', async () => {
    const s = await givenDelegation();
    await expect(s.revoke(dept2)).rejects.toMatchObject({ code: 'FORBIDDEN', message: DELEGATION_MESSAGES.mayRevoke });
    await expect(s.revoke(f.otherDeptReviewer)).rejects.toMatchObject({ code: 'FORBIDDEN', message: DELEGATION_MESSAGES.mayRevoke });
    await expect(s.revoke(f.deptReviewer, 'dlg-unknown')).rejects.toMatchObject({ code: 'NOT_FOUND', message: DELEGATION_MESSAGES.notFound });
    await expect(s.revoke(f.deptReviewer, s.granted.delegationId, '')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await s.events()).toHaveLength(1);
    await s.revoke(f.deptReviewer);
    await expect(s.revoke(f.deptReviewer)).rejects.toMatchObject({ code: 'ILLEGAL_STATE', message: DELEGATION_MESSAGES.alreadyRevoked });
  });
});
