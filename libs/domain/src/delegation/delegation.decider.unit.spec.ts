import { admin, clerk, DEPT, deptReviewer, financeReviewer } from '../sheet/testing/sheet-fixtures';
import { deciderSpec } from '../testing/given-when-then';
import { type Actor } from '../events/envelope';
import { delegationDecider, upcastDelegationEvent } from './delegation.decider';
import { type DelegationCommand, type DelegationEvent, type GrantDelegation } from './delegation.types';
import { DEPT_DELEGATION, deptReviewer2, deskFinance, deskFinance2, party, unitHead2 } from './testing/delegation-fixtures';

const given = deciderSpec(delegationDecider);
const NOW = '2025-02-28T01:00:00.000Z';

function grant(data: Partial<GrantDelegation['data']> = {}, actor: Actor = deptReviewer, now = NOW): DelegationCommand {
  return {
    type: 'GrantDelegation',
    data: { ...GRANT, reason: ' 出差 ', ...data },
    metadata: { now, actor, correlationId: 'c' },
  };
}
function revoke(delegationId = 'dlg-1', actor: Actor = deptReviewer, now = '2025-03-03T01:00:00.000Z', reason = '提前返岗'): DelegationCommand {
  return { type: 'RevokeDelegation', data: { delegationId, reason }, metadata: { now, actor, correlationId: 'c' } };
}

const { revoked: _revoked, ...recorded } = DEPT_DELEGATION;
const { grantedBy: _by, grantedAt: _at, ...GRANT } = recorded;
/** The fixture delegation as granted by dept-1 at NOW. */
const granted: DelegationEvent = { type: 'DelegationGranted', data: recorded };

describe('delegation 代理审批 (decider)', () => {
  describe('granting', () => {
    it('given nothing, when a reviewer delegates their level to a colleague of the same department for a date range, then it is recorded', () => {
      given([]).when(grant()).then([granted]);
    });

    it('given a sudden absence, when an admin grants it on the reviewer\'s behalf, then the admin is recorded as granting', () => {
      given([])
        .when(grant({}, admin))
        .thenState((_s, events) => expect(events[0]?.data).toMatchObject({ grantedBy: admin.id, delegator: { id: deptReviewer.id } }));
    });

    it('refuses another person granting, another role, another department, oneself, and a finance desk the delegate does not cover', () => {
      given([]).when(grant({}, deptReviewer2)).thenThrows('FORBIDDEN');
      given([]).when(grant({}, clerk)).thenThrows('FORBIDDEN');
      given([]).when(grant({ delegate: party(unitHead2) })).thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('只能委托给同一角色的人员'));
      given([]).when(grant({ delegate: { ...party(deptReviewer2), departmentId: 'dept-other' } })).thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('只能委托给本单位（本部门）的人员'));
      given([]).when(grant({ delegate: party(deptReviewer) })).thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('不能委托给本人'));
      given([]).when(grant({ delegator: party(deskFinance2), delegate: party(deskFinance) }, deskFinance2)).thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('受托人须负责委托人所负责的全部部门'));
      given([]).when(grant({ delegator: party(financeReviewer), delegate: party(deskFinance2) }, financeReviewer)).thenThrows('FORBIDDEN');
      given([]).when(grant({ delegator: party(clerk), delegate: { ...party(clerk), id: 'clerk-2' } }, clerk)).thenThrows('FORBIDDEN');
    });

    it('lets a finance reviewer delegate to one whose desk covers theirs', () => {
      given([]).when(grant({ delegator: party(deskFinance), delegate: party(deskFinance2) }, deskFinance)).thenState((s) => expect(s.delegations).toHaveLength(1));
    });

    it('refuses a range that starts in the past, ends before it starts or is longer than 92 days, and an empty reason', () => {
      given([]).when(grant({ from: '2025-02-27' })).thenThrows('VALIDATION_FAILED');
      given([]).when(grant({ to: '2025-02-28', from: '2025-03-01' })).thenThrows('VALIDATION_FAILED');
      given([]).when(grant({ to: '2025-06-01' })).thenThrows('VALIDATION_FAILED');
      given([]).when(grant({ to: '2025-05-31' })).thenState((s) => expect(s.delegations[0]?.to).toBe('2025-05-31'));
      given([]).when(grant({ reason: ' ' })).thenThrows('VALIDATION_FAILED');
      given([]).when(grant({ from: '2025/03/01' })).thenThrows('VALIDATION_FAILED');
    });

    it('given a delegation, when another overlapping one is granted, then it is refused; a later one is fine; the same id twice is refused', () => {
      given([granted]).when(grant({ delegationId: 'dlg-2', from: '2025-03-10', to: '2025-03-12' })).thenThrows('ILLEGAL_STATE');
      given([granted]).when(grant({ delegationId: 'dlg-2', from: '2025-03-11', to: '2025-03-12' })).thenState((s) => expect(s.delegations).toHaveLength(2));
      given([granted]).when(grant({ from: '2025-04-01', to: '2025-04-02' })).thenThrows('ALREADY_EXISTS');
    });
  });

  describe('revoking', () => {
    const revoked: DelegationEvent = {
      type: 'DelegationRevoked',
      data: { delegationId: 'dlg-1', delegatorId: deptReviewer.id, delegateId: deptReviewer2.id, reason: '提前返岗', by: deptReviewer.id, at: '2025-03-03T01:00:00.000Z' },
    };

    it('given a delegation in force, when the delegator revokes it, then it is recorded and a new one may follow', () => {
      given([granted]).when(revoke()).then([revoked]);
      given([granted, revoked]).when(grant({ delegationId: 'dlg-2', from: '2025-03-04' }, deptReviewer, '2025-03-03T02:00:00.000Z')).thenState((s) =>
        expect(s.delegations.map((d) => d.revoked === null)).toEqual([false, true]),
      );
    });

    it('refuses the delegate, an unknown delegation, a second revocation and one that has ended', () => {
      given([granted]).when(revoke('dlg-1', deptReviewer2)).thenThrows('FORBIDDEN');
      given([granted]).when(revoke('dlg-9')).thenThrows('NOT_FOUND');
      given([granted, revoked]).when(revoke()).thenThrows('ILLEGAL_STATE');
      given([granted]).when(revoke('dlg-1', admin, '2025-03-11T01:00:00.000Z')).thenThrows('ILLEGAL_STATE');
      given([granted]).when(revoke('dlg-1', deptReviewer, '2025-03-03T01:00:00.000Z', '')).thenThrows('VALIDATION_FAILED');
    });

    it('reads its events back (JSON round trip)', () => {
      for (const event of [granted, revoked]) {
        expect(upcastDelegationEvent({ type: event.type, schemaVersion: 1, data: JSON.parse(JSON.stringify(event.data)) })).toEqual(event);
      }
    });
  });

  it('keeps the delegator id of the stream', () => {
    given([]).when(grant()).thenState((s) => expect(s.delegatorId).toBe(deptReviewer.id));
    expect(DEPT).toBe('dept-zzb');
  });
});
